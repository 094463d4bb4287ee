import { randomBytes } from "node:crypto";

/** A reply or event of Janus's API (the fields Engawa reads). */
export interface JanusFrame {
  janus: string;
  transaction?: string;
  session_id?: number;
  sender?: number;
  data?: { id?: number };
  plugindata?: { plugin: string; data: Record<string, unknown> };
  jsep?: { type: string; sdp: string };
  error?: { code: number; reason: string };
}

/** Janus refused a request (its own error, or the VideoRoom plugin's `error_code`). */
export class JanusError extends Error {
  readonly code: number;

  constructor(code: number, reason: string) {
    super(`Janus: ${reason} (${code})`);
    this.code = code;
  }
}

/** Janus's session timeout is 60 s without a keepalive; one every 25 s, as janus.js does. */
const KEEPALIVE_MS = 25_000;
const REPLY_TIMEOUT_MS = 15_000;

interface Pending {
  resolve: (frame: JanusFrame) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
  /** Replies that only acknowledge (an async plugin message): wait for the event that follows. */
  ackIsNotTheAnswer: boolean;
}

/**
 * One Janus session over its WebSocket API (subprotocol `janus-protocol`), on loopback: the
 * server's only way to Janus. Browsers never reach this API and never learn a session, handle or
 * room secret: they speak to Engawa's gateway, which calls this. Requests wait for their answer
 * by transaction; events without a transaction (a publisher's `webrtcup`, a feed leaving) go to
 * the handle's listener.
 */
export class JanusSession {
  private readonly socket: WebSocket;
  private sessionId = 0;
  private readonly pending = new Map<string, Pending>();
  private readonly handleListeners = new Map<number, (frame: JanusFrame) => void>();
  private keepalive: NodeJS.Timeout | undefined;
  private closedWith: Error | null = null;
  private onClose: (error: Error) => void = () => undefined;

  private constructor(socket: WebSocket) {
    this.socket = socket;
    socket.addEventListener("message", (event) => this.receive(String(event.data)));
    socket.addEventListener("close", () => this.fail(new Error("the connection to Janus closed")));
  }

  /** Opens the WebSocket and creates the session. */
  static async open(url: URL): Promise<JanusSession> {
    const socket = new WebSocket(url, "janus-protocol");
    await new Promise<void>((resolve, reject) => {
      socket.addEventListener("open", () => resolve(), { once: true });
      socket.addEventListener(
        "error",
        () => reject(new Error(`cannot reach Janus at ${url.origin}`)),
        { once: true },
      );
    });
    const session = new JanusSession(socket);
    const created = await session.request({ janus: "create" });
    session.sessionId = created.data?.id ?? 0;
    session.keepalive = setInterval(() => {
      session.send({ janus: "keepalive", session_id: session.sessionId }).catch(() => undefined);
    }, KEEPALIVE_MS);
    session.keepalive.unref();
    return session;
  }

  /** Called once when the session is lost (Janus stopped or the socket closed). */
  whenClosed(listener: (error: Error) => void): void {
    this.onClose = listener;
  }

  get open(): boolean {
    return this.closedWith === null;
  }

  /** Attaches a plugin handle; its events without a transaction go to `listener`. */
  async attach(plugin: string, listener: (frame: JanusFrame) => void): Promise<number> {
    const reply = await this.request({ janus: "attach", plugin, session_id: this.sessionId });
    const handleId = reply.data?.id ?? 0;
    this.handleListeners.set(handleId, listener);
    return handleId;
  }

  async detach(handleId: number): Promise<void> {
    this.handleListeners.delete(handleId);
    if (!this.open) return;
    await this.request({ janus: "detach", session_id: this.sessionId, handle_id: handleId }).catch(
      () => undefined,
    );
  }

  /**
   * A plugin request: the plugin's data (and JSEP) of its answer — the synchronous `success`, or
   * the `event` that follows the `ack` of an asynchronous one. A plugin error is thrown.
   */
  async message(
    handleId: number,
    body: Record<string, unknown>,
    jsep?: { type: string; sdp: string },
  ): Promise<{ data: Record<string, unknown>; jsep?: { type: string; sdp: string } }> {
    const reply = await this.request(
      {
        janus: "message",
        session_id: this.sessionId,
        handle_id: handleId,
        body,
        ...(jsep ? { jsep } : {}),
      },
      true,
    );
    const data = reply.plugindata?.data ?? {};
    if (typeof data.error_code === "number")
      throw new JanusError(
        data.error_code,
        typeof data.error === "string" ? data.error : "plugin error",
      );
    return { data, ...(reply.jsep ? { jsep: reply.jsep } : {}) };
  }

  /** A browser's ICE candidate for a handle (or `null`: gathering completed). */
  async trickle(
    handleId: number,
    candidate: { candidate: string; sdpMid: string | null; sdpMLineIndex: number | null } | null,
  ): Promise<void> {
    await this.request({
      janus: "trickle",
      session_id: this.sessionId,
      handle_id: handleId,
      candidate: candidate ?? { completed: true },
    });
  }

  /** Destroys the session and closes the socket. */
  async close(): Promise<void> {
    clearInterval(this.keepalive);
    if (this.open)
      await this.request({ janus: "destroy", session_id: this.sessionId }).catch(() => undefined);
    this.socket.close();
    this.fail(new Error("closed"));
  }

  private request(frame: Record<string, unknown>, ackIsNotTheAnswer = false): Promise<JanusFrame> {
    if (this.closedWith) return Promise.reject(this.closedWith);
    const transaction = randomBytes(12).toString("base64url");
    return new Promise<JanusFrame>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(transaction);
        reject(new Error(`Janus did not answer ${String(frame.janus)} in time`));
      }, REPLY_TIMEOUT_MS);
      this.pending.set(transaction, { resolve, reject, timer, ackIsNotTheAnswer });
      this.socket.send(JSON.stringify({ ...frame, transaction }));
    });
  }

  private async send(frame: Record<string, unknown>): Promise<void> {
    await this.request(frame);
  }

  private receive(text: string): void {
    let frame: JanusFrame;
    try {
      frame = JSON.parse(text) as JanusFrame;
    } catch {
      return;
    }
    const waiting = frame.transaction ? this.pending.get(frame.transaction) : undefined;
    if (waiting) {
      if (frame.janus === "ack" && waiting.ackIsNotTheAnswer) return;
      this.pending.delete(frame.transaction ?? "");
      clearTimeout(waiting.timer);
      if (frame.janus === "error")
        waiting.reject(new JanusError(frame.error?.code ?? 0, frame.error?.reason ?? "error"));
      else waiting.resolve(frame);
      return;
    }
    if (frame.sender !== undefined) this.handleListeners.get(frame.sender)?.(frame);
  }

  private fail(error: Error): void {
    if (this.closedWith) return;
    this.closedWith = error;
    clearInterval(this.keepalive);
    for (const [, waiting] of this.pending) {
      clearTimeout(waiting.timer);
      waiting.reject(error);
    }
    this.pending.clear();
    this.onClose(error);
  }
}
