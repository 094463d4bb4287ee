import { beforeAll, describe, expect, it } from "vitest";
import { meetingTimes, meetNowTimes, nextHalfHour } from "./schedule.ts";

describe("the schedule form's times, typed in the viewer's zone", () => {
  beforeAll(() => {
    // The viewer is in Tokyo (UTC+9, no daylight saving).
    process.env.TZ = "Asia/Tokyo";
  });

  it("a date, a start time and a duration become UTC instants", () => {
    expect(meetingTimes("2026-11-24", "10:00", 90)).toEqual({
      startsAt: "2026-11-24T01:00:00.000Z",
      endsAt: "2026-11-24T02:30:00.000Z",
    });
  });

  it("a meeting may run past midnight", () => {
    expect(meetingTimes("2026-11-24", "23:30", 60)?.endsAt).toBe("2026-11-24T15:30:00.000Z");
  });

  it("nothing comes of an empty or broken value", () => {
    expect(meetingTimes("", "10:00", 60)).toBeNull();
    expect(meetingTimes("2026-11-24", "", 60)).toBeNull();
    expect(meetingTimes("2026-11-24", "10:00", 0)).toBeNull();
  });

  it("meet now starts now and lasts an hour", () => {
    const now = new Date("2026-11-24T01:02:03.000Z");
    expect(meetNowTimes(now)).toEqual({
      startsAt: "2026-11-24T01:02:03.000Z",
      endsAt: "2026-11-24T02:02:03.000Z",
    });
  });

  it("the form starts at the next half hour, in local time", () => {
    expect(nextHalfHour(new Date("2026-11-24T01:10:00.000Z"))).toEqual({
      date: "2026-11-24",
      time: "10:30",
    });
    expect(nextHalfHour(new Date("2026-11-24T14:45:00.000Z"))).toEqual({
      date: "2026-11-25",
      time: "00:00",
    });
  });
});
