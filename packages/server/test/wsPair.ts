import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { afterEach } from "vitest";
import { WebSocket, WebSocketServer } from "ws";

/**
 * Real `ws` connections on loopback for tests of what the server writes: `pair()` answers the
 * server's side and a client's, both open. Servers and clients are closed after each test.
 */
export function webSocketPairs() {
  const servers: WebSocketServer[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) {
      for (const client of server.clients) client.terminate();
      await new Promise((resolve) => server.close(resolve));
    }
  });
  return {
    pair: async (perMessageDeflate: boolean) => {
      const server = new WebSocketServer({ port: 0, host: "127.0.0.1", perMessageDeflate });
      servers.push(server);
      await once(server, "listening");
      const { port } = server.address() as AddressInfo;
      const client = new WebSocket(`ws://127.0.0.1:${port}`, { perMessageDeflate });
      const [serverSide] = (await once(server, "connection")) as [WebSocket];
      await once(client, "open");
      return { serverSide, client };
    },
  };
}

/** The first `count` text messages the client reads (rejects on a binary one). */
export function textsReceived(client: WebSocket, count: number): Promise<string[]> {
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
