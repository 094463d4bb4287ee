import { describe, expect, it } from "vitest";
import { textsReceived as received, webSocketPairs } from "../../../test/wsPair.ts";
import { textFrame, writeFrames } from "./wireFrames.ts";

/**
 * Prepared frames written straight to the socket: a real `ws` client must read each one as the
 * text `ws` itself would have sent, in order with frames sent the usual way; where `ws` would not
 * write at once (compression negotiated), the direct write declines.
 */
describe("wire frames", () => {
  const { pair } = webSocketPairs();

  it("sends payloads of every length form (7, 16 and 64 bits) in order with ordinary sends", async () => {
    const { serverSide, client } = await pair(false);
    // 125 and 126, 65535 and 65536 bytes are the edges between the three length forms.
    const payloads = [
      ...[0, 5, 125, 126, 1000, 65_535, 65_536, 200_000].map((bytes) => "x".repeat(bytes)),
      "明日の診療予定を確認",
    ];
    const arriving = received(client, payloads.length * 2);
    for (const [i, text] of payloads.entries()) {
      expect(writeFrames(serverSide, [textFrame(Buffer.from(text, "utf8"))])).toBe(true);
      serverSide.send(`ordinary ${i}`);
    }
    expect(await arriving).toEqual(payloads.flatMap((text, i) => [text, `ordinary ${i}`]));
  });

  it("writes several frames in one write, each read as its own message", async () => {
    const { serverSide, client } = await pair(false);
    const texts = ["first", "x".repeat(126), "明日の診療予定を確認", "x".repeat(70_000), "last"];
    const arriving = received(client, texts.length);
    expect(
      writeFrames(
        serverSide,
        texts.map((text) => textFrame(Buffer.from(text))),
      ),
    ).toBe(true);
    expect(await arriving).toEqual(texts);
  });

  it("declines where ws would not write at once itself (compression negotiated), or once closed", async () => {
    const compressed = await pair(true);
    expect(writeFrames(compressed.serverSide, [textFrame(Buffer.from("hello"))])).toBe(false);
    const plain = await pair(false);
    plain.serverSide.close();
    expect(writeFrames(plain.serverSide, [textFrame(Buffer.from("hello"))])).toBe(false);
  });
});
