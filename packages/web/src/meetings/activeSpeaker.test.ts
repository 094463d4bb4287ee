import { describe, expect, it } from "vitest";
import { nextSpeaker, SPEAKER_HOLD_MS } from "./activeSpeaker.ts";

describe("the active speaker", () => {
  it("is the loudest above the speaking level", () => {
    const levels = new Map([
      ["a", 0.2],
      ["b", 0.4],
      ["c", 0.01],
    ]);
    expect(nextSpeaker(levels, null, 1000)).toEqual({ id: "b", heardAt: 1000 });
  });

  it("is nobody when everyone is quiet", () => {
    expect(nextSpeaker(new Map([["a", 0.01]]), null, 1000)).toBeNull();
  });

  it("stays for a moment after they stop, then goes", () => {
    const quiet = new Map([["a", 0]]);
    const speaker = { id: "a", heardAt: 1000 };
    expect(nextSpeaker(quiet, speaker, 1000 + SPEAKER_HOLD_MS - 1)).toBe(speaker);
    expect(nextSpeaker(quiet, speaker, 1000 + SPEAKER_HOLD_MS)).toBeNull();
  });

  it("moves at once to someone else who speaks", () => {
    const speaker = { id: "a", heardAt: 1000 };
    expect(nextSpeaker(new Map([["b", 0.3]]), speaker, 1100)).toEqual({ id: "b", heardAt: 1100 });
  });
});
