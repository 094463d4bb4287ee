import { describe, expect, it } from "vitest";
import type { Message } from "@engawa/shared";
import { fromPinsRead, withPinChange } from "./pinState.ts";

/** A message as the server presents it, pinned at `pinnedAt` (or not, with null). */
function message(id: string, seq: number, pinnedAt: string | null, extra: Partial<Message> = {}) {
  const value: Message = {
    id,
    channelId: "c",
    seq,
    position: 1,
    threadRootId: null,
    author: { id: "a", displayName: "A" },
    body: `message ${id}`,
    createdAt: "2026-11-22T00:00:00.000Z",
    editedAt: null,
    deletedAt: null,
    replyCount: 0,
    mentions: [],
    mentionsChannel: false,
    attachments: [],
    reactions: [],
    pinned: pinnedAt ? { by: { id: "p", displayName: "P" }, at: pinnedAt } : null,
    ...extra,
  };
  return value;
}

const ids = (list: { messages: Message[] }) => list.messages.map((m) => m.id);

describe("the Pinned panel's list", () => {
  const read = {
    messages: [
      message("b", 5, "2026-11-22T02:00:00.000Z"),
      message("a", 4, "2026-11-22T01:00:00.000Z"),
    ],
    lastSeq: 6,
  };

  it("puts a new pin at its place, newest pin first, and takes unpinned and deleted messages out", () => {
    let list = fromPinsRead(read, []);
    list = withPinChange(list, message("c", 7, "2026-11-22T03:00:00.000Z"));
    expect(ids(list)).toEqual(["c", "b", "a"]);
    list = withPinChange(list, message("b", 8, null));
    expect(ids(list)).toEqual(["c", "a"]);
    list = withPinChange(
      list,
      message("a", 9, null, { deletedAt: "2026-11-22T04:00:00.000Z", body: null }),
    );
    expect(ids(list)).toEqual(["c"]);
  });

  it("ignores changes the list already holds, and older copies of what it holds", () => {
    // Heard while the list was read: at or before its sequence number, so already in it.
    const list = fromPinsRead(read, [
      message("b", 6, null),
      message("d", 3, "2026-11-22T05:00:00.000Z"),
    ]);
    expect(ids(list)).toEqual(["b", "a"]);
    const edited = withPinChange(
      list,
      message("a", 10, "2026-11-22T01:00:00.000Z", { body: "edited" }),
    );
    expect(edited.messages[1]?.body).toBe("edited");
    const stale = withPinChange(edited, message("a", 7, null));
    expect(ids(stale)).toEqual(["b", "a"]);
  });

  it("applies what was heard after the list's number while it was being read", () => {
    const list = fromPinsRead(read, [
      message("a", 7, null),
      message("e", 8, "2026-11-22T06:00:00.000Z"),
    ]);
    expect(ids(list)).toEqual(["e", "b"]);
  });
});
