import { describe, expect, it } from "vitest";
import { arrivalsAfter, sending } from "./sfuArrivals.ts";

describe("whose microphone and camera are on, from the packets that arrive", () => {
  it("is off before anything arrived, on once packets come", () => {
    const none = arrivalsAfter(undefined, { audioPackets: 0, videoPackets: 0 }, 1_000);
    expect(sending(none, "audio", 1_000)).toBe(false);
    expect(sending(none, "video", 1_000)).toBe(false);
    const some = arrivalsAfter(none, { audioPackets: 50, videoPackets: 0 }, 2_000);
    expect(sending(some, "audio", 2_000)).toBe(true);
    expect(sending(some, "video", 2_000)).toBe(false);
  });

  it("stays on through one quiet second (a still shared screen), goes off after a few", () => {
    let arrivals = arrivalsAfter(undefined, { audioPackets: 0, videoPackets: 30 }, 0);
    arrivals = arrivalsAfter(arrivals, { audioPackets: 0, videoPackets: 30 }, 1_000);
    expect(sending(arrivals, "video", 1_000)).toBe(true);
    arrivals = arrivalsAfter(arrivals, { audioPackets: 0, videoPackets: 30 }, 2_000);
    expect(sending(arrivals, "video", 2_000)).toBe(true);
    arrivals = arrivalsAfter(arrivals, { audioPackets: 0, videoPackets: 30 }, 3_000);
    expect(sending(arrivals, "video", 3_000)).toBe(false);
  });

  it("comes back on when packets arrive again", () => {
    let arrivals = arrivalsAfter(undefined, { audioPackets: 10, videoPackets: 0 }, 0);
    arrivals = arrivalsAfter(arrivals, { audioPackets: 10, videoPackets: 0 }, 5_000);
    expect(sending(arrivals, "audio", 5_000)).toBe(false);
    arrivals = arrivalsAfter(arrivals, { audioPackets: 11, videoPackets: 0 }, 6_000);
    expect(sending(arrivals, "audio", 6_000)).toBe(true);
  });
});
