import { createHmac, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  blindTerms,
  highlightRanges,
  matches,
  normaliseAscii,
  normaliseByCluster,
  normaliseForSearch,
  queryTerms,
  termsOf,
} from "./searchTokens.ts";

/** The index finds a text for a query when all the query's terms are among the text's terms. */
function indexFinds(text: string, query: string): boolean {
  const terms = new Set(termsOf(text));
  return queryTerms(query).every((term) => terms.has(term));
}

/** The highlighted parts of the original text, for readable assertions. */
function highlighted(text: string, query: string): string[] {
  return highlightRanges(text, query).map(({ start, end }) => text.slice(start, end));
}

const SENTENCE = "明日の診療予定を確認";

describe("normaliseForSearch", () => {
  it("applies NFKC: full-width Latin, half-width katakana with dakuten, squared era names", () => {
    expect(normaliseForSearch("ＡＢＣ１２３")).toBe("abc123");
    expect(normaliseForSearch("ｶﾞｯｺｳ")).toBe(normaliseForSearch("ガッコウ"));
    expect(normaliseForSearch("㍻")).toBe("平成");
  });

  it("case-folds without a locale and folds katakana to hiragana", () => {
    expect(normaliseForSearch("Schedule")).toBe("schedule");
    expect(normaliseForSearch("STRASSE Straße")).toBe("strasse strasse");
    expect(normaliseForSearch("カルテ")).toBe("かるて");
    expect(normaliseForSearch("ｶﾙﾃ")).toBe("かるて");
    expect(normaliseForSearch("ヴァイオリン")).toBe("ゔぁいおりん");
  });

  it("turns punctuation and spaces into single spaces, keeping 々 〆 ー", () => {
    expect(normaliseForSearch("  Schedule,  please!! 「確認」、")).toBe("schedule please 確認");
    expect(normaliseForSearch("人々の〆切・コーヒー")).toBe("人々の〆切 こーひー");
  });
});

describe("the printable-ASCII path", () => {
  it("gives what the general path gives, for every printable ASCII character in every place", () => {
    const printable = Array.from({ length: 95 }, (_, i) => String.fromCharCode(0x20 + i));
    const samples = [
      "",
      "  Schedule, please!! ",
      "Ward 3: MRI at 9:00 -- call Dr. Sato (x1234).",
      `@@12@@4567.125@@${"x".repeat(40)}`,
      printable.join(""),
      [...printable].reverse().join(""),
      ...printable.map((c) => `a${c}B${c}${c}9${c}`),
    ];
    // A fixed pseudo-random walk over the printable range, so a failure can be reproduced.
    let seed = 7;
    for (let n = 0; n < 200; n += 1) {
      let text = "";
      for (let i = 0; i < 30; i += 1) {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        text += printable[seed % printable.length];
      }
      samples.push(text);
    }
    for (const text of samples) expect(normaliseAscii(text)).toBe(normaliseByCluster(text));
    expect(normaliseForSearch("Ward 3: MRI")).toBe("ward 3 mri");
  });
});

describe("Japanese terms (character bigrams)", () => {
  it("finds 診療 inside 明日の診療予定を確認", () => {
    expect(queryTerms("診療")).toEqual(["診療"]);
    expect(termsOf(SENTENCE)).toEqual(expect.arrayContaining(["診療"]));
    expect(indexFinds(SENTENCE, "診療")).toBe(true);
    expect(matches(SENTENCE, "診療")).toBe(true);
  });

  it("finds 予定を確 and, as substring search, 療予", () => {
    expect(queryTerms("予定を確")).toEqual(["予定", "定を", "を確"]);
    expect(indexFinds(SENTENCE, "予定を確")).toBe(true);
    expect(matches(SENTENCE, "予定を確")).toBe(true);
    expect(matches(SENTENCE, "療予")).toBe(true);
  });

  it("finds a single kanji inside a sentence", () => {
    expect(queryTerms("診")).toEqual(["診"]);
    expect(indexFinds(SENTENCE, "診")).toBe(true);
    expect(matches(SENTENCE, "診")).toBe(true);
    expect(matches(SENTENCE, "薬")).toBe(false);
  });

  it("verification drops candidates whose bigrams are all there but not in sequence", () => {
    const scattered = "診療の予定、療予は未定";
    expect(indexFinds(scattered, "診療予定")).toBe(true);
    expect(matches(scattered, "診療予定")).toBe(false);
  });

  it("does not match across punctuation", () => {
    expect(matches("明日の、診療", "の診")).toBe(false);
    expect(indexFinds("明日の、診療", "の診")).toBe(false);
  });

  it("treats katakana and hiragana alike, and half-width katakana too", () => {
    expect(matches("カルテを更新", "かるて")).toBe(true);
    expect(matches("ｶﾙﾃを更新", "カルテ")).toBe(true);
    expect(indexFinds("ｶﾙﾃを更新", "カルテ")).toBe(true);
  });

  it("keeps characters outside the BMP whole (𠮷田)", () => {
    expect(termsOf("𠮷田")).toEqual(["𠮷", "田", "𠮷田"]);
    expect(matches("𠮷田さん", "𠮷田")).toBe(true);
  });

  it("deduplicates terms", () => {
    const terms = termsOf("確認確認 check check");
    expect(new Set(terms).size).toBe(terms.length);
  });
});

describe("English terms (whole words)", () => {
  it("matches across case and width variants", () => {
    expect(queryTerms("ＭＲＩ")).toEqual(["mri"]);
    expect(termsOf("Schedule, please.")).toEqual(["schedule", "please"]);
    expect(matches("MRI at 10:00", "ｍｒｉ")).toBe(true);
    expect(matches("Check the Schedule, please.", "schedule")).toBe(true);
    expect(indexFinds("Check the Schedule, please.", "SCHEDULE")).toBe(true);
  });

  it("needs every word (AND) and whole words, not prefixes", () => {
    expect(matches("Check the schedule", "check schedule")).toBe(true);
    expect(matches("Check the schedule", "check report")).toBe(false);
    expect(matches("Check the schedules", "schedule")).toBe(false);
    expect(matches("rescheduled", "schedule")).toBe(false);
  });

  it("matches nothing for a query without letters, digits or CJK", () => {
    expect(queryTerms(" !?、。")).toEqual([]);
    expect(matches(SENTENCE, " !?、。")).toBe(false);
  });
});

describe("mixed Japanese and English", () => {
  const text = "明日のMRI検査";

  it("splits at the change of script", () => {
    expect(termsOf(text)).toEqual(
      expect.arrayContaining(["明日", "日の", "mri", "検査", "検", "査"]),
    );
    expect(termsOf(text)).not.toContain("のm");
  });

  it("finds each part and the whole", () => {
    for (const query of ["MRI", "ｍｒｉ", "検査", "明日のMRI検査", "mri 明日"]) {
      expect(indexFinds(text, query), query).toBe(true);
      expect(matches(text, query), query).toBe(true);
    }
    expect(matches(text, "CT検査")).toBe(false);
  });
});

describe("the index never hides what verification accepts", () => {
  const texts = [
    SENTENCE,
    "明日のMRI検査",
    "Schedule, please.",
    "㍻31年の記録",
    "ｶﾞｯｺｳの行事",
    "人々の〆切",
  ];
  const queries = [
    "診療",
    "療予",
    "診",
    "の",
    "mri",
    "検査",
    "平成",
    "成",
    "がっこう",
    "々",
    "〆切",
    "please",
  ];

  it("matches(text, query) implies queryTerms(query) ⊆ termsOf(text)", () => {
    let matched = 0;
    for (const text of texts) {
      for (const query of queries) {
        if (!matches(text, query)) continue;
        matched += 1;
        expect(indexFinds(text, query), `${text} / ${query}`).toBe(true);
      }
    }
    expect(matched).toBeGreaterThan(10);
  });

  it("every piece of a text, as a query, that verification accepts is found by the index", () => {
    for (const text of texts) {
      const chars = Array.from(text);
      for (let from = 0; from < chars.length; from += 1) {
        for (let to = from + 1; to <= chars.length; to += 1) {
          const query = chars.slice(from, to).join("");
          if (matches(text, query))
            expect(indexFinds(text, query), `${text} / ${query}`).toBe(true);
        }
      }
    }
  });
});

describe("highlightRanges", () => {
  it("marks Japanese and English matches in the original text", () => {
    expect(highlightRanges(SENTENCE, "診療")).toEqual([{ start: 3, end: 5 }]);
    expect(highlighted("Check the Schedule, please.", "schedule")).toEqual(["Schedule"]);
    expect(highlighted("明日のMRI検査", "mri 検査")).toEqual(["MRI検査"]);
  });

  it("maps back across characters NFKC changes in length", () => {
    expect(highlighted("記録は㍻31年", "平成")).toEqual(["㍻"]);
    expect(highlighted("記録は㍻31年", "成")).toEqual(["㍻"]);
    expect(highlighted("ｶﾞｯｺｳの行事", "学校 がっこう")).toEqual(["ｶﾞｯｺｳ"]);
    expect(highlighted("ｶﾞｯｺｳの行事", "行事")).toEqual(["行事"]);
    expect(highlighted("ＭＲＩ検査", "mri")).toEqual(["ＭＲＩ"]);
    expect(highlighted("ﬁle ﬁnder", "file")).toEqual(["ﬁle"]);
    expect(highlighted("Straße 5", "strasse")).toEqual(["Straße"]);
    expect(highlighted("𠮷田さん", "田")).toEqual(["田"]);
  });

  it("merges overlapping and touching ranges, sorted", () => {
    expect(highlighted("ああああ", "ああ")).toEqual(["ああああ"]);
    expect(highlighted(SENTENCE, "確認 診療 予定")).toEqual(["診療予定", "確認"]);
    expect(highlightRanges("a b a", "a")).toEqual([
      { start: 0, end: 1 },
      { start: 4, end: 5 },
    ]);
  });

  it("is empty when nothing occurs", () => {
    expect(highlightRanges(SENTENCE, "薬")).toEqual([]);
    expect(highlightRanges(SENTENCE, "")).toEqual([]);
  });
});

describe("blindTerms", () => {
  const key = randomBytes(32);
  const otherKey = randomBytes(32);
  const terms = termsOf("明日のMRI検査 schedule");

  it("is deterministic for one key, so a query finds what was indexed", () => {
    expect(blindTerms(key, terms)).toEqual(blindTerms(Buffer.from(key), [...terms].reverse()));
    const indexed = new Set(blindTerms(key, terms));
    expect(blindTerms(key, queryTerms("MRI 検査")).every((token) => indexed.has(token))).toBe(true);
  });

  it("differs between tenants' keys", () => {
    const mine = new Set(blindTerms(key, terms));
    expect(blindTerms(otherKey, terms).some((token) => mine.has(token))).toBe(false);
  });

  it("gives each term's keyed hash (HMAC-SHA-256 cut to 128 bits), never the term's text", () => {
    const tokens = blindTerms(key, terms);
    expect(tokens).toHaveLength(terms.length);
    // A random 22-character token spells "mri" now and then, so the test checks what each
    // token is (the keyed hash of one term) rather than searching the tokens for words.
    const expected = terms.map((term) =>
      createHmac("sha256", key).update(term, "utf8").digest().subarray(0, 16).toString("base64url"),
    );
    expect(tokens).toEqual([...expected].sort());
    for (const token of tokens) {
      expect(token).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(Buffer.from(token, "base64url")).toHaveLength(16);
    }
  });

  it("is sorted, so the index does not keep the order of the text", () => {
    const tokens = blindTerms(key, terms);
    expect(tokens).toEqual([...tokens].sort());
  });

  it("refuses a short key", () => {
    expect(() => blindTerms(Buffer.alloc(16), terms)).toThrow(/32 bytes/);
  });
});
