import type { ZxcvbnFactory } from "@zxcvbn-ts/core";

/** The server refuses a password zxcvbn scores below this (identity/passwordPolicy.ts). */
export const MIN_STRENGTH_SCORE = 3;
/** Names shorter than this are not refused as parts of a password (as on the server). */
const MIN_CONTEXT_WORD = 4;

/** What the strength meter shows: zxcvbn's score and its feedback as translation keys. */
export interface Strength {
  score: 0 | 1 | 2 | 3 | 4;
  /** The password contains the organisation's or the person's name (refused by the server). */
  containsName: boolean;
  /** A key of `strength.warnings`, or null. */
  warning: string | null;
  /** Keys of `strength.suggestions`. */
  suggestions: string[];
}

let estimator: Promise<ZxcvbnFactory> | null = null;

/**
 * zxcvbn-ts with the same dictionaries the server uses (common passwords, English and Japanese
 * words and names). Loaded on first use with dynamic `import()`, so the dictionaries (a few
 * megabytes) are a chunk of their own, fetched only by pages that ask for a new password. No
 * translations are given: the feedback comes back as keys, worded in the UI's own dictionaries.
 */
function loadEstimator(): Promise<ZxcvbnFactory> {
  estimator ??= (async () => {
    const [{ ZxcvbnFactory }, common, ja] = await Promise.all([
      import("@zxcvbn-ts/core"),
      import("@zxcvbn-ts/language-common"),
      import("@zxcvbn-ts/language-ja"),
    ]);
    return new ZxcvbnFactory({
      dictionary: { ...common.dictionary, ...ja.dictionary },
      graphs: common.adjacencyGraphs,
    });
  })();
  estimator.catch(() => {
    // A failed download is tried again next time; the server checks anyway.
    estimator = null;
  });
  return estimator;
}

/** Starts loading the dictionaries early (when a password field appears). */
export function preloadStrength(): void {
  void loadEstimator().catch(() => undefined);
}

/** The organisation's and the person's names and e-mail parts, split as the server splits them. */
export function contextWords(values: readonly string[]): string[] {
  const words = new Set<string>();
  for (const value of values) {
    for (const part of value
      .toLowerCase()
      .normalize("NFKC")
      .split(/[\s@._+-]+/)) {
      if ([...part].length >= MIN_CONTEXT_WORD) words.add(part);
    }
  }
  return [...words];
}

/** Scores a password as the server will (same library, dictionaries and context words). */
export async function estimateStrength(
  password: string,
  context: readonly string[],
): Promise<Strength> {
  const zxcvbn = await loadEstimator();
  const normalised = password.normalize("NFKC");
  const words = contextWords(context);
  const folded = normalised.toLowerCase();
  const result = zxcvbn.check(normalised, words);
  return {
    score: result.score,
    containsName: words.some((word) => folded.includes(word)),
    warning: result.feedback.warning || null,
    suggestions: result.feedback.suggestions,
  };
}

/** Whether the server will take the password as hard enough to guess. */
export function strongEnough(strength: Strength): boolean {
  return !strength.containsName && strength.score >= MIN_STRENGTH_SCORE;
}

/** Letters, digits and symbols together (the MHLW option; the same test as the server's). */
export function hasCharacterMix(password: string): boolean {
  return /\p{L}/u.test(password) && /\p{Nd}/u.test(password) && /[^\p{L}\p{Nd}\s]/u.test(password);
}
