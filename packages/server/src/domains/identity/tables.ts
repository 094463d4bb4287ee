import { index, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { tenants } from "../tenancy/index.ts";

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/** People who run the deployment. They have no grant on any tenant's content. */
export const operators = pgTable("operators", {
  id: uuid("id").primaryKey(),
  email: text("email").notNull().unique(),
  displayName: text("display_name").notNull(),
  passwordHash: text("password_hash").notNull(),
  status: text("status").notNull().default("active"),
  createdAt: timestamptz("created_at").notNull(),
});

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    email: text("email").notNull(),
    displayName: text("display_name").notNull(),
    role: text("role").notNull(),
    status: text("status").notNull(),
    passwordHash: text("password_hash"),
    createdAt: timestamptz("created_at").notNull(),
    updatedAt: timestamptz("updated_at").notNull(),
    /**
     * Deleted by the tenant's provisioning client (SCIM DELETE, RFC 7644 §3.6). The row stays,
     * disabled, because the audit log refers to it; a deleted user is gone from lists and SCIM.
     */
    deletedAt: timestamptz("deleted_at"),
  },
  (t) => [unique("users_tenant_email").on(t.tenantId, t.email)],
);

export const invitations = pgTable(
  "invitations",
  {
    id: uuid("id").primaryKey(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    tokenHash: text("token_hash").notNull().unique(),
    expiresAt: timestamptz("expires_at").notNull(),
    createdAt: timestamptz("created_at").notNull(),
    usedAt: timestamptz("used_at"),
  },
  (t) => [index("invitations_user").on(t.userId)],
);

/**
 * Server-side sessions. Only a SHA-256 of the cookie's token is stored, so a copy of the table
 * cannot be replayed as cookies.
 */
export const sessions = pgTable(
  "sessions",
  {
    id: uuid("id").primaryKey(),
    tokenHash: text("token_hash").notNull().unique(),
    kind: text("kind").notNull(),
    tenantId: uuid("tenant_id").references(() => tenants.id),
    userId: uuid("user_id").references(() => users.id),
    operatorId: uuid("operator_id").references(() => operators.id),
    createdAt: timestamptz("created_at").notNull(),
    lastSeenAt: timestamptz("last_seen_at").notNull(),
    idleExpiresAt: timestamptz("idle_expires_at").notNull(),
    absoluteExpiresAt: timestamptz("absolute_expires_at").notNull(),
    ip: text("ip"),
    userAgent: text("user_agent"),
    endedAt: timestamptz("ended_at"),
    endReason: text("end_reason"),
  },
  (t) => [index("sessions_user").on(t.userId), index("sessions_operator").on(t.operatorId)],
);
