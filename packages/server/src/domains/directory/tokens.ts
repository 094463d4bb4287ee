import { randomUUID } from "node:crypto";
import type { ScimTokenSecretResponse, ScimTokenSummary } from "@engawa/shared";
import { MINUTE, type Clock } from "../../platform/clock.ts";
import { randomToken, sha256Hex } from "../../platform/crypto/tokens.ts";
import type { Database } from "../../platform/db/database.ts";
import { AppError } from "../../platform/errors.ts";
import type { Scope } from "../../platform/scope.ts";
import type { AuditLog } from "../audit/index.ts";
import type { Principal } from "../identity/index.ts";
import { DIRECTORY_EVENTS } from "./events.ts";
import type { DirectoryStore, ScimTokenRow } from "./store.ts";

/** Prefix that makes a leaked secret recognisable to secret scanners and to people. */
const SECRET_PREFIX = "engawa_scim_";
/** Refresh `last_used_at` at most this often (a busy client must not write on every request). */
const TOUCH_INTERVAL_MS = MINUTE;
const BEARER = /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/i;

/**
 * A tenant's SCIM bearer tokens (RFC 7644 §2 leaves authentication to the service provider; RFC
 * 6750 bearer tokens are what identity providers send). 256 random bits, shown once, stored as a
 * SHA-256 only; every create, rotate and revoke is audited in the tenant's chain.
 */
export class ScimTokens {
  private readonly database: Database;
  private readonly store: DirectoryStore;
  private readonly audit: AuditLog;
  private readonly clock: Clock;
  private readonly baseUrl: string;

  constructor(deps: {
    database: Database;
    store: DirectoryStore;
    audit: AuditLog;
    clock: Clock;
    publicUrl: URL;
  }) {
    this.database = deps.database;
    this.store = deps.store;
    this.audit = deps.audit;
    this.clock = deps.clock;
    this.baseUrl = new URL("/scim/v2", deps.publicUrl).toString();
  }

  /** The SCIM base URL an identity provider is configured with. */
  get scimBaseUrl(): string {
    return this.baseUrl;
  }

  async list(scope: Scope): Promise<ScimTokenSummary[]> {
    return (await this.store.tokens(scope)).map(presentToken);
  }

  async create(scope: Scope, name: string): Promise<ScimTokenSecretResponse> {
    const secret = `${SECRET_PREFIX}${randomToken()}`;
    return this.database.transaction(async () => {
      const row = await this.store.insertToken(scope, {
        id: randomUUID(),
        name: name.trim(),
        tokenHash: sha256Hex(secret),
        createdAt: this.clock.now(),
        rotatedAt: null,
        lastUsedAt: null,
        revokedAt: null,
      });
      await this.record(scope, DIRECTORY_EVENTS.tokenCreated, row);
      return { baseUrl: this.baseUrl, token: presentToken(row), secret };
    });
  }

  /** A new secret for the same token (same name, same audit identity); the old one stops at once. */
  async rotate(scope: Scope, id: string): Promise<ScimTokenSecretResponse> {
    const secret = `${SECRET_PREFIX}${randomToken()}`;
    return this.database.transaction(async () => {
      const row = await this.live(scope, id);
      const rotatedAt = this.clock.now();
      await this.store.updateToken(scope, id, { tokenHash: sha256Hex(secret), rotatedAt });
      await this.record(scope, DIRECTORY_EVENTS.tokenRotated, row);
      return { baseUrl: this.baseUrl, token: presentToken({ ...row, rotatedAt }), secret };
    });
  }

  async revoke(scope: Scope, id: string): Promise<ScimTokenSummary> {
    return this.database.transaction(async () => {
      const row = await this.live(scope, id);
      const revokedAt = this.clock.now();
      await this.store.updateToken(scope, id, { revokedAt });
      await this.record(scope, DIRECTORY_EVENTS.tokenRevoked, row);
      return presentToken({ ...row, revokedAt });
    });
  }

  /**
   * Resolves an `Authorization` header to a SCIM client principal; null for a missing, malformed,
   * unknown or revoked token, or a token of a tenant that is not active.
   */
  async authenticate(header: string): Promise<Principal | null> {
    const secret = BEARER.exec(header)?.[1];
    if (!secret?.startsWith(SECRET_PREFIX)) return null;
    const found = await this.store.liveTokenByHash(sha256Hex(secret));
    if (!found || found.tenant.status !== "active") return null;
    const now = this.clock.now();
    const last = found.token.lastUsedAt?.getTime() ?? 0;
    if (now.getTime() - last >= TOUCH_INTERVAL_MS) await this.store.touchToken(found.token.id, now);
    return {
      kind: "scim_client",
      token: { id: found.token.id, name: found.token.name },
      tenant: {
        id: found.tenant.id,
        slug: found.tenant.slug,
        name: found.tenant.name,
        accessPolicyVersion: found.tenant.accessPolicyVersion,
      },
    };
  }

  private async live(scope: Scope, id: string): Promise<ScimTokenRow> {
    const row = await this.store.token(scope, id);
    if (!row) throw new AppError("not_found", "Not found.");
    if (row.revokedAt) throw new AppError("invalid_state", "This token has been revoked.");
    return row;
  }

  private async record(scope: Scope, action: string, row: ScimTokenRow): Promise<void> {
    await this.audit.append(scope, {
      action,
      outcome: "allow",
      target: { type: "scim_token", id: row.id },
      details: { name: row.name },
    });
  }
}

export function presentToken(row: ScimTokenRow): ScimTokenSummary {
  return {
    id: row.id,
    name: row.name,
    status: row.revokedAt ? "revoked" : "active",
    createdAt: row.createdAt.toISOString(),
    rotatedAt: row.rotatedAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}
