import { createHmac, createSecretKey } from "node:crypto";

/**
 * Search over encrypted messages and file names (issue "Collaboration"): the database holds only
 * a blind index — keyed hashes of index terms — and candidates found through it are decrypted and
 * checked with `matches` before anyone sees them. This file is the pure part: normalisation,
 * terms, blinding, verification and highlighting. No I/O, no database.
 *
 * Decisions (see also docs/SECURITY.md, "Search"):
 * - Normalisation is NFKC (UAX #15: full-width ＡＢＣ → ABC, half-width ｶﾞ → ガ, ㍻ → 平成), then
 *   an approximation of Unicode full case folding (upper- then lower-case, locale-independent:
 *   ß → ss, ς → σ, no Turkish dotless-i rule), then katakana folded to hiragana, so that カルテ
 *   and かるて find each other (people search names and words in either script; the text shown
 *   keeps its own script). Everything that is not a letter, digit or mark is a word break.
 *   No diacritic folding (café ≠ cafe): stripping marks would also strip dakuten (が → か).
 * - CJK (Han, hiragana, katakana, Hangul, 々 〆 ー) has no spaces, so it is indexed by overlapping
 *   character bigrams plus every character as a unigram (so a one-kanji query finds the kanji
 *   inside sentences). Bigram search accepts any substring, e.g. 療予 in 診療予定: that is
 *   substring search, the usual trade-off of n-gram indexes without a morphological analyser.
 * - Latin and other spaced scripts are indexed by whole normalised words; no stemming (an English
 *   stemmer mangles romanised Japanese, drug names and codes) and no prefixes (each prefix would
 *   be one more token in the index, and more to learn from it). "schedule" does not find
 *   "schedules".
 * - Queries are AND: every term must match. Adjacency between a query's CJK and Latin parts is
 *   not required ("明日のMRI" matches "MRIは明日の朝").
 *
 * Invariant (tested): whenever `matches(text, query)`, `queryTerms(query)` ⊆ `termsOf(text)`, so
 * the index never hides a message that verification would accept.
 */

/** A run of search characters in normalised text: `start` is its UTF-16 offset there. */
interface Run {
  kind: "cjk" | "word";
  text: string;
  start: number;
}

/** Normalised text and, for each of its UTF-16 units, the range of original text it came from. */
interface Mapped {
  text: string;
  from: number[];
  to: number[];
}

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** 々 and 〇 are Han; 〆 (U+3006) and ー (U+30FC) are "Common" in Unicode's script data. */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3006\u30FC]/u;
const WORD = /[\p{L}\p{N}]/u;
const MARK = /\p{M}/u;

/** Katakana ァ–ヶ and ヽヾ sit exactly 0x60 above their hiragana (Unicode chart U+30A0). */
function foldKana(piece: string): string {
  return piece.replace(/[\u30A1-\u30F6\u30FD\u30FE]/gu, (k) =>
    String.fromCharCode(k.charCodeAt(0) - 0x60),
  );
}

function fold(cluster: string): string {
  return foldKana(cluster.normalize("NFKC").toUpperCase().toLowerCase());
}

/**
 * Normalises one grapheme cluster at a time (UAX #29), so that every character of the result
 * knows which original characters it came from: NFKC changes lengths (㍻ → 平成, ｶﾞ → ガ, ﬁ → fi),
 * and the web client highlights the original text. Half-width dakuten (ﾞ) are grapheme extenders,
 * so ｶﾞ is one cluster and composes to ガ. Per cluster, NFKC can differ from NFKC of the whole
 * string only where a composition would cross clusters (rare); index, query and verification all
 * use this one function, so they agree.
 */
function normaliseMapped(text: string): Mapped {
  let out = "";
  const from: number[] = [];
  const to: number[] = [];
  const push = (unit: string, start: number, end: number): void => {
    out += unit;
    from.push(start);
    to.push(end);
  };
  for (const { segment, index } of graphemes.segment(text)) {
    const end = index + segment.length;
    for (const cp of fold(segment)) {
      const kept =
        WORD.test(cp) || CJK.test(cp) || (MARK.test(cp) && out !== "" && !out.endsWith(" "));
      if (kept) for (const unit of cp.split("")) push(unit, index, end);
      else if (out !== "" && !out.endsWith(" ")) push(" ", index, end);
    }
  }
  if (out.endsWith(" ")) {
    out = out.slice(0, -1);
    from.pop();
    to.pop();
  }
  return { text: out, from, to };
}

/**
 * The form both the index and the verification see: NFKC, case-folded, katakana as hiragana,
 * punctuation and spaces as single spaces. Example: "ＭＲＩ、ｶﾙﾃ!" → "mri かるて".
 */
export function normaliseForSearch(text: string): string {
  if (PRINTABLE_ASCII.test(text)) return normaliseAscii(text);
  return normaliseMapped(text).text;
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * `normaliseForSearch` of printable ASCII (most English text), without clusters or offset maps:
 * NFKC and case folding leave it lower-cased, its letters and digits are the only word
 * characters, and every run of anything else becomes one space. Exported for its test, which
 * holds it to the general path.
 */
export function normaliseAscii(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

/** The general path of `normaliseForSearch`, for the test of `normaliseAscii`. */
export function normaliseByCluster(text: string): string {
  return normaliseMapped(text).text;
}

/** The run a code point belongs to; a mark stays with the run before it, or starts none. */
function kindOf(cp: string, previous: Run | null): Run["kind"] | undefined {
  if (CJK.test(cp)) return "cjk";
  if (WORD.test(cp)) return "word";
  return MARK.test(cp) ? previous?.kind : undefined;
}

/** Splits normalised text into CJK runs and word runs. */
function runsOf(normalised: string): Run[] {
  const runs: Run[] = [];
  let current: Run | null = null;
  let offset = 0;
  for (const cp of normalised) {
    const kind = kindOf(cp, current);
    if (kind === undefined) current = null;
    else if (current !== null && current.kind === kind) current.text += cp;
    else {
      current = { kind, text: cp, start: offset };
      runs.push(current);
    }
    offset += cp.length;
  }
  return runs;
}

/** Overlapping bigrams of a CJK run, by code point (𠮷 is one character, two UTF-16 units). */
function bigrams(chars: string[]): string[] {
  return chars.slice(1).map((char, i) => `${chars[i]}${char}`);
}

/**
 * The index terms of a message or file name: for CJK runs every character and every bigram, for
 * other runs the normalised words. Deduplicated: how often a term occurs is not indexed.
 */
export function termsOf(text: string): string[] {
  const terms = new Set<string>();
  for (const run of runsOf(normaliseForSearch(text))) {
    if (run.kind === "word") terms.add(run.text);
    else {
      const chars = Array.from(run.text);
      for (const term of [...chars, ...bigrams(chars)]) terms.add(term);
    }
  }
  return [...terms];
}

/**
 * The terms a query needs, all of them (AND): a CJK run of two or more characters gives its
 * bigrams, one character gives itself; other runs give their words. Empty for a query without
 * letters, digits or CJK: the caller should refuse it rather than list everything.
 */
export function queryTerms(query: string): string[] {
  const terms = new Set<string>();
  for (const run of runsOf(normaliseForSearch(query))) {
    const chars = Array.from(run.text);
    const own = run.kind === "cjk" && chars.length > 1 ? bigrams(chars) : [run.text];
    for (const term of own) terms.add(term);
  }
  return [...terms];
}

/** 16 bytes of HMAC-SHA-256: see `blindTerms`. */
const BLIND_BYTES = 16;

/**
 * The blind index tokens of some terms: HMAC-SHA-256 (RFC 2104) under the tenant's search key,
 * truncated to 128 bits and written base64url (22 characters). Truncation keeps the index small;
 * a collision only adds a candidate, which fails verification after decryption, and at 128 bits
 * even that is out of reach (birthday bound 2^64 terms). Without the key a token cannot be
 * computed from a guessed term, so a copy of the database alone yields no plaintext.
 *
 * The result is deduplicated and sorted: in text order, the tokens would tell which bigram follows
 * which, and a chain of bigrams spells the text.
 */
export function blindTerms(searchKey: Buffer, terms: string[]): string[] {
  if (searchKey.length < 32) throw new Error("the search key must have at least 32 bytes");
  // One key object for all the terms: a raw key is prepared again by every createHmac, which
  // cost seven times the hashing itself (a Japanese sentence has dozens of terms).
  const key = createSecretKey(searchKey);
  const tokens = new Set<string>();
  for (const term of terms) {
    const mac = createHmac("sha256", key).update(term, "utf8").digest();
    tokens.add(mac.subarray(0, BLIND_BYTES).toString("base64url"));
  }
  return [...tokens].sort();
}

/** Whole words of normalised text, for whole-word matching. */
function wordsOf(runs: Run[]): Set<string> {
  return new Set(runs.filter((run) => run.kind === "word").map((run) => run.text));
}

/**
 * The check after decryption: every CJK run of the query occurs in the normalised text as a
 * substring, and every other query word occurs as a whole word. False for an empty query.
 * This is what decides: the index only proposes candidates.
 */
export function matches(text: string, query: string): boolean {
  const wanted = runsOf(normaliseForSearch(query));
  if (wanted.length === 0) return false;
  const normalised = normaliseForSearch(text);
  const words = wordsOf(runsOf(normalised));
  return wanted.every((run) =>
    run.kind === "cjk" ? normalised.includes(run.text) : words.has(run.text),
  );
}

/** A range of the original text to highlight, in UTF-16 units as `String.prototype.slice` takes. */
export interface HighlightRange {
  start: number;
  end: number;
}

/**
 * Where the query's terms occur in the original (un-normalised) text, for the web client to mark:
 * sorted, with overlapping and touching ranges merged. A range always covers whole original
 * characters: 平 matched inside ㍻ highlights ㍻. Occurrences are returned even if the text does
 * not match the whole query; callers highlight only results that passed `matches`.
 */
export function highlightRanges(text: string, query: string): HighlightRange[] {
  const mapped = normaliseMapped(text);
  const found: HighlightRange[] = [];
  const add = (start: number, length: number): void => {
    const from = mapped.from[start];
    const to = mapped.to[start + length - 1];
    if (from !== undefined && to !== undefined) found.push({ start: from, end: to });
  };
  const textRuns = runsOf(mapped.text);
  for (const run of runsOf(normaliseForSearch(query))) {
    if (run.kind === "word") {
      for (const word of textRuns)
        if (word.kind === "word" && word.text === run.text) add(word.start, run.text.length);
      continue;
    }
    for (
      let at = mapped.text.indexOf(run.text);
      at !== -1;
      at = mapped.text.indexOf(run.text, at + 1)
    ) {
      add(at, run.text.length);
    }
  }
  return mergeRanges(found);
}

function mergeRanges(ranges: HighlightRange[]): HighlightRange[] {
  const merged: HighlightRange[] = [];
  for (const range of [...ranges].sort((a, b) => a.start - b.start || a.end - b.end)) {
    const last = merged.at(-1);
    if (last && range.start <= last.end) last.end = Math.max(last.end, range.end);
    else merged.push({ ...range });
  }
  return merged;
}
