import type { WebSocket } from "ws";
import type { PreparedFrame } from "../../gateway/defineMessage.ts";
import { textFrame, writeFrames } from "./wireFrames.ts";

/**
 * What the hub owes each open connection until the end of this turn of the event loop. A frame is
 * not written when it is sent but once the turn's work is done (`setImmediate`, microseconds
 * later), so everything one connection is owed by then — several posts committed together, a
 * catch-up's batch, a reply and the events before it — leaves in one write, in the order it was
 * sent. A quiet server writes each frame alone as before; a busy one makes one system call (and one
 * wake-up of the reader) where it made one per frame, so the more it falls behind the less each
 * delivery costs it: the coalescing of writes that uWebSockets calls corking.
 */
export class Outbox<C extends { socket: WebSocket }> {
  private waiting = new Map<C, PreparedFrame[]>();
  private scheduled = false;

  /** Queues a frame for the connection; every frame of one connection keeps its order. */
  put(connection: C, frame: PreparedFrame): void {
    const frames = this.waiting.get(connection);
    if (frames) frames.push(frame);
    else this.waiting.set(connection, [frame]);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flushAll());
  }

  /** Writes what the connection is owed now (before a close frame, which must come last). */
  flush(connection: C): void {
    const frames = this.waiting.get(connection);
    if (!frames) return;
    this.waiting.delete(connection);
    write(connection.socket, frames);
  }

  /** Forgets what a connection that has gone was owed. */
  drop(connection: C): void {
    this.waiting.delete(connection);
  }

  private flushAll(): void {
    this.scheduled = false;
    const owed = this.waiting;
    this.waiting = new Map();
    for (const [connection, frames] of owed) write(connection.socket, frames);
  }
}

function write(socket: WebSocket, frames: PreparedFrame[]): void {
  if (socket.readyState !== socket.OPEN) return;
  if (
    writeFrames(
      socket,
      frames.map((frame) => frame.wire(textFrame)),
    )
  )
    return;
  for (const frame of frames) socket.send(frame.data, { binary: false });
}
