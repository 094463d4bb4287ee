import type { PasskeyOptionsResponse, PasskeySignInRequest } from "@engawa/shared";
import type { RequestInfo } from "../../../platform/context.ts";
import { AppError } from "../../../platform/errors.ts";
import { scopeFor } from "../../../platform/scope.ts";
import { IDENTITY_EVENTS } from "../events.ts";
import { guestShutOut } from "../guestAccess.ts";
import { assertionOptions, decoyAssertionOptions, verifyAssertion } from "./passkeys.ts";
import { throttled, type SignInDeps } from "./signIn.ts";
import { startAssessedSession } from "./riskySignIn.ts";
import type { SignedIn } from "./startSession.ts";
import type { MfaDeps } from "./mfaDeps.ts";

const REFUSED = "The passkey could not be used to sign in to this organisation.";

/**
 * Options for a passwordless sign-in: any passkey of the organisation (discoverable credentials,
 * so no e-mail address is asked for). An unknown organisation gets options of the same shape
 * that can never succeed, so the answer does not reveal which organisation IDs exist.
 */
export async function passkeySignInOptions(
  deps: MfaDeps,
  signInDeps: SignInDeps,
  slug: string,
): Promise<PasskeyOptionsResponse> {
  const tenant = await signInDeps.store.tenantBySlug(slug);
  if (!tenant || tenant.status !== "active") return decoyAssertionOptions(deps);
  return assertionOptions(deps, "sign_in", tenant.id, null, []);
}

/**
 * Passwordless sign-in with a passkey alone: phishing-resistant and with user verification, so it
 * is a complete multi-factor sign-in (something you have + something you know or are).
 */
export async function passkeySignIn(
  deps: MfaDeps,
  signInDeps: SignInDeps,
  input: PasskeySignInRequest,
  request: RequestInfo,
): Promise<SignedIn> {
  const tenant = await signInDeps.store.tenantBySlug(input.tenant);
  const chainScope = scopeFor({ type: "anonymous" }, tenant?.id ?? null);
  const accountKey = `passkey|${input.tenant}|${input.credential.id}`;
  await throttled(signInDeps, accountKey, request, chainScope, IDENTITY_EVENTS.signIn, {
    method: "passkey",
  });
  const now = deps.clock.now();
  const challenge = tenant
    ? await deps.mfa.takeChallenge(input.challengeId, "sign_in", tenant.id, now)
    : undefined;
  const passkey = tenant
    ? await deps.mfa.passkeyByCredential(tenant.id, input.credential.id)
    : undefined;
  const found = passkey ? await signInDeps.store.userById(passkey.userId) : undefined;
  // A guest whose account ended (or whose organisation turned guests off) is refused here as at
  // a password sign-in, not only at the first request after it.
  const shutOut = found && tenant ? guestShutOut(found.user, tenant, now) : null;
  const usable =
    tenant?.status === "active" &&
    found?.user.status === "active" &&
    !shutOut &&
    challenge &&
    passkey;
  const verified =
    usable && (await verifyAssertion(deps, passkey, challenge.challenge, input.credential));
  if (!verified || !tenant || !found) {
    const reason = !tenant
      ? "unknown_tenant"
      : !challenge
        ? "challenge_expired"
        : !passkey
          ? "unknown_passkey"
          : found?.user.status !== "active"
            ? "user_unavailable"
            : (shutOut ?? "assertion_failed");
    await signInDeps.denials.record(
      chainScope,
      {
        action: IDENTITY_EVENTS.signIn,
        outcome: "deny",
        request,
        target: found ? { type: "user", id: found.user.id } : null,
        details: { method: "passkey", reason },
      },
      `passkey|${reason}`,
    );
    throw new AppError("passkey_failed", REFUSED);
  }
  signInDeps.throttle.succeeded(accountKey, request.ip);
  return startAssessedSession(signInDeps, {
    tenant,
    user: found.user,
    method: "passkey",
    request,
    details: { passkey: passkey.name },
  });
}
