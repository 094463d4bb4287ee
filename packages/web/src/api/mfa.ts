import {
  browserSupportsWebAuthn,
  startAuthentication,
  startRegistration,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from "@simplewebauthn/browser";
import type { MeResponse, PasskeyOptionsResponse } from "@engawa/shared";
import { ApiError } from "./client.ts";

/** The sign-in step pages: where a session that is not complete yet must go. */
export const VERIFY_PATH = "/sign-in/verify";
export const SETUP_PATH = "/security/setup";
export const PASSWORD_CHANGE_PATH = "/sign-in/change-password";

/** Where a session belongs: its pending sign-in step, or null when it is complete. */
export function stepPath(me: MeResponse): string | null {
  switch (me.session.stage) {
    case "second_factor":
      return VERIFY_PATH;
    case "password_change":
      return PASSWORD_CHANGE_PATH;
    case "enrollment":
      return SETUP_PATH;
    default:
      return null;
  }
}

/** Whether the user has a second factor of their own (recovery codes alone do not count). */
export function hasSecondFactor(me: MeResponse): boolean {
  return me.security.factors.some((factor) => factor === "totp" || factor === "passkey");
}

/**
 * The browser's refusals, in the words the UI has for them: the person cancelled or let the prompt
 * time out (NotAllowedError, AbortError), the authenticator already holds a passkey of this account
 * (InvalidStateError at registration), or the browser has no WebAuthn at all.
 */
function asPasskeyError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const name = error instanceof Error ? error.name : "";
  const code = error instanceof Error && "code" in error ? String(error.code) : "";
  if (name === "InvalidStateError" || code === "ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED")
    return new ApiError({ status: 0, code: "already_enrolled" });
  if (name === "NotAllowedError" || name === "AbortError" || code === "ERROR_CEREMONY_ABORTED")
    return new ApiError({ status: 0, code: "passkey_cancelled" });
  return new ApiError({ status: 0, code: "passkey_failed" });
}

function ensureSupported(): void {
  if (!browserSupportsWebAuthn()) throw new ApiError({ status: 0, code: "passkey_unsupported" });
}

/** Asks the browser to sign the server's challenge with a passkey (sign-in or second step). */
export async function passkeyAssertion(
  challenge: PasskeyOptionsResponse,
): Promise<AuthenticationResponseJSON> {
  ensureSupported();
  try {
    return await startAuthentication({
      optionsJSON: challenge.options as unknown as PublicKeyCredentialRequestOptionsJSON,
    });
  } catch (error) {
    throw asPasskeyError(error);
  }
}

/** Asks the browser to create a passkey for the server's creation options. */
export async function passkeyRegistration(
  challenge: PasskeyOptionsResponse,
): Promise<RegistrationResponseJSON> {
  ensureSupported();
  try {
    return await startRegistration({
      optionsJSON: challenge.options as unknown as PublicKeyCredentialCreationOptionsJSON,
    });
  } catch (error) {
    throw asPasskeyError(error);
  }
}
