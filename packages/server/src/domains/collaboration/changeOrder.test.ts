import { describe, expect, it } from "vitest";
import type { Message } from "@engawa/shared";
import { ChangeOrder } from "./changeOrder.ts";
import type { MessageChange } from "./events.ts";

const change = (channelId: string, seq: number): MessageChange => ({
  tenantId: "t",
  channelId,
  message: { seq } as Message,
});

/** Changes heard out of their channel's order are passed on in it; a lost one holds nothing up for long. */
describe("change order", () => {
  it("passes a channel's changes on in sequence order, each channel on its own", () => {
    const passed: string[] = [];
    const order = new ChangeOrder((c) => passed.push(`${c.channelId}${c.message.seq}`));
    order.offer(change("a", 10));
    order.offer(change("a", 12));
    order.offer(change("b", 3));
    order.offer(change("a", 13));
    expect(passed).toEqual(["a10", "b3"]);
    order.offer(change("a", 11));
    expect(passed).toEqual(["a10", "b3", "a11", "a12", "a13"]);
    order.offer(change("a", 14));
    order.offer(change("a", 9));
    expect(passed).toEqual(["a10", "b3", "a11", "a12", "a13", "a14", "a9"]);
  });

  it("passes on what waits for a change never heard of, in order, after the hold", async () => {
    const passed: number[] = [];
    const order = new ChangeOrder((c) => passed.push(c.message.seq), 20);
    order.offer(change("a", 1));
    order.offer(change("a", 4));
    order.offer(change("a", 3));
    expect(passed).toEqual([1]);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(passed).toEqual([1, 3, 4]);
    order.offer(change("a", 5));
    expect(passed).toEqual([1, 3, 4, 5]);
  });
});
