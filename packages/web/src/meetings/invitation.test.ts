import { describe, expect, it } from "vitest";
import { invitationText, joinLink, meetingWhen } from "./invitation.ts";

const meeting = {
  title: "朝の申し送り",
  startsAt: "2026-11-24T01:00:00.000Z",
  endsAt: "2026-11-24T02:00:00.000Z",
};

describe("the join link and the invitation", () => {
  it("the link is /t/<organisation>/meet/<code> on this site", () => {
    expect(joinLink("https://engawa.example", "sakura-clinic", "abcDEF123_-abcDEF123_")).toBe(
      "https://engawa.example/t/sakura-clinic/meet/abcDEF123_-abcDEF123_",
    );
  });

  it("the time is in the viewer's zone, with the zone named", () => {
    const ja = meetingWhen(meeting.startsAt, meeting.endsAt, "ja-JP", "Asia/Tokyo");
    expect(ja).toContain("2026年11月24日");
    expect(ja).toContain("10:00");
    expect(ja).toContain("11:00");
    expect(ja).toContain("JST");
    expect(ja).toBe("2026年11月24日(火) 10:00～11:00 (JST)");
    const overnight = meetingWhen(
      meeting.startsAt,
      "2026-11-24T16:00:00.000Z",
      "ja-JP",
      "Asia/Tokyo",
    );
    expect(overnight).toBe("2026年11月24日(火) 10:00～2026年11月25日(水) 01:00 (JST)");
    const en = meetingWhen(meeting.startsAt, meeting.endsAt, "en-US", "Europe/London");
    expect(en).toContain("November 24, 2026");
    expect(en).toContain("01:00");
    expect(en).toContain("02:00");
    expect(en).toContain("GMT");
  });

  it("the text has the title, the time, the link and how joining works", () => {
    const text = invitationText(
      meeting,
      "https://engawa.example/t/x/meet/c",
      {
        subject: (title) => `Meeting: ${title}`,
        when: "When",
        join: "Join",
        note: "Sign in to join.",
      },
      "en-US",
      "Asia/Tokyo",
    );
    const lines = text.split("\n");
    expect(lines[0]).toBe("Meeting: 朝の申し送り");
    expect(lines[1]).toMatch(/^When: Tue, November 24, 2026,? 10:00 AM – 11:00 AM \(GMT\+9\)$/);
    expect(lines[2]).toBe("Join: https://engawa.example/t/x/meet/c");
    expect(lines.at(-1)).toBe("Sign in to join.");
  });
});
