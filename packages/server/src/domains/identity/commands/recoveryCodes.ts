import { randomUUID } from "node:crypto";
import { RECOVERY_CODE_COUNT } from "@engawa/shared";
import { readableCode, sha256Hex } from "../../../platform/crypto/tokens.ts";

/** A fresh set of recovery codes as shown to the user (`XXXXX-XXXXX`), and what is stored. */
export function newRecoveryCodes(userId: string): {
  codes: string[];
  rows: { id: string; codeHash: string }[];
} {
  // Two groups of five readable symbols: about 49 bits each.
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => readableCode(2, 5));
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
