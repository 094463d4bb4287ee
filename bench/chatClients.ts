/**
 * The client side of the chat benchmarks, its own process (so that neither server pays for the
 * clients' CPU in its own event loop), driven over the IPC channel by chatFanout.bench.ts. The
 * same code drives Engawa and the bare `ws` baseline; only the handshake (cookie, then
 * `channel.subscribe`) and the way a post is sent (HTTP POST, or a frame to `/publish`) differ.
 *
 * Every post's body carries its number and the `performance.now()` at which it was sent, padded to
 * {@link BODY_BYTES}; each receipt's latency is the time of its arrival minus that. Posting and
 * receiving share this process's clock.
 */
import { readFileSync } from "node:fs";
import { Agent, request } from "node:http";
import WebSocket from "ws";
import { cpuMs, percentile } from "./stats.ts";

const BODY_BYTES = 1024;
const CONNECT_CONCURRENCY = 100;

export interface Target {
  kind: "engawa" | "ws";
  port: number;
  origin: string;
  /** Engawa: the session cookie's name, one token per connection, the channel, the poster. */
  cookieName?: string;
  tokens?: string[];
  channelId?: string;
  tenant?: string;
  poster?: { token: string; csrf: string };
}

export type ClientsRequest =
  | { id: number; kind: "connect"; target: Target; count: number; subscribe: boolean }
  | { id: number; kind: "rate"; rate: number; seconds: number; record: boolean }
  | { id: number; kind: "max"; window: number; seconds: number }
  | { id: number; kind: "close" }
  | { id: number; kind: "cpu" };

export interface RateResult {
  posts: number;
  deliveries: number;
  /** Percentiles (ms) of each receipt's latency, send → arrival. */
  p50: number;
  p99: number;
  /** p99 (ms) over posts of the latency of a post's last receipt (posts that reached every connection). */
  lastP99: number;
  /** Receipts missing when the run ended (posts not delivered to every connection). */
  missing: number;
  seconds: number;
}

export interface MaxResult {
  deliveries: number;
  seconds: number;
}

let target: Target | null = null;
let sockets: WebSocket[] = [];
let publisher: WebSocket | null = null;
const agent = new Agent({ keepAlive: true, maxSockets: 16 });

/** Receipts per post number, and when each post was sent. */
let received: number[] = [];
let sentAt: number[] = [];
let last: number[] = [];
let latencies: number[] = [];
let recording = false;
let onComplete: ((post: number) => void) | null = null;

function reset(): void {
  received = [];
  sentAt = [];
  last = [];
  latencies = [];
}

const MARK = Buffer.from("@@");

function onFrame(data: Buffer): void {
  const now = performance.now();
  // The body is `@@<post>@@<sent at>@@xxx…`: read it without decoding or parsing the whole frame.
  const at = data.indexOf(MARK);
  if (at < 0) return;
  const end = data.indexOf(MARK, at + 2);
  const post = Number(data.toString("latin1", at + 2, end));
  const sent = Number(data.toString("latin1", end + 2, data.indexOf(MARK, end + 2)));
  const latency = now - sent;
  received[post] = (received[post] ?? 0) + 1;
  if (recording) latencies.push(latency);
  if (received[post] === sockets.length) {
    last[post] = latency;
    onComplete?.(post);
  }
}

function openFileLimit(): number {
  const line = readFileSync("/proc/self/limits", "utf8")
    .split("\n")
    .find((l) => l.startsWith("Max open files"));
  return Number(line?.split(/\s+/)[3] ?? 0);
}

/** Opens a connection; `listen` hears every frame from the first (which can come with the handshake). */
function open(
  path: string,
  headers: Record<string, string>,
  listen: (data: Buffer) => void,
): Promise<WebSocket> {
  if (!target) throw new Error("no target");
  const socket = new WebSocket(`ws://127.0.0.1:${target.port}${path}`, {
    headers: { origin: target.origin, ...headers },
    perMessageDeflate: false,
  });
  socket.on("message", listen);
  return new Promise((resolve, reject) => {
    socket.once("open", () => resolve(socket));
    socket.once("unexpected-response", (_req, res) =>
      reject(new Error(`handshake refused: ${String(res.statusCode)}`)),
    );
    socket.once("error", reject);
  });
}

/** Opens one client connection; on Engawa, waits for `ready` and subscribes to the channel. */
async function connectOne(index: number, subscribe: boolean): Promise<WebSocket> {
  if (!target) throw new Error("no target");
  if (target.kind === "ws") return open("/", {}, onFrame);
  const token = target.tokens?.[index];
  if (!token || !target.cookieName) throw new Error(`no session for connection ${index}`);
  const channelId = target.channelId;
  let settle: { resolve: () => void; reject: (e: Error) => void } | null = null;
  const settled = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  let ready = false;
  const first = (data: Buffer) => {
    if (ready) return onFrame(data);
    const frame = JSON.parse(data.toString("utf8")) as {
      event?: string;
      replyTo?: string;
      ok?: boolean;
      error?: unknown;
    };
    if (frame.event === "ready" && subscribe) {
      // Sent once the handshake's promise has resolved (the socket is then known).
      void opened.then((s) =>
        s.send(JSON.stringify({ id: "s", type: "channel.subscribe", payload: { channelId } })),
      );
    } else if (frame.event === "ready" || frame.replyTo === "s") {
      ready = true;
      if (frame.replyTo === "s" && !frame.ok)
        settle?.reject(new Error(`subscribe refused: ${JSON.stringify(frame.error)}`));
      else settle?.resolve();
    }
  };
  const opened = open("/api/ws", { cookie: `${target.cookieName}=${token}` }, first);
  const socket = await opened;
  await settled;
  return socket;
}

async function connect(count: number, subscribe: boolean): Promise<{ connected: number }> {
  const limit = openFileLimit();
  if (limit < count + 100)
    throw new Error(`open-files limit ${limit} is too low for ${count} connections`);
  sockets = new Array<WebSocket>(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: CONNECT_CONCURRENCY }, async () => {
      while (next < count) {
        const index = next++;
        sockets[index] = await connectOne(index, subscribe);
      }
    }),
  );
  if (target?.kind === "ws" && subscribe) publisher = await open("/publish", {}, () => undefined);
  return { connected: sockets.length };
}

const padding = "x".repeat(BODY_BYTES);

function body(post: number): string {
  const head = `@@${post}@@${performance.now().toFixed(3)}@@`;
  return head + padding.slice(head.length);
}

/** Sends post number `post` now: an HTTP POST to Engawa, or a frame to the bare server. */
function publish(post: number): Promise<void> {
  if (!target) throw new Error("no target");
  sentAt[post] = performance.now();
  if (target.kind === "ws") {
    // The same frame shape and size as Engawa's `channel.message` event.
    publisher?.send(
      JSON.stringify({
        event: "channel.message",
        payload: {
          channelId: "00000000-0000-4000-8000-000000000000",
          message: { id: "00000000-0000-4000-8000-000000000000", seq: post, body: body(post) },
        },
      }),
    );
    return Promise.resolve();
  }
  const { port, origin, tenant, channelId, poster, cookieName } = target;
  const payload = Buffer.from(JSON.stringify({ body: body(post) }));
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        path: `/api/t/${String(tenant)}/channels/${String(channelId)}/messages`,
        method: "POST",
        agent,
        headers: {
          "content-type": "application/json",
          "content-length": payload.length,
          origin,
          cookie: `${String(cookieName)}=${String(poster?.token)}`,
          "x-engawa-csrf": String(poster?.csrf),
        },
      },
      (res) => {
        res.resume();
        res.on("end", () =>
          res.statusCode === 201
            ? resolve()
            : reject(new Error(`post answered ${String(res.statusCode)}`)),
        );
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until every post so far reached every connection, or `ms` passed. */
async function drain(posts: number, ms: number): Promise<void> {
  const deadline = performance.now() + ms;
  while (performance.now() < deadline) {
    let done = true;
    for (let p = 0; p < posts; p += 1) if ((received[p] ?? 0) < sockets.length) done = false;
    if (done) return;
    await sleep(20);
  }
}

/** Open loop: post `rate` per second for `seconds` on a fixed schedule, whatever the answers. */
async function rate(perSecond: number, seconds: number, record: boolean): Promise<RateResult> {
  reset();
  recording = record;
  const posts = Math.round(perSecond * seconds);
  const started = performance.now();
  const pending: Promise<void>[] = [];
  for (let post = 0; post < posts; post += 1) {
    const due = started + (post * 1000) / perSecond;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    pending.push(publish(post));
  }
  await Promise.all(pending);
  await drain(posts, 10_000);
  const elapsed = (performance.now() - started) / 1000;
  recording = false;
  let missing = 0;
  for (let p = 0; p < posts; p += 1) missing += sockets.length - (received[p] ?? 0);
  return {
    posts,
    deliveries: latencies.length,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    lastP99: percentile(
      last.filter((v) => v !== undefined),
      99,
    ),
    missing,
    seconds: elapsed,
  };
}

/**
 * Closed loop, as fast as it goes: at most `window` posts not yet delivered to every connection;
 * deliveries counted over `seconds`.
 */
async function max(window: number, seconds: number): Promise<MaxResult> {
  reset();
  let next = 0;
  let deliveries = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let finish: (() => void) | null = null;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  let inFlight = 0;
  const launch = () => {
    while (inFlight < window && performance.now() < deadline) {
      inFlight += 1;
      void publish(next++).catch((error: unknown) => {
        console.error(error);
      });
    }
  };
  onComplete = () => {
    inFlight -= 1;
    if (performance.now() < deadline) launch();
    else if (inFlight === 0) finish?.();
  };
  launch();
  const timer = setTimeout(() => finish?.(), seconds * 1000 + 10_000);
  await finished;
  clearTimeout(timer);
  onComplete = null;
  const elapsed = (performance.now() - started) / 1000;
  for (const count of received) deliveries += count ?? 0;
  return { deliveries, seconds: elapsed };
}

async function close(): Promise<{ closed: number }> {
  const all = publisher ? [...sockets, publisher] : sockets;
  await Promise.all(
    all.map(
      (socket) =>
        new Promise<void>((resolve) => {
          if (socket.readyState === WebSocket.CLOSED) return resolve();
          socket.once("close", () => resolve());
          socket.close();
        }),
    ),
  );
  const closed = sockets.length;
  sockets = [];
  publisher = null;
  return { closed };
}

async function handle(message: ClientsRequest): Promise<unknown> {
  switch (message.kind) {
    case "connect":
      target = message.target;
      return connect(message.count, message.subscribe);
    case "rate":
      return rate(message.rate, message.seconds, message.record);
    case "max":
      return max(message.window, message.seconds);
    case "close":
      return close();
    case "cpu":
      return cpuMs();
  }
}

process.on("message", (message: ClientsRequest) => {
  void handle(message).then(
    (result) => process.send?.({ id: message.id, result }),
    (error: unknown) =>
      process.send?.({ id: message.id, error: String((error as Error).stack ?? error) }),
  );
});
// The benchmark that started this process has gone (it failed): so does this one.
process.once("disconnect", () => process.exit(1));
process.send?.({ ready: true });
