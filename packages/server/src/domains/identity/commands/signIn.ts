import type { OperatorSignInRequest, SessionStage, SignInRequest } from "@engawa/shared";
import type { Clock } from "../../../platform/clock.ts";
import type { RequestInfo } from "../../../platform/context.ts";
import { verifyAgainstDummy, verifyPassword } from "../../../platform/crypto/passwords.ts";
import type { Database } from "../../../platform/db/database.ts";
import { AppError } from "../../../platform/errors.ts";
import { scopeFor, type Scope } from "../../../platform/scope.ts";
import type { AuditLog, DenialAggregator } from "../../audit/index.ts";
import type { TenantRow } from "../../tenancy/index.ts";
import { IDENTITY_EVENTS } from "../events.ts";
import { guestShutOut } from "../guestAccess.ts";
import { normaliseEmail } from "../passwordPolicy.ts";
import type { Principal } from "../principal.ts";
import { OPERATOR_SESSION_LIMITS, type Sessions } from "../sessions.ts";
import { startAssessedSession } from "./riskySignIn.ts";
import type { RiskGate, RiskRequirement } from "../riskGate.ts";

export type { SignedIn } from "./startSession.ts";
import type { SignedIn } from "./startSession.ts";
import type { SignInThrottle } from "../signInThrottle.ts";
import type { IdentityStore, UserRow } from "../store.ts";

export interface SignInDeps {
  database: Database;
  store: IdentityStore;
  sessions: Sessions;
  audit: AuditLog;
  denials: DenialAggregator;
  throttle: SignInThrottle;
  clock: Clock;
  /** Where a correct first factor leads, given what the risk policies ask (null: no second factor). */
  stageAfterFirstFactor: (
    tenant: TenantRow,
    user: UserRow,
    requires: RiskRequirement,
  ) => Promise<SessionStage | null>;
  passwordAllowed: PasswordGate;
  risk: () => RiskGate;
}

/**
 * Whether a tenant still lets its users sign in with a password (`sso_required`: only break-glass
 * accounts may). Supplied by the composition root, so identity does not depend on the SSO domain.
 */
export type PasswordGate = (tenantId: string) => Promise<"allowed" | "sso_required">;

const INVALID = "The organisation ID, e-mail address or password is not correct.";

/**
 * Password sign-in of a tenant user. An unknown organisation, an unknown address, a disabled
 * account and a wrong password all get the same answer (`invalid_credentials`) after the same
 * amount of work, so the answer reveals nothing; the audit log records the real reason.
 */
export async function signIn(
  deps: SignInDeps,
  input: SignInRequest,
  request: RequestInfo,
): Promise<SignedIn> {
  const email = normaliseEmail(input.email);
  const candidate = await deps.store.signInCandidate(input.tenant, email);
  const tenant = candidate?.tenant;
  const chainScope: Scope = scopeFor({ type: "anonymous" }, tenant?.id ?? null);
  const accountKey = `user|${input.tenant}|${email}`;
  await throttled(deps, accountKey, request, chainScope, IDENTITY_EVENTS.signIn, {
    tenant: input.tenant,
    email,
  });
  const user = candidate?.user ?? undefined;
  const shutOut = user && tenant ? guestShutOut(user, tenant, deps.clock.now()) : null;
  const usable =
    tenant?.status === "active" && user?.status === "active" && !shutOut && user.passwordHash;
  const password = input.password.normalize("NFKC");
  const valid =
    usable && user.passwordHash
      ? await verifyPassword(user.passwordHash, password)
      : await verifyAgainstDummy(password);
  if (!valid || !tenant || !user) {
    const reason = !tenant
      ? "unknown_tenant"
      : !user
        ? "unknown_user"
        : user.status !== "active"
          ? `user_${user.status}`
          : (shutOut ?? "wrong_password");
    const entry = {
      action: IDENTITY_EVENTS.signIn,
      outcome: "deny" as const,
      request,
      target: user ? { type: "user", id: user.id } : null,
      details: { email, reason },
    };
    // Known and unknown organisations take the same path (same work, same timing): the first
    // failure per address and e-mail in a minute is appended at once, repeats are counted.
    await deps.denials.record(chainScope, entry, `${reason}|${email}`);
    throw new AppError("invalid_credentials", INVALID);
  }
  const { fromSprayingAddress } = deps.throttle.succeeded(accountKey, request.ip);
  if (!user.breakGlass && (await deps.passwordAllowed(tenant.id)) === "sso_required") {
    // The password was right, so saying why reveals nothing an attacker did not already know.
    await deps.audit.append(chainScope, {
      action: IDENTITY_EVENTS.signIn,
      outcome: "deny",
      request,
      target: { type: "user", id: user.id },
      details: { email, method: "password", reason: "sso_required" },
    });
    throw new AppError(
      "sso_required",
      "This organisation signs in with single sign-on. Use the single sign-on button.",
    );
  }
  return startAssessedSession(deps, {
    tenant,
    user,
    method: "password",
    request,
    password,
    fromSprayingAddress,
  });
}

/** Operator sign-in, on its own form and cookie; recorded in the deployment's chain. */
export async function operatorSignIn(
  deps: SignInDeps,
  input: OperatorSignInRequest,
  request: RequestInfo,
): Promise<SignedIn> {
  const email = normaliseEmail(input.email);
  const chainScope = scopeFor({ type: "anonymous" }, null);
  const accountKey = `operator|${email}`;
  await throttled(deps, accountKey, request, chainScope, IDENTITY_EVENTS.operatorSignIn, { email });
  const operator = await deps.store.operatorByEmail(email);
  const password = input.password.normalize("NFKC");
  const valid =
    operator && operator.status === "active"
      ? await verifyPassword(operator.passwordHash, password)
      : await verifyAgainstDummy(password);
  if (!valid || !operator) {
    const reason = operator ? "wrong_password" : "unknown_operator";
    const entry = {
      action: IDENTITY_EVENTS.operatorSignIn,
      outcome: "deny" as const,
      request,
      target: operator ? { type: "operator", id: operator.id } : null,
      details: { email, reason },
    };
    await deps.denials.record(chainScope, entry, `${reason}|${email}`);
    throw new AppError("invalid_credentials", "The e-mail address or password is not correct.");
  }
  deps.throttle.succeeded(accountKey, request.ip);
  return deps.database.transaction(async () => {
    const { token, info } = await deps.sessions.create({
      kind: "operator",
      tenantId: null,
      userId: null,
      operatorId: operator.id,
      limits: OPERATOR_SESSION_LIMITS,
      ip: request.ip,
      userAgent: request.userAgent,
    });
    await deps.audit.append(
      scopeFor({ type: "operator", id: operator.id, label: operator.email }, null),
      {
        action: IDENTITY_EVENTS.operatorSignIn,
        outcome: "allow",
        request,
        target: { type: "session", id: info.id },
      },
    );
    const principal: Principal = {
      kind: "operator",
      operator: { id: operator.id, email: operator.email, displayName: operator.displayName },
      session: info,
    };
    return { token, principal, maxAgeSeconds: OPERATOR_SESSION_LIMITS.absoluteHours * 3600 };
  });
}

/**
 * Checks the sign-in throttle for an attempt: a refusal is counted in the audit log (as repeats of
 * one denial) and rethrown; a password spray that this attempt revealed is audited once.
 */
export async function throttled(
  deps: Pick<SignInDeps, "throttle" | "denials" | "audit">,
  accountKey: string,
  request: RequestInfo,
  scope: Scope,
  action: string,
  details: Record<string, unknown>,
): Promise<void> {
  let checked;
  try {
    checked = deps.throttle.check(accountKey, request.ip);
  } catch (error) {
    await deps.denials.record(
      scope,
      { action, outcome: "deny", request, details: { ...details, reason: "rate_limited" } },
      "rate_limited",
    );
    throw error;
  }
  const spray = checked.sprayDetected;
  if (spray) {
    // Recorded where the tenant's admins look, and in the deployment's chain for operators.
    const entry = {
      action: IDENTITY_EVENTS.passwordSpray,
      outcome: "deny" as const,
      request,
      details: {
        accounts: spray.accounts,
        blockedUntil: spray.blockedUntil.toISOString(),
        windowMinutes: deps.throttle.limits.sprayWindowMinutes,
      },
    };
    await deps.audit.append(scope, entry);
    if (scope.tenantId) await deps.audit.append(scopeFor(scope.actor, null), entry);
  }
}
