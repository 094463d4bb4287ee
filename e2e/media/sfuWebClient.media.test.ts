import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startJanus, type JanusProcess } from "../support/janus.ts";
import {
  assertInsideMediaNamespace,
  launchMediaChromium,
  MEDIA_VETH,
} from "../support/mediaNamespace.ts";
import { startEngawa, type EngawaProcess } from "../support/server.ts";
import { TEXT } from "../support/text.ts";
import { organisationOf, scheduleMeeting, type Person } from "./engawaPeople.ts";
import { connectionsOf, RECORD_PEER_CONNECTIONS, type ConnectionReport } from "./peerStats.ts";

const PARTICIPANTS = 6;
const SLUG = "sfu-class";
const J = TEXT.ja;

/**
 * Issue "Meetings", acceptance 3, with Engawa's own web client: six people open the meeting's
 * link in Chromium (fake camera 320×240 at 15 fps, fake microphone), press Join, and each
 * receives the others' video through Janus. The room starts peer to peer and moves to the SFU
 * when the fifth person comes in (`ENGAWA_P2P_MAX`, 4 by default): the pages drop their peer
 * connections, publish to Janus and subscribe to each other's feeds, all signalled over Engawa's
 * WebSocket. Janus, Engawa (on PGlite) and Chromium run inside the private network namespace of
 * `e2e/media/run.sh`.
 */
describe("six people in one meeting through the SFU, in the web client", () => {
  let janus: JanusProcess | undefined;
  let server: EngawaProcess | undefined;
  let browser: Browser | undefined;
  let people: Person[] = [];
  const pages: Page[] = [];

  beforeAll(async () => {
    assertInsideMediaNamespace();
    janus = await startJanus({ iceEnforceList: MEDIA_VETH.interface });
    server = await startEngawa({ ENGAWA_JANUS_URL: janus.wsUrl });
    const organisation = await organisationOf(server, SLUG, PARTICIPANTS - 1);
    people = [organisation.owner, ...organisation.members];
    browser = await launchMediaChromium();
  });

  afterAll(async () => {
    for (const page of pages) await page.context().close();
    await browser?.close();
    for (const person of people) await person.api.dispose();
    await server?.stop();
    await janus?.stop();
  });

  /** A person's browser on the meeting's link, signed in, with the peer connections recorded. */
  async function openLink(person: Person, link: string): Promise<Page> {
    if (!browser) throw new Error("Chromium is not running");
    const context = await browser.newContext({
      storageState: await person.api.storageState(),
      locale: "ja-JP",
      permissions: ["camera", "microphone"],
    });
    await context.addInitScript(RECORD_PEER_CONNECTIONS);
    const page = await context.newPage();
    page.on("pageerror", (error) => console.log(`[${person.name} page error] ${error.message}`));
    await page.goto(link);
    pages.push(page);
    return page;
  }

  /** The pre-join screen's Join now, once the camera preview shows. */
  async function join(page: Page): Promise<void> {
    await page.getByRole("figure", { name: J.meetings.join.preview }).locator("video").waitFor();
    await page.getByRole("button", { name: J.meetings.join.submit }).click();
    await page.getByRole("list", { name: J.meetings.stage.tiles }).waitFor();
  }

  /** The SFU subscriptions of a page that decode video. */
  const decoding = (reports: ConnectionReport[]) =>
    reports.filter((r) => r.receiveOnly && r.framesDecoded > 0);

  it("each of the six receives at least three others' video through Janus, bytes flowing", async () => {
    const [organiser, ...invitees] = people;
    if (!organiser || !server) throw new Error("setup failed");
    const meeting = await scheduleMeeting(SLUG, organiser, invitees);
    const link = `${server.url}/t/${SLUG}/meet/${meeting.joinCode}`;
    for (const person of people) await join(await openLink(person, link));

    // Wait until every page decodes at least three feeds through the SFU (the deadline only
    // bounds a broken run; no timing is asserted).
    const deadline = Date.now() + 90_000;
    let first: ConnectionReport[][] = [];
    for (;;) {
      first = await Promise.all(pages.map(connectionsOf));
      // …and until the peer-to-peer links of the first four have closed (checked below): a
      // snapshot taken as the third feed arrived once still held one (CI, stop 23).
      const settled = (reports: ConnectionReport[]) =>
        decoding(reports).length >= 3 && reports.filter((r) => !r.receiveOnly).length === 1;
      if (first.every(settled)) break;
      if (Date.now() > deadline)
        throw new Error(
          `not every page decodes three feeds through the SFU: ${JSON.stringify(first)}\n${janus?.output().slice(-3000) ?? ""}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    // The peer-to-peer links of the first four are gone: what flows, flows through Janus.
    for (const reports of first)
      expect(
        reports.filter((r) => !r.receiveOnly).length,
        "one connection sends: the publisher",
      ).toBe(1);

    // Bytes keep flowing: two seconds later each page has received more on at least three.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const later = await Promise.all(pages.map(connectionsOf));
    const growing = later.map((reports, page) => {
      const before = new Map(decoding(first[page] ?? []).map((r) => [r.index, r.videoBytes]));
      return decoding(reports).filter((r) => r.videoBytes > (before.get(r.index) ?? Infinity))
        .length;
    });
    console.log(`feeds with video flowing per participant: ${JSON.stringify(growing)}`);
    for (const [i, count] of growing.entries())
      expect(
        count,
        `participant ${String(i + 1)}: feeds with bytes flowing`,
      ).toBeGreaterThanOrEqual(3);

    // The stage shows each of the five others' tiles.
    const tiles = pages[PARTICIPANTS - 1]
      ?.getByRole("list", { name: J.meetings.stage.tiles })
      .getByRole("listitem");
    await expect.poll(() => tiles?.count()).toBe(PARTICIPANTS);
  });

  it("a microphone or camera turned off shows on the others' stage, and back on", async () => {
    const [watcher, speaker] = pages;
    const name = people[1]?.name ?? "";
    if (!watcher || !speaker) throw new Error("the meeting has not started");
    const tile = watcher
      .getByRole("list", { name: J.meetings.stage.tiles })
      .getByRole("listitem", { name, exact: true });
    const controls = speaker.getByRole("group", { name: J.meetings.stage.controls });
    // On: the tile shows video and no muted sign (what arrives decides, not what the page says).
    await tile.locator("video").waitFor();
    await expect.poll(() => tile.getByText(J.meetings.stage.muted).count()).toBe(0);
    await controls.getByRole("button", { name: J.meetings.stage.mic }).click();
    await controls.getByRole("button", { name: J.meetings.stage.camera }).click();
    await tile.getByText(J.meetings.stage.muted).waitFor();
    await tile.getByText(J.meetings.stage.cameraOff).waitFor();
    await controls.getByRole("button", { name: J.meetings.stage.mic }).click();
    await controls.getByRole("button", { name: J.meetings.stage.camera }).click();
    await tile.locator("video").waitFor();
    await expect.poll(() => tile.getByText(J.meetings.stage.muted).count()).toBe(0);
    if (process.env.ENGAWA_E2E_SCREENSHOTS)
      await watcher.screenshot({
        path: `${process.env.ENGAWA_E2E_SCREENSHOTS}/meeting-sfu-stage.png`,
      });
  });
});
