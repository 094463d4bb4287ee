import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertInsideMediaNamespace, launchMediaChromium } from "../support/mediaNamespace.ts";
import { expectAccessible, heading } from "../support/pages.ts";
import { startEngawa, type EngawaProcess } from "../support/server.ts";
import { fill, TEXT } from "../support/text.ts";
import { organisationOf, scheduleMeeting, type Person } from "./engawaPeople.ts";

const SLUG = "present-rule";
const J = TEXT.ja;
const E = TEXT.en;
const SHOTS = process.env.ENGAWA_E2E_SCREENSHOTS;

/**
 * Who may present, in the web client (Chromium with fake devices, peer to peer, inside the media
 * namespace). The organisation lets only organisers and presenters present ("presenters"): an
 * attendee (English) sees Share screen disabled and the reason in words, and clicking it shares
 * nothing; the organiser (Japanese) shares, and the attendee's stage says the organiser presents.
 * Made a presenter, the attendee shares; made an attendee again while sharing, the server ends
 * their presenting and their browser stops the share and says why again.
 */
describe("who may present, in the web client", () => {
  let server: EngawaProcess | undefined;
  let browser: Browser | undefined;
  let owner: Person | undefined;
  let member: Person | undefined;
  const contexts: BrowserContext[] = [];
  let organiser: Page;
  let attendee: Page;

  beforeAll(async () => {
    assertInsideMediaNamespace();
    server = await startEngawa();
    const organisation = await organisationOf(server, SLUG, 1);
    owner = organisation.owner;
    member = organisation.members[0];
    browser = await launchMediaChromium();
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await owner?.api.dispose();
    await member?.api.dispose();
    await server?.stop();
  });

  async function pageIn(locale: "ja" | "en", person: Person): Promise<Page> {
    if (!browser) throw new Error("Chromium is not running");
    const context = await browser.newContext({
      locale: locale === "ja" ? "ja-JP" : "en-US",
      permissions: ["camera", "microphone"],
      storageState: await person.api.storageState(),
    });
    contexts.push(context);
    const page = await context.newPage();
    page.on("pageerror", (error) => console.log(`[${locale} page error] ${error.message}`));
    return page;
  }
  async function enter(page: Page, T: typeof E, link: string): Promise<void> {
    await page.goto(link);
    await page.getByRole("figure", { name: T.meetings.join.preview }).locator("video").waitFor();
    await page.getByRole("button", { name: T.meetings.join.submit }).click();
    await heading(page, "全体朝礼").waitFor();
  }
  const tile = (page: Page, T: typeof E, name: string) =>
    page
      .getByRole("list", { name: T.meetings.stage.tiles })
      .getByRole("listitem", { name, exact: true });

  it("an attendee cannot share and is told why; the organiser shares and everyone sees it", async () => {
    if (!owner || !member || !server) throw new Error("setup failed");
    // The administrator (the owner) lets only organisers and presenters present.
    const policy = await owner.api.get(`/api/t/${SLUG}/meeting-policy`);
    expect(policy.ok()).toBe(true);
    const now = ((await policy.json()) as { policy: Record<string, unknown> }).policy;
    const set = await owner.api.put(`/api/t/${SLUG}/meeting-policy`, {
      data: { ...now, whoMayPresent: "presenters" },
      headers: { "x-engawa-csrf": owner.csrf },
    });
    expect(set.ok(), await set.text()).toBe(true);

    const meeting = await scheduleMeeting(SLUG, owner, [member]);
    const link = `${server.url}/t/${SLUG}/meet/${meeting.joinCode}`;
    organiser = await pageIn("ja", owner);
    await enter(organiser, J, link);
    attendee = await pageIn("en", member);
    await enter(attendee, E, link);

    // The attendee: Share screen stays focusable, disabled, and says why.
    const share = attendee.getByRole("button", { name: E.meetings.stage.share, exact: true });
    await attendee.getByText(E.meetings.stage.presentRulePresenters).waitFor();
    expect(await share.getAttribute("aria-disabled")).toBe("true");
    await share.click({ force: true });
    expect(await share.getAttribute("aria-pressed")).toBe("false");
    await expectAccessible(attendee, "the stage of an attendee who may not present");
    if (SHOTS) await attendee.screenshot({ path: `${SHOTS}/meeting-present-refused-en.png` });

    // The organiser shares; the attendee's stage says the organiser presents.
    const ownerShare = organiser.getByRole("button", { name: J.meetings.stage.share, exact: true });
    expect(await ownerShare.getAttribute("aria-disabled")).not.toBe("true");
    await ownerShare.click();
    await expect.poll(() => ownerShare.getAttribute("aria-pressed")).toBe("true");
    await tile(attendee, E, owner.name).getByText(E.meetings.stage.presenting).waitFor();
    if (SHOTS) await attendee.screenshot({ path: `${SHOTS}/meeting-present-organiser-en.png` });
    await ownerShare.click();
    await expect.poll(() => ownerShare.getAttribute("aria-pressed")).toBe("false");
    await tile(attendee, E, owner.name)
      .getByText(E.meetings.stage.presenting)
      .waitFor({ state: "detached" });
  });

  it("made a presenter, they share; made an attendee again, their share stops and says why", async () => {
    if (!owner || !member) throw new Error("setup failed");
    const roleTo = async (item: string, done: string) => {
      await organiser
        .getByRole("button", { name: fill(J.meetings.panel.optionsFor, { name: member!.name }) })
        .click();
      await organiser.getByRole("menuitem", { name: item }).click();
      await organiser.getByText(fill(done, { name: member!.name })).waitFor();
    };
    await roleTo(J.meetings.panel.makePresenter, J.meetings.panel.nowPresenter);
    const share = attendee.getByRole("button", { name: E.meetings.stage.share, exact: true });
    await attendee.getByText(E.meetings.stage.presentRulePresenters).waitFor({ state: "detached" });
    expect(await share.getAttribute("aria-disabled")).not.toBe("true");
    await share.click();
    await expect.poll(() => share.getAttribute("aria-pressed")).toBe("true");
    await tile(organiser, J, member.name).getByText(J.meetings.stage.presenting).waitFor();

    // The server ends their presenting with the role; their browser stops sharing.
    await roleTo(J.meetings.panel.makeAttendee, J.meetings.panel.nowAttendee);
    await expect.poll(() => share.getAttribute("aria-pressed")).toBe("false");
    await attendee.getByText(E.meetings.stage.presentRulePresenters).waitFor();
    expect(await share.getAttribute("aria-disabled")).toBe("true");
    await tile(organiser, J, member.name)
      .getByText(J.meetings.stage.presenting)
      .waitFor({ state: "detached" });
  });
});
