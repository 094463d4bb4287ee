import { describe, expect, it } from "vitest";
import { en } from "../i18n/en.ts";
import { ja } from "../i18n/ja.ts";
import { COMPOSER_EMOJI, EMOJI_COLUMNS, gridMove, insertAtCaret } from "./emojiList.ts";

describe("the composer's emoji", () => {
  it("are distinct and named in both languages", () => {
    expect(COMPOSER_EMOJI.length).toBeGreaterThanOrEqual(40);
    expect(COMPOSER_EMOJI.length).toBeLessThanOrEqual(80);
    expect(new Set(COMPOSER_EMOJI.map((e) => e.emoji)).size).toBe(COMPOSER_EMOJI.length);
    expect(Object.keys(ja.emoji.names).sort()).toEqual(COMPOSER_EMOJI.map((e) => e.key).sort());
    for (const { key } of COMPOSER_EMOJI) {
      expect(ja.emoji.names[key].trim()).not.toBe("");
      expect(en.emoji.names[key].trim()).not.toBe("");
    }
  });

  it("move with the arrow keys by columns and rows, stopping at the edges", () => {
    const count = 20;
    const columns = EMOJI_COLUMNS;
    expect(gridMove(0, "ArrowRight", count, columns)).toBe(1);
    expect(gridMove(columns - 1, "ArrowRight", count, columns)).toBe(columns);
    expect(gridMove(columns, "ArrowLeft", count, columns)).toBe(columns - 1);
    expect(gridMove(0, "ArrowLeft", count, columns)).toBe(0);
    expect(gridMove(count - 1, "ArrowRight", count, columns)).toBe(count - 1);
    expect(gridMove(2, "ArrowDown", count, columns)).toBe(2 + columns);
    // No cell below in the short last row: stay.
    expect(gridMove(columns + 7, "ArrowDown", count, columns)).toBe(columns + 7);
    expect(gridMove(2, "ArrowUp", count, columns)).toBe(2);
    expect(gridMove(columns + 3, "Home", count, columns)).toBe(columns);
    expect(gridMove(columns + 3, "End", count, columns)).toBe(2 * columns - 1);
    expect(gridMove(2 * columns + 1, "End", count, columns)).toBe(count - 1);
    expect(gridMove(9, "Home", count, columns, true)).toBe(0);
    expect(gridMove(9, "End", count, columns, true)).toBe(count - 1);
    expect(gridMove(9, "a", count, columns)).toBeNull();
  });

  it("go in at the caret, replacing a selection", () => {
    expect(insertAtCaret("了解です", "👍", 2)).toEqual({ text: "了解👍です", caret: 4 });
    expect(insertAtCaret("abc", "🎉", 1, 2)).toEqual({ text: "a🎉c", caret: 3 });
    expect(insertAtCaret("", "🙏", 0)).toEqual({ text: "🙏", caret: 2 });
    expect(insertAtCaret("abc", "☕", 99)).toEqual({ text: "abc☕", caret: 4 });
  });
});
