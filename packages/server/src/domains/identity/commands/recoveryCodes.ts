import { randomInt, randomUUID } from "node:crypto";
import { RECOVERY_CODE_COUNT } from "@engawa/shared";
import { sha256Hex } from "../../../platform/crypto/tokens.ts";

/** No 0/O, 1/I/L: codes are read off paper and typed by hand. 31 symbols × 10 ≈ 49 bits each. */
const ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/** A fresh set of recovery codes as shown to the user (`XXXXX-XXXXX`), and what is stored. */
export function newRecoveryCodes(userId: string): {
  codes: string[];
  rows: { id: string; codeHash: string }[];
} {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const raw = Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
    return `${raw.slice(0, 5)}-${raw.slice(5)}`;
  });
  return {
    codes,
    rows: codes.map((code) => ({ id: randomUUID(), codeHash: recoveryCodeHash(userId, code) })),
  };
}

/**
 * Only a hash is stored. 49 random bits per code make a salted fast hash enough (unlike
 * passwords, nothing here is guessable); the user id keeps equal codes of two users apart.
 */
export function recoveryCodeHash(userId: string, code: string): string {
  return sha256Hex(`recovery|${userId}|${code.toUpperCase().replaceAll("-", "")}`);
}
