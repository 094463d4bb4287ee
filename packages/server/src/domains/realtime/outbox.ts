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
 *
 * It also paces itself: after writing for D ms, it waits until D ms have passed before the next
 * write-out (setTimeout instead of setImmediate), so a server fanning out to many connections
 * spends at most about half its time writing and the rest posting, and the posts committed
 * meanwhile leave together, one write per connection for all of them. A write-out to ten
 * connections takes microseconds and delays nothing; one to 1,000 takes a few milliseconds and
 * delays the next by as much. (On PostgreSQL posts commit one by one, each in its own turn, so
 * without this every post cost one system call per connection however far behind the server was.)
 */
export class Outbox<C extends { socket: WebSocket }> {
  private waiting = new Map<C, PreparedFrame[]>();
  private scheduled = false;
  /** When the next write-out may start (performance.now()): the end of the last, plus its length. */
  private quietUntil = 0;

  /** Queues a frame for the connection; every frame of one connection keeps its order. */
  put(connection: C, frame: PreparedFrame): void {
    const frames = this.waiting.get(connection);
    if (frames) frames.push(frame);
    else this.waiting.set(connection, [frame]);
    if (this.scheduled) return;
    this.scheduled = true;
    const wait = this.quietUntil - performance.now();
    if (wait > 0) setTimeout(() => this.flushAll(), wait);
    else setImmediate(() => this.flushAll());
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
    const started = performance.now();
    for (const [connection, frames] of owed) write(connection.socket, frames);
    const ended = performance.now();
    this.quietUntil = ended + (ended - started);
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
