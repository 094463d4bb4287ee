import { boolean, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

export const tenants = pgTable("tenants", {
  id: uuid("id").primaryKey(),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  status: text("status").notNull().default("active"),
  settings: jsonb("settings").$type<Record<string, unknown>>().notNull().default({}),
  /**
   * Bumped with every change of the tenant's conditional-access policies or named locations, so
   * that every server process, which reads the tenant with each session, reloads them.
   */
  accessPolicyVersion: integer("access_policy_version").notNull().default(0),
  /**
   * Whether people are asked where they work and the label × context matrix applies (zero-trust-
   * anchors.md §8.7). Part of the conditional-access set: changing it bumps the version above.
   */
  workContextEnabled: boolean("work_context_enabled").notNull().default(false),
  createdAt: timestamptz("created_at").notNull(),
});

/** The one-time first-run setup link. A single row with id `setup`. */
export const deploymentSetup = pgTable("deployment_setup", {
  id: text("id").primaryKey(),
  tokenHash: text("token_hash").notNull(),
  expiresAt: timestamptz("expires_at").notNull(),
  completedAt: timestamptz("completed_at"),
});
