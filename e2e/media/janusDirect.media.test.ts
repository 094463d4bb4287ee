import { randomInt } from "node:crypto";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startJanus, type JanusProcess } from "../support/janus.ts";
import {
  assertInsideMediaNamespace,
  FAKE_CAMERA,
  launchMediaChromium,
  MEDIA_VETH,
} from "../support/mediaNamespace.ts";
import {
  closeMedia,
  elapsed,
  firstFrame,
  openClientPage,
  publishFrom,
  sampleVideo,
  subscribeFrom,
  timeline,
} from "./clientPages.ts";
import { serveDirectClient } from "./clientServer.ts";
import type { InboundVideo } from "./directClient.js";

/**
 * Real media through Janus's VideoRoom with the minimal direct client (no Engawa server): proves
 * the harness works (Janus config, namespace, Chromium's fake camera) before meeting tests rely
 * on it, and gives the baseline "publisher join → subscriber's first frame".
 */
describe("video through Janus, with the direct client", () => {
  let janus: JanusProcess | undefined;
  let client: Awaited<ReturnType<typeof serveDirectClient>> | undefined;
  let browser: Browser | undefined;
  const pages: Page[] = [];

  beforeAll(async () => {
    assertInsideMediaNamespace();
    janus = await startJanus({ iceEnforceList: MEDIA_VETH.interface });
    client = await serveDirectClient();
    browser = await launchMediaChromium();
  });

  /** Each test starts with no media running: this machine has only two cores. */
  afterEach(async () => {
    for (const page of pages.splice(0)) {
      await closeMedia(page).catch(() => {});
      await page.close();
    }
  });

  afterAll(async () => {
    await browser?.close();
    await client?.close();
    await janus?.stop();
  });

  async function newClientPage(): Promise<Page> {
    if (!browser || !client) throw new Error("setup failed");
    const page = await openClientPage(browser, client.url);
    pages.push(page);
    return page;
  }

  function target(room: number) {
    if (!janus) throw new Error("setup failed");
    return { wsUrl: janus.wsUrl, room };
  }

  /** Frames were decoded, and more bytes arrived at every sample (2 s in all). */
  function expectFlowing(samples: InboundVideo[], what: string): void {
    const bytes = samples.map((s) => s.bytesReceived);
    expect(samples.at(-1)?.framesDecoded, `${what}: frames decoded`).toBeGreaterThan(0);
    for (let i = 1; i < bytes.length; i++) {
      expect(
        bytes[i],
        `${what}: bytes received keep growing (${bytes.join(", ")})`,
      ).toBeGreaterThan(bytes[i - 1] ?? 0);
    }
  }

  it("carries one publisher's fake camera to a subscriber", async () => {
    const room = randomInt(1, 2 ** 31);
    const [publisherPage, subscriberPage] = [await newClientPage(), await newClientPage()];
    const published = await publishFrom(publisherPage, { ...target(room), name: "camera" });
    expect(published.size).toEqual(FAKE_CAMERA);

    await subscribeFrom(subscriberPage, { ...target(room), name: "camera", feed: published.feed });
    const timings = await firstFrame(subscriberPage, "camera");
    const samples = await sampleVideo(subscriberPage, "camera");
    expectFlowing(samples, "subscriber");

    const joinToFrame = elapsed(published.timings, "joinSent", timings, "firstFrame");
    const subscribeToFrame = elapsed(timings, "joinSent", timings, "firstFrame");
    expect(joinToFrame).toBeGreaterThan(subscribeToFrame);
    const last = samples.at(-1);
    console.log(
      `publisher join → subscriber's first frame ${joinToFrame.toFixed(0)} ms ` +
        `(subscriber join → first frame ${subscribeToFrame.toFixed(0)} ms); ` +
        `received ${String(last?.frameWidth)}x${String(last?.frameHeight)}, ` +
        `${String(last?.bytesReceived)} bytes\n  ${timeline(published.timings, timings)}`,
    );
  });

  it("carries three publishers' cameras to each other", async () => {
    const room = randomInt(1, 2 ** 31);
    const names = ["a", "b", "c"];
    const people = await Promise.all(
      names.map(async (name) => ({ name, page: await newClientPage() })),
    );
    // All at once: the room is created by whoever comes first.
    const feeds = await Promise.all(
      people.map(({ page, name }) => publishFrom(page, { ...target(room), name })),
    );
    const subscriptions = people.flatMap(({ page, name }) =>
      people
        .map((other, i) => ({ page, name: `${name}←${other.name}`, feed: feeds[i]?.feed ?? 0 }))
        .filter((_, i) => people[i]?.name !== name),
    );
    expect(subscriptions).toHaveLength(6);
    await Promise.all(
      subscriptions.map(({ page, name, feed }) =>
        subscribeFrom(page, { ...target(room), name, feed }),
      ),
    );
    await Promise.all(subscriptions.map(({ page, name }) => firstFrame(page, name)));
    const samples = await Promise.all(
      subscriptions.map(({ page, name }) => sampleVideo(page, name)),
    );
    subscriptions.forEach(({ name }, i) => expectFlowing(samples[i] ?? [], name));
  });
});
