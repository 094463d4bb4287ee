import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import type { CaPolicyInput, ContextRules } from "@engawa/shared";
import { users } from "../identity/index.ts";
import { tenants } from "../tenancy/index.ts";

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/**
 * Named locations (Entra ID's): address ranges, optionally trusted, and countries. Policies name
 * them as conditions; only a range can be trusted.
 */
export const namedLocations = pgTable(
  "named_locations",
  {
    id: uuid("id").primaryKey(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    name: text("name").notNull(),
    ranges: jsonb("ranges").$type<string[]>().notNull(),
    countries: jsonb("countries").$type<string[]>().notNull(),
    includeUnknownCountry: boolean("include_unknown_country").notNull(),
    trusted: boolean("trusted").notNull(),
    updatedAt: timestamptz("updated_at").notNull(),
  },
  (t) => [index("named_locations_tenant").on(t.tenantId)],
);

/** Conditional-access policies: the admin's definition, kept as entered and compiled on load. */
export const caPolicies = pgTable(
  "ca_policies",
  {
    id: uuid("id").primaryKey(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    name: text("name").notNull(),
    /** on, report_only or off. */
    state: text("state").notNull(),
    definition: jsonb("definition").$type<Omit<CaPolicyInput, "name" | "state">>().notNull(),
    createdAt: timestamptz("created_at").notNull(),
    updatedAt: timestamptz("updated_at").notNull(),
  },
  (t) => [index("ca_policies_tenant").on(t.tenantId)],
);

/**
 * What each report-only policy would have done at each sign-in (Entra's report-only results:
 * success, failure, action_required, not_applied), kept 30 days like the sign-in contexts.
 */
export const caReportResults = pgTable(
  "ca_report_results",
  {
    id: uuid("id").primaryKey(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    policyId: uuid("policy_id").notNull(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    sessionId: uuid("session_id"),
    at: timestamptz("at").notNull(),
    result: text("result").notNull(),
  },
  (t) => [index("ca_report_results_policy").on(t.tenantId, t.policyId, t.at)],
);

/**
 * The organisation's sensitivity labels, least sensitive first (`rank` 0). Teams carry one
 * (`teams.label_id`); conditional access reads them as a condition.
 */
export const sensitivityLabels = pgTable(
  "sensitivity_labels",
  {
    id: uuid("id").primaryKey(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    name: text("name").notNull(),
    description: text("description").notNull(),
    rank: integer("rank").notNull(),
    /** The label's row of the work-context matrix (ContextRules), applied while it is switched on. */
    contextRules: jsonb("context_rules").$type<ContextRules>().notNull(),
    updatedAt: timestamptz("updated_at").notNull(),
  },
  (t) => [index("sensitivity_labels_tenant").on(t.tenantId, t.rank)],
);

/**
 * Terms of use a policy can ask people to accept (grant control `terms_of_use`). A change of the
 * text is a new version: acceptances of older ones no longer count (users.accepted_terms).
 */
export const termsOfUse = pgTable(
  "terms_of_use",
  {
    id: uuid("id").primaryKey(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    name: text("name").notNull(),
    text: text("text").notNull(),
    version: integer("version").notNull(),
    updatedAt: timestamptz("updated_at").notNull(),
  },
  (t) => [index("terms_of_use_tenant").on(t.tenantId)],
);
