import type { WebSocket } from "ws";
import type { ConnectionView, RealtimePrincipal } from "../../gateway/defineMessage.ts";
import type { Principal } from "../identity/index.ts";

export type UserPrincipal = Extract<Principal, { kind: "user" }>;

/**
 * One open WebSocket, with the session it was opened under and what it subscribed to: a user's,
 * or an admitted meeting guest's (who sends only the meeting room's messages).
 */
export interface Connection extends ConnectionView<RealtimePrincipal> {
  socket: WebSocket;
  /**
   * The session cookie's token (or a meeting guest's cookie): every frame and every sweep
   * re-authenticates with it.
   */
  token: string;
  topics: Set<string>;
  /** Timestamps (ms) of recent inbound frames, for the per-connection rate limit. */
  recentFrames: number[];
  /** A device-bound session's connection before it answered the device challenge. */
  awaitingDeviceProof: boolean;
}

/** Close codes (4000–4999 are the application's): the client shows a sign-in prompt on 4401. */
export const CLOSE_SESSION_ENDED = 4401;

/** Inbound frames allowed per connection per window; more are answered `rate_limited`. */
export const FRAME_LIMIT = { frames: 100, windowMs: 10_000 } as const;

/**
 * True when the session's idle or absolute deadline, as last seen, has passed. `now` in epoch
 * milliseconds: a fan-out asks this of every recipient, so the clock is read once for all.
 */
export function sessionLapsed(connection: Connection, now: number): boolean {
  // A meeting guest has no session deadline: each frame and sweep reads their join afresh.
  if (connection.principal.kind !== "user") return false;
  const { idleExpiresAt, absoluteExpiresAt } = connection.principal.session;
  return idleExpiresAt.getTime() <= now || absoluteExpiresAt.getTime() <= now;
}

/**
 * True when the session's declared work context, as last seen, has lapsed: the connection is
 * re-checked so what it follows is decided without it (the declaration is gone from the new
 * principal, so this stops being true).
 */
export function workContextLapsed(connection: Connection, now: number): boolean {
  if (connection.principal.kind !== "user") return false;
  const context = connection.principal.session.workContext;
  return context !== null && context.expiresAt.getTime() <= now;
}

/** Counts a frame; false when the connection is over its limit. */
export function admitFrame(connection: Connection, now: number): boolean {
  const since = now - FRAME_LIMIT.windowMs;
  connection.recentFrames = connection.recentFrames.filter((t) => t > since);
  if (connection.recentFrames.length >= FRAME_LIMIT.frames) return false;
  connection.recentFrames.push(now);
  return true;
}

export function textOf(data: Buffer | ArrayBuffer | Buffer[]): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString("utf8");
  return Buffer.isBuffer(data) ? data.toString("utf8") : Buffer.from(data).toString("utf8");
}

/** A user's connection (what every message type but the meeting room's is for). */
export function isUserConnection(
  connection: Connection,
): connection is Connection & ConnectionView {
  return connection.principal.kind === "user";
}
