import type { Meeting } from "@engawa/shared";
import { describe, expect, it } from "vitest";
import { meetingInvite } from "./calendar.ts";

const meeting: Meeting = {
  id: "3b1f0e6c-8a4e-4d0a-9a7e-2c3f9b1d5e77",
  title: "外来カンファレンス; 第3回, 症例検討（循環器内科・心臓血管外科合同）とその他の連絡事項",
  startsAt: "2026-12-01T00:30:00.000Z",
  endsAt: "2026-12-01T01:30:00.000Z",
  organizerId: "3b1f0e6c-8a4e-4d0a-9a7e-2c3f9b1d5e70",
  coOrganizerIds: [],
  inviteeIds: [],
  lobbyBypass: "invited",
  locked: false,
  attendeesMuted: false,
  label: null,
  watermark: false,
  endedAt: null,
  channelId: null,
  joinCode: "AAAAAAAAAAAAAAAAAAAAAA",
  yourRole: "organizer",
};

/** The .ics invitation follows RFC 5545: CRLF lines, folded at 75 octets, escaped text, UTC. */
describe("meetingInvite", () => {
  const ics = meetingInvite(
    meeting,
    "https://engawa.example.jp/t/acme/meet/AAAAAAAAAAAAAAAAAAAAAA",
    new Date("2026-11-24T09:00:00Z"),
  );

  it("is one VEVENT with the meeting's id, UTC times and the join link", () => {
    const unfolded = ics.replace(/\r\n /g, "");
    expect(unfolded).toContain("UID:3b1f0e6c-8a4e-4d0a-9a7e-2c3f9b1d5e77@engawa\r\n");
    expect(unfolded).toContain("DTSTART:20261201T003000Z\r\n");
    expect(unfolded).toContain("DTEND:20261201T013000Z\r\n");
    expect(unfolded).toContain("DTSTAMP:20261124T090000Z\r\n");
    expect(unfolded).toContain(
      "URL:https://engawa.example.jp/t/acme/meet/AAAAAAAAAAAAAAAAAAAAAA\r\n",
    );
    expect(unfolded.match(/BEGIN:VEVENT/g)).toHaveLength(1);
  });

  it("escapes the title's semicolons and commas and folds long lines without splitting a character", () => {
    const unfolded = ics.replace(/\r\n /g, "");
    expect(unfolded).toContain("SUMMARY:外来カンファレンス\\; 第3回\\, 症例検討");
    for (const line of ics.split("\r\n"))
      expect(Buffer.byteLength(line, "utf8")).toBeLessThanOrEqual(75);
    // Every line break is CRLF; folded parts decode as whole UTF-8 characters.
    expect(ics.replace(/\r\n/g, "")).not.toContain("\n");
    expect(ics).not.toContain("\uFFFD");
  });
});
