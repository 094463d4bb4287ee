/**
 * The breached-password list: the 49,000 passwords most common in public leaked-password corpora,
 * as zxcvbn-ts ships them in `@zxcvbn-ts/language-common` (MIT; built from SecLists' 10-million
 * leaked passwords). NIST SP 800-63B §3.1.1.2 asks verifiers to compare passwords with "passwords
 * obtained from previous breach corpuses"; the password rules already refuse them when a password
 * is set, so at sign-in a match means a password set before those rules or by other means.
 */
let breached: Promise<Set<string>> | null = null;

async function load(): Promise<Set<string>> {
  const common = await import("@zxcvbn-ts/language-common");
  const passwords = (common.dictionary as Record<string, string[]>)["passwords-common"] ?? [];
  return new Set(passwords.map((p) => p.toLowerCase()));
}

/** Whether a password (as typed, NFKC-normalised) is on the list; compared without case. */
export async function isBreachedPassword(password: string): Promise<boolean> {
  breached ??= load();
  return (await breached).has(password.normalize("NFKC").toLowerCase());
}
