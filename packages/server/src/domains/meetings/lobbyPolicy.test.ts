import {
  DEFAULT_MEETING_POLICY,
  HOSPITAL_MEETING_POLICY,
  LOBBY_BYPASS_OPTIONS,
  type LobbyBypass,
  type MeetingJoinerKind,
} from "@engawa/shared";
import { describe, expect, it } from "vitest";
import { bypassesLobby, decideJoin, effectiveBypass, type MeetingGate } from "./lobbyPolicy.ts";

/**
 * The lobby's rules as a table (issue "Meetings", acceptances 2 and 4, at the level of the rule;
 * the API tests run the same options through the server). A row: a joiner, whether invited, and
 * the options under which they go straight in — the rest send them to the lobby.
 */
const TABLE: [MeetingJoinerKind, boolean, LobbyBypass[]][] = [
  ["organizer", false, [...LOBBY_BYPASS_OPTIONS]],
  ["co_organizer", false, [...LOBBY_BYPASS_OPTIONS]],
  ["member", true, ["everyone", "organization_and_guests", "organization", "invited"]],
  ["member", false, ["everyone", "organization_and_guests", "organization"]],
  ["guest", true, ["everyone", "organization_and_guests", "invited"]],
  ["guest", false, ["everyone", "organization_and_guests"]],
  ["external", true, ["everyone", "invited"]],
  ["external", false, ["everyone"]],
  // The link alone never bypasses: not even under "everyone", not even when the name typed
  // matches an invitee (an anonymous joiner cannot be "invited").
  ["anonymous", false, []],
  ["anonymous", true, []],
];

const OPEN: MeetingGate = {
  bypass: "organization",
  locked: false,
  ended: false,
  anonymousJoin: true,
};

describe("who bypasses the lobby", () => {
  for (const [kind, invited, bypassing] of TABLE) {
    for (const option of LOBBY_BYPASS_OPTIONS) {
      const expected = bypassing.includes(option) ? "admitted" : "lobby";
      it(`${kind}${invited ? " (invited)" : ""} under "${option}": ${expected}`, () => {
        expect(bypassesLobby(option, { kind, invited })).toBe(expected === "admitted");
        expect(decideJoin({ ...OPEN, bypass: option }, { kind, invited, removed: false })).toEqual({
          outcome: expected,
        });
      });
    }
  }
});

describe("who is refused before the lobby", () => {
  const member = { kind: "member" as const, invited: true, removed: false };
  const organizer = { kind: "organizer" as const, invited: false, removed: false };

  it("refuses everyone once the meeting has ended", () => {
    for (const joiner of [member, organizer])
      expect(decideJoin({ ...OPEN, ended: true }, joiner)).toEqual({
        outcome: "refused",
        reason: "meeting_ended",
      });
  });

  it("keeps a removed participant out, even where they would bypass the lobby", () => {
    expect(decideJoin({ ...OPEN, bypass: "everyone" }, { ...member, removed: true })).toEqual({
      outcome: "refused",
      reason: "removed_from_meeting",
    });
  });

  it("refuses new joiners of a locked meeting but lets its organisers in", () => {
    expect(decideJoin({ ...OPEN, locked: true }, member)).toEqual({
      outcome: "refused",
      reason: "meeting_locked",
    });
    expect(decideJoin({ ...OPEN, locked: true }, organizer)).toEqual({ outcome: "admitted" });
    expect(
      decideJoin(
        { ...OPEN, locked: true },
        { kind: "co_organizer", invited: false, removed: false },
      ),
    ).toEqual({ outcome: "admitted" });
  });

  it("refuses anonymous joiners where the organisation allows none, and lets them wait where it does", () => {
    const anonymous = { kind: "anonymous" as const, invited: false, removed: false };
    expect(decideJoin({ ...OPEN, anonymousJoin: false }, anonymous)).toEqual({
      outcome: "refused",
      reason: "anonymous_join_disabled",
    });
    expect(decideJoin({ ...OPEN, bypass: "everyone" }, anonymous)).toEqual({ outcome: "lobby" });
  });
});

describe("the option a meeting runs with", () => {
  it("is the organiser's choice while the organisation allows it", () => {
    expect(effectiveBypass(DEFAULT_MEETING_POLICY, "everyone")).toBe("everyone");
    expect(effectiveBypass(DEFAULT_MEETING_POLICY, null)).toBe("organization");
  });

  it("is the organisation's when the admin has locked it (the hospital preset)", () => {
    expect(effectiveBypass(HOSPITAL_MEETING_POLICY, "everyone")).toBe("invited");
    expect(HOSPITAL_MEETING_POLICY.anonymousJoin).toBe(false);
  });
});
