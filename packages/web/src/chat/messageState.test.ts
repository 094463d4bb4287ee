import { describe, expect, it } from "vitest";
import type { Message } from "@engawa/shared";
import { fromFirstPage, upsert, withChange, withOlder } from "./messageState.ts";

let counter = 0;
/** A message as the server presents it: `seq` = `position` until it is edited or deleted. */
function message(position: number, extra: Partial<Message> = {}): Message {
  counter += 1;
  return {
    id: `00000000-0000-4000-8000-${String(counter).padStart(12, "0")}`,
    channelId: "c",
    seq: position,
    position,
    threadRootId: null,
    author: { id: "a", displayName: "A" },
    body: `message ${position}`,
    createdAt: "2025-04-01T00:00:00.000Z",
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

describe("channel message state", () => {
  it("keeps messages in position order and never lets an older version replace a newer one", () => {
    const first = message(1);
    const second = message(2);
    const edited = { ...first, seq: 3, body: "edited" };
    let list = upsert(upsert([], second), first);
    expect(list.map((m) => m.position)).toEqual([1, 2]);
    list = upsert(list, edited);
    list = upsert(list, first);
    expect(list[0]?.body).toBe("edited");
  });

  it("counts a reply once, whether it came before the first page or live, and uncounts its deletion", () => {
    const root = message(1, { replyCount: 1 });
    const earlier = message(2, { threadRootId: root.id });
    let state = fromFirstPage({ messages: [root], lastSeq: 2, watermark: false });
    // A reply posted live, then seen again (own post applied, then its live copy).
    const live = message(3, { threadRootId: root.id });
    state = withChange(state, live);
    state = withChange(state, live);
    expect(state.messages[0]?.replyCount).toBe(2);
    // Editing a reply changes no count; deleting one counted in the first page does.
    state = withChange(state, { ...live, seq: 4, body: "changed", editedAt: live.createdAt });
    state = withChange(state, { ...earlier, seq: 5, body: null, deletedAt: earlier.createdAt });
    expect(state.messages[0]?.replyCount).toBe(1);
    // A reply posted and deleted while disconnected arrives once, deleted: never counted.
    const missed = message(6, { threadRootId: root.id });
    state = withChange(state, { ...missed, seq: 7, body: null, deletedAt: missed.createdAt });
    expect(state.messages[0]?.replyCount).toBe(1);
    expect(state.lastSeq).toBe(7);
  });

  it("leaves a change to a message older than the loaded pages for the older page", () => {
    const page = Array.from({ length: 50 }, (_, i) => message(100 - i));
    let state = fromFirstPage({ messages: page, lastSeq: 100, watermark: false });
    expect(state.hasOlder).toBe(true);
    const old = message(10);
    state = withChange(state, { ...old, seq: 101, body: "edited" });
    expect(state.messages.some((m) => m.id === old.id)).toBe(false);
    state = withOlder(state, {
      messages: [{ ...old, seq: 101, body: "edited" }],
      lastSeq: 101,
      watermark: false,
    });
    expect(state.messages[0]?.body).toBe("edited");
    expect(state.hasOlder).toBe(false);
  });
});
