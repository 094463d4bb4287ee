import type { SecondFactor, SessionStage } from "@engawa/shared";
import { DAY } from "../../../platform/clock.ts";
import { passwordRulesFor, type PasswordRules } from "../passwordPolicy.ts";
import { UNFINISHED_SIGN_IN_MINUTES } from "../sessions.ts";
import { totpStepOf } from "../../../platform/crypto/totp.ts";
import { AppError } from "../../../platform/errors.ts";
import type { Scope } from "../../../platform/scope.ts";
import { mfaRequiredSinceOf, settingsOf, type TenantRow } from "../../tenancy/index.ts";
import { IDENTITY_EVENTS } from "../events.ts";
import { enrollmentDueAt } from "../mfaPolicy.ts";
import { scopeOf } from "../principal.ts";
import type { UserRow } from "../store.ts";
import { recoveryCodeHash } from "./recoveryCodes.ts";
import type { SignedIn } from "./signIn.ts";
import type { RiskRequirement } from "../riskGate.ts";
import type { MfaDeps, UserPrincipal } from "./mfaDeps.ts";

/** Wrong codes allowed on one unfinished sign-in before it ends (NIST SP 800-63B §5.2.2). */
export const MAX_FACTOR_FAILURES = 5;

export interface SecurityState {
  /** Second factors the user can use now. */
  factors: SecondFactor[];
  enrollmentDueAt: Date | null;
  recoveryNoticeAt: Date | null;
  /** The account has a password of its own (single sign-on accounts may not). */
  hasPassword: boolean;
  passwordRules: PasswordRules;
}

/** Which second factors a user has: a confirmed app, passkeys, unused recovery codes. */
export async function factorsOf(
  deps: MfaDeps,
  scope: Scope,
  userId: string,
): Promise<SecondFactor[]> {
  const summary = await deps.mfa.factorSummary(scope, userId);
  const factors: SecondFactor[] = [];
  if (summary.totpConfirmed) factors.push("totp");
  if (summary.passkeys > 0) factors.push("passkey");
  if (summary.recoveryRemaining > 0) factors.push("recovery_code");
  return factors;
}

/** A user "has MFA" with an app or a passkey; recovery codes alone are only a fallback. */
export function hasStrongFactor(factors: SecondFactor[]): boolean {
  return factors.includes("totp") || factors.includes("passkey");
}

/** The steps of a sign-in after the password, in order; each is skipped when not needed. */
const STEPS = ["second_factor", "password_change", "enrollment"] as const;

/**
 * The stage a sign-in moves to after `after` (the password, or a finished step), for this user
 * in this tenant now: a second factor if they have one, a password change if an admin reset it
 * or the tenant's maximum age has passed, enrollment if the tenant requires MFA of them and the
 * grace period is over; otherwise complete.
 */
export async function nextStage(
  deps: MfaDeps,
  scope: Scope,
  tenant: TenantRow,
  user: UserRow,
  after: SessionStage | "password",
): Promise<SessionStage> {
  const strong = hasStrongFactor(await factorsOf(deps, scope, user.id));
  const settings = settingsOf(tenant);
  const now = deps.clock.now().getTime();
  const needed: Record<(typeof STEPS)[number], () => boolean> = {
    // A tenant may ask for the second factor only when a risk policy does (Entra's risk-based MFA).
    second_factor: () => strong && settings.secondFactorPrompt !== "when_required",
    password_change: () =>
      user.mustChangePassword ||
      (settings.passwordMaxAgeDays != null &&
        user.passwordHash !== null &&
        now - (user.passwordChangedAt ?? user.createdAt).getTime() >
          settings.passwordMaxAgeDays * DAY),
    enrollment: () => {
      if (strong) return false;
      const due = enrollmentDueAt(settings, mfaRequiredSinceOf(tenant), user);
      return due !== null && due.getTime() <= now;
    },
  };
  const start = after === "password" ? 0 : STEPS.indexOf(after as (typeof STEPS)[number]) + 1;
  for (const step of STEPS.slice(Math.max(start, 0))) if (needed[step]()) return step;
  return "complete";
}

/**
 * The stage after a first factor (a password, single sign-on) when the risk policies ask for more:
 * a second factor when they do (null if the user has none: the sign-in must then be refused, not
 * let through to enrol one), otherwise the usual next stage.
 */
export async function stageAfterFirstFactor(
  deps: MfaDeps,
  scope: Scope,
  tenant: TenantRow,
  user: UserRow,
  requires: RiskRequirement,
): Promise<SessionStage | null> {
  if (requires === "none") return nextStage(deps, scope, tenant, user, "password");
  return hasStrongFactor(await factorsOf(deps, scope, user.id)) ? "second_factor" : null;
}

export async function securityOf(deps: MfaDeps, principal: UserPrincipal): Promise<SecurityState> {
  const found = await deps.store.userById(principal.user.id);
  if (!found) throw new AppError("unauthenticated", "Sign in to continue.");
  const factors = await factorsOf(deps, scopeOf(principal), principal.user.id);
  const settings = settingsOf(found.tenant);
  const required = enrollmentDueAt(settings, mfaRequiredSinceOf(found.tenant), found.user);
  const strong = hasStrongFactor(factors);
  return {
    factors,
    enrollmentDueAt: strong ? null : required,
    recoveryNoticeAt: found.user.recoveryNoticeAt,
    hasPassword: found.user.passwordHash !== null,
    passwordRules: passwordRulesFor(settings, strong || required !== null),
  };
}

/**
 * A step of the sign-in is done: the session moves to the next stage (complete, with the
 * tenant's session limits, when nothing else is due) under a new token.
 */
export async function completeSignIn(
  deps: MfaDeps,
  principal: UserPrincipal,
  methods: string,
): Promise<SignedIn> {
  const found = await deps.store.userById(principal.user.id);
  if (!found) throw new AppError("unauthenticated", "Sign in to continue.");
  const settings = settingsOf(found.tenant);
  const stage = await nextStage(
    deps,
    scopeOf(principal),
    found.tenant,
    found.user,
    principal.session.stage,
  );
  const limits =
    stage === "complete"
      ? { idleMinutes: settings.sessionIdleMinutes, absoluteHours: settings.sessionAbsoluteHours }
      : { idleMinutes: UNFINISHED_SIGN_IN_MINUTES, absoluteHours: UNFINISHED_SIGN_IN_MINUTES / 60 };
  const { token, info } = await deps.sessions.advance(principal.session.id, {
    stage,
    methods,
    limits,
  });
  return {
    token,
    principal: { ...principal, session: info },
    maxAgeSeconds: stage === "complete" ? settings.sessionAbsoluteHours * 3600 : 3600,
  };
}

/**
 * Whether a code from the user's confirmed authenticator app is right now (RFC 6238, ±1 step);
 * a code is accepted once: its step is recorded and never accepted again.
 */
export async function totpAccepted(
  deps: MfaDeps,
  principal: UserPrincipal,
  code: string,
): Promise<boolean> {
  const scope = scopeOf(principal);
  const row = await deps.mfa.totp(scope, principal.user.id);
  if (!row?.confirmedAt) return false;
  const secret = (
    await deps.keyring.decrypt(scope, "general", row.secretEnc, totpContext(principal.user.id))
  ).toString("utf8");
  const step = totpStepOf(secret, code, deps.clock.now().getTime());
  return step !== null && deps.mfa.useTotpStep(scope, principal.user.id, step, deps.clock.now());
}

/** The second step with an authenticator code (RFC 6238; a code is accepted once). */
export async function verifyTotp(
  deps: MfaDeps,
  principal: UserPrincipal,
  code: string,
): Promise<SignedIn> {
  const scope = scopeOf(principal);
  const accepted = await totpAccepted(deps, principal, code);
  if (!accepted) await refuseFactor(deps, principal, "totp");
  return deps.database.transaction(async () => {
    const signedIn = await completeSignIn(deps, principal, `${principal.session.methods}+totp`);
    await recordSecondFactor(deps, scope, principal, "totp");
    return signedIn;
  });
}

/**
 * The second step with a recovery code: the code is spent, the use audited, and the user told at
 * their next sign-in (so a stolen code does not go unnoticed).
 */
export async function verifyRecoveryCode(
  deps: MfaDeps,
  principal: UserPrincipal,
  code: string,
): Promise<SignedIn> {
  const scope = scopeOf(principal);
  const now = deps.clock.now();
  const signedIn = await deps.database.transaction(async () => {
    const used = await deps.mfa.useRecoveryCode(
      scope,
      principal.user.id,
      recoveryCodeHash(principal.user.id, code),
      now,
    );
    if (!used) return null;
    await deps.mfa.setRecoveryNotice(scope, principal.user.id, now);
    const result = await completeSignIn(
      deps,
      principal,
      `${principal.session.methods}+recovery_code`,
    );
    await deps.audit.append(scope, {
      action: IDENTITY_EVENTS.recoveryCodeUsed,
      outcome: "allow",
      target: { type: "user", id: principal.user.id },
      details: { remaining: (await deps.mfa.recoveryCounts(scope, principal.user.id)).remaining },
    });
    await recordSecondFactor(deps, scope, principal, "recovery_code");
    return result;
  });
  if (!signedIn) return refuseFactor(deps, principal, "recovery_code");
  return signedIn;
}

export async function recordSecondFactor(
  deps: MfaDeps,
  scope: Scope,
  principal: UserPrincipal,
  method: SecondFactor,
): Promise<void> {
  await deps.audit.append(scope, {
    action: IDENTITY_EVENTS.secondFactor,
    outcome: "allow",
    target: { type: "session", id: principal.session.id },
    details: { method },
  });
}

/** Audits a wrong second factor; ends the unfinished sign-in after {@link MAX_FACTOR_FAILURES}. */
export async function refuseFactor(
  deps: MfaDeps,
  principal: UserPrincipal,
  method: SecondFactor,
): Promise<never> {
  const scope = scopeOf(principal);
  const failures = await deps.sessions.recordFactorFailure(principal.session.id);
  const ended = failures >= MAX_FACTOR_FAILURES;
  await deps.database.transaction(async () => {
    if (ended) await deps.sessions.end(principal.session.id, "too_many_factor_failures");
    await deps.audit.append(scope, {
      action: IDENTITY_EVENTS.secondFactor,
      outcome: "deny",
      target: { type: "session", id: principal.session.id },
      details: { method, reason: "wrong_code", failures, sessionEnded: ended },
    });
  });
  if (ended) {
    throw new AppError("unauthenticated", "Too many wrong codes. Sign in again.");
  }
  throw new AppError("invalid_code", "The code is not correct, or it has already been used.", {
    field: "code",
  });
}

export function totpContext(userId: string): string {
  return `totp|${userId}`;
}
