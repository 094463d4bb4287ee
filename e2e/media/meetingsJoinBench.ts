/**
 * The meetings benchmark, inside the media namespace (`bench/meetings.bench.ts` runs
 * `bash e2e/media/namespace.sh node e2e/media/meetingsJoinBench.ts`; Janus skips loopback, so
 * Janus, Engawa and Chromium must all run in there). Prints progress on stderr and its figures as
 * one line of JSON on stdout.
 *
 * Janus, Engawa on PGlite with ENGAWA_JANUS_URL and ENGAWA_P2P_MAX=0 (every room through Janus),
 * an organisation whose organiser publishes the fake camera (320×240, 15 fps) into a meeting
 * through Engawa, and a member invited to it (lobby bypass "invited": admitted at once, the
 * lobby's rules still run on every knock). Beside it, a direct publisher in a Janus room of its
 * own, with the same camera. Then, alternately (which goes first alternates too), so that the
 * machine's noise falls on both:
 * - Engawa's join (engawaViewer.js): knock → WebSocket → meeting.room.join → subscribe to the
 *   organiser's feed → answer → start → first decoded frame; then leave (the socket closes);
 * - the baseline (directClient.js): Janus WebSocket session → attach → join as subscriber →
 *   answer → start → first decoded frame; then close.
 * `meetings.join_ms` compares their medians (`.p90` their 90th percentiles; `.signalling` the
 * time until the subscription is started, before ICE, DTLS and the first keyframe, which cost
 * both paths the same and dominate the total). `meetings.signalling_cpu_ms_per_join` reads both
 * processes' utime+stime (/proc/<pid>/stat) around each Engawa join only, leave included: Engawa
 * server CPU per join against Janus's own CPU for the same joins. Both also pay an idle rate
 * (timers; Janus receives two publishers' video all along), measured over quiet windows and
 * reported in the note; the `.net` figure subtracts it.
 *
 * The pages' side is meetingsJoinPages.ts. MEETINGS_BENCH_ITERATIONS (default 20) sets the
 * measured joins per path, after 2 warm-ups each.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import type { Browser } from "playwright-core";
import { figure, median, percentile, type Figure } from "../../bench/stats.ts";
import { startJanus } from "../support/janus.ts";
import {
  assertInsideMediaNamespace,
  launchMediaChromium,
  MEDIA_VETH,
} from "../support/mediaNamespace.ts";
import { startEngawa, type EngawaProcess } from "../support/server.ts";
import { openClientPage } from "./clientPages.ts";
import { serveDirectClient } from "./clientServer.ts";
import { organisationOf, scheduleMeeting, type Person } from "./engawaPeople.ts";
import {
  directJoin,
  engawaJoin,
  openViewer,
  publishDirect,
  publishThroughEngawa,
  type Join,
} from "./meetingsJoinPages.ts";

const SLUG = "bench-meetings";
const WARMUP = 2;
const ITERATIONS = Number(process.env.MEETINGS_BENCH_ITERATIONS ?? 20);
/** After each leave: the server closes the join and Janus tears down before the next one. */
const SETTLE_MS = 300;
/** How long each quiet window for the idle CPU rate lasts (one before the joins, one after). */
const IDLE_MS = 5_000;
/** The direct baseline's own Janus room (Engawa's rooms have random ids below 2^47). */
const DIRECT_ROOM = 2 ** 48 + 7;

const log = (line: string) => process.stderr.write(`  meetings: ${line}\n`);
const ms = (n: number) => n.toFixed(0);

/** CPU time (utime + stime, every thread, living or not) of a process so far, in ms. */
const ticksPerSecond = Number(spawnSync("getconf", ["CLK_TCK"]).stdout?.toString().trim()) || 100;
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after "(comm)" start at field 3 (state); utime and stime are fields 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
}

interface Cpu {
  engawa: number;
  janus: number;
  wallMs: number;
}

/** The joins of one path, and both processes' CPU over each of them. */
class Series {
  readonly joins: Join[] = [];
  readonly cpu: Cpu[] = [];

  total(): Cpu {
    return this.cpu.reduce(
      (sum, c) => ({
        engawa: sum.engawa + c.engawa,
        janus: sum.janus + c.janus,
        wallMs: sum.wallMs + c.wallMs,
      }),
      { engawa: 0, janus: 0, wallMs: 0 },
    );
  }

  /** The median of each step, for the log. */
  steps(): string {
    return Object.keys(this.joins[0]?.steps ?? {})
      .map((step) => `${step} ${ms(median(this.joins.map((j) => j.steps[step] ?? Number.NaN)))}`)
      .join(", ");
  }
}

/** Runs `work` and returns what both processes spent meanwhile (the settle included). */
function meter(pids: { engawa: number; janus: number }) {
  const now = (): Cpu => ({
    engawa: cpuMs(pids.engawa),
    janus: cpuMs(pids.janus),
    wallMs: performance.now(),
  });
  return async <T>(work: () => Promise<T>): Promise<{ result: T; cpu: Cpu }> => {
    const before = now();
    const result = await work();
    await sleep(SETTLE_MS);
    const after = now();
    return {
      result,
      cpu: {
        engawa: after.engawa - before.engawa,
        janus: after.janus - before.janus,
        wallMs: after.wallMs - before.wallMs,
      },
    };
  };
}

async function main(): Promise<Record<string, Figure>> {
  assertInsideMediaNamespace();
  const janus = await startJanus({ iceEnforceList: MEDIA_VETH.interface });
  let server: EngawaProcess | undefined;
  let client: Awaited<ReturnType<typeof serveDirectClient>> | undefined;
  let browser: Browser | undefined;
  const people: Person[] = [];
  try {
    server = await startEngawa({ ENGAWA_JANUS_URL: janus.wsUrl, ENGAWA_P2P_MAX: "0" });
    client = await serveDirectClient();
    browser = await launchMediaChromium();
    const { owner, members } = await organisationOf(server, SLUG, 1);
    people.push(owner, ...members);
    const member = members[0];
    if (!member) throw new Error("no member");
    const meeting = await scheduleMeeting(SLUG, owner, [member]);
    const code = meeting.joinCode;

    const feed = await publishThroughEngawa(browser, server, owner, { tenant: SLUG, code });
    const direct = await publishDirect(browser, client.url, {
      wsUrl: janus.wsUrl,
      room: DIRECT_ROOM,
    });
    log(`direct publisher ${direct.camera}`);
    const viewer = await openViewer(browser, server, member);
    const directPage = await openClientPage(browser, client.url);

    const metered = meter({ engawa: server.pid, janus: janus.pid });
    const engawa = new Series();
    const baseline = new Series();
    const runEngawa = async (series?: Series) => {
      const { result, cpu } = await metered(() => engawaJoin(viewer, { tenant: SLUG, code, feed }));
      series?.joins.push(result);
      series?.cpu.push(cpu);
    };
    const runDirect = async (series?: Series) => {
      const { result, cpu } = await metered(() =>
        directJoin(directPage, { wsUrl: janus.wsUrl, room: DIRECT_ROOM, feed: direct.feed }),
      );
      series?.joins.push(result);
      series?.cpu.push(cpu);
    };
    const idle = () => metered(() => sleep(IDLE_MS - SETTLE_MS));

    log(`${WARMUP} warm-up and ${ITERATIONS} measured joins each way, alternating`);
    for (let i = 0; i < WARMUP; i += 1) {
      await runEngawa();
      await runDirect();
    }
    const idleBefore = (await idle()).cpu;
    for (let i = 0; i < ITERATIONS; i += 1) {
      // Which goes first alternates too.
      if (i % 2 === 0) {
        await runEngawa(engawa);
        await runDirect(baseline);
      } else {
        await runDirect(baseline);
        await runEngawa(engawa);
      }
    }
    const idleAfter = (await idle()).cpu;

    const series = (values: number[]) => values.map(ms).join(" ");
    log(`Engawa join ms: ${series(engawa.joins.map((j) => j.ms))}`);
    log(`direct join ms: ${series(baseline.joins.map((j) => j.ms))}`);
    log(`Engawa steps (median ms after the knock): ${engawa.steps()}`);
    log(`direct steps (median ms after opening): ${baseline.steps()}`);
    log(`Engawa CPU ms per Engawa join: ${series(engawa.cpu.map((c) => c.engawa))}`);
    log(`Janus CPU ms per Engawa join: ${series(engawa.cpu.map((c) => c.janus))}`);
    log(`Janus CPU ms per direct join: ${series(baseline.cpu.map((c) => c.janus))}`);
    log(
      `Engawa CPU ms per direct join (no part in it): ${series(baseline.cpu.map((c) => c.engawa))}`,
    );

    const idleWall = idleBefore.wallMs + idleAfter.wallMs;
    const idleRate = {
      engawa: (idleBefore.engawa + idleAfter.engawa) / idleWall,
      janus: (idleBefore.janus + idleAfter.janus) / idleWall,
    };
    const total = engawa.total();
    const perJoin = { engawa: total.engawa / ITERATIONS, janus: total.janus / ITERATIONS };
    const windowMs = total.wallMs / ITERATIONS;
    const net = {
      engawa: perJoin.engawa - idleRate.engawa * windowMs,
      janus: perJoin.janus - idleRate.janus * windowMs,
    };
    const pct = (rate: number) => `${(rate * 100).toFixed(2)}%`;
    const idleNote = `idle: Engawa ${pct(idleRate.engawa)}, Janus ${pct(idleRate.janus)} of a core`;
    log(
      `CPU per join (window ${ms(windowMs)} ms): Engawa ${perJoin.engawa.toFixed(1)} ms, ` +
        `Janus ${perJoin.janus.toFixed(1)} ms; ${idleNote}; ` +
        `net of idle: Engawa ${net.engawa.toFixed(1)} ms, Janus ${net.janus.toFixed(1)} ms`,
    );

    const joinMs = (s: Series) => s.joins.map((j) => j.ms);
    const started = (s: Series) => s.joins.map((j) => j.startedMs);
    return {
      "meetings.join_ms": figure(
        median(joinMs(engawa)),
        "ms p50",
        median(joinMs(baseline)),
        `direct Janus client (session, attach, join, start), p50 of ${ITERATIONS}, same run`,
      ),
      "meetings.join_ms.p90": figure(
        percentile(joinMs(engawa), 90),
        "ms p90",
        percentile(joinMs(baseline), 90),
        "direct Janus client, p90",
      ),
      "meetings.join_ms.signalling": figure(
        median(started(engawa)),
        "ms p50",
        median(started(baseline)),
        "until the subscription is started (before ICE and media), direct client, p50",
      ),
      "meetings.signalling_cpu_ms_per_join": figure(
        perJoin.engawa,
        "ms CPU",
        perJoin.janus,
        `Janus's CPU over the same joins (${idleNote})`,
      ),
      "meetings.signalling_cpu_ms_per_join.net": figure(
        net.engawa,
        "ms CPU",
        net.janus,
        `the same, less each process's idle rate over a ${ms(windowMs)} ms join window`,
      ),
    };
  } finally {
    await browser?.close().catch(() => undefined);
    for (const person of people) await person.api.dispose().catch(() => undefined);
    await client?.close();
    await server?.stop();
    await janus.stop();
  }
}

const figures = await main();
process.stdout.write(`${JSON.stringify(figures)}\n`);
