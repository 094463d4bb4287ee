import { describe, expect, it } from "vitest";
import { AttemptCounter } from "./attemptCounter.ts";
import { ManualClock } from "./clock.ts";

describe("AttemptCounter", () => {
  it("says how long to wait once the limit is reached, and forgets old attempts", () => {
    const clock = new ManualClock();
    const counter = new AttemptCounter(clock, 3, 60_000);
    for (let i = 0; i < 3; i += 1) {
      expect(counter.retryAfterSeconds("k")).toBe(0);
      counter.record("k");
      clock.advance(10_000);
    }
    expect(counter.retryAfterSeconds("k")).toBe(30);
    expect(counter.retryAfterSeconds("other")).toBe(0);
    clock.advance(30_001);
    expect(counter.retryAfterSeconds("k")).toBe(0);
    counter.record("k");
    counter.reset("k");
    expect(counter.retryAfterSeconds("k")).toBe(0);
  });
});
