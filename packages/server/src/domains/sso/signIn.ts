import { randomUUID } from "node:crypto";
import { LIMITS, type SsoError } from "@engawa/shared";
import { MINUTE } from "../../platform/clock.ts";
import type { RequestInfo } from "../../platform/context.ts";
import { AppError } from "../../platform/errors.ts";
import { randomToken, safeEqual, sha256Hex } from "../../platform/crypto/tokens.ts";
import { scopeFor, systemScope, type Scope } from "../../platform/scope.ts";
import { guestShutOut, normaliseEmail, type UserRow } from "../identity/index.ts";
import type { TenantRow } from "../tenancy/index.ts";
import { SSO_EVENTS } from "./events.ts";
import { authorizationRequest, discover, redeem } from "./oidc.ts";
import { describeProviderError, secretContext, type Sso } from "./service.ts";
import type { SsoConnectionRow } from "./store.ts";

/** How long an authorization request may stay unanswered. */
export const LOGIN_STATE_TTL_MS = 10 * MINUTE;

/** A refused single sign-on; `slug` lets the sign-in page keep the organisation ID. */
export class SsoRefusal extends Error {
  readonly reason: SsoError;
  readonly slug: string | null;

  constructor(reason: SsoError, slug: string | null) {
    super(reason);
    this.reason = reason;
    this.slug = slug;
  }
}

export interface Started {
  authorizationUrl: string;
  /** Goes into the browser-binding cookie; only its hash is stored. */
  browserToken: string;
}

export interface Verified {
  tenant: TenantRow;
  user: UserRow;
  details: Record<string, unknown>;
}

async function refuse(
  sso: Sso,
  scope: Scope,
  reason: SsoError,
  slug: string | null,
  request: RequestInfo,
  details: Record<string, unknown> = {},
): Promise<never> {
  const email = typeof details.email === "string" ? details.email : "-";
  const problem = typeof details.problem === "string" ? details.problem.slice(0, 120) : "-";
  await sso.deps.denials.record(
    scope,
    {
      action: SSO_EVENTS.signIn,
      outcome: "deny",
      request,
      details: { method: "oidc", reason, ...details },
    },
    `oidc|${reason}|${email}|${problem}`,
  );
  throw new SsoRefusal(reason, slug);
}

async function providerSettings(sso: Sso, tenantId: string, connection: SsoConnectionRow) {
  if (!connection.clientSecretSealed) throw new Error("no client secret");
  const secret = await sso.deps.keyring.decrypt(
    systemScope("single sign-on", tenantId),
    "general",
    connection.clientSecretSealed,
    secretContext(tenantId),
  );
  return {
    issuer: connection.issuer,
    clientId: connection.clientId,
    clientSecret: secret.toString("utf8"),
    allowHttp: sso.deps.allowHttpIssuer,
  };
}

/**
 * Starts the authorization code flow for an organisation: discovery, then a fresh state, nonce and
 * PKCE verifier stored (hashed state, browser-binding hash) for ten minutes, single use.
 */
export async function startSignIn(sso: Sso, slug: string, request: RequestInfo): Promise<Started> {
  if (request.ip) {
    const wait = sso.startAttempts.retryAfterSeconds(request.ip);
    if (wait > 0) {
      await sso.deps.denials.record(
        scopeFor({ type: "anonymous" }, null),
        {
          action: SSO_EVENTS.signInStarted,
          outcome: "deny",
          request,
          details: { method: "oidc", reason: "rate_limited", tenant: slug },
        },
        "oidc|rate_limited",
      );
      throw new AppError("rate_limited", "Too many sign-in attempts. Wait before trying again.", {
        retryAfterSeconds: wait,
      });
    }
    sso.startAttempts.record(request.ip);
  }
  const tenant = await sso.deps.tenancy.store.bySlug(slug);
  const anonymous = scopeFor({ type: "anonymous" }, tenant?.id ?? null);
  if (!tenant || tenant.status !== "active")
    return refuse(sso, anonymous, "sso_unavailable", slug, request, { tenant: slug });
  const tenantScope = systemScope("single sign-on", tenant.id);
  const connection = await sso.store.connection(tenantScope);
  if (!connection?.enabled || !connection.clientSecretSealed)
    return refuse(sso, anonymous, "sso_unavailable", slug, request);
  let authorization;
  try {
    const config = await discover(await providerSettings(sso, tenant.id, connection));
    authorization = await authorizationRequest(config, sso.redirectUri, connection.scopes);
  } catch (error) {
    return refuse(sso, anonymous, "provider_error", slug, request, {
      problem: describeProviderError(error),
    });
  }
  const browserToken = randomToken();
  const now = sso.deps.clock.now();
  await sso.deps.database.transaction(async () => {
    await sso.store.deleteExpiredLoginStates(now);
    await sso.store.insertLoginState(tenantScope, {
      id: randomUUID(),
      stateHash: sha256Hex(authorization.state),
      browserHash: sha256Hex(browserToken),
      nonce: authorization.nonce,
      codeVerifier: authorization.codeVerifier,
      createdAt: now,
      expiresAt: new Date(now.getTime() + LOGIN_STATE_TTL_MS),
    });
  });
  return { authorizationUrl: authorization.url.toString(), browserToken };
}

/**
 * Finishes the flow: the state must name a sign-in in flight started by this very browser (its
 * binding cookie) and not expired; the code is redeemed and the ID Token validated (oidc.ts); then
 * the tenant's rules: a verified e-mail address (`email_verified` not false, OIDC Core §5.1) in an
 * allowed domain, and an active user with that address — or, with just-in-time creation on, a new
 * member. Every refusal is audited with its real reason.
 */
export async function finishSignIn(
  sso: Sso,
  query: { state?: string; code?: string; error?: string; error_description?: string },
  callbackUrl: URL,
  browserToken: string | null,
  request: RequestInfo,
): Promise<Verified> {
  const deploymentScope = scopeFor({ type: "anonymous" }, null);
  const pending = query.state ? await sso.store.takeLoginState(sha256Hex(query.state)) : undefined;
  const now = sso.deps.clock.now();
  if (!pending || pending.expiresAt <= now) {
    return refuse(sso, deploymentScope, "state_invalid", null, request, {
      problem: pending ? "expired" : "unknown state",
    });
  }
  const tenant = await sso.deps.tenancy.store.byId(pending.tenantId);
  const anonymous = scopeFor({ type: "anonymous" }, pending.tenantId);
  const slug = tenant?.slug ?? null;
  // RFC 6749 §10.12: the response must come back to the browser that sent the request.
  if (!browserToken || !safeEqual(sha256Hex(browserToken), pending.browserHash))
    return refuse(sso, anonymous, "state_invalid", slug, request, { problem: "other browser" });
  const tenantScope = systemScope("single sign-on", pending.tenantId);
  const connection = await sso.store.connection(tenantScope);
  if (!tenant || tenant.status !== "active" || !connection?.enabled)
    return refuse(sso, anonymous, "sso_unavailable", slug, request);
  if (query.error) {
    return refuse(sso, anonymous, "provider_error", slug, request, {
      problem: `${query.error}: ${query.error_description ?? ""}`.slice(0, 500),
    });
  }
  let claims: Record<string, unknown>;
  try {
    const config = await discover(await providerSettings(sso, tenant.id, connection));
    claims = await redeem(config, callbackUrl, {
      state: query.state ?? "",
      nonce: pending.nonce,
      codeVerifier: pending.codeVerifier,
    });
  } catch (error) {
    return refuse(sso, anonymous, "token_invalid", slug, request, {
      problem: describeProviderError(error),
      code: (error as { code?: unknown }).code ?? null,
    });
  }
  return applyTenantRules(sso, { tenant, connection, claims, request, anonymous });
}

async function applyTenantRules(
  sso: Sso,
  input: {
    tenant: TenantRow;
    connection: SsoConnectionRow;
    claims: Record<string, unknown>;
    request: RequestInfo;
    anonymous: Scope;
  },
): Promise<Verified> {
  const { tenant, connection, claims, request, anonymous } = input;
  const slug = tenant.slug;
  const subject = typeof claims.sub === "string" ? claims.sub : null;
  const rawEmail = claims[connection.emailClaim];
  if (
    typeof rawEmail !== "string" ||
    !/^[^@\s]+@[^@\s]+$/.test(rawEmail) ||
    rawEmail.length > LIMITS.emailMax
  )
    return refuse(sso, anonymous, "email_missing", slug, request, { subject });
  const email = normaliseEmail(rawEmail);
  const verified = claims.email_verified;
  if (verified === false || verified === "false")
    return refuse(sso, anonymous, "email_unverified", slug, request, { email, subject });
  const domain = email.slice(email.lastIndexOf("@") + 1);
  if (!connection.allowedDomains.includes(domain))
    return refuse(sso, anonymous, "domain_not_allowed", slug, request, { email, subject, domain });
  const tenantScope = systemScope("single sign-on", tenant.id);
  let user = await sso.deps.identity.store.userByEmail(tenantScope, email);
  if (!user) {
    if (!connection.jitEnabled)
      return refuse(sso, anonymous, "unknown_user", slug, request, { email, subject });
    const created = await sso.deps.identity.createActiveUser(
      systemScope("single sign-on: just-in-time user", tenant.id),
      {
        email,
        displayName: displayNameOf(claims[connection.nameClaim], email),
        role: "member",
        passwordHash: null,
      },
    );
    user = await sso.deps.identity.store.user(tenantScope, created.id);
    if (!user) throw new Error("just-in-time user vanished");
  }
  if (user.status !== "active") {
    return refuse(sso, anonymous, "user_disabled", slug, request, {
      email,
      subject,
      status: user.status,
    });
  }
  // The same rule as a password sign-in and every request (identity/guestAccess.ts).
  const shutOut = guestShutOut(user, tenant, sso.deps.clock.now());
  if (shutOut) {
    return refuse(sso, anonymous, "guest_access_ended", slug, request, {
      email,
      subject,
      problem: shutOut,
    });
  }
  const groups = connection.groupsClaim ? claims[connection.groupsClaim] : undefined;
  return {
    tenant,
    user,
    details: {
      issuer: connection.issuer,
      subject,
      emailVerified: typeof verified === "boolean" ? verified : null,
      ...(Array.isArray(groups) ? { groups: groups.slice(0, 50).map(String) } : {}),
    },
  };
}

/** Control characters and bidirectional overrides (the DisplayName schema refuses them). */
function unprintable(c: string): boolean {
  const code = c.codePointAt(0) ?? 0;
  return (
    code < 0x20 ||
    code === 0x7f ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  );
}

/** A display name from the name claim: printable, trimmed, within the limit; else the address. */
function displayNameOf(value: unknown, email: string): string {
  const cleaned =
    typeof value === "string"
      ? [...value]
          .filter((c) => !unprintable(c))
          .join("")
          .trim()
      : "";
  return (cleaned || email.slice(0, email.indexOf("@")) || email).slice(0, LIMITS.displayNameMax);
}
