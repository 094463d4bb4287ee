import { mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { organisationSteps } from "./support/organisation.ts";
import { browserStory, DESKTOP, expectAccessible } from "./support/pages.ts";
import { teamSteps } from "./support/teams.ts";
import { fill, TEXT, type Locale } from "./support/text.ts";

/** Screenshots for a person to look at (the pages in each language); not compared by the test. */
const SHOTS = process.env.ENGAWA_E2E_SCREENSHOTS ?? path.join(tmpdir(), "engawa-e2e-screenshots");
mkdirSync(SHOTS, { recursive: true });

/** Live changes get a generous deadline and fail only if they never come. */
const LIVE = { timeout: 60_000 };
/**
 * A pushed membership change: well under the sidebar's fallback re-read (every 120 s), so the
 * channel appearing within it shows the push, not the poll.
 */
const PUSHED = { timeout: 30_000 };

/**
 * Presence and pushed memberships in two browsers, in each language: A (owner) makes a team with
 * B; B opens the app and A sees B online in the channel's member list (words beside the badge)
 * and in the team's member dialog; B closes the page and A sees B offline (after the grace period);
 * B comes back, A adds B to a new private channel and B's sidebar shows it without a reload; B's
 * window idles five minutes (Playwright's clock) and A sees B away, then online at B's next input.
 * Axe finds no serious violations.
 */
describe.each(["ja", "en"] as Locale[])("presence, in %s", (locale) => {
  const T = TEXT[locale];
  const slug = `presence-${locale}`;
  const ownerName = locale === "ja" ? "師長 美咲" : "Misaki Ward Lead";
  const memberName = locale === "ja" ? "看護師 蓮" : "Ren Nurse";
  const ownerEmail = `owner@${slug}.example`;
  const memberEmail = `ren@${slug}.example`;
  const teamName = locale === "ja" ? "東病棟" : "East ward";
  const privateName = locale === "ja" ? "感染対策" : "Infection control";
  const story = browserStory(locale, { context: DESKTOP });
  const { newContext, newPage } = story;
  const teams = teamSteps(locale);
  let bContext: BrowserContext;
  let a: Page;
  let b: Page;

  const steps = () => organisationSteps(story.server, locale);
  const nav = (page: Page, name: string) =>
    page.getByRole("navigation", { name: T.shell.navLabel }).getByRole("link", { name }).click();
  const channelHeading = (page: Page, name: string, isPrivate = false) =>
    page.getByRole("heading", {
      level: 2,
      name: isPrivate ? `${name} ${T.chat.privateChannel}` : name,
      exact: true,
    });
  const teamMenu = (page: Page, entry: string) => teams.teamMenu(page, teamName, entry);
  const channelLink = (page: Page, name: string) =>
    page
      .getByRole("list", { name: fill(T.chat.channelsOf, { team: teamName }) })
      .getByRole("link", { name });
  /** B's row in the open channel's member list (A's page). */
  const memberRow = (channel = T.chat.general) =>
    a
      .getByRole("list", { name: fill(T.presence.membersLabel, { channel }) })
      .getByRole("listitem")
      .filter({ hasText: memberName });
  const shot = (page: Page, name: string) =>
    page.screenshot({ path: path.join(SHOTS, `presence-${locale}-${name}.png`) });

  it("sets up the organisation; A makes a team with B", async () => {
    const setup = await newPage();
    const ownerInvite = await steps().setUp(setup, {
      name: locale === "ja" ? "みなと病院" : "Minato Hospital",
      slug,
      ownerEmail,
      ownerName,
    });
    a = await newPage();
    await steps().acceptInvite(a, ownerInvite);
    await steps().signIn(a, slug, ownerEmail, ownerName);
    await nav(a, T.shell.users);
    const memberInvite = await steps().inviteMember(a, {
      email: memberEmail,
      name: memberName,
      role: "member",
    });

    bContext = await newContext();
    b = await newPage(bContext);
    await steps().acceptInvite(b, memberInvite);
    await steps().signIn(b, slug, memberEmail, memberName);

    await nav(a, T.shell.teams);
    await teams.createPrivateTeam(a, { name: teamName });
    await channelHeading(a, T.chat.general).waitFor();
    const members = await teams.addTeamMember(a, teamName, {
      name: memberName,
      email: memberEmail,
    });
    // B has not opened the chat yet: offline, said in words (the badge's name).
    const bInList = members
      .getByRole("list", { name: T.teamMembers.listLabel })
      .getByRole("listitem")
      .filter({ hasText: memberName });
    await bInList.getByRole("img", { name: T.presence.offline }).waitFor(LIVE);
    await members.getByRole("button", { name: T.common.close }).last().click();
  });

  it("B opens the app: A sees B online in the channel's members and the team's members", async () => {
    await nav(b, T.shell.teams);
    await channelHeading(b, T.chat.general).waitFor();

    const toggle = a.getByRole("button", { name: T.presence.members, exact: true });
    await toggle.click();
    expect(await toggle.getAttribute("aria-expanded")).toBe("true");
    await memberRow().getByText(T.presence.online, { exact: true }).waitFor(LIVE);
    await a
      .getByRole("list", { name: fill(T.presence.membersLabel, { channel: T.chat.general }) })
      .getByRole("listitem")
      .filter({ hasText: ownerName })
      .getByText(T.presence.online, { exact: true })
      .waitFor(LIVE);
    await expectAccessible(a, "channel members with presence");
    await shot(a, "members-online");

    await teamMenu(a, T.chat.members);
    const members = a.getByRole("dialog", { name: fill(T.teamMembers.title, { team: teamName }) });
    await members
      .getByRole("list", { name: T.teamMembers.listLabel })
      .getByRole("listitem")
      .filter({ hasText: memberName })
      .getByRole("img", { name: T.presence.online })
      .waitFor(LIVE);
    await expectAccessible(a, "team members dialog with presence");
    await shot(a, "team-members-online");
    await members.getByRole("button", { name: T.common.close }).last().click();
  });

  it("B posts, and A sees B's presence beside B's name on the message", async () => {
    const text = locale === "ja" ? "到着しました。" : "I'm on the ward.";
    const box = b.getByLabel(T.chat.composerLabel, { exact: true });
    await box.fill(text);
    await box.press("Enter");
    const message = a
      .getByRole("log", { name: fill(T.chat.messagesLabel, { channel: T.chat.general }) })
      .getByRole("listitem")
      .filter({ hasText: text });
    await message.waitFor(LIVE);
    await message.getByRole("img", { name: T.presence.online }).waitFor(LIVE);
  });

  it("B closes the page: A sees B offline", async () => {
    await b.close();
    await memberRow().getByText(T.presence.offline, { exact: true }).waitFor(LIVE);
    await shot(a, "members-offline");
  });

  it("B comes back; A adds B to a new private channel and B's sidebar shows it without a reload", async () => {
    b = await newPage(bContext);
    // Playwright's clock (time flows as usual until moved) lets the next test skip 5 idle minutes.
    await b.clock.install();
    await b.goto(`${story.server.url}/teams`);
    await channelHeading(b, T.chat.general).waitFor();
    await memberRow().getByText(T.presence.online, { exact: true }).waitFor(LIVE);

    await teamMenu(a, T.chat.addChannel);
    const add = a.getByRole("dialog", { name: fill(T.addChannel.title, { team: teamName }) });
    await add.getByLabel(T.addChannel.name).fill(privateName);
    await add.getByRole("radio", { name: T.addChannel.private }).check();
    await add.getByRole("button", { name: T.addChannel.submit }).click();
    await channelHeading(a, privateName, true).waitFor();
    await teams.addChannelMember(a, privateName, memberName);

    const link = channelLink(b, privateName);
    await link.waitFor(PUSHED);
    await link.getByRole("img", { name: T.chat.privateChannel }).waitFor();
    await expectAccessible(b, "sidebar after the pushed change");
    await shot(b, "pushed-channel");
  });

  it("B's window goes five minutes without input: A sees B away; B moves the mouse: online again", async () => {
    // A is in the private channel now: A opens its member list (read afresh on opening).
    const toggle = a.getByRole("button", { name: T.presence.members, exact: true });
    if ((await toggle.getAttribute("aria-expanded")) === "true") await toggle.click();
    await toggle.click();
    const row = memberRow(privateName);
    await row.getByText(T.presence.online, { exact: true }).waitFor(LIVE);
    await b.clock.fastForward("05:30");
    await row.getByText(T.presence.away, { exact: true }).waitFor(LIVE);
    await expectAccessible(a, "a member away");
    await shot(a, "members-away");
    await b.mouse.move(200, 300);
    await b.mouse.move(220, 320);
    await row.getByText(T.presence.online, { exact: true }).waitFor(LIVE);
  });
});
