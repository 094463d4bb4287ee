import { readFileSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startJanus, type JanusProcess } from "../support/janus.ts";
import {
  assertInsideMediaNamespace,
  FAKE_CAMERA,
  launchMediaChromium,
  MEDIA_VETH,
} from "../support/mediaNamespace.ts";
import { startEngawa, type EngawaProcess } from "../support/server.ts";
import { organisationOf, scheduleMeeting, type Person } from "./engawaPeople.ts";

const CLIENT = readFileSync(new URL("./engawaSfuClient.js", import.meta.url), "utf8");
const PARTICIPANTS = 6;
const SLUG = "sfu-rounds";

interface Inbound {
  [feed: string]: { bytes: number; frames: number; audioBytes: number };
}

/**
 * Issue "Meetings", acceptance 3: six participants of one meeting through Janus, each receiving
 * the others' video with bytes flowing. Engawa runs with Janus (`ENGAWA_JANUS_URL`) and
 * `ENGAWA_P2P_MAX=0` (every room through the SFU); each browser speaks only to Engawa's gateway —
 * knock, enter the room, publish, subscribe — and Engawa drives Janus. Janus, Engawa (on PGlite)
 * and Chromium run inside the private network namespace of `e2e/media/run.sh`.
 */
describe("a meeting of six through the SFU", () => {
  let janus: JanusProcess | undefined;
  let server: EngawaProcess | undefined;
  let browser: Browser | undefined;
  let people: Person[] = [];
  const pages: Page[] = [];

  beforeAll(async () => {
    assertInsideMediaNamespace();
    janus = await startJanus({ iceEnforceList: MEDIA_VETH.interface });
    server = await startEngawa({ ENGAWA_JANUS_URL: janus.wsUrl, ENGAWA_P2P_MAX: "0" });
    const organisation = await organisationOf(server, SLUG, PARTICIPANTS - 1);
    people = [organisation.owner, ...organisation.members];
    browser = await launchMediaChromium();
  });

  afterAll(async () => {
    for (const page of pages) await page.evaluate("window.__sfu?.leave()").catch(() => {});
    await browser?.close();
    for (const person of people) await person.api.dispose();
    await server?.stop();
    await janus?.stop();
  });

  /** A browser of one person: their session's cookies, a page of Engawa's origin, the client. */
  /** Joins the meeting from the person's page with the fake camera (and microphone). */
  async function joinFrom(page: Page, joinCode: string, audio: boolean): Promise<string> {
    return page.evaluate(
      async ({ code, slug, camera, audio }) => {
        const w = window as unknown as {
          engawaSfu: { join: (o: object) => Promise<{ participantId: string }> };
          __sfu: unknown;
        };
        const joined = await w.engawaSfu.join({
          tenant: slug,
          code,
          width: camera.width,
          height: camera.height,
          audio,
        });
        w.__sfu = joined;
        return joined.participantId;
      },
      { code: joinCode, slug: SLUG, camera: FAKE_CAMERA, audio },
    );
  }

  /** Polls a page until `ready` holds of what it receives (a deadline only bounds a broken run). */
  async function until(page: Page, ready: (r: Inbound) => boolean, what: string): Promise<Inbound> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const now = await inbound(page);
      if (ready(now)) return now;
      if (Date.now() > deadline) throw new Error(`${what}: ${JSON.stringify(now)}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  async function leaveAll(): Promise<void> {
    for (const page of pages.splice(0)) {
      await page.evaluate("window.__sfu?.leave()").catch(() => {});
      await page.context().close();
    }
  }

  async function pageOf(person: Person): Promise<Page> {
    if (!browser || !server) throw new Error("setup failed");
    const context = await browser.newContext({ storageState: await person.api.storageState() });
    const page = await context.newPage();
    // A small page of Engawa's own origin (the WebSocket checks the origin); JSON is enough.
    await page.goto(`${server.url}/healthz`);
    await page.evaluate(CLIENT);
    pages.push(page);
    return page;
  }

  const inbound = (page: Page) => page.evaluate<Inbound>("window.__sfu.inbound()");

  it("every participant receives the others' video through Janus", async () => {
    const [organiser, ...invitees] = people;
    if (!organiser) throw new Error("no organiser");
    const meeting = await scheduleMeeting(SLUG, organiser, invitees);
    for (const person of people) await joinFrom(await pageOf(person), meeting.joinCode, false);

    // Wait until each page decodes frames of at least three others (no timing is asserted: the
    // deadline only bounds a broken run).
    const deadline = Date.now() + 60_000;
    let first: Inbound[] = [];
    for (;;) {
      first = await Promise.all(pages.map(inbound));
      const decoding = first.map((r) => Object.values(r).filter((v) => v.frames > 0).length);
      if (decoding.every((n) => n >= 3)) break;
      if (Date.now() > deadline) {
        const errors = await Promise.all(pages.map((p) => p.evaluate("window.__sfuError ?? null")));
        throw new Error(
          `not every participant decodes 3 feeds: ${JSON.stringify(decoding)}; errors ${JSON.stringify(errors)}\n${janus?.output().slice(-3000) ?? ""}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    // Bytes keep flowing: two seconds later every decoding feed has received more.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const later = await Promise.all(pages.map(inbound));
    pages.forEach((_, i) => {
      const before = first[i] ?? {};
      const after = later[i] ?? {};
      const growing = Object.keys(before).filter(
        (feed) =>
          (before[feed]?.frames ?? 0) > 0 && (after[feed]?.bytes ?? 0) > (before[feed]?.bytes ?? 0),
      );
      expect(
        growing.length,
        `participant ${String(i + 1)}: feeds with bytes flowing`,
      ).toBeGreaterThanOrEqual(3);
    });
    const counts = later.map((r) => Object.values(r).filter((v) => v.frames > 0).length);
    console.log(`feeds decoded per participant: ${JSON.stringify(counts)}`);
    await leaveAll();
  });

  it("an organiser's mute of attendees holds on the server: Janus drops their audio, not the organiser's", async () => {
    const [organiser, attendee] = people;
    if (!organiser || !attendee) throw new Error("no people");
    const meeting = await scheduleMeeting(SLUG, organiser, [attendee]);
    const organiserPage = await pageOf(organiser);
    const organiserId = await joinFrom(organiserPage, meeting.joinCode, true);
    const attendeePage = await pageOf(attendee);
    const attendeeId = await joinFrom(attendeePage, meeting.joinCode, true);
    const hears = (page: Page, feed: string) =>
      until(page, (r) => (r[feed]?.audioBytes ?? 0) > 0, `audio of ${feed}`);
    await hears(organiserPage, attendeeId);
    await hears(attendeePage, organiserId);

    /** Audio bytes received from `feed` over two seconds. */
    const audioOver2s = async (page: Page, feed: string) => {
      const before = (await inbound(page))[feed]?.audioBytes ?? 0;
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      return ((await inbound(page))[feed]?.audioBytes ?? 0) - before;
    };
    const mute = async (attendeesMuted: boolean) => {
      const reply = await organiser.api.patch(`/api/t/${SLUG}/meetings/${meeting.id}`, {
        data: { attendeesMuted },
        headers: { "x-engawa-csrf": organiser.csrf },
      });
      expect(reply.status(), await reply.text()).toBe(200);
      // Let what was in flight arrive before measuring.
      await new Promise((resolve) => setTimeout(resolve, 500));
    };

    expect(await audioOver2s(organiserPage, attendeeId)).toBeGreaterThan(0);
    await mute(true);
    // The attendee's browser still sends; Janus forwards none of it.
    expect(await audioOver2s(organiserPage, attendeeId)).toBe(0);
    expect(await audioOver2s(attendeePage, organiserId)).toBeGreaterThan(0);
    await mute(false);
    expect(await audioOver2s(organiserPage, attendeeId)).toBeGreaterThan(0);
    await leaveAll();
  });
});
