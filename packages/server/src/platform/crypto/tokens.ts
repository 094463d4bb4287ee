import { createHash, randomBytes, randomInt, timingSafeEqual } from "node:crypto";

/** A random token for links and cookies: 256 bits, base64url. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

export function sha256Hex(value: string | Buffer): string {
  return createHash("sha256").update(value).digest("hex");
}

/** Constant-time comparison of two strings (tokens, hashes). */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** No 0/O, 1/I/L: codes people read off paper or a screen and type by hand (31 symbols). */
const READABLE = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/**
 * A random code of `groups` × `size` readable symbols joined by hyphens (about 4.95 bits each),
 * for recovery codes and temporary passwords.
 */
export function readableCode(groups: number, size: number): string {
  return Array.from({ length: groups }, () =>
    Array.from({ length: size }, () => READABLE[randomInt(READABLE.length)]).join(""),
  ).join("-");
}
