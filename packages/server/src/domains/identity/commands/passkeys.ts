import { randomUUID } from "node:crypto";
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticatorTransport,
} from "@simplewebauthn/server";
import type {
  PasskeyAssertionRequest,
  PasskeyOptionsResponse,
  PasskeyRegisterRequest,
} from "@engawa/shared";
import { MINUTE } from "../../../platform/clock.ts";
import { AppError } from "../../../platform/errors.ts";
import type { Scope } from "../../../platform/scope.ts";
import { IDENTITY_EVENTS } from "../events.ts";
import type { PasskeyRow } from "../mfaStore.ts";
import { scopeOf } from "../principal.ts";
import { finishEnrollment, type Enrolled } from "./mfaEnrollment.ts";
import { completeSignIn, recordSecondFactor, refuseFactor } from "./secondFactor.ts";
import type { SignedIn } from "./signIn.ts";
import type { MfaDeps, UserPrincipal } from "./mfaDeps.ts";

/** A WebAuthn ceremony must finish within this time (the browser's own timeout is shorter). */
const CHALLENGE_LIFETIME = 5 * MINUTE;

export type ChallengePurpose = "register" | "second_factor" | "sign_in" | "step_up";

/**
 * Passkeys are only worth having if they are phishing-resistant and prove the person: the origin
 * and RP ID are checked by the verification, and user verification (PIN, biometrics) is required
 * (WebAuthn Level 3 §7.1/§7.2 steps "verify that the UV bit is set").
 */
const USER_VERIFICATION = "required" as const;

function uuidBytes(id: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(16);
  bytes.set(Buffer.from(id.replaceAll("-", ""), "hex"));
  return bytes;
}

function transportsOf(row: PasskeyRow): AuthenticatorTransport[] {
  return row.transports ? (row.transports.split(",") as AuthenticatorTransport[]) : [];
}

export async function storeChallenge(
  deps: MfaDeps,
  purpose: ChallengePurpose,
  tenantId: string,
  userId: string | null,
  challenge: string,
): Promise<string> {
  const id = randomUUID();
  const now = deps.clock.now();
  await deps.mfa.pruneChallenges(now);
  await deps.mfa.insertChallenge({
    id,
    challenge,
    purpose,
    tenantId,
    userId,
    expiresAt: new Date(now.getTime() + CHALLENGE_LIFETIME),
    usedAt: null,
  });
  return id;
}

/** Options for `navigator.credentials.create`: a discoverable credential with user verification. */
export async function registrationOptions(
  deps: MfaDeps,
  principal: UserPrincipal,
): Promise<PasskeyOptionsResponse> {
  const existing = await deps.mfa.passkeysOf(scopeOf(principal), principal.user.id);
  const options = await generateRegistrationOptions({
    rpName: deps.relyingParty.name,
    rpID: deps.relyingParty.id,
    userName: principal.user.email,
    userDisplayName: principal.user.displayName,
    userID: uuidBytes(principal.user.id),
    attestationType: "none",
    excludeCredentials: existing.map((p) => ({ id: p.credentialId, transports: transportsOf(p) })),
    authenticatorSelection: { residentKey: "required", userVerification: USER_VERIFICATION },
  });
  const challengeId = await storeChallenge(
    deps,
    "register",
    principal.tenant.id,
    principal.user.id,
    options.challenge,
  );
  return { challengeId, options: options as unknown as Record<string, unknown> };
}

export async function registerPasskey(
  deps: MfaDeps,
  principal: UserPrincipal,
  input: PasskeyRegisterRequest,
): Promise<Enrolled> {
  const scope = scopeOf(principal);
  const challenge = await deps.mfa.takeChallenge(
    input.challengeId,
    "register",
    principal.tenant.id,
    deps.clock.now(),
  );
  if (!challenge || challenge.userId !== principal.user.id) {
    throw new AppError("passkey_failed", "The passkey request expired. Try again.");
  }
  const verification = await verifyRegistrationResponse({
    response: input.credential,
    expectedChallenge: challenge.challenge,
    expectedOrigin: deps.relyingParty.origin,
    expectedRPID: deps.relyingParty.id,
    requireUserVerification: true,
  }).catch(() => null);
  if (!verification?.verified || !verification.registrationInfo) {
    throw new AppError("passkey_failed", "The passkey could not be registered. Try again.");
  }
  const credential = verification.registrationInfo.credential;
  return deps.database.transaction(async () => {
    const id = randomUUID();
    await deps.mfa.insertPasskey(scope, {
      id,
      userId: principal.user.id,
      credentialId: credential.id,
      publicKey: Buffer.from(credential.publicKey).toString("base64url"),
      signCount: credential.counter,
      transports: (credential.transports ?? []).join(","),
      name: input.name.trim(),
      createdAt: deps.clock.now(),
      lastUsedAt: null,
    });
    await deps.audit.append(scope, {
      action: IDENTITY_EVENTS.passkeyRegistered,
      outcome: "allow",
      target: { type: "passkey", id },
      details: { name: input.name.trim() },
    });
    return finishEnrollment(deps, scope, principal, "passkey");
  });
}

export async function removePasskey(
  deps: MfaDeps,
  principal: UserPrincipal,
  passkeyId: string,
): Promise<void> {
  const scope = scopeOf(principal);
  await deps.database.transaction(async () => {
    if (!(await deps.mfa.deletePasskey(scope, principal.user.id, passkeyId))) {
      throw new AppError("not_found", "Passkey not found.");
    }
    await deps.audit.append(scope, {
      action: IDENTITY_EVENTS.passkeyRemoved,
      outcome: "allow",
      target: { type: "passkey", id: passkeyId },
    });
  });
}

/** Options for `navigator.credentials.get`, limited to the given credentials (empty: any passkey). */
export async function assertionOptions(
  deps: MfaDeps,
  purpose: "second_factor" | "sign_in" | "step_up",
  tenantId: string,
  userId: string | null,
  allow: PasskeyRow[],
): Promise<PasskeyOptionsResponse> {
  const options = await generateAuthenticationOptions({
    rpID: deps.relyingParty.id,
    allowCredentials: allow.map((p) => ({ id: p.credentialId, transports: transportsOf(p) })),
    userVerification: USER_VERIFICATION,
  });
  const challengeId = await storeChallenge(deps, purpose, tenantId, userId, options.challenge);
  return { challengeId, options: options as unknown as Record<string, unknown> };
}

/**
 * Checks an assertion against a stored passkey: challenge, origin, RP ID, signature, user
 * verification, and a signature counter that must grow when the authenticator keeps one (a
 * cloned authenticator shows up as a counter that goes back).
 */
export async function verifyAssertion(
  deps: MfaDeps,
  passkey: PasskeyRow,
  expectedChallenge: string,
  credential: PasskeyAssertionRequest["credential"],
): Promise<boolean> {
  const verification = await verifyAuthenticationResponse({
    response: credential,
    expectedChallenge,
    expectedOrigin: deps.relyingParty.origin,
    expectedRPID: deps.relyingParty.id,
    credential: {
      id: passkey.credentialId,
      publicKey: Uint8Array.from(Buffer.from(passkey.publicKey, "base64url")),
      counter: passkey.signCount,
      transports: transportsOf(passkey),
    },
    requireUserVerification: true,
  }).catch(() => null);
  if (!verification?.verified) return false;
  await deps.mfa.passkeyUsed(
    passkey.id,
    verification.authenticationInfo.newCounter,
    deps.clock.now(),
  );
  return true;
}

/** Options of the usual shape whose challenge is stored nowhere, so they can never succeed. */
export async function decoyAssertionOptions(deps: MfaDeps): Promise<PasskeyOptionsResponse> {
  const options = await generateAuthenticationOptions({
    rpID: deps.relyingParty.id,
    allowCredentials: [],
    userVerification: USER_VERIFICATION,
  });
  return { challengeId: randomUUID(), options: options as unknown as Record<string, unknown> };
}

export async function secondFactorOptions(
  deps: MfaDeps,
  principal: UserPrincipal,
): Promise<PasskeyOptionsResponse> {
  const passkeys = await deps.mfa.passkeysOf(scopeOf(principal), principal.user.id);
  if (passkeys.length === 0) throw new AppError("not_found", "No passkey is registered.");
  return assertionOptions(deps, "second_factor", principal.tenant.id, principal.user.id, passkeys);
}

/** The second step with a passkey of the user's own. */
export async function verifyPasskeyFactor(
  deps: MfaDeps,
  principal: UserPrincipal,
  input: PasskeyAssertionRequest,
): Promise<SignedIn> {
  const scope: Scope = scopeOf(principal);
  const challenge = await deps.mfa.takeChallenge(
    input.challengeId,
    "second_factor",
    principal.tenant.id,
    deps.clock.now(),
  );
  const passkey = (await deps.mfa.passkeysOf(scope, principal.user.id)).find(
    (p) => p.credentialId === input.credential.id,
  );
  const ok =
    challenge?.userId === principal.user.id &&
    passkey !== undefined &&
    (await verifyAssertion(deps, passkey, challenge.challenge, input.credential));
  if (!ok) return refuseFactor(deps, principal, "passkey");
  return deps.database.transaction(async () => {
    const signedIn = await completeSignIn(deps, principal, `${principal.session.methods}+passkey`);
    await recordSecondFactor(deps, scope, principal, "passkey");
    return signedIn;
  });
}
