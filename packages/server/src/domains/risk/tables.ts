import { index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { RiskEvidence, RiskSettings } from "@engawa/shared";
import { users } from "../identity/index.ts";
import { tenants } from "../tenancy/index.ts";

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/**
 * The context of every sign-in whose account is known (ARCHITECTURE.md, "Location is data about
 * people"): address, coarse place (country, region), network (ASN) and client, derived at sign-in
 * and kept 30 days. Coordinates are never stored: impossible travel looks the earlier address up
 * again. The user it concerns may see it; the risk detections compare a sign-in with these.
 */
export const signInContexts = pgTable(
  "sign_in_contexts",
  {
    id: uuid("id").primaryKey(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    /** The session it started; null when the sign-in was refused. */
    sessionId: uuid("session_id"),
    at: timestamptz("at").notNull(),
    method: text("method").notNull(),
    ip: text("ip"),
    country: text("country"),
    region: text("region"),
    asn: integer("asn"),
    browser: text("browser"),
    os: text("os"),
    /** Sign-in risk: none, low, medium or high. */
    risk: text("risk").notNull(),
    /** allowed, mfa, password_change or blocked: what the risk policies asked. */
    outcome: text("outcome").notNull(),
  },
  (t) => [
    index("sign_in_contexts_user").on(t.tenantId, t.userId, t.at),
    index("sign_in_contexts_at").on(t.tenantId, t.at),
  ],
);

/**
 * Risk detections: signs that a sign-in or an account may be compromised. Open ones make up the
 * user's risk until an admin dismisses them or the user remediates (a password change after a
 * second factor); low ones age out after six months (Entra ID Protection's rule).
 */
export const riskDetections = pgTable(
  "risk_detections",
  {
    id: uuid("id").primaryKey(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    userId: uuid("user_id").references(() => users.id),
    kind: text("kind").notNull(),
    level: text("level").notNull(),
    ip: text("ip"),
    detectedAt: timestamptz("detected_at").notNull(),
    /** open, dismissed, remediated or confirmed. */
    state: text("state").notNull().default("open"),
    /** The sign-in it was found in, if any. */
    signInId: uuid("sign_in_id"),
    /** What it rests on: places and times, the list matched, the counts (never coordinates). */
    evidence: jsonb("evidence").$type<RiskEvidence>().notNull().default({}),
    resolvedAt: timestamptz("resolved_at"),
    resolvedBy: uuid("resolved_by"),
  },
  (t) => [index("risk_detections_user").on(t.userId)],
);

/** A tenant's risk settings (levels, built-in policies, own address lists); defaults until saved. */
export const riskSettings = pgTable("risk_settings", {
  tenantId: uuid("tenant_id")
    .primaryKey()
    .references(() => tenants.id),
  settings: jsonb("settings").$type<RiskSettings>().notNull(),
  updatedAt: timestamptz("updated_at").notNull(),
});

/**
 * A deployment-wide list (Tor exits, botnet servers, hosting and VPN networks) that replaces the
 * copy shipped in the repository: `engawa risk-lists import` writes it from a file.
 */
export const riskLists = pgTable("risk_lists", {
  name: text("name").primaryKey(),
  entries: text("entries").notNull(),
  source: text("source").notNull(),
  importedAt: timestamptz("imported_at").notNull(),
});
