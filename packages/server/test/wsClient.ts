import WebSocket from "ws";
import type { TestBrowser } from "./http.ts";
import { TEST_PUBLIC_URL } from "./testApp.ts";

export interface Frame {
  replyTo?: string | null;
  ok?: boolean;
  payload?: unknown;
  error?: { code: string; message: string };
  event?: string;
}

/** A WebSocket client that collects frames and can wait for one (generous deadline, no timing assertions). */
export class WsClient {
  readonly frames: Frame[] = [];
  closedWith: number | null = null;
  private waiters: { match: (f: Frame) => boolean; resolve: (f: Frame) => void }[] = [];
  private closeWaiters: ((code: number) => void)[] = [];
  private counter = 0;
  private readonly socket: WebSocket;

  private constructor(socket: WebSocket) {
    this.socket = socket;
    socket.on("message", (data: Buffer) => {
      const frame = JSON.parse(data.toString("utf8")) as Frame;
      this.frames.push(frame);
      this.waiters = this.waiters.filter((w) => {
        if (!w.match(frame)) return true;
        w.resolve(frame);
        return false;
      });
    });
    socket.on("close", (code) => {
      this.closedWith = code;
      for (const resolve of this.closeWaiters) resolve(code);
    });
  }

  /** Connects with the browser's cookies; resolves with the client, or rejects with the HTTP status of a refused handshake. */
  static connect(
    baseUrl: string,
    browser: TestBrowser | null,
    origin = TEST_PUBLIC_URL,
  ): Promise<WsClient> {
    const cookie = browser ? [...browser.cookies].map(([k, v]) => `${k}=${v}`).join("; ") : "";
    const socket = new WebSocket(`${baseUrl.replace("http", "ws")}/api/ws`, {
      headers: { origin, ...(cookie ? { cookie } : {}) },
    });
    return new Promise((resolve, reject) => {
      const client = new WsClient(socket);
      socket.once("open", () => resolve(client));
      socket.once("unexpected-response", (_req, res) =>
        reject(new Error(`handshake refused: ${res.statusCode}`)),
      );
      socket.once("error", reject);
    });
  }

  async send(type: string, payload: unknown = {}): Promise<Frame> {
    const id = String(++this.counter);
    const reply = this.next((f) => f.replyTo === id);
    this.socket.send(JSON.stringify({ id, type, payload }));
    return reply;
  }

  sendRaw(text: string): Promise<Frame> {
    const reply = this.next((f) => f.replyTo === null);
    this.socket.send(text);
    return reply;
  }

  /** Sends a frame that gets no answer (e.g. one the server must refuse by closing). */
  sendUnanswered(text: string): void {
    this.socket.send(text);
  }

  next(match: (f: Frame) => boolean, deadlineMs = 10_000): Promise<Frame> {
    const seen = this.frames.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("no matching frame arrived")), deadlineMs);
      this.waiters.push({ match, resolve: (f) => (clearTimeout(timer), resolve(f)) });
    });
  }

  closed(deadlineMs = 10_000): Promise<number> {
    if (this.closedWith !== null) return Promise.resolve(this.closedWith);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("the connection stayed open")), deadlineMs);
      this.closeWaiters.push((code) => (clearTimeout(timer), resolve(code)));
    });
  }

  close(): void {
    this.socket.close();
  }
}
