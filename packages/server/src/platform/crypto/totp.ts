import { Secret, TOTP } from "otpauth";

export type TotpAlgorithm = "SHA1" | "SHA256" | "SHA512";

export interface TotpParameters {
  algorithm: TotpAlgorithm;
  digits: number;
  periodSeconds: number;
}

/**
 * What authenticator apps understand everywhere (RFC 6238 §5.2 defaults; Google Authenticator,
 * Microsoft Authenticator and IIJ SmartKey ignore other settings): HMAC-SHA1, 6 digits, 30 s.
 */
export const TOTP_DEFAULTS: TotpParameters = { algorithm: "SHA1", digits: 6, periodSeconds: 30 };

/** Accept the previous and the next time step too (RFC 6238 §5.2: clock drift, typing time). */
const WINDOW = 1;

/** A new 160-bit secret (RFC 4226 §4 recommends 160 bits), base32 as authenticator apps take it. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totpOf(secretBase32: string, params: TotpParameters, label = "", issuer = "") {
  return new TOTP({
    issuer,
    label,
    secret: Secret.fromBase32(secretBase32),
    algorithm: params.algorithm,
    digits: params.digits,
    period: params.periodSeconds,
  });
}

/** The code for a moment (RFC 6238 §4.2): used by tests and by the RFC's Appendix B vectors. */
export function totpCode(
  secretBase32: string,
  atMs: number,
  params: TotpParameters = TOTP_DEFAULTS,
): string {
  return totpOf(secretBase32, params).generate({ timestamp: atMs });
}

/**
 * The time step a code belongs to, within ±1 step of `atMs`, or null. The caller refuses a step
 * that is not newer than the last one accepted, so a code cannot be used twice (RFC 6238 §5.2:
 * "the verifier MUST NOT accept the second attempt of the OTP after the successful validation").
 */
export function totpStepOf(
  secretBase32: string,
  code: string,
  atMs: number,
  params: TotpParameters = TOTP_DEFAULTS,
): number | null {
  if (!new RegExp(`^\\d{${params.digits}}$`).test(code)) return null;
  const delta = totpOf(secretBase32, params).validate({
    token: code,
    timestamp: atMs,
    window: WINDOW,
  });
  if (delta === null) return null;
  return Math.floor(atMs / 1000 / params.periodSeconds) + delta;
}

/** The `otpauth://` URI an authenticator app scans from the QR code (Key Uri Format). */
export function totpUri(secretBase32: string, issuer: string, label: string): string {
  return totpOf(secretBase32, TOTP_DEFAULTS, label, issuer).toString();
}
