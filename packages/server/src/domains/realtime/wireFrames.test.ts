import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocket, WebSocketServer } from "ws";
import { textFrame, writeFrame } from "./wireFrames.ts";

/**
 * Prepared frames written straight to the socket: a real `ws` client must read each one as the
 * text `ws` itself would have sent, in order with frames sent the usual way; where `ws` would not
 * write at once (compression negotiated), the direct write declines.
 */
describe("wire frames", () => {
  const servers: WebSocketServer[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) {
      for (const client of server.clients) client.terminate();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  async function pair(perMessageDeflate: boolean) {
    const server = new WebSocketServer({ port: 0, host: "127.0.0.1", perMessageDeflate });
    servers.push(server);
    await once(server, "listening");
    const { port } = server.address() as AddressInfo;
    const client = new WebSocket(`ws://127.0.0.1:${port}`, { perMessageDeflate });
    const [serverSide] = (await once(server, "connection")) as [WebSocket];
    await once(client, "open");
    return { serverSide, client };
  }

  function received(client: WebSocket, count: number): Promise<string[]> {
    const texts: string[] = [];
    return new Promise((resolve, reject) => {
      client.on("error", reject);
      client.on("message", (data, isBinary) => {
        if (isBinary) reject(new Error("a binary frame arrived"));
        texts.push((data as Buffer).toString("utf8"));
        if (texts.length === count) resolve(texts);
      });
    });
  }

  it("sends payloads of every length form (7, 16 and 64 bits) in order with ordinary sends", async () => {
    const { serverSide, client } = await pair(false);
    // 125 and 126, 65535 and 65536 bytes are the edges between the three length forms.
    const payloads = [
      ...[0, 5, 125, 126, 1000, 65_535, 65_536, 200_000].map((bytes) => "x".repeat(bytes)),
      "明日の診療予定を確認",
    ];
    const arriving = received(client, payloads.length * 2);
    for (const [i, text] of payloads.entries()) {
      expect(writeFrame(serverSide, textFrame(Buffer.from(text, "utf8")))).toBe(true);
      serverSide.send(`ordinary ${i}`);
    }
    expect(await arriving).toEqual(payloads.flatMap((text, i) => [text, `ordinary ${i}`]));
  });

  it("declines where ws would not write at once itself (compression negotiated), or once closed", async () => {
    const compressed = await pair(true);
    expect(writeFrame(compressed.serverSide, textFrame(Buffer.from("hello")))).toBe(false);
    const plain = await pair(false);
    plain.serverSide.close();
    expect(writeFrame(plain.serverSide, textFrame(Buffer.from("hello")))).toBe(false);
  });
});
