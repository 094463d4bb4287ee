import { describe, expect, it } from "vitest";
import { chatOthers, chatTitle, isDirectChat } from "./chatNames.ts";

const me = "00000000-0000-4000-8000-000000000001";
const sato = { userId: "00000000-0000-4000-8000-000000000002", displayName: "佐藤 花子" };
const suzuki = { userId: "00000000-0000-4000-8000-000000000003", displayName: "鈴木 一郎" };
const self = { userId: me, displayName: "田中 太郎" };

describe("chat names", () => {
  it("uses the topic when there is one", () => {
    expect(chatTitle({ topic: " 夜勤の引き継ぎ ", members: [self, sato, suzuki] }, me, "、")).toBe(
      "夜勤の引き継ぎ",
    );
  });
  it("names the other people, never oneself, in the list's order", () => {
    expect(chatTitle({ topic: "", members: [sato, self] }, me, "、")).toBe("佐藤 花子");
    expect(chatTitle({ topic: "", members: [sato, self, suzuki] }, me, ", ")).toBe(
      "佐藤 花子, 鈴木 一郎",
    );
    expect(chatOthers({ members: [sato, self, suzuki] }, me)).toEqual(["佐藤 花子", "鈴木 一郎"]);
  });
  it("falls back to one's own name when everyone else has gone", () => {
    expect(chatTitle({ topic: "", members: [self] }, me, "、")).toBe("田中 太郎");
  });
  it("tells a 1:1 chat (two people, no name) from a group chat", () => {
    expect(isDirectChat({ topic: "", members: [self, sato] })).toBe(true);
    expect(isDirectChat({ topic: " ", members: [self, sato] })).toBe(true);
    expect(isDirectChat({ topic: "夜勤", members: [self, sato] })).toBe(false);
    expect(isDirectChat({ topic: "", members: [self, sato, suzuki] })).toBe(false);
    expect(isDirectChat({ topic: "", members: [self] })).toBe(false);
  });
});
