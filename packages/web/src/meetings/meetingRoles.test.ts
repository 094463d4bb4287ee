import { describe, expect, it } from "vitest";
import { mayPresent, mayUnmute, roleChangeable, runsLobby, runsMeeting } from "./meetingRoles.ts";

describe("what each meeting role may do", () => {
  it("organisers and co-organisers run the meeting; presenters run only the lobby", () => {
    expect([runsMeeting("organizer"), runsMeeting("co_organizer")]).toEqual([true, true]);
    expect([runsMeeting("presenter"), runsMeeting("attendee")]).toEqual([false, false]);
    expect(runsLobby("presenter")).toBe(true);
    expect(runsLobby("attendee")).toBe(false);
  });

  it("muted attendees cannot unmute; presenters and organisers still can", () => {
    expect(mayUnmute("attendee", true)).toBe(false);
    expect(mayUnmute("attendee", false)).toBe(true);
    expect(mayUnmute("presenter", true)).toBe(true);
    expect(mayUnmute("organizer", true)).toBe(true);
  });

  it("organisers hand out presenter and attendee, never to organisers or people without an account", () => {
    expect(roleChangeable("attendee", "u")).toBe(true);
    expect(roleChangeable("presenter", "u")).toBe(true);
    expect(roleChangeable("co_organizer", "u")).toBe(false);
    expect(roleChangeable("attendee", null)).toBe(false);
  });

  it("who may share their screen follows the organisation's rule, as the server's policy does", () => {
    const roles = ["organizer", "co_organizer", "presenter", "attendee"] as const;
    const row = (rule: "everyone" | "presenters" | "organizers") =>
      roles.map((role) => mayPresent(role, rule));
    expect(row("everyone")).toEqual([true, true, true, true]);
    expect(row("presenters")).toEqual([true, true, true, false]);
    expect(row("organizers")).toEqual([true, true, false, false]);
  });
});
