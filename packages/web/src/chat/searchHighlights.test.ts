import { describe, expect, it } from "vitest";
import type { SearchResult } from "@engawa/shared";
import { highlighted } from "./searchHighlights.ts";

const result = (body: string, highlights: { start: number; end: number }[]) =>
  ({ message: { body }, highlights }) as unknown as SearchResult;

describe("search highlights", () => {
  it("marks the server's ranges in order and keeps the rest of the text", () => {
    expect(highlighted(result("明日の診療予定を確認", [{ start: 3, end: 5 }]))).toEqual([
      { text: "明日の", match: false },
      { text: "診療", match: true },
      { text: "予定を確認", match: false },
    ]);
  });

  it("ignores ranges that overlap, run past the text or are empty", () => {
    expect(
      highlighted(
        result("check the drip", [
          { start: 6, end: 9 },
          { start: 0, end: 5 },
          { start: 2, end: 4 },
          { start: 10, end: 40 },
          { start: 7, end: 7 },
        ]),
      ),
    ).toEqual([
      { text: "check", match: true },
      { text: " ", match: false },
      { text: "the", match: true },
      { text: " drip", match: false },
    ]);
  });
});
