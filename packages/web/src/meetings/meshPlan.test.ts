import { describe, expect, it } from "vitest";
import { diffPeers, isPolite } from "./meshPlan.ts";

const A = "0b0e5c1e-0000-4000-8000-000000000001";
const B = "7f3a9d2c-0000-4000-8000-000000000002";
const C = "c4d2e6f8-0000-4000-8000-000000000003";

describe("who is polite", () => {
  it("exactly one of each pair, the same whichever side asks", () => {
    for (const [x, y] of [
      [A, B],
      [B, C],
      [A, C],
    ] as const) {
      expect(isPolite(x, y)).not.toBe(isPolite(y, x));
    }
    expect(isPolite(B, A)).toBe(true);
    expect(isPolite(A, B)).toBe(false);
  });
});

describe("peer connections to open and close", () => {
  const peers = (...ids: string[]) => ids.map((participantId) => ({ participantId }));

  it("opens one to each other participant, never to oneself", () => {
    expect(diffPeers([], peers(A, B, C), A)).toEqual({ added: [B, C], removed: [] });
  });

  it("closes those who left and keeps those who stay", () => {
    expect(diffPeers([B, C], peers(A, C), A)).toEqual({ added: [], removed: [B] });
  });

  it("does nothing when the room is as it was", () => {
    expect(diffPeers([B], peers(B, A), A)).toEqual({ added: [], removed: [] });
  });

  it("closes everything when one is alone again", () => {
    expect(diffPeers([B, C], peers(A), A)).toEqual({ added: [], removed: [B, C] });
  });
});
