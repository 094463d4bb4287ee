import { once } from "node:events";
import type { Duplex } from "node:stream";
import { describe, expect, it } from "vitest";
import type { WebSocket } from "ws";
import { textsReceived, webSocketPairs } from "../../../test/wsPair.ts";
import { PreparedFrame } from "../../gateway/defineMessage.ts";
import { Outbox } from "./outbox.ts";

/**
 * The hub's outbox, on real sockets: what one connection is owed in a turn of the event loop
 * leaves in one write and in order; a close comes after what was owed; compression (where the
 * direct write declines) keeps the order through `ws`.
 */
describe("outbox", () => {
  const { pair } = webSocketPairs();
  const frame = (n: number) => new PreparedFrame({ event: "test", payload: { n } });
  const texts = (from: number, to: number) =>
    Array.from({ length: to - from }, (_, i) =>
      JSON.stringify({ event: "test", payload: { n: from + i } }),
    );

  /** Counts the writes on the server side's TCP socket (observed, not replaced). */
  function countWrites(socket: WebSocket): { writes: number } {
    const tcp = (socket as unknown as { _socket: Duplex })._socket;
    const counter = { writes: 0 };
    const write = tcp.write.bind(tcp) as (...args: unknown[]) => boolean;
    tcp.write = ((...args: unknown[]) => {
      counter.writes += 1;
      return write(...args);
    }) as typeof tcp.write;
    return counter;
  }

  it("writes what a connection is owed in one turn once, in order, and each later turn again", async () => {
    const { serverSide, client } = await pair(false);
    const outbox = new Outbox<{ socket: WebSocket }>();
    const connection = { socket: serverSide };
    const counter = countWrites(serverSide);
    const arriving = textsReceived(client, 6);
    for (let n = 0; n < 5; n += 1) outbox.put(connection, frame(n));
    expect(counter.writes).toBe(0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(counter.writes).toBe(1);
    outbox.put(connection, frame(5));
    expect(await arriving).toEqual(texts(0, 6));
    expect(counter.writes).toBe(2);
  });

  it("flushes what was owed ahead of a close frame, and forgets a dropped connection's frames", async () => {
    const { serverSide, client } = await pair(false);
    const outbox = new Outbox<{ socket: WebSocket }>();
    const connection = { socket: serverSide };
    const arriving = textsReceived(client, 2);
    const closed = once(client, "close");
    outbox.put(connection, frame(0));
    outbox.put(connection, frame(1));
    outbox.flush(connection);
    serverSide.close(4401, "session ended");
    expect(await arriving).toEqual(texts(0, 2));
    const [code] = (await closed) as [number];
    expect(code).toBe(4401);

    const other = await pair(false);
    const next = textsReceived(other.client, 1);
    const otherConnection = { socket: other.serverSide };
    outbox.put(otherConnection, frame(7));
    outbox.drop(otherConnection);
    outbox.put(otherConnection, frame(8));
    expect(await next).toEqual(texts(8, 9));
  });

  it("sends through ws, in order, where the direct write declines (compression negotiated)", async () => {
    const { serverSide, client } = await pair(true);
    const outbox = new Outbox<{ socket: WebSocket }>();
    const arriving = textsReceived(client, 3);
    for (let n = 0; n < 3; n += 1) outbox.put({ socket: serverSide }, frame(n));
    expect(await arriving).toEqual(texts(0, 3));
  });
});
