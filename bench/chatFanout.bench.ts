import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Memory, Seeded } from "./chatHost.ts";
import type { MaxResult, RateResult, Target } from "./chatClients.ts";
import { mean, withPostgres } from "./engawaServer.ts";
import { figure, type Figure } from "./stats.ts";

const MEMBERS = 1000;
const RATE = 50;
const SECONDS = 20;
const WARM_SECONDS = 2;
const MAX_SECONDS = 10;
/** Rounds of each measurement, alternating Engawa and the baseline. */
const ROUNDS = 2;
/** Posts not yet delivered everywhere, in the closed-loop ceiling run. */
const WINDOW = 8;
const IDLE_CONNECTIONS = 10_000;
/** Connections opened and closed before the idle run's first reading (see measureIdle). */
const WARM_CONNECTIONS = 100;
/** Users behind the idle connections (each has IDLE_CONNECTIONS / IDLE_USERS sessions). */
const IDLE_USERS = 1000;
/** Open files each child asks for: it raises its own limit (ARCHITECTURE.md, Tests). */
const OPEN_FILES = 65_536;

const HOST = fileURLToPath(new URL("./chatHost.ts", import.meta.url));
const BASELINE = fileURLToPath(new URL("./chatBaseline.ts", import.meta.url));
const CLIENTS = fileURLToPath(new URL("./chatClients.ts", import.meta.url));

/**
 * `chat.fanout_p99_ms`: p99 of send → arrival over every delivery, 1,000 connected members of one
 * channel (each its own user and session, subscribed with `channel.subscribe`), 50 posts/s of a
 * 1 KB body for 20 s through `POST …/messages` (sealed, stored, indexed: durable writes), against
 * a real Engawa in its own process on embedded PGlite; the clients and the poster are a third
 * process. Baseline: the same clients and schedule against a bare `ws` server in its own process
 * that broadcasts each publisher frame (same shape and size) to all 1,000.
 * `chat.fanout_p99_ms.last_recipient`: the same per post, to its last recipient.
 * `chat.deliveries_per_s`: deliveries per second with at most 8 posts not yet delivered
 * everywhere, for 10 s (the ceiling); baseline: the bare `ws` broadcast, same loop.
 * Each is the mean of 2 rounds, alternating the two servers. With TEST_DATABASE_URL, the same
 * on PostgreSQL (`….postgres`).
 */
export async function chatFanoutBench(): Promise<Record<string, Figure>> {
  const results = await fanout({}, "");
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (adminUrl)
    Object.assign(results, await withPostgres(adminUrl, (env) => fanout(env, ".postgres")));
  return results;
}

async function fanout(
  databaseEnv: Record<string, string>,
  suffix: string,
): Promise<Record<string, Figure>> {
  try {
    const clients = await Child.start(CLIENTS, []);
    const bare = await Child.start(BASELINE, []);
    const engawa = await engawaHost(databaseEnv);
    const started = performance.now();
    const seeded = await engawa.child.ask<Seeded>({
      kind: "seed",
      members: MEMBERS,
      sessions: MEMBERS,
    });
    progress(
      `engawa: ${MEMBERS} members seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    // Rounds alternate the two servers (both stay up, the idle one costs nothing), so that what
    // else the shared machine does falls on both alike; each figure is the mean of its rounds.
    const ours: { rate: RateResult; max: MaxResult }[] = [];
    const baseline: { rate: RateResult; max: MaxResult }[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      baseline.push(await measureFanout(clients, bare, bareTarget(bare.port)));
      const measured = await measureFanout(
        clients,
        engawa.child,
        engawaTarget(engawa.child.port, seeded),
      );
      if (measured.rate.missing > 0)
        throw new Error(`${measured.rate.missing} deliveries never arrived: the figures would lie`);
      ours.push(measured);
    }
    await engawa.stop();
    const note = `bare ws broadcast to the same ${MEMBERS} clients`;
    const p99 = (runs: typeof ours) => mean(runs.map((r) => r.rate.p99));
    const lastP99 = (runs: typeof ours) => mean(runs.map((r) => r.rate.lastP99));
    const ceiling = (runs: typeof ours) => mean(runs.map((r) => r.max.deliveries / r.max.seconds));
    return {
      [`chat.fanout_p99_ms${suffix}`]: figure(
        p99(ours),
        `ms p99, ${RATE} posts/s`,
        p99(baseline),
        `${note}, same rate`,
      ),
      [`chat.fanout_p99_ms${suffix}.last_recipient`]: figure(
        lastP99(ours),
        "ms p99 per post",
        lastP99(baseline),
        `${note}, same rate`,
      ),
      [`chat.deliveries_per_s${suffix}`]: figure(
        ceiling(ours),
        "deliveries/s",
        ceiling(baseline),
        `${note}, its ceiling`,
      ),
    };
  } finally {
    await stopAll();
  }
}

async function measureFanout(
  clients: Child,
  server: Child,
  target: Target,
): Promise<{ rate: RateResult; max: MaxResult }> {
  await clients.ask({ kind: "connect", target, count: MEMBERS, subscribe: true });
  // The machine's load beside each result: these figures move with what else it runs.
  progress(
    `${target.kind}: ${MEMBERS} connected and subscribed (load average ${loadavg()[0]?.toFixed(1)})`,
  );
  await clients.ask({ kind: "rate", rate: RATE, seconds: WARM_SECONDS, record: false });
  const cpuBefore = await Promise.all([
    server.ask<number>({ kind: "cpu" }),
    clients.ask<number>({ kind: "cpu" }),
  ]);
  const rate = await clients.ask<RateResult>({
    kind: "rate",
    rate: RATE,
    seconds: SECONDS,
    record: true,
  });
  const cpuAfter = await Promise.all([
    server.ask<number>({ kind: "cpu" }),
    clients.ask<number>({ kind: "cpu" }),
  ]);
  // What each process spent per post: at 50 posts/s, 20 ms per post is a whole core (saturated).
  const perPost = (i: number) => ((cpuAfter[i] ?? 0) - (cpuBefore[i] ?? 0)) / rate.posts;
  progress(
    `${target.kind}: p99 ${rate.p99.toFixed(1)} ms (p50 ${rate.p50.toFixed(1)}) at ${RATE}/s; CPU per post: server ${perPost(0).toFixed(1)} ms, clients ${perPost(1).toFixed(1)} ms`,
  );
  const max = await clients.ask<MaxResult>({ kind: "max", window: WINDOW, seconds: MAX_SECONDS });
  progress(`${target.kind}: ${Math.round(max.deliveries / max.seconds)} deliveries/s at most`);
  await clients.ask({ kind: "close" });
  return { rate, max };
}

/**
 * `chat.ws_idle_kb_per_conn`: the server's resident memory per open connection, 10,000 idle
 * authenticated connections (sessions from the factory, ten per user), measured after a full
 * collection before and after they connect, in an Engawa process started after the seeding (on
 * the same data); baseline: a bare `ws` server process (nothing else loaded) holding as many.
 * Before the first reading, 100 connections open and close on each server, so what a process
 * loads once at its first connection is not charged to every connection.
 * `….heap`: the same for V8's heap plus memory outside it (buffers).
 */
export async function chatIdleBench(): Promise<Record<string, Figure>> {
  const clients = await Child.start(CLIENTS, []);
  try {
    const bare = await Child.start(BASELINE, []);
    const baseline = await measureIdle(bare, clients, bareTarget(bare.port));
    await bare.stop();
    const engawa = await engawaHost({});
    let ours;
    try {
      const seeded = await engawa.child.ask<Seeded>({
        kind: "seed",
        members: IDLE_USERS,
        sessions: IDLE_CONNECTIONS,
      });
      progress(`engawa: ${IDLE_USERS} users, ${IDLE_CONNECTIONS} sessions seeded`);
      // Measured in a fresh process: the seeding's garbage would hide the connections' pages.
      await engawa.restart();
      ours = await measureIdle(engawa.child, clients, engawaTarget(engawa.child.port, seeded));
    } finally {
      await engawa.stop();
    }
    const note = `bare ws server, ${IDLE_CONNECTIONS} idle connections`;
    return {
      "chat.ws_idle_kb_per_conn": figure(ours.rss, "KB RSS/conn", baseline.rss, note),
      "chat.ws_idle_kb_per_conn.heap": figure(
        ours.heap,
        "KB heap+external/conn",
        baseline.heap,
        note,
      ),
    };
  } finally {
    await stopAll();
  }
}

async function measureIdle(
  host: Child,
  clients: Child,
  target: Target,
): Promise<{ rss: number; heap: number }> {
  // What the first connections load once (Engawa's IP-location databases, 134 MB, on the first
  // connection's place lookup; code compiled on first use) is the process's, not a connection's.
  await clients.ask({ kind: "connect", target, count: WARM_CONNECTIONS, subscribe: false });
  await clients.ask({ kind: "close" });
  // Read once the server has let every warm-up connection go (its close can trail the client's).
  let before = await host.ask<Memory>({ kind: "memory" });
  for (let tries = 0; before.connections > 0 && tries < 50; tries += 1) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    before = await host.ask<Memory>({ kind: "memory" });
  }
  await clients.ask({ kind: "connect", target, count: IDLE_CONNECTIONS, subscribe: false });
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const after = await host.ask<Memory>({ kind: "memory" });
  progress(
    `${target.kind}: ${after.connections} connections, RSS ${Math.round(before.rss / 2 ** 20)} → ${Math.round(after.rss / 2 ** 20)} MiB`,
  );
  if (after.connections - before.connections < IDLE_CONNECTIONS)
    throw new Error(`the server holds ${after.connections} connections, not ${IDLE_CONNECTIONS}`);
  await clients.ask({ kind: "close" });
  const kb = (bytes: number) => bytes / 1024 / IDLE_CONNECTIONS;
  return {
    rss: kb(after.rss - before.rss),
    heap: kb(after.heapUsed + after.external - before.heapUsed - before.external),
  };
}

function progress(line: string): void {
  process.stdout.write(`  ${line}\n`);
}

function bareTarget(port: number): Target {
  return { kind: "ws", port, origin: `http://localhost:${port}` };
}

function engawaTarget(port: number, seeded: Seeded): Target {
  return {
    kind: "engawa",
    port,
    origin: `http://localhost:${port}`,
    cookieName: seeded.cookieName,
    tokens: seeded.tokens,
    channelId: seeded.channelId,
    tenant: seeded.tenant,
    poster: seeded.poster,
  };
}

/** An Engawa host on a fresh data folder (and the given database); `restart` keeps both. */
async function engawaHost(databaseEnv: Record<string, string>) {
  const dir = mkdtempSync(path.join(tmpdir(), "engawa-bench-"));
  scratch.add(dir);
  const port = 18000 + Math.floor(Math.random() * 900);
  const env = {
    // BENCH_CPU_PROF=<folder>: a V8 CPU profile of the Engawa process, written when it stops.
    ...(process.env.BENCH_CPU_PROF
      ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${process.env.BENCH_CPU_PROF}` }
      : {}),
    ...(process.env.BENCH_HEAP_SNAPSHOT
      ? { BENCH_HEAP_SNAPSHOT: process.env.BENCH_HEAP_SNAPSHOT }
      : {}),
    ENGAWA_DATA_DIR: path.join(dir, "data"),
    ENGAWA_PORT: String(port),
    ENGAWA_HOST: "127.0.0.1",
    ENGAWA_PUBLIC_URL: `http://localhost:${port}`,
    ENGAWA_LOG_LEVEL: "warn",
    ...databaseEnv,
  };
  const host = {
    child: await Child.start(HOST, [], env),
    /** A new process on the same data: what the previous one allocated is gone. */
    restart: async () => {
      await host.child.stop();
      host.child = await Child.start(HOST, [], env);
    },
    stop: async () => {
      await host.child.stop();
      rmSync(dir, { recursive: true, force: true });
      scratch.delete(dir);
    },
  };
  return host;
}

/** Every child process still running, stopped when a benchmark ends (also when it fails). */
const running = new Set<Child>();
/** Data folders of Engawa hosts, removed likewise. */
const scratch = new Set<string>();

async function stopAll(): Promise<void> {
  await Promise.all([...running].map((child) => child.stop()));
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
  scratch.clear();
}

/**
 * A bench process under a raised open-files limit (as root up to {@link OPEN_FILES}, otherwise up
 * to the hard limit), asked things over its IPC channel.
 */
class Child {
  port = 0;
  private next = 0;
  private readonly waiting = new Map<
    number,
    { resolve: (v: unknown) => void; reject: (e: Error) => void }
  >();
  private readonly process: ChildProcess;

  private constructor(script: string, args: string[], env: Record<string, string>) {
    const raise = `ulimit -n ${OPEN_FILES} 2>/dev/null || ulimit -n "$(ulimit -Hn)"; exec "$0" "$@"`;
    this.process = spawn("sh", ["-c", raise, process.execPath, "--expose-gc", script, ...args], {
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "/tmp",
        ...env,
      },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    this.process.on("message", (message: { id?: number; result?: unknown; error?: string }) => {
      if (message.id === undefined) return;
      const waiter = this.waiting.get(message.id);
      this.waiting.delete(message.id);
      if (message.error !== undefined) waiter?.reject(new Error(message.error));
      else waiter?.resolve(message.result);
    });
    this.process.on("exit", (code) => {
      for (const waiter of this.waiting.values())
        waiter.reject(new Error(`${path.basename(script)} exited ${String(code)}`));
      this.waiting.clear();
    });
  }

  static async start(script: string, args: string[], env: Record<string, string> = {}) {
    const child = new Child(script, args, env);
    running.add(child);
    await new Promise<void>((resolve, reject) => {
      child.process.on("message", (message: { ready?: boolean; port?: number }) => {
        if (!message.ready) return;
        child.port = message.port ?? 0;
        resolve();
      });
      child.process.once("exit", (code) =>
        reject(new Error(`${path.basename(script)} exited ${String(code)} before it was ready`)),
      );
    });
    return child;
  }

  ask<T = unknown>(request: Record<string, unknown>): Promise<T> {
    const id = (this.next += 1);
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.process.send({ ...request, id });
    });
  }

  async stop(): Promise<void> {
    running.delete(this);
    if (this.process.exitCode !== null || this.process.signalCode !== null) return;
    const exited = new Promise((resolve) => this.process.once("exit", resolve));
    this.process.kill("SIGTERM");
    await exited;
  }
}
