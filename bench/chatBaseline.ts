/**
 * The baseline of the chat benchmarks, its own process like chatHost.ts and driven the same way:
 * a bare `ws` server (nothing else loaded) that broadcasts every frame a publisher sends on
 * `/publish` to every other connection — the same bytes, sent once each, as Engawa's feed does —
 * and answers `memory` with the process's memory after a full collection, `cpu` with its CPU time.
 */
import { createServer } from "node:http";
import { WebSocket, WebSocketServer } from "ws";
import { cpuMs, memoryAfterGc } from "./stats.ts";

const http = createServer();
const wss = new WebSocketServer({ server: http, maxPayload: 64 * 1024 });
wss.on("connection", (socket, request) => {
  if (request.url !== "/publish") return;
  socket.on("message", (data: Buffer, isBinary) => {
    for (const client of wss.clients)
      if (client !== socket && client.readyState === WebSocket.OPEN)
        client.send(data, { binary: isBinary });
  });
});
process.on("message", (request: { id: number; kind: string }) => {
  if (request.kind === "memory")
    process.send?.({
      id: request.id,
      result: { ...memoryAfterGc(), connections: wss.clients.size },
    });
  else if (request.kind === "cpu") process.send?.({ id: request.id, result: cpuMs() });
  else process.send?.({ id: request.id, error: `the baseline does not do ${request.kind}` });
});
process.once("SIGTERM", () => process.exit(0));
// The benchmark that started this process has gone (it failed): so does this one.
process.once("disconnect", () => process.exit(1));
http.listen(0, "127.0.0.1", () => {
  const address = http.address();
  process.send?.({ ready: true, port: typeof address === "object" && address ? address.port : 0 });
});
