import { describe, expect, it } from "vitest";
import { MEETING_CHAT_PAGE, type MeetingChatMessage } from "@engawa/shared";
import {
  EMPTY_CHAT,
  markRead,
  olderCursor,
  unreadCount,
  withMessage,
  withPage,
  type ChatLog,
} from "./meetingChat.ts";

const MEETING = "9d6f0c1a-0000-4000-8000-000000000000";
const ME = "0b0e5c1e-0000-4000-8000-000000000001";
const OTHER = "7f3a9d2c-0000-4000-8000-000000000002";

/** Message `n`, written `n` seconds into the meeting. */
function message(n: number, participantId = OTHER): MeetingChatMessage {
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
    meetingId: MEETING,
    participantId,
    authorName: participantId === ME ? "院長 佐藤" : "Parent Yamada",
    body: `message ${n}`,
    createdAt: new Date(Date.UTC(2026, 4, 1, 9, 0, n)).toISOString(),
  };
}

/** A page as the server sends it: newest first. */
const page = (...ns: number[]) => ns.map((n) => message(n)).reverse();
const bodies = (log: ChatLog) => log.messages.map((m) => m.body);

describe("merging pages and live messages", () => {
  it("shows a page oldest first", () => {
    const log = withPage(EMPTY_CHAT, page(1, 2, 3), "first");
    expect(bodies(log)).toEqual(["message 1", "message 2", "message 3"]);
    expect(log.loaded).toBe(true);
    expect(log.hasOlder).toBe(false);
  });

  it("keeps a live message that came before the first page, once", () => {
    const early = withMessage(EMPTY_CHAT, message(3));
    expect(early.loaded).toBe(false);
    const log = withPage(early, page(1, 2, 3), "first");
    expect(bodies(log)).toEqual(["message 1", "message 2", "message 3"]);
  });

  it("puts a live message in time order and ignores one already held", () => {
    const log = withPage(EMPTY_CHAT, page(1, 3), "first");
    const later = withMessage(withMessage(log, message(2)), message(4));
    expect(bodies(later)).toEqual(["message 1", "message 2", "message 3", "message 4"]);
    expect(withMessage(later, message(4))).toBe(later);
  });

  it("orders messages of the same instant by id, as the server pages them", () => {
    const a = { ...message(1), id: "00000000-0000-4000-8000-00000000000a" };
    const b = { ...message(1), id: "00000000-0000-4000-8000-00000000000b" };
    const log = withMessage(withMessage(EMPTY_CHAT, b), a);
    expect(log.messages.map((m) => m.id)).toEqual([a.id, b.id]);
  });

  it("pages back from the oldest message; a full page says there may be more", () => {
    const newest = Array.from({ length: MEETING_CHAT_PAGE }, (_, i) => i + 200);
    const first = withPage(EMPTY_CHAT, page(...newest), "first");
    expect(first.hasOlder).toBe(true);
    expect(olderCursor(first)).toBe(message(200).createdAt);
    const older = withPage(first, page(1, 2), "older");
    expect(older.hasOlder).toBe(false);
    expect(older.messages[0]?.body).toBe("message 1");
    expect(older.messages).toHaveLength(MEETING_CHAT_PAGE + 2);
    // Read again after a reconnect, the first page keeps the older ones and what was said since.
    const again = withPage(older, page(...newest.slice(1), 400), "first");
    expect(again.messages).toHaveLength(MEETING_CHAT_PAGE + 3);
    expect(again.hasOlder).toBe(false);
  });

  it("has no cursor while empty", () => {
    expect(olderCursor(EMPTY_CHAT)).toBeUndefined();
  });
});

describe("unread messages", () => {
  it("counts what others said before one looked, history included", () => {
    const log = withPage(EMPTY_CHAT, page(1, 2), "first");
    expect(unreadCount(log, ME)).toBe(2);
  });

  it("counts nothing once seen, then only what came since", () => {
    const seen = markRead(withPage(EMPTY_CHAT, page(1, 2), "first"));
    expect(unreadCount(seen, ME)).toBe(0);
    const later = withMessage(withMessage(seen, message(3)), message(4));
    expect(unreadCount(later, ME)).toBe(2);
    expect(unreadCount(markRead(later), ME)).toBe(0);
  });

  it("never counts one's own messages", () => {
    const seen = markRead(withPage(EMPTY_CHAT, page(1), "first"));
    expect(unreadCount(withMessage(seen, message(2, ME)), ME)).toBe(0);
  });

  it("does not go back when an older page arrives", () => {
    const seen = markRead(withPage(EMPTY_CHAT, page(5), "first"));
    expect(unreadCount(withPage(seen, page(1, 2), "older"), ME)).toBe(0);
  });

  it("returns the same log when nothing new was seen (no re-render loop)", () => {
    const seen = markRead(withPage(EMPTY_CHAT, page(1), "first"));
    expect(markRead(seen)).toBe(seen);
    expect(markRead(EMPTY_CHAT)).toBe(EMPTY_CHAT);
  });
});
