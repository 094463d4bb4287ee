import type { ZxcvbnFactory } from "@zxcvbn-ts/core";
import { LIMITS, PASSWORD_RULES, type TenantSettings } from "@engawa/shared";
import { AppError } from "../../platform/errors.ts";

export interface PasswordRules {
  minLength: number;
  /** Letters, digits and symbols together (MHLW 6.0 シス14⑥ 「英数字・記号混在」). */
  characterMix: boolean;
}

/** Operators and first-run accounts: the password is their only factor. */
export const DEPLOYMENT_PASSWORD_RULES: PasswordRules = {
  minLength: PASSWORD_RULES.minLengthAlone,
  characterMix: false,
};

/**
 * The rules for a user's new password (NIST SP 800-63B §3.1.1.2): 13 characters when the password
 * is the only factor, 8 when a second factor is required of them or they have one; the tenant may
 * raise the minimum and ask for the MHLW character mix. No other composition rules.
 */
export function passwordRulesFor(
  settings: Pick<TenantSettings, "passwordMinLength" | "passwordCharacterMix">,
  hasSecondFactor: boolean,
): PasswordRules {
  const base = hasSecondFactor ? PASSWORD_RULES.minLengthWithMfa : PASSWORD_RULES.minLengthAlone;
  return {
    minLength: Math.max(base, settings.passwordMinLength ?? 0),
    characterMix: settings.passwordCharacterMix ?? false,
  };
}

/** zxcvbn scores 0–4; below this a password is refused as easy to guess. */
const MIN_SCORE = 3;
/** Names shorter than this are too common a substring to refuse passwords for. */
const MIN_CONTEXT_WORD = 4;

let strength: Promise<ZxcvbnFactory> | null = null;

/**
 * Common passwords, English and Japanese words and names (zxcvbn-ts language packs, installed with
 * the repo's dependencies). Loaded on first use: the dictionaries take a few hundred milliseconds,
 * which every process start (the CLI, too) would otherwise pay.
 */
function estimator(): Promise<ZxcvbnFactory> {
  strength ??= (async () => {
    const [{ ZxcvbnFactory }, common, ja] = await Promise.all([
      import("@zxcvbn-ts/core"),
      import("@zxcvbn-ts/language-common"),
      import("@zxcvbn-ts/language-ja"),
    ]);
    return new ZxcvbnFactory({
      dictionary: { ...common.dictionary, ...ja.dictionary },
      graphs: common.adjacencyGraphs,
      translations: ja.translations,
    });
  })();
  return strength;
}

/**
 * Checks a new password and returns it normalised (NFKC, so the same password typed on another
 * keyboard matches). Refuses, each with its own code: too short or too long; without the
 * character mix when the tenant asks for it; common or guessable — zxcvbn's lists and patterns,
 * or containing the organisation's or the person's own names (context words, NIST §3.1.1.2).
 */
export async function checkNewPassword(
  password: string,
  rules: PasswordRules,
  context: string[],
  field = "password",
): Promise<string> {
  const normalised = password.normalize("NFKC");
  const length = [...normalised].length;
  if (length < rules.minLength) {
    throw new AppError("password_too_short", `Use at least ${rules.minLength} characters.`, {
      field,
    });
  }
  if (length > LIMITS.passwordMax) {
    throw new AppError("password_too_long", `Use at most ${LIMITS.passwordMax} characters.`, {
      field,
    });
  }
  if (rules.characterMix && !hasCharacterMix(normalised)) {
    throw new AppError(
      "password_needs_mix",
      "Use letters, digits and symbols together in the password.",
      { field },
    );
  }
  const words = contextWords(context);
  const folded = normalised.toLowerCase();
  if (
    words.some((word) => folded.includes(word)) ||
    (await estimator()).check(normalised, words).score < MIN_SCORE
  ) {
    throw new AppError(
      "password_too_common",
      "This password is too easy to guess. Avoid common passwords and names, and make it longer.",
      { field },
    );
  }
  return normalised;
}

export function hasCharacterMix(password: string): boolean {
  return /\p{L}/u.test(password) && /\p{Nd}/u.test(password) && /[^\p{L}\p{Nd}\s]/u.test(password);
}

/** The organisation's name and ID, the person's name and the parts of their e-mail address. */
function contextWords(context: string[]): string[] {
  const words = new Set<string>();
  for (const value of context) {
    for (const part of value
      .toLowerCase()
      .normalize("NFKC")
      .split(/[\s@._+-]+/)) {
      if ([...part].length >= MIN_CONTEXT_WORD) words.add(part);
    }
  }
  return [...words];
}

/** E-mail addresses are compared trimmed, lower-cased and NFC-normalised. */
export function normaliseEmail(email: string): string {
  return email.trim().normalize("NFC").toLowerCase();
}
