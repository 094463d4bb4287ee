import { ApiError } from "../api/client.ts";
import { isErrorCode } from "@engawa/shared";
import { answerDeviceChallenge } from "../device/challenge.ts";

/** The server closes with 4401 when the session behind the socket has ended (or never began). */
const CLOSE_SESSION_ENDED = 4401;
/** A ping this often; no answer by the next one means the connection died silently. */
const HEARTBEAT_MS = 20_000;
/** How long a request waits for its reply before the connection is taken for dead. */
const REPLY_TIMEOUT_MS = 15_000;
/**
 * The server admits 100 frames in 10 s per connection (realtime/connection.ts): a refused frame
 * is sent again after this, a few times (ICE candidates come in bursts).
 */
const RATE_LIMIT_RETRY_MS = 1_500;
const RATE_LIMIT_RETRIES = 6;

/** How a connection ended, as the meeting needs to know it. */
export type ConnectionEnd = "session_ended" | "dropped";

interface ServerFrame {
  event?: string;
  replyTo?: string | null;
  ok?: boolean;
  payload?: unknown;
  error?: { code?: string };
}

interface Pending {
  resolve: (payload: unknown) => void;
  reject: (error: unknown) => void;
  timer: number;
}

/**
 * One meeting's WebSocket (`/api/ws`, same origin: the session cookie goes with it), kept apart
 * from the chat's connection: a meeting page needs requests with replies (enter the room, relay
 * signalling) rather than resumable subscriptions. Frames are `{ id, type, payload }`, replies
 * `{ replyTo, ok, payload | error }`, events `{ event, payload }`. A registered device answers the
 * hub's device challenge before anything else (device/challenge.ts).
 *
 * It does not reconnect by itself: a dropped connection closes one's seat in the room, and coming
 * back means knocking again (the lobby's rules apply again), which the meeting session decides.
 */
export class MeetingConnection {
  private socket: WebSocket | null = null;
  private nextId = 0;
  private readonly pending = new Map<string, Pending>();
  private readonly listeners = new Map<string, Set<(payload: unknown) => void>>();
  private endListener: (end: ConnectionEnd) => void = () => undefined;
  private heartbeat: number | undefined;
  private ping: string | null = null;
  private closed = false;

  /** Opens the socket; resolves once the server says it is ready (after any device proof). */
  open(onEnd: (end: ConnectionEnd) => void): Promise<void> {
    this.endListener = onEnd;
    this.closed = false;
    const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
    const socket = new WebSocket(`${scheme}//${window.location.host}/api/ws`);
    this.socket = socket;
    return new Promise<void>((resolve, reject) => {
      let ready = false;
      socket.addEventListener("message", (message) => {
        if (this.socket !== socket) return;
        let frame: ServerFrame;
        try {
          frame = JSON.parse(String(message.data)) as ServerFrame;
        } catch {
          return;
        }
        if (answerDeviceChallenge(socket, frame)) return;
        if (frame.event === "ready" && !ready) {
          ready = true;
          this.heartbeat = window.setInterval(() => this.beat(), HEARTBEAT_MS);
          resolve();
          return;
        }
        this.onFrame(frame);
      });
      socket.addEventListener("close", (close) => {
        if (this.socket !== socket) return;
        const end: ConnectionEnd = close.code === CLOSE_SESSION_ENDED ? "session_ended" : "dropped";
        this.shutDown();
        if (!ready) reject(new ApiError({ status: 0, code: "network_error" }));
        else if (!this.closed) this.endListener(end);
        this.closed = true;
      });
    });
  }

  /** Sends a request and resolves with its reply's payload (rejects with the refusal's code). */
  async call<T>(type: string, payload: object): Promise<T> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return (await this.once(type, payload)) as T;
      } catch (error) {
        if (
          !(error instanceof ApiError && error.code === "rate_limited") ||
          attempt >= RATE_LIMIT_RETRIES
        )
          throw error;
        await new Promise((resolve) => window.setTimeout(resolve, RATE_LIMIT_RETRY_MS));
      }
    }
  }

  /** Hears one kind of server event; returns the unsubscriber. */
  on(event: string, listener: (payload: unknown) => void): () => void {
    const set = this.listeners.get(event) ?? new Set();
    set.add(listener);
    this.listeners.set(event, set);
    return () => set.delete(listener);
  }

  /** Closes the socket for good (the page is leaving): no end is reported. */
  close(): void {
    this.closed = true;
    const socket = this.socket;
    this.shutDown();
    socket?.close(1000, "meeting closed");
  }

  private once(type: string, payload: object): Promise<unknown> {
    const socket = this.socket;
    if (!socket || socket.readyState !== WebSocket.OPEN)
      return Promise.reject(new ApiError({ status: 0, code: "network_error" }));
    this.nextId += 1;
    const id = `m${this.nextId}`;
    return new Promise((resolve, reject) => {
      const timer = window.setTimeout(() => {
        this.pending.delete(id);
        reject(new ApiError({ status: 0, code: "network_error" }));
        this.drop();
      }, REPLY_TIMEOUT_MS);
      this.pending.set(id, { resolve, reject, timer });
      socket.send(JSON.stringify({ id, type, payload }));
    });
  }

  private onFrame(frame: ServerFrame): void {
    if (typeof frame.replyTo === "string") {
      if (frame.replyTo === this.ping) this.ping = null;
      const waiting = this.pending.get(frame.replyTo);
      if (!waiting) return;
      this.pending.delete(frame.replyTo);
      window.clearTimeout(waiting.timer);
      if (frame.ok) waiting.resolve(frame.payload);
      else {
        const raw = frame.error?.code ?? "";
        waiting.reject(
          new ApiError({
            status: raw === "not_found" ? 404 : 403,
            code: isErrorCode(raw) ? raw : "generic",
          }),
        );
      }
      return;
    }
    if (typeof frame.event === "string")
      for (const listener of [...(this.listeners.get(frame.event) ?? [])]) listener(frame.payload);
  }

  private beat(): void {
    const socket = this.socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) return;
    if (this.ping !== null) {
      this.drop();
      return;
    }
    this.nextId += 1;
    this.ping = `p${this.nextId}`;
    socket.send(JSON.stringify({ id: this.ping, type: "session.ping", payload: {} }));
  }

  /** The connection is dead though the browser has not noticed: treat it as dropped. */
  private drop(): void {
    const socket = this.socket;
    if (!socket || this.closed) return;
    this.shutDown();
    socket.close(1000, "no answer");
    this.closed = true;
    this.endListener("dropped");
  }

  private shutDown(): void {
    window.clearInterval(this.heartbeat);
    this.socket = null;
    this.ping = null;
    for (const waiting of this.pending.values()) {
      window.clearTimeout(waiting.timer);
      waiting.reject(new ApiError({ status: 0, code: "network_error" }));
    }
    this.pending.clear();
  }
}
