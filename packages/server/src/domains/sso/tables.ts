import { boolean, index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { tenants } from "../tenancy/index.ts";

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/**
 * A tenant's OpenID Connect identity provider (one per tenant). The client secret is sealed under
 * the tenant's `general` data key with the tenant id bound as associated data; it is never sent
 * back to a browser.
 */
export const ssoConnections = pgTable("sso_connections", {
  tenantId: uuid("tenant_id")
    .primaryKey()
    .references(() => tenants.id),
  enabled: boolean("enabled").notNull(),
  preset: text("preset").notNull(),
  entraTenantId: text("entra_tenant_id").notNull(),
  issuer: text("issuer").notNull(),
  clientId: text("client_id").notNull(),
  clientSecretSealed: text("client_secret_sealed"),
  scopes: text("scopes").notNull(),
  emailClaim: text("email_claim").notNull(),
  nameClaim: text("name_claim").notNull(),
  groupsClaim: text("groups_claim").notNull(),
  allowedDomains: jsonb("allowed_domains").$type<string[]>().notNull(),
  jitEnabled: boolean("jit_enabled").notNull(),
  buttonLabel: text("button_label").notNull(),
  requireSso: boolean("require_sso").notNull(),
  updatedAt: timestamptz("updated_at").notNull(),
});

/**
 * Sign-ins in flight (authorization requests sent, response not yet back). Only hashes of the
 * `state` value and of the browser-binding cookie are stored; a row is used once and lives ten
 * minutes. The PKCE verifier (RFC 7636 §4.1) and the nonce (OIDC Core §3.1.2.1) are kept as they
 * are: both are useless without the authorization code, which only the browser receives.
 */
export const ssoLoginStates = pgTable(
  "sso_login_states",
  {
    id: uuid("id").primaryKey(),
    stateHash: text("state_hash").notNull().unique(),
    browserHash: text("browser_hash").notNull(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    nonce: text("nonce").notNull(),
    codeVerifier: text("code_verifier").notNull(),
    createdAt: timestamptz("created_at").notNull(),
    expiresAt: timestamptz("expires_at").notNull(),
  },
  (t) => [index("sso_login_states_expires").on(t.expiresAt)],
);
