import type {
  PasskeyAssertionRequest,
  PasskeyOptionsResponse,
  StepUpRequest,
} from "@engawa/shared";
import { verifyPassword } from "../../../platform/crypto/passwords.ts";
import { AppError } from "../../../platform/errors.ts";
import { IDENTITY_EVENTS } from "../events.ts";
import { scopeOf } from "../principal.ts";
import { assertionOptions, verifyAssertion } from "./passkeys.ts";
import { factorsOf, MAX_FACTOR_FAILURES, totpAccepted } from "./secondFactor.ts";
import type { MfaDeps, UserPrincipal } from "./mfaDeps.ts";

type StepUpMethod = "password" | "password+totp" | "totp" | "passkey";

/**
 * Step-up re-authentication (NIST SP 800-63B §7.2): before a sensitive change, a session whose
 * last authentication is older than the tenant's `stepUpMinutes` confirms it is still the user.
 * What is asked matches the sign-in: the password, and a code when an authenticator app is set
 * up (an account without a password — single sign-on — gives the code alone). A passkey is the
 * other way ({@link stepUpWithPasskey}). Wrong answers count against the session like wrong
 * second factors: after {@link MAX_FACTOR_FAILURES} the session ends, so a stolen session cannot
 * be used to guess the password.
 */
export async function stepUp(
  deps: MfaDeps,
  principal: UserPrincipal,
  input: StepUpRequest,
): Promise<void> {
  const found = await deps.store.userById(principal.user.id);
  if (!found) throw new AppError("unauthenticated", "Sign in to continue.");
  const hasPassword = found.user.passwordHash !== null;
  const hasApp = (await factorsOf(deps, scopeOf(principal), principal.user.id)).includes("totp");
  if (!hasPassword && !hasApp) {
    throw new AppError(
      "invalid_state",
      "This account has no password or authenticator app here: use a passkey, or sign in again.",
    );
  }
  if (hasPassword && input.password === undefined)
    throw new AppError("invalid_request", "Enter your password.", { field: "password" });
  if (hasApp && input.code === undefined)
    throw new AppError("invalid_request", "Enter the code from your authenticator app.", {
      field: "code",
    });
  if (
    hasPassword &&
    !(await verifyPassword(found.user.passwordHash ?? "", (input.password ?? "").normalize("NFKC")))
  )
    return refuse(deps, principal, "password");
  if (hasApp && !(await totpAccepted(deps, principal, input.code ?? "")))
    return refuse(deps, principal, "code");
  await confirmed(deps, principal, hasPassword ? (hasApp ? "password+totp" : "password") : "totp");
}

/** A challenge for confirming with one of the user's own passkeys. */
export async function stepUpPasskeyOptions(
  deps: MfaDeps,
  principal: UserPrincipal,
): Promise<PasskeyOptionsResponse> {
  const passkeys = await deps.mfa.passkeysOf(scopeOf(principal), principal.user.id);
  if (passkeys.length === 0) throw new AppError("not_found", "No passkey is registered.");
  return assertionOptions(deps, "step_up", principal.tenant.id, principal.user.id, passkeys);
}

/** Confirming with a passkey: phishing-resistant and user-verified, so it is enough alone. */
export async function stepUpWithPasskey(
  deps: MfaDeps,
  principal: UserPrincipal,
  input: PasskeyAssertionRequest,
): Promise<void> {
  const challenge = await deps.mfa.takeChallenge(
    input.challengeId,
    "step_up",
    principal.tenant.id,
    deps.clock.now(),
  );
  const passkey = (await deps.mfa.passkeysOf(scopeOf(principal), principal.user.id)).find(
    (p) => p.credentialId === input.credential.id,
  );
  const ok =
    challenge?.userId === principal.user.id &&
    passkey !== undefined &&
    (await verifyAssertion(deps, passkey, challenge.challenge, input.credential));
  if (!ok) return refuse(deps, principal, "passkey");
  await confirmed(deps, principal, "passkey");
}

async function confirmed(
  deps: MfaDeps,
  principal: UserPrincipal,
  method: StepUpMethod,
): Promise<void> {
  await deps.database.transaction(async () => {
    await deps.sessions.markAuthenticated(
      principal.session.id,
      withMethod(principal.session.methods, method),
    );
    await deps.audit.append(scopeOf(principal), {
      action: IDENTITY_EVENTS.stepUp,
      outcome: "allow",
      target: { type: "session", id: principal.session.id },
      details: { method },
    });
  });
}

/** Audits a wrong answer; ends the session after {@link MAX_FACTOR_FAILURES} of them. */
async function refuse(
  deps: MfaDeps,
  principal: UserPrincipal,
  what: "password" | "code" | "passkey",
): Promise<never> {
  const failures = await deps.sessions.recordFactorFailure(principal.session.id);
  const ended = failures >= MAX_FACTOR_FAILURES;
  await deps.database.transaction(async () => {
    if (ended) await deps.sessions.end(principal.session.id, "too_many_step_up_failures");
    await deps.audit.append(scopeOf(principal), {
      action: IDENTITY_EVENTS.stepUp,
      outcome: "deny",
      target: { type: "session", id: principal.session.id },
      details: { reason: `wrong_${what}`, failures, sessionEnded: ended },
    });
  });
  if (ended) throw new AppError("unauthenticated", "Too many wrong answers. Sign in again.");
  if (what === "password")
    throw new AppError("wrong_current_password", "The password is not correct.", {
      field: "password",
    });
  if (what === "code")
    throw new AppError("invalid_code", "The code is not correct, or it has already been used.", {
      field: "code",
    });
  throw new AppError("passkey_failed", "The passkey could not be used to confirm it is you.");
}

/**
 * The session's methods after a step-up: a code or a passkey given now is added to what the
 * sign-in used (`password` + `totp` → `password+totp`), so the session counts as multi-factor.
 */
function withMethod(methods: string, used: StepUpMethod): string {
  const parts = new Set(methods.split("+"));
  for (const part of used.split("+")) parts.add(part);
  return [...parts].join("+");
}
