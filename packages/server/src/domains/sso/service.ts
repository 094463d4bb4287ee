import {
  discoveryUrlOf,
  ssoPresetValues,
  type SignInMethodsResponse,
  type SsoSettings,
  type TestSsoConnectionResponse,
  type UpdateSsoSettingsRequest,
  type UserSummary,
} from "@engawa/shared";
import { AttemptCounter } from "../../platform/attemptCounter.ts";
import { MINUTE, type Clock } from "../../platform/clock.ts";
import type { Database } from "../../platform/db/database.ts";
import { AppError } from "../../platform/errors.ts";
import { requireTenant, systemScope, type Scope } from "../../platform/scope.ts";
import type { AuditLog, DenialAggregator } from "../audit/index.ts";
import type { Identity, UserRow } from "../identity/index.ts";
import type { Keyring } from "../keys/index.ts";
import type { Tenancy } from "../tenancy/index.ts";
import { SSO_EVENTS } from "./events.ts";
import { issuerProblem, probe } from "./oidc.ts";
import { createSsoStore, type SsoConnectionRow, type SsoStore } from "./store.ts";

export interface SsoDeps {
  database: Database;
  keyring: Keyring;
  audit: AuditLog;
  denials: DenialAggregator;
  identity: Identity;
  tenancy: Tenancy;
  clock: Clock;
  publicUrl: URL;
  allowHttpIssuer: boolean;
  startsPerAddressPerMinute: number;
}

/** The one redirect URI of the deployment (OIDC Core §3.1.2.1); the state names the tenant. */
export function redirectUriOf(publicUrl: URL): string {
  return new URL("/api/auth/sso/callback", publicUrl).toString();
}

/** Associated data binding a sealed client secret to its tenant and purpose. */
export const secretContext = (tenantId: string): string =>
  `sso_connection|${tenantId}|client_secret`;

const invalid = (field: string, message: string) =>
  new AppError("invalid_request", message, { field });

/** A tenant's OpenID Connect provider: settings, break-glass accounts, the password gate. */
export class Sso {
  readonly store: SsoStore;
  readonly deps: SsoDeps;
  /**
   * Starts of a sign-in per client address per minute. The start route is public and each start
   * stores a login state and makes the server fetch the provider's discovery document, so it is
   * capped like password attempts (the same per-address figure).
   */
  readonly startAttempts: AttemptCounter;

  constructor(deps: SsoDeps) {
    this.deps = deps;
    this.store = createSsoStore(deps.database);
    this.startAttempts = new AttemptCounter(deps.clock, deps.startsPerAddressPerMinute, MINUTE);
  }

  get redirectUri(): string {
    return redirectUriOf(this.deps.publicUrl);
  }

  async settings(scope: Scope): Promise<SsoSettings> {
    return this.present(await this.store.connection(scope));
  }

  /**
   * Saves the settings. A preset fixes the issuer to the provider's documented pattern. Turning
   * SSO on needs a complete configuration and at least one allowed e-mail domain (default deny:
   * no domain list, no one signs in). "Require SSO" needs an owner who can still sign in with a
   * password (break-glass), so that a broken provider cannot lock the organisation out.
   */
  async update(scope: Scope, input: UpdateSsoSettingsRequest): Promise<SsoSettings> {
    const tenantId = requireTenant(scope);
    let issuer = input.issuer.trim();
    if (input.preset !== "custom") {
      const preset = ssoPresetValues(input.preset, input.entraTenantId);
      if (!preset)
        throw invalid(
          "entraTenantId",
          "Enter the directory (tenant) ID of your Microsoft Entra ID.",
        );
      issuer = preset.issuer;
    }
    if (issuer) {
      const problem = issuerProblem(issuer, this.deps.allowHttpIssuer);
      if (problem) throw invalid("issuer", problem);
    }
    const domains = [...new Set(input.allowedDomains.map((d) => d.toLowerCase()))];
    return this.deps.database.transaction(async () => {
      const before = await this.store.lockConnection(scope);
      const secretSet = input.clientSecret !== null || Boolean(before?.clientSecretSealed);
      if (input.enabled) {
        if (!issuer) throw invalid("issuer", "Enter the issuer URL of your identity provider.");
        if (!input.clientId) throw invalid("clientId", "Enter the client ID.");
        if (!secretSet) throw invalid("clientSecret", "Enter the client secret.");
        if (!input.scopes.split(" ").includes("openid"))
          throw invalid("scopes", 'The scopes must include "openid".');
        if (!input.emailClaim)
          throw invalid("emailClaim", "Name the claim that holds the e-mail address.");
        if (domains.length === 0)
          throw invalid("allowedDomains", "List at least one e-mail domain that may sign in.");
      }
      if (input.requireSso) {
        if (!input.enabled)
          throw invalid("requireSso", "Turn single sign-on on before requiring it.");
        if ((await this.deps.identity.countBreakGlassOwners(scope)) === 0) {
          throw new AppError(
            "no_break_glass",
            "Flag at least one owner who has a password as a break-glass account first: if the identity provider fails, that owner can still sign in.",
            { field: "requireSso" },
          );
        }
      }
      const clientSecretSealed =
        input.clientSecret !== null
          ? await this.deps.keyring.encrypt(
              scope,
              "general",
              Buffer.from(input.clientSecret, "utf8"),
              secretContext(tenantId),
            )
          : (before?.clientSecretSealed ?? null);
      const row: Omit<SsoConnectionRow, "tenantId"> = {
        enabled: input.enabled,
        preset: input.preset,
        entraTenantId: input.preset === "entra" ? input.entraTenantId.trim() : "",
        issuer,
        clientId: input.clientId,
        clientSecretSealed,
        scopes: input.scopes.trim().replace(/\s+/g, " "),
        emailClaim: input.emailClaim,
        nameClaim: input.nameClaim,
        groupsClaim: input.groupsClaim,
        allowedDomains: domains,
        jitEnabled: input.jitEnabled,
        buttonLabel: input.buttonLabel.trim(),
        requireSso: input.requireSso,
        updatedAt: this.deps.clock.now(),
      };
      await this.store.saveConnection(scope, row);
      const after = this.present({ ...row, tenantId });
      await this.deps.audit.append(scope, {
        action: SSO_EVENTS.settingsUpdated,
        outcome: "allow",
        target: { type: "tenant", id: tenantId },
        details: {
          before: before ? auditView(this.present(before)) : null,
          after: auditView(after),
          clientSecretChanged: input.clientSecret !== null,
        },
      });
      return after;
    });
  }

  /** Fetches the discovery document of an issuer and says in words what went wrong, if anything. */
  async testConnection(issuer: string): Promise<TestSsoConnectionResponse> {
    const problem = issuerProblem(issuer, this.deps.allowHttpIssuer);
    if (problem) throw invalid("issuer", problem);
    try {
      return { reachable: true, ...(await probe(issuer, this.deps.allowHttpIssuer)) };
    } catch (error) {
      return { reachable: false, problem: describeProviderError(error) };
    }
  }

  /**
   * Flags or unflags a break-glass account. While the tenant requires SSO, the last break-glass
   * owner cannot be unflagged (the connection row is locked, so two admins cannot race past it).
   */
  async setBreakGlass(scope: Scope, user: UserRow, breakGlass: boolean): Promise<UserSummary> {
    return this.deps.database.transaction(async () => {
      const connection = await this.store.lockConnection(scope);
      if (
        !breakGlass &&
        user.breakGlass &&
        user.role === "owner" &&
        connection?.enabled &&
        connection.requireSso &&
        (await this.deps.identity.countBreakGlassOwners(scope)) <= 1
      ) {
        throw new AppError(
          "no_break_glass",
          "This is the last break-glass owner while single sign-on is required. Flag another owner first, or stop requiring single sign-on.",
          { field: "breakGlass" },
        );
      }
      return this.deps.identity.setBreakGlass(scope, user, breakGlass);
    });
  }

  /** Identity's password gate: with "require SSO", only break-glass accounts use passwords. */
  async passwordGate(tenantId: string): Promise<"allowed" | "sso_required"> {
    const connection = await this.store.connection(
      systemScope("password sign-in policy", tenantId),
    );
    return connection?.enabled && connection.requireSso ? "sso_required" : "allowed";
  }

  /** Which sign-in methods an organisation offers; nothing about its configuration. */
  async methods(slug: string): Promise<SignInMethodsResponse> {
    const tenant = await this.deps.tenancy.store.bySlug(slug);
    if (!tenant || tenant.status !== "active") return { password: true, sso: null };
    const connection = await this.store.connection(systemScope("sign-in methods", tenant.id));
    if (!connection?.enabled) return { password: true, sso: null };
    return {
      password: !connection.requireSso,
      sso: { label: connection.buttonLabel || "SSO" },
    };
  }

  present(row: SsoConnectionRow | undefined): SsoSettings {
    const base = {
      redirectUri: this.redirectUri,
      clientSecretSet: Boolean(row?.clientSecretSealed),
    };
    if (!row) {
      return {
        ...base,
        enabled: false,
        preset: "custom",
        entraTenantId: "",
        issuer: "",
        discoveryUrl: "",
        clientId: "",
        scopes: "openid email profile",
        emailClaim: "email",
        nameClaim: "name",
        groupsClaim: "",
        allowedDomains: [],
        jitEnabled: false,
        buttonLabel: "",
        requireSso: false,
      };
    }
    return {
      ...base,
      enabled: row.enabled,
      preset: row.preset as SsoSettings["preset"],
      entraTenantId: row.entraTenantId,
      issuer: row.issuer,
      discoveryUrl: row.issuer ? discoveryUrlOf(row.issuer) : "",
      clientId: row.clientId,
      scopes: row.scopes,
      emailClaim: row.emailClaim,
      nameClaim: row.nameClaim,
      groupsClaim: row.groupsClaim,
      allowedDomains: row.allowedDomains,
      jitEnabled: row.jitEnabled,
      buttonLabel: row.buttonLabel,
      requireSso: row.requireSso,
    };
  }
}

function auditView(settings: SsoSettings): Record<string, unknown> {
  const { redirectUri: _r, discoveryUrl: _d, ...rest } = settings;
  return rest;
}

/** A provider error in words for an admin, without internals of Engawa. */
export function describeProviderError(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
    return `${error.message}${cause}`.slice(0, 500);
  }
  return "The identity provider could not be reached.";
}
