import { describe, expect, it } from "vitest";
import {
  meetingAnnouncementText,
  meetingJoinPath,
  parseMeetingAnnouncement,
} from "./meetingAnnouncement.ts";

const announced = {
  title: "病棟カンファレンス / ward round",
  startsAt: "2025-06-02T01:00:00.000Z",
  endsAt: "2025-06-02T02:00:00.000Z",
  path: meetingJoinPath("acme", "AbCdEfGhIjKlMnOpQrStUv"),
};

describe("a meeting's announcement in its channel", () => {
  it("reads back what it announced", () => {
    const body = meetingAnnouncementText(announced);
    expect(body).toBe(
      "📅 病棟カンファレンス / ward round\n2025-06-02T01:00:00.000Z/2025-06-02T02:00:00.000Z\n/t/acme/meet/AbCdEfGhIjKlMnOpQrStUv",
    );
    expect(parseMeetingAnnouncement(body)).toEqual(announced);
  });

  it("is not found in ordinary messages, or in ones that only look alike", () => {
    const lines = meetingAnnouncementText(announced).split("\n");
    for (const body of [
      "hello",
      lines.join("\n") + "\nmore",
      ["Meeting", lines[1], lines[2]].join("\n"),
      [lines[0], "tomorrow at ten", lines[2]].join("\n"),
      [lines[0], lines[1], "https://elsewhere.example/t/acme/meet/AbCdEfGhIjKlMnOpQrStUv"].join(
        "\n",
      ),
      [lines[0], lines[1], "/t/acme/meet/short"].join("\n"),
      ["📅 ", lines[1], lines[2]].join("\n"),
    ])
      expect(parseMeetingAnnouncement(body), body).toBeNull();
  });
});
