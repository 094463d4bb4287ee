import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
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
    /**
     * A break-glass account keeps its password sign-in when the tenant requires single sign-on,
     * so that an outage or misconfiguration of the identity provider cannot lock everyone out.
     */
    breakGlass: boolean("break_glass").notNull().default(false),
    /**
     * The terms of use (id → version) the user accepted: read with every session, so a policy
     * asking for them costs no query (conditional access's `terms_of_use` control). Each
     * acceptance is in the audit log too, with its time.
     */
    acceptedTerms: jsonb("accepted_terms").$type<Record<string, number>>().notNull().default({}),
    createdAt: timestamptz("created_at").notNull(),
    updatedAt: timestamptz("updated_at").notNull(),
    /** A recovery code was used to sign in; the user is told at their next sign-in until they dismiss it. */
    recoveryNoticeAt: timestamptz("recovery_notice_at"),
    /** An admin gave a temporary password: the user must choose their own at the next sign-in. */
    mustChangePassword: boolean("must_change_password").notNull().default(false),
    /** When the password was last set (the tenant's maximum age counts from here). */
    passwordChangedAt: timestamptz("password_changed_at"),
    /**
     * Deleted by the tenant's provisioning client (SCIM DELETE, RFC 7644 §3.6). The row stays,
     * disabled, because the audit log refers to it; a deleted user is gone from lists and SCIM.
     */
    deletedAt: timestamptz("deleted_at"),
    /**
     * A guest account stops working after this unless renewed (tenant setting `guestDays`,
     * default 90; Teams' guest expiry). Null for everyone who is not a guest.
     */
    accessExpiresAt: timestamptz("access_expires_at"),
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
    /**
     * `complete`, or a sign-in still in progress: `second_factor` (password checked, a second
     * factor is due) or `enrollment` (the tenant requires MFA and the user has none yet). The
     * access policy lets an unfinished session do only the next step of its sign-in.
     */
    stage: text("stage").notNull().default("complete"),
    /** How the session was authenticated: `password`, `password+totp`, `password+recovery_code`, `passkey`… */
    methods: text("methods").notNull().default("password"),
    /** Wrong second-factor codes on this unfinished session; too many end it. */
    factorFailures: integer("factor_failures").notNull().default(0),
    /**
     * When the user last proved who they are on this session: the sign-in steps, or a step-up
     * confirmation. Sensitive changes need it to be recent (tenant setting `stepUpMinutes`).
     */
    authenticatedAt: timestamptz("authenticated_at").notNull().defaultNow(),
    /**
     * The longest pause between two of the session's touches since `authenticatedAt`, in seconds:
     * a conditional-access idle timeout asks to confirm again once it is long enough (a refused
     * request is a touch too, so the pause is kept until a confirmation clears it).
     */
    longestPauseSeconds: integer("longest_pause_seconds").notNull().default(0),
    /**
     * The sign-in and user risk when the session began (none, low, medium, high): conditions of
     * conditional access at every request, as of the sign-in (a later rise in user risk reaches
     * open sessions with continuous access evaluation, a later issue).
     */
    signInRisk: text("sign_in_risk").notNull().default("none"),
    userRisk: text("user_risk").notNull().default("none"),
    /**
     * Where the person said they are working (private, shared, public), the address they said it
     * from (another network voids it) and when it lapses (idle, WORK_CONTEXT_IDLE_MINUTES) —
     * zero-trust-anchors.md §8.7. Nothing more precise is ever asked or kept.
     */
    workContext: text("work_context"),
    workContextIp: text("work_context_ip"),
    workContextExpiresAt: timestamptz("work_context_expires_at"),
    /**
     * The registered device (devices domain) this session is bound to: every request then carries
     * a proof signed with the device's key, so the cookie alone is not enough. Null: not bound.
     */
    deviceId: uuid("device_id"),
  },
  (t) => [
    index("sessions_user").on(t.userId),
    index("sessions_operator").on(t.operatorId),
    index("sessions_device").on(t.deviceId),
  ],
);

/** A user's authenticator app (RFC 6238). The secret is encrypted under the tenant's key. */
export const totpFactors = pgTable("totp_factors", {
  userId: uuid("user_id")
    .primaryKey()
    .references(() => users.id),
  tenantId: uuid("tenant_id")
    .notNull()
    .references(() => tenants.id),
  secretEnc: text("secret_enc").notNull(),
  /** Null until the user proves the app works by entering a code. */
  confirmedAt: timestamptz("confirmed_at"),
  /** The newest time step accepted: a code of this step or older is refused (no replay). */
  lastUsedStep: bigint("last_used_step", { mode: "number" }).notNull().default(-1),
  createdAt: timestamptz("created_at").notNull(),
});

/** Single-use recovery codes; only a hash of each is kept, the user sees them once. */
export const recoveryCodes = pgTable(
  "recovery_codes",
  {
    id: uuid("id").primaryKey(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    codeHash: text("code_hash").notNull(),
    createdAt: timestamptz("created_at").notNull(),
    usedAt: timestamptz("used_at"),
  },
  (t) => [index("recovery_codes_user").on(t.userId)],
);

/** WebAuthn credentials (passkeys) registered by users. */
export const passkeys = pgTable(
  "passkeys",
  {
    id: uuid("id").primaryKey(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    /** The authenticator's credential id, base64url. */
    credentialId: text("credential_id").notNull().unique(),
    publicKey: text("public_key").notNull(),
    signCount: bigint("sign_count", { mode: "number" }).notNull().default(0),
    transports: text("transports").notNull().default(""),
    name: text("name").notNull(),
    createdAt: timestamptz("created_at").notNull(),
    lastUsedAt: timestamptz("last_used_at"),
  },
  (t) => [index("passkeys_user").on(t.userId)],
);

/** Outstanding WebAuthn challenges; each is used once and expires in minutes. */
export const webauthnChallenges = pgTable("webauthn_challenges", {
  id: uuid("id").primaryKey(),
  challenge: text("challenge").notNull(),
  purpose: text("purpose").notNull(),
  tenantId: uuid("tenant_id")
    .notNull()
    .references(() => tenants.id),
  userId: uuid("user_id").references(() => users.id),
  expiresAt: timestamptz("expires_at").notNull(),
  usedAt: timestamptz("used_at"),
});

/** Recent password hashes of a user, so that one is not used again (MHLW checklist 2025 2-10). */
export const passwordHistory = pgTable(
  "password_history",
  {
    id: uuid("id").primaryKey(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    passwordHash: text("password_hash").notNull(),
    createdAt: timestamptz("created_at").notNull(),
  },
  (t) => [index("password_history_user").on(t.userId)],
);
