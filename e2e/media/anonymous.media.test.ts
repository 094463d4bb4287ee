import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertInsideMediaNamespace, launchMediaChromium } from "../support/mediaNamespace.ts";
import { expectAccessible, heading } from "../support/pages.ts";
import { startEngawa, type EngawaProcess } from "../support/server.ts";
import { fill, TEXT } from "../support/text.ts";
import { organisationOf, scheduleMeeting, type Person } from "./engawaPeople.ts";
import { connectionsOf, RECORD_PEER_CONNECTIONS } from "./peerStats.ts";

const SLUG = "anon-join";
const J = TEXT.ja;
const E = TEXT.en;
const SHOTS = process.env.ENGAWA_E2E_SCREENSHOTS;

/**
 * Issue "Meetings": people without an account, with Engawa's web client in Chromium (fake camera
 * and microphone, peer to peer, inside the media namespace). A parent opens the join link signed
 * out (English), chooses to join without an account, types their name (an empty one is refused in
 * words), waits in the lobby, learns nothing of the meeting, and once the organiser (Japanese)
 * admits them — labelled "without an account" in the queue — receives video. A second person
 * (Japanese) is turned away and told so; one who stops waiting leaves the organiser's queue.
 * The name form and the lobby are scanned with axe.
 */
describe("joining a meeting without an account, in the web client", () => {
  let server: EngawaProcess | undefined;
  let browser: Browser | undefined;
  let owner: Person | undefined;
  const contexts: BrowserContext[] = [];
  let organiser: Page;
  let link = "";
  const title = "全体朝礼";

  beforeAll(async () => {
    assertInsideMediaNamespace();
    server = await startEngawa();
    owner = (await organisationOf(server, SLUG, 0)).owner;
    browser = await launchMediaChromium();
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await owner?.api.dispose();
    await server?.stop();
  });

  async function pageIn(locale: "ja" | "en", person?: Person): Promise<Page> {
    if (!browser) throw new Error("Chromium is not running");
    const context = await browser.newContext({
      locale: locale === "ja" ? "ja-JP" : "en-US",
      permissions: ["camera", "microphone"],
      ...(person ? { storageState: await person.api.storageState() } : {}),
    });
    contexts.push(context);
    await context.addInitScript(RECORD_PEER_CONNECTIONS);
    const page = await context.newPage();
    page.on("pageerror", (error) => console.log(`[${locale} page error] ${error.message}`));
    return page;
  }
  const shot = async (page: Page, name: string) => {
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/meeting-anonymous-${name}.png` });
  };
  const lobbyOf = (page: Page) =>
    page.getByRole("region", { name: fill(J.meetings.panel.lobby, { count: "1" }) });

  /** Signed out on the link: join without an account, with this name. */
  async function knockAnonymously(page: Page, T: typeof E, name: string): Promise<void> {
    await page.goto(link);
    await page.getByRole("button", { name: T.meetings.anonymous.choose }).click();
    await page.getByRole("figure", { name: T.meetings.join.preview }).locator("video").waitFor();
    await page.getByLabel(T.meetings.anonymous.nameLabel).fill(name);
    await page.getByRole("button", { name: T.meetings.join.submit }).click();
    await heading(page, T.meetings.lobby.title).waitFor();
  }

  it("the organiser starts the meeting", async () => {
    if (!owner || !server) throw new Error("setup failed");
    const meeting = await scheduleMeeting(SLUG, owner, []);
    link = `${server.url}/t/${SLUG}/meet/${meeting.joinCode}`;
    organiser = await pageIn("ja", owner);
    await organiser.goto(link);
    await organiser
      .getByRole("figure", { name: J.meetings.join.preview })
      .locator("video")
      .waitFor();
    await organiser.getByRole("button", { name: J.meetings.join.submit }).click();
    await heading(organiser, title).waitFor();
    await shot(organiser, "alone-ja");
  });

  it("a parent without an account gives a name and waits, learning nothing of the meeting", async () => {
    const parent = await pageIn("en");
    await parent.goto(link);
    await heading(parent, E.meetings.join.signInTitle).waitFor();
    await parent.getByText(E.meetings.anonymous.offer).waitFor();
    await parent.getByRole("button", { name: E.meetings.anonymous.choose }).click();
    await parent.getByRole("figure", { name: E.meetings.join.preview }).locator("video").waitFor();
    // No name: said in words, nothing sent.
    await parent.getByRole("button", { name: E.meetings.join.submit }).click();
    await parent.getByText(E.meetings.anonymous.name_required).waitFor();
    await expectAccessible(parent, "the name form of joining without an account");
    await shot(parent, "name-en");
    await parent.getByLabel(E.meetings.anonymous.nameLabel).fill("Parent Sato");
    await parent.getByLabel(E.meetings.anonymous.nameLabel).press("Enter");
    await heading(parent, E.meetings.lobby.title).waitFor();
    expect(await parent.locator("body").innerText()).not.toContain(title);
    await expectAccessible(parent, "the lobby of someone without an account");

    // The organiser sees them waiting, labelled as without an account, and lets them in.
    const lobby = lobbyOf(organiser);
    await lobby.getByText("Parent Sato").waitFor();
    await lobby.getByText(J.meetings.kinds.anonymous, { exact: false }).waitFor();
    await shot(organiser, "queue-ja");
    await lobby
      .getByRole("button", { name: fill(J.meetings.panel.admitNamed, { name: "Parent Sato" }) })
      .click();

    // In: the meeting's stage, and the organiser's video arriving (bytes growing).
    await heading(parent, title).waitFor();
    const samples: number[] = [];
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const bytes = (await connectionsOf(parent)).reduce((sum, c) => sum + c.videoBytes, 0);
      samples.push(bytes);
      const last = samples.slice(-3);
      if (last.length === 3 && last[0]! > 0 && last[0]! < last[1]! && last[1]! < last[2]!) break;
      await parent.waitForTimeout(1_000);
    }
    const last = samples.slice(-3);
    expect(last[0]! > 0 && last[0]! < last[1]! && last[1]! < last[2]!, samples.join(", ")).toBe(
      true,
    );
    await organiser
      .getByRole("list", { name: J.meetings.stage.tiles })
      .getByRole("listitem", { name: "Parent Sato", exact: true })
      .waitFor();
    await shot(parent, "stage-en");
  });

  it("someone turned away without an account is told so, in their language", async () => {
    const stranger = await pageIn("ja");
    await knockAnonymously(stranger, J, "通りすがり");
    await shot(stranger, "lobby-ja");
    await lobbyOf(organiser)
      .getByRole("button", { name: fill(J.meetings.panel.denyNamed, { name: "通りすがり" }) })
      .click();
    await heading(stranger, J.meetings.closed.deniedTitle).waitFor();
    await expectAccessible(stranger, "turned away without an account");
  });

  it("someone without an account who stops waiting leaves the organiser's queue", async () => {
    const grandfather = await pageIn("en");
    await knockAnonymously(grandfather, E, "Grandpa Ito");
    await lobbyOf(organiser).getByText("Grandpa Ito").waitFor();
    await grandfather.getByRole("button", { name: E.meetings.lobby.leave }).click();
    await organiser.getByText("Grandpa Ito").waitFor({ state: "detached" });
    await expect
      .poll(() => grandfather.getByRole("heading").allTextContents())
      .not.toContain(E.meetings.lobby.title);
  });
});
