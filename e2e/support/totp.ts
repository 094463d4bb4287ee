import { Secret, TOTP } from "otpauth";

/** What an authenticator app shows now for a base32 secret (RFC 6238: SHA-1, 6 digits, 30 s). */
export function totpNow(secret: string): string {
  return new TOTP({ secret: Secret.fromBase32(secret) }).generate();
}

/**
 * A code the server has not accepted yet. A code works once per 30-second step, so after using
 * one, wait (polling, as a person waits for the app) until the app shows the next.
 */
export async function freshCode(secret: string, used: Set<string>): Promise<string> {
  const deadline = Date.now() + 45_000;
  for (;;) {
    const code = totpNow(secret);
    if (!used.has(code)) {
      used.add(code);
      return code;
    }
    if (Date.now() > deadline) throw new Error("the authenticator code did not change");
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
