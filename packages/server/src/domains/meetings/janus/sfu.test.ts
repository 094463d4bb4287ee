import { describe, expect, it } from "vitest";
import { audioMidsOf } from "./sfu.ts";

/** What moderation mutes: the audio m-lines' mids of a publisher's offer (Chromium's shape). */
describe("audioMidsOf", () => {
  it("finds each audio m-line's mid and no video one", () => {
    const sdp = [
      "v=0",
      "o=- 1 2 IN IP4 127.0.0.1",
      "s=-",
      "t=0 0",
      "a=group:BUNDLE 0 1 2",
      "m=audio 9 UDP/TLS/RTP/SAVPF 111",
      "c=IN IP4 0.0.0.0",
      "a=mid:0",
      "a=sendonly",
      "m=video 9 UDP/TLS/RTP/SAVPF 96",
      "a=mid:1",
      "m=audio 9 UDP/TLS/RTP/SAVPF 111",
      "a=mid:screen-audio",
      "",
    ].join("\r\n");
    expect(audioMidsOf(sdp)).toEqual(["0", "screen-audio"]);
  });

  it("finds none in a video-only offer", () => {
    expect(audioMidsOf("v=0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:0\r\n")).toEqual([]);
  });
});
