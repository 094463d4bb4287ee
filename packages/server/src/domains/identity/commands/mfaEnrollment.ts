import type { MfaStatusResponse } from "@engawa/shared";
import { newTotpSecret, totpStepOf, totpUri } from "../../../platform/crypto/totp.ts";
import { AppError } from "../../../platform/errors.ts";
import type { Scope } from "../../../platform/scope.ts";
import { IDENTITY_EVENTS } from "../events.ts";
import { scopeOf } from "../principal.ts";
import type { UserRow } from "../store.ts";
import { newRecoveryCodes } from "./recoveryCodes.ts";
import { completeSignIn, recordSecondFactor, totpContext } from "./secondFactor.ts";
import type { SignedIn } from "./signIn.ts";
import type { MfaDeps, UserPrincipal } from "./mfaDeps.ts";

/** The issuer shown in authenticator apps: the product and the organisation. */
function issuerOf(principal: UserPrincipal): string {
  return `Engawa (${principal.tenant.name})`;
}

export async function mfaStatus(
  deps: MfaDeps,
  principal: UserPrincipal,
): Promise<MfaStatusResponse> {
  const scope = scopeOf(principal);
  const totp = await deps.mfa.totp(scope, principal.user.id);
  const passkeys = await deps.mfa.passkeysOf(scope, principal.user.id);
  const recoveryCodes = await deps.mfa.recoveryCounts(scope, principal.user.id);
  return {
    totp: {
      enrolled: Boolean(totp?.confirmedAt),
      confirmedAt: totp?.confirmedAt?.toISOString() ?? null,
    },
    passkeys: passkeys.map((p) => ({
      id: p.id,
      name: p.name,
      createdAt: p.createdAt.toISOString(),
      lastUsedAt: p.lastUsedAt?.toISOString() ?? null,
    })),
    recoveryCodes,
  };
}

/** A new secret for an authenticator app; it counts only once the user confirms a code. */
export async function startTotp(
  deps: MfaDeps,
  principal: UserPrincipal,
): Promise<{ secret: string; uri: string }> {
  const scope = scopeOf(principal);
  const existing = await deps.mfa.totp(scope, principal.user.id);
  if (existing?.confirmedAt) {
    throw new AppError(
      "already_enrolled",
      "An authenticator app is already set up. Remove it first to set up another.",
    );
  }
  const secret = newTotpSecret();
  const secretEnc = await deps.keyring.encrypt(
    scope,
    "general",
    Buffer.from(secret, "utf8"),
    totpContext(principal.user.id),
  );
  await deps.mfa.putPendingTotp(scope, principal.user.id, secretEnc, deps.clock.now());
  return { secret, uri: totpUri(secret, issuerOf(principal), principal.user.email) };
}

export interface Enrolled {
  /** Set when the enrollment finished an unfinished sign-in: a new session token. */
  signedIn: SignedIn | null;
  /** The first set of recovery codes, when the user had none. */
  recoveryCodes: string[] | null;
}

/** The user proves the app works; the first factor also brings recovery codes. */
export async function confirmTotp(
  deps: MfaDeps,
  principal: UserPrincipal,
  code: string,
): Promise<Enrolled> {
  const scope = scopeOf(principal);
  const row = await deps.mfa.totp(scope, principal.user.id);
  if (!row || row.confirmedAt) {
    throw new AppError("invalid_state", "Start setting up the authenticator app again.");
  }
  const secret = (
    await deps.keyring.decrypt(scope, "general", row.secretEnc, totpContext(principal.user.id))
  ).toString("utf8");
  const now = deps.clock.now();
  const step = totpStepOf(secret, code, now.getTime());
  return deps.database.transaction(async () => {
    if (step === null || !(await deps.mfa.useTotpStep(scope, principal.user.id, step, now))) {
      throw new AppError("invalid_code", "The code is not correct. Check the app and try again.", {
        field: "code",
      });
    }
    await deps.audit.append(scope, {
      action: IDENTITY_EVENTS.totpEnrolled,
      outcome: "allow",
      target: { type: "user", id: principal.user.id },
    });
    return finishEnrollment(deps, scope, principal, "totp");
  });
}

/**
 * After a factor is added: recovery codes if the user has none, and, when this was the enrollment
 * step of a sign-in, the session is finished (the new factor was just proven).
 */
export async function finishEnrollment(
  deps: MfaDeps,
  scope: Scope,
  principal: UserPrincipal,
  method: "totp" | "passkey",
): Promise<Enrolled> {
  let recoveryCodes: string[] | null = null;
  if ((await deps.mfa.recoveryCounts(scope, principal.user.id)).remaining === 0) {
    recoveryCodes = await replaceRecoveryCodes(deps, scope, principal.user.id);
  }
  let signedIn: SignedIn | null = null;
  if (principal.session.stage === "enrollment") {
    signedIn = await completeSignIn(deps, principal, `${principal.session.methods}+${method}`);
    await recordSecondFactor(deps, scope, principal, method);
  }
  return { signedIn, recoveryCodes };
}

async function replaceRecoveryCodes(deps: MfaDeps, scope: Scope, userId: string) {
  const { codes, rows } = newRecoveryCodes(userId);
  await deps.mfa.replaceRecoveryCodes(scope, userId, rows, deps.clock.now());
  await deps.audit.append(scope, {
    action: IDENTITY_EVENTS.recoveryCodesCreated,
    outcome: "allow",
    target: { type: "user", id: userId },
    details: { count: codes.length },
  });
  return codes;
}

export async function regenerateRecoveryCodes(
  deps: MfaDeps,
  principal: UserPrincipal,
): Promise<string[]> {
  const scope = scopeOf(principal);
  return deps.database.transaction(() => replaceRecoveryCodes(deps, scope, principal.user.id));
}

export async function removeTotp(deps: MfaDeps, principal: UserPrincipal): Promise<void> {
  const scope = scopeOf(principal);
  await deps.database.transaction(async () => {
    if (!(await deps.mfa.deleteTotp(scope, principal.user.id))) {
      throw new AppError("not_found", "No authenticator app is set up.");
    }
    await deps.audit.append(scope, {
      action: IDENTITY_EVENTS.totpRemoved,
      outcome: "allow",
      target: { type: "user", id: principal.user.id },
    });
  });
}

export async function dismissRecoveryNotice(
  deps: MfaDeps,
  principal: UserPrincipal,
): Promise<void> {
  await deps.mfa.setRecoveryNotice(scopeOf(principal), principal.user.id, null);
}

/**
 * An admin removes a user's app, passkeys and recovery codes (a lost phone); the user's sessions
 * end, and they set up a factor again at their next sign-in if the tenant requires one.
 */
export async function resetUserMfa(deps: MfaDeps, scope: Scope, user: UserRow): Promise<void> {
  await deps.database.transaction(async () => {
    const totp = await deps.mfa.deleteTotp(scope, user.id);
    const passkeys = await deps.mfa.deletePasskeysOf(scope, user.id);
    await deps.mfa.replaceRecoveryCodes(scope, user.id, [], deps.clock.now());
    await deps.store.endUserSessions(scope, user.id, deps.clock.now(), "mfa_reset");
    await deps.audit.append(scope, {
      action: IDENTITY_EVENTS.mfaReset,
      outcome: "allow",
      target: { type: "user", id: user.id },
      details: { totp, passkeys },
    });
  });
}
