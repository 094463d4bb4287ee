import { readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import type { Browser, Page } from "playwright-core";
import { FAKE_CAMERA } from "../support/mediaNamespace.ts";
import type { EngawaProcess } from "../support/server.ts";
import { openClientPage } from "./clientPages.ts";
import type { ClientWindow, Publisher } from "./clientServer.ts";
import type { Person } from "./engawaPeople.ts";

/**
 * The browser side of the meetings benchmark (meetingsJoinBench.ts): the publishers it watches
 * and one join of each kind, timed in the page with performance.now(). Each join comes back as
 * plain numbers: ms to the first decoded frame, ms until the subscription was started, and the
 * steps in between (ms after the join began).
 */

const PUBLISHER = readFileSync(new URL("./engawaSfuClient.js", import.meta.url), "utf8");
const VIEWER = readFileSync(new URL("./engawaViewer.js", import.meta.url), "utf8");
/** The fake camera's rate, as engawaSfuClient.js asks it: the direct publisher asks the same. */
const FRAME_RATE = 15;

export interface Join {
  /** From the first request to the first decoded frame. */
  ms: number;
  /** From the first request until the subscription is started (before ICE and media). */
  startedMs: number;
  steps: Record<string, number>;
}

interface ViewerTimings {
  knockSent: number;
  knocked: number;
  socketOpen: number;
  ready: number;
  roomJoined: number;
  subscribed: number;
  answered: number;
  started: number;
  connected: number | null;
  firstFrame: number;
}

interface ViewerWindow {
  engawaViewer: {
    csrfToken(): Promise<string>;
    watch(options: {
      tenant: string;
      code: string;
      csrf: string;
      feed: string;
    }): Promise<{ timings: ViewerTimings; leave(): Promise<void> }>;
  };
  __viewer?: { leave(): Promise<void> };
  __csrf: string;
}

interface OrganiserWindow {
  engawaSfu: { join(options: object): Promise<{ participantId: string; feeds(): string[] }> };
  __sfu?: { participantId: string; feeds(): string[] };
  __sfuError?: string;
}

type DirectWindow = ClientWindow & { __publisher?: Publisher };

/** A page of Engawa's own origin (the WebSocket checks the origin) with `person`'s session. */
async function pageAs(browser: Browser, server: EngawaProcess, person: Person): Promise<Page> {
  const context = await browser.newContext({ storageState: await person.api.storageState() });
  const page = await context.newPage();
  await page.goto(`${server.url}/healthz`); // a small JSON page is enough
  return page;
}

/**
 * The organiser joins through Engawa and publishes the fake camera (engawaSfuClient.js); resolves
 * with their feed (participant id) once the room lists it as up.
 */
export async function publishThroughEngawa(
  browser: Browser,
  server: EngawaProcess,
  organiser: Person,
  options: { tenant: string; code: string },
): Promise<string> {
  const page = await pageAs(browser, server, organiser);
  await page.evaluate(PUBLISHER);
  const feed = await page.evaluate(
    async ({ tenant, code, camera }) => {
      const w = window as unknown as OrganiserWindow;
      w.__sfu = await w.engawaSfu.join({ tenant, code, ...camera, audio: false });
      return w.__sfu.participantId;
    },
    { ...options, camera: FAKE_CAMERA },
  );
  const state = () =>
    page.evaluate((feed) => {
      const w = window as unknown as OrganiserWindow;
      const feeds = w.__sfu?.feeds() ?? [];
      return { up: feeds.includes(feed), feeds, error: w.__sfuError ?? null };
    }, feed);
  const deadline = Date.now() + 30_000; // only bounds a broken run
  for (;;) {
    const now = await state();
    if (now.up) return feed;
    if (Date.now() > deadline)
      throw new Error(
        `the organiser's feed never came up: ${JSON.stringify(now)}\n${server.output().slice(-2_000)}`,
      );
    await sleep(100);
  }
}

/** The baseline's publisher: the same camera straight into a Janus room of its own. */
export async function publishDirect(
  browser: Browser,
  clientUrl: string,
  target: { wsUrl: string; room: number },
): Promise<{ feed: number; camera: string }> {
  const page = await openClientPage(browser, clientUrl);
  return page.evaluate(
    async (options) => {
      const w = window as unknown as DirectWindow;
      const publisher = await w.janusDirect.publish(options);
      w.__publisher = publisher;
      const { size, frameRate } = publisher;
      return { feed: publisher.feed, camera: `${size.width}×${size.height} at ${frameRate} fps` };
    },
    { ...target, ...FAKE_CAMERA, frameRate: FRAME_RATE },
  );
}

/** The member's page, with the viewer client and their CSRF token (a page has it from loading). */
export async function openViewer(
  browser: Browser,
  server: EngawaProcess,
  member: Person,
): Promise<Page> {
  const page = await pageAs(browser, server, member);
  await page.evaluate(VIEWER);
  await page.evaluate(async () => {
    const w = window as unknown as ViewerWindow;
    w.__csrf = await w.engawaViewer.csrfToken();
  });
  return page;
}

/**
 * One join through Engawa (engawaViewer.js): knock → WebSocket → meeting.room.join → subscribe →
 * answer → start → first frame; then the viewer leaves (the socket closes, the join with it).
 */
export async function engawaJoin(
  viewer: Page,
  options: { tenant: string; code: string; feed: string },
): Promise<Join> {
  const t = await viewer.evaluate(async (options) => {
    const w = window as unknown as ViewerWindow;
    const joined = await w.engawaViewer.watch({ ...options, csrf: w.__csrf });
    w.__viewer = joined;
    return joined.timings;
  }, options);
  await viewer.evaluate(async () => {
    const w = window as unknown as ViewerWindow;
    await w.__viewer?.leave();
    w.__viewer = undefined;
  });
  const after = (mark: number | null) => (mark ?? Number.NaN) - t.knockSent;
  return {
    ms: after(t.firstFrame),
    startedMs: after(t.started),
    steps: {
      knocked: after(t.knocked),
      socketOpen: after(t.socketOpen),
      ready: after(t.ready),
      roomJoined: after(t.roomJoined),
      subscribed: after(t.subscribed),
      answered: after(t.answered),
      started: after(t.started),
      connected: after(t.connected),
      firstFrame: after(t.firstFrame),
    },
  };
}

/**
 * The same join straight to Janus (directClient.js): session → attach → join as subscriber →
 * answer → start → first frame (the same polling); then the session is destroyed.
 */
export async function directJoin(
  page: Page,
  target: { wsUrl: string; room: number; feed: number },
): Promise<Join> {
  const t = await page.evaluate(async (target) => {
    const w = window as unknown as DirectWindow;
    const opening = performance.now();
    const subscriber = await w.janusDirect.subscribe(target);
    try {
      await subscriber.firstFrame;
      return { ...subscriber.timings, opening };
    } finally {
      await subscriber.close();
    }
  }, target);
  const after = (mark: number | null) => (mark ?? Number.NaN) - t.opening;
  return {
    ms: after(t.firstFrame),
    startedMs: after(t.started),
    steps: {
      joinSent: after(t.joinSent),
      attached: after(t.attached),
      started: after(t.started),
      connected: after(t.connected),
      firstFrame: after(t.firstFrame),
    },
  };
}
