import type { Duplex } from "node:stream";
import type { WebSocket } from "ws";

/**
 * A whole WebSocket text frame as a server sends it (RFC 6455 §5.2: FIN set, opcode 1, no mask,
 * the payload length in 7, 7+16 or 7+64 bits), built once around a payload shared by a fan-out.
 */
export function textFrame(payload: Buffer): Buffer {
  const length = payload.length;
  const headerBytes = length < 126 ? 2 : length <= 0xffff ? 4 : 10;
  const frame = Buffer.allocUnsafe(headerBytes + length);
  frame[0] = 0x81;
  if (length < 126) frame[1] = length;
  else if (length <= 0xffff) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  payload.copy(frame, headerBytes);
  return frame;
}

/** The parts of a `ws` WebSocket (8.x) a direct write depends on; absent in another version. */
interface WsInternals {
  _socket?: Duplex;
  _extensions?: Record<string, unknown>;
  _sender?: { _state?: unknown; _firstFragment?: unknown };
}

/** `ws`'s Sender state when nothing waits in its queue (lib/sender.js, DEFAULT). */
const SENDER_IDLE = 0;

/**
 * Writes frames made by {@link textFrame}, in order, straight to the connection's TCP socket, as
 * one `write`: bytes shared by every recipient instead of `ws` framing the payload again for each
 * one (a header per send and a corked two-part write), and one system call for all the frames a
 * connection is owed at once instead of one each. It is exactly what `ws` would put on the wire,
 * and it is done only where `ws` would write at once itself — no compression negotiated, no frame
 * half-sent, nothing queued in its sender — so frames keep their order. Answers false (the caller
 * sends normally) when any of that does not hold or the internals are not the ones expected.
 */
export function writeFrames(socket: WebSocket, frames: readonly Buffer[]): boolean {
  const ws = socket as unknown as WsInternals;
  const tcp = ws._socket;
  const sender = ws._sender;
  if (
    !tcp ||
    !sender ||
    socket.readyState !== socket.OPEN ||
    sender._state !== SENDER_IDLE ||
    sender._firstFragment !== true ||
    !ws._extensions ||
    Object.keys(ws._extensions).length > 0 ||
    tcp.destroyed
  )
    return false;
  tcp.write(frames.length === 1 ? (frames[0] as Buffer) : Buffer.concat(frames));
  return true;
}
