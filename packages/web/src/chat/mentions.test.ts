import { describe, expect, it } from "vitest";
import type { Message } from "@engawa/shared";
import {
  activeMentionQuery,
  insertMention,
  mentionCandidates,
  mentionSegments,
  mentionsToSend,
} from "./mentions.ts";

const members = [
  { userId: "u-me", displayName: "Aoki", guest: false },
  { userId: "u-sato", displayName: "Sato Hanako", guest: false },
  { userId: "u-sa", displayName: "Sato", guest: true },
  { userId: "u-ito", displayName: "伊藤 花子", guest: false },
];

function message(extra: Partial<Message>): Message {
  return {
    id: "m",
    channelId: "c",
    seq: 1,
    position: 1,
    threadRootId: null,
    author: { id: "u-sato", displayName: "Sato Hanako" },
    body: "",
    createdAt: "2026-11-22T00:00:00.000Z",
    editedAt: null,
    deletedAt: null,
    replyCount: 0,
    mentions: [],
    mentionsChannel: false,
    attachments: [],
    reactions: [],
    pinned: null,
    ...extra,
  };
}

describe("mentions in the composer", () => {
  it("opens on @ at the start or after a space, not inside an address", () => {
    expect(activeMentionQuery("@", 1)).toEqual({ start: 0, query: "" });
    expect(activeMentionQuery("明日 @伊", 5)).toEqual({ start: 3, query: "伊" });
    expect(activeMentionQuery("mail a@b", 8)).toBeNull();
    expect(activeMentionQuery("@sato done", 10)).toBeNull();
  });

  it("offers readers by any part of the name, width and case folded, never oneself", () => {
    const names = (q: string) =>
      mentionCandidates(q, members, "u-me", ["channel"]).map((c) =>
        c.kind === "user" ? c.displayName : "@channel",
      );
    expect(names("ｓａｔｏ")).toEqual(["Sato Hanako", "Sato"]);
    expect(names("花子")).toEqual(["伊藤 花子"]);
    expect(names("HANA")).toEqual(["Sato Hanako"]);
    expect(names("ch")).toEqual(["@channel"]);
    expect(names("aoki")).toEqual([]);
  });

  it("replaces the typed query with the name and keeps what follows", () => {
    expect(insertMention("お願い @sa です", { start: 4, query: "sa" }, "Sato Hanako")).toEqual({
      text: "お願い @Sato Hanako です",
      caret: 17,
    });
  });

  it("sends only the picked mentions whose names are still in the text", () => {
    const picked = new Map([
      ["u-sato", "Sato Hanako"],
      ["u-ito", "伊藤 花子"],
    ]);
    expect(mentionsToSend("@Sato Hanako 了解", picked, false)).toEqual({ users: ["u-sato"] });
    expect(mentionsToSend("@チャネル 集合", new Map(), true)).toEqual({ channel: true });
    expect(mentionsToSend("@channel typed by hand", new Map(), false)).toBeUndefined();
  });
});

describe("mentions in a message", () => {
  it("marks each mention, the reader's own apart, the longest name first", () => {
    const m = message({
      body: "@Sato Hanako と @Sato、@channel",
      mentions: [
        { id: "u-sato", displayName: "Sato Hanako" },
        { id: "u-sa", displayName: "Sato" },
      ],
      mentionsChannel: true,
    });
    expect(mentionSegments(m, "u-sa")).toEqual([
      { text: "@Sato Hanako", mention: "other" },
      { text: " と ", mention: null },
      { text: "@Sato", mention: "me" },
      { text: "、", mention: null },
      { text: "@channel", mention: "me" },
    ]);
    expect(mentionSegments(message({ body: "@Sato plain" }), "u-sa")).toEqual([
      { text: "@Sato plain", mention: null },
    ]);
  });
});
