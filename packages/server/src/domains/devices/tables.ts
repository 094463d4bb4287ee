import { index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { DeviceComplianceRules, DevicePosture, DevicePublicKey } from "@engawa/shared";
import { users } from "../identity/index.ts";
import { tenants } from "../tenancy/index.ts";

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/**
 * Registered devices (zero-trust-anchors.md §8.6, device identity): a browser's P-256 public key,
 * whose private half the browser keeps non-extractable. A session bound to a device
 * (`sessions.device_id`) must prove every request with that key. `status` is the administrator's
 * word: a blocked device's sessions are refused. Removed devices are deleted (their sessions end).
 * `kind` "agent": a machine registered by `engawa-agent` with its own key, which reports posture.
 */
export const devices = pgTable(
  "devices",
  {
    id: uuid("id").primaryKey(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    kind: text("kind").notNull().default("browser"),
    name: text("name").notNull(),
    publicKey: jsonb("public_key").$type<DevicePublicKey>().notNull(),
    /** RFC 7638 JWK thumbprint: one registration per key. */
    thumbprint: text("thumbprint").notNull(),
    status: text("status").notNull().default("active"),
    createdAt: timestamptz("created_at").notNull(),
    lastSeenAt: timestamptz("last_seen_at").notNull(),
    /** The last posture report of an agent device (`kind` = "agent"), as signed by its key. */
    posture: jsonb("posture").$type<DevicePosture>(),
    /** When that report was received (its freshness is a compliance rule). */
    postureAt: timestamptz("posture_at"),
    /**
     * For a browser: the computer (an agent device of the same person) it runs on, as that
     * computer's agent confirmed with a link code from this browser; its compliance is the
     * computer's.
     */
    linkedDeviceId: uuid("linked_device_id"),
  },
  (t) => [
    index("devices_tenant_user").on(t.tenantId, t.userId),
    uniqueIndex("devices_thumbprint").on(t.thumbprint),
  ],
);

/**
 * One-time codes for `engawa-agent register`: a signed-in person asks for one and types it on the
 * machine; only a hash is kept, it is good for minutes and once.
 */
export const deviceEnrolments = pgTable("device_enrolments", {
  codeHash: text("code_hash").primaryKey(),
  tenantId: uuid("tenant_id")
    .notNull()
    .references(() => tenants.id),
  userId: uuid("user_id")
    .notNull()
    .references(() => users.id),
  expiresAt: timestamptz("expires_at").notNull(),
  usedAt: timestamptz("used_at"),
  /** Set for a link code: the browser device the agent that uses it is linked to. */
  browserDeviceId: uuid("browser_device_id"),
});

/** A tenant's device compliance rules (none: the defaults, DEFAULT_COMPLIANCE_RULES). */
export const deviceComplianceRules = pgTable("device_compliance_rules", {
  tenantId: uuid("tenant_id")
    .primaryKey()
    .references(() => tenants.id),
  rules: jsonb("rules").$type<DeviceComplianceRules>().notNull(),
  updatedAt: timestamptz("updated_at").notNull(),
});
