import { hash, verify, type Algorithm } from "@node-rs/argon2";

/**
 * argon2id with OWASP's first recommended setting (m = 19 MiB, t = 2, p = 1). Hashing runs on
 * libuv's thread pool, off the event loop; callers must not hold a database transaction while
 * awaiting it (ARCHITECTURE.md, PGlite in practice).
 */
export const ARGON2_PARAMS = {
  // Algorithm.Argon2id; a const enum cannot be read at run time under type stripping.
  algorithm: 2 as Algorithm.Argon2id,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_PARAMS);
}

let verifications = 0;

/** How many argon2 verifications this process ran (tests prove the unknown-user path hashes). */
export function passwordVerifications(): number {
  return verifications;
}

export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  verifications += 1;
  try {
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | null = null;

/**
 * Spends the same time as a real verification, for an unknown account, so that response time
 * does not reveal which e-mail addresses exist.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword("engawa-dummy-password-for-unknown-accounts");
  await verifyPassword(await dummyHash, password);
  return false;
}
