import { LIMITS } from "@engawa/shared";
import { AppError } from "../../platform/errors.ts";

/**
 * NIST SP 800-63B §3.1.1.2 for a password that is the only factor: at least 13 characters here
 * (Identity issue's default without MFA; MFA and the MHLW options arrive with that issue), at
 * least 64 allowed (we allow 256), any characters, no composition rules, compared after Unicode
 * normalisation (NFKC) so that the same password typed on another keyboard still matches.
 */
export function acceptablePassword(password: string): string {
  const normalised = password.normalize("NFKC");
  const length = [...normalised].length;
  if (length < LIMITS.passwordMin) {
    throw new AppError("password_too_short", `Use at least ${LIMITS.passwordMin} characters.`, {
      field: "password",
    });
  }
  if (length > LIMITS.passwordMax) {
    throw new AppError("password_too_long", `Use at most ${LIMITS.passwordMax} characters.`, {
      field: "password",
    });
  }
  return normalised;
}

/** E-mail addresses are compared trimmed, lower-cased and NFC-normalised. */
export function normaliseEmail(email: string): string {
  return email.trim().normalize("NFC").toLowerCase();
}
