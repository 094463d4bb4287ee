import type { Browser, Page } from "playwright-core";
import type { ClientWindow } from "./clientServer.ts";
import type { InboundVideo, PublisherTimings, SubscriberTimings } from "./directClient.js";

/**
 * Node-side wrappers around the direct client's page (clientServer.ts): each call runs in the
 * page, keeps the live objects (PeerConnections, sessions) there under a name, and returns only
 * plain data.
 */

/** Opens the client page in a new page of the browser's default context. */
export async function openClientPage(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(url);
  await page.waitForFunction(() => "janusDirect" in window);
  return page;
}

export interface Target {
  wsUrl: string;
  room: number;
}

/** Publishes the fake camera from the page as `name`; resolves once Janus says `webrtcup`. */
export function publishFrom(
  page: Page,
  target: Target & { name: string; width?: number; height?: number },
): Promise<{ feed: number; size: { width: number; height: number }; timings: PublisherTimings }> {
  return page.evaluate(async ({ name, ...options }) => {
    const w = window as unknown as ClientWindow;
    const publisher = await w.janusDirect.publish({ ...options, display: name });
    w.media.publishers[name] = publisher;
    return { feed: publisher.feed, size: publisher.size, timings: publisher.timings };
  }, target);
}

/** Subscribes the page to a feed as `name`; resolves once the subscription is started. */
export async function subscribeFrom(
  page: Page,
  target: Target & { name: string; feed: number },
): Promise<void> {
  await page.evaluate(async ({ name, ...options }) => {
    const w = window as unknown as ClientWindow;
    w.media.subscribers[name] = await w.janusDirect.subscribe(options);
  }, target);
}

/** Waits for subscription `name`'s first decoded frame; returns its timings. */
export function firstFrame(page: Page, name: string): Promise<SubscriberTimings> {
  return page.evaluate(async (name) => {
    const subscriber = (window as unknown as ClientWindow).media.subscribers[name];
    if (!subscriber) throw new Error(`no subscription named ${name}`);
    await subscriber.firstFrame;
    return subscriber.timings;
  }, name);
}

/** Samples subscription `name`'s received video `count` times, `everyMs` apart. */
export function sampleVideo(
  page: Page,
  name: string,
  { count = 5, everyMs = 500 } = {},
): Promise<InboundVideo[]> {
  return page.evaluate(
    async ({ name, count, everyMs }) => {
      const w = window as unknown as ClientWindow;
      const subscriber = w.media.subscribers[name];
      if (!subscriber) throw new Error(`no subscription named ${name}`);
      const samples = [];
      for (let i = 0; i < count; i++) {
        if (i > 0) await new Promise((resolve) => setTimeout(resolve, everyMs));
        samples.push(await w.janusDirect.inboundVideo(subscriber.pc));
      }
      return samples;
    },
    { name, count, everyMs },
  );
}

/** Closes every subscription and publisher of the page (PeerConnections and Janus sessions). */
export async function closeMedia(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const { media } = window as unknown as ClientWindow;
    await Promise.all(
      [...Object.values(media.subscribers), ...Object.values(media.publishers)].map((m) =>
        m.close(),
      ),
    );
    media.subscribers = {};
    media.publishers = {};
  });
}

type Timings = { timeOrigin: number } & Partial<Record<string, number | null>>;

/**
 * Milliseconds from one step to another, in the timings of possibly different pages (each page's
 * `performance.now()` counts from its own `timeOrigin`); NaN if either step has not happened.
 */
export function elapsed<A extends Timings, B extends Timings>(
  from: A,
  fromStep: keyof A & string,
  to: B,
  toStep: keyof B & string,
): number {
  const a = from[fromStep];
  const b = to[toStep];
  if (typeof a !== "number" || typeof b !== "number") return Number.NaN;
  return to.timeOrigin + b - (from.timeOrigin + a);
}

/** Every step of a publisher and a subscriber, in ms after the publisher's join was sent. */
export function timeline(publisher: PublisherTimings, subscriber: SubscriberTimings): string {
  const steps = (side: string, timings: PublisherTimings | SubscriberTimings) =>
    Object.keys(timings)
      .filter((step) => step !== "timeOrigin")
      .map((step) => {
        const ms = elapsed(publisher, "joinSent", timings, step as keyof typeof timings);
        return `${side} ${step} ${Number.isNaN(ms) ? "?" : ms.toFixed(0)}`;
      });
  return `ms after publisher join: ${[...steps("pub", publisher), ...steps("sub", subscriber)].join(", ")}`;
}
