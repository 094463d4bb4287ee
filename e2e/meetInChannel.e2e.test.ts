import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { organisationSteps } from "./support/organisation.ts";
import { browserStory, DESKTOP, expectAccessible, heading } from "./support/pages.ts";
import { teamSteps } from "./support/teams.ts";
import { fill, TEXT, type Locale } from "./support/text.ts";

/** A live message gets a generous deadline; the test fails only if it never comes. */
const LIVE = { timeout: 60_000 };

/**
 * "Meet now" from a channel, in each language: the owner (A) of a team with a member (B) opens
 * the team's General channel and presses Meet now in its header; A lands on the meeting's
 * pre-join page, titled after the channel. The meeting is announced in the channel: B's open page
 * shows it live as a card with its time and a Join link to the same join page, and so does A's on
 * the way back. A then schedules a meeting from the Meetings page, choosing the channel in the
 * dialog, and B's channel shows that one too. The pre-join page is as far as it goes (no camera or microphone is started on
 * purpose; the media e2e covers the meeting itself). Axe finds no serious violations on the
 * channel with the button, the pre-join page, the announcement and the schedule dialog.
 */
describe.each(["ja", "en"] as Locale[])("meet now in a channel, in %s", (locale) => {
  const T = TEXT[locale];
  const slug = `meet-channel-${locale}`;
  const orgName = locale === "ja" ? "つばき医院" : "Tsubaki Clinic";
  const ownerName = locale === "ja" ? "院長 真理" : "Mari Director";
  const memberName = locale === "ja" ? "看護師 健" : "Ken Nurse";
  const ownerEmail = `owner@${slug}.example`;
  const memberEmail = `ken@${slug}.example`;
  const teamName = locale === "ja" ? "外来" : "Outpatients";
  const meetingTitle = fill(T.meetings.meetNowInChannel, { channel: T.chat.general });
  const story = browserStory(locale, { context: DESKTOP });
  const { newPage } = story;
  const teams = teamSteps(locale);
  const steps = () => organisationSteps(story.server, locale);
  let a: Page;
  let b: Page;
  let joinPath = "";

  const nav = (page: Page, name: string) =>
    page.getByRole("navigation", { name: T.shell.navLabel }).getByRole("link", { name }).click();
  const generalHeading = (page: Page) =>
    page.getByRole("heading", { level: 2, name: T.chat.general, exact: true });
  const messages = (page: Page) =>
    page.getByRole("log", { name: fill(T.chat.messagesLabel, { channel: T.chat.general }) });
  /** The announcement's Join link, in a message of the channel. */
  const joinLink = (log: Locator) =>
    log
      .getByRole("listitem")
      .filter({ hasText: meetingTitle })
      .getByRole("link", { name: fill(T.meetings.joinNamed, { title: meetingTitle }) });

  it("sets up the organisation; the owner adds a member to a team; both open its channel", async () => {
    const setup = await newPage();
    const ownerInvite = await steps().setUp(setup, { name: orgName, slug, ownerEmail, ownerName });
    a = await newPage();
    await steps().acceptInvite(a, ownerInvite);
    await steps().signIn(a, slug, ownerEmail, ownerName);
    await nav(a, T.shell.users);
    const memberInvite = await steps().inviteMember(a, {
      email: memberEmail,
      name: memberName,
      role: "member",
    });
    b = await newPage();
    await steps().acceptInvite(b, memberInvite);
    await steps().signIn(b, slug, memberEmail, memberName);

    await nav(a, T.shell.teams);
    await heading(a, T.chat.title).waitFor();
    await teams.createPrivateTeam(a, { name: teamName });
    await generalHeading(a).waitFor();
    const members = await teams.addTeamMember(a, teamName, {
      name: memberName,
      email: memberEmail,
    });
    await members.getByRole("button", { name: T.common.close }).last().click();
    await nav(b, T.shell.teams);
    await generalHeading(b).waitFor();
    await messages(b).getByText(T.chat.noMessages).waitFor();
    // B's page: A's still holds the focus guards Fluent's closed dialog left at the body's edges.
    await b.getByRole("button", { name: T.meetings.meetNow, exact: true }).waitFor();
    await expectAccessible(b, "channel with Meet now");
  });

  it("A presses Meet now in the channel's header and lands on the meeting's pre-join page", async () => {
    await a.getByRole("button", { name: T.meetings.meetNow, exact: true }).click();
    await heading(a, fill(T.meetings.join.titleNamed, { title: meetingTitle })).waitFor();
    joinPath = new URL(a.url()).pathname;
    expect(joinPath).toMatch(new RegExp(`^/t/${slug}/meet/[A-Za-z0-9_-]{22}$`));
    await a.getByRole("button", { name: T.meetings.join.submit }).waitFor();
    await expectAccessible(a, "pre-join page of a channel's meeting");
  });

  it("B's open channel shows the announcement live, with a Join link to the same page", async () => {
    const link = joinLink(messages(b));
    await link.waitFor(LIVE);
    expect(await link.getAttribute("href")).toBe(joinPath);
    await expectAccessible(b, "channel with a meeting's announcement");

    // A, back in the channel, sees the announcement as theirs.
    await a.goBack();
    await generalHeading(a).waitFor();
    await joinLink(messages(a)).waitFor();

    // B follows the link to the meeting's pre-join page (and goes no further). A channel's
    // meetings are its members' own, so the page names it once their meetings are read (until
    // then it says "Join a meeting": waiting for that raced the read).
    await link.click();
    await heading(b, fill(T.meetings.join.titleNamed, { title: meetingTitle })).waitFor();
    expect(new URL(b.url()).pathname).toBe(joinPath);
  });

  it("A schedules a meeting into the channel from the Meetings page; B's channel shows it", async () => {
    const title = locale === "ja" ? "外来カンファレンス" : "Outpatient conference";
    await nav(a, T.shell.meetings);
    await heading(a, T.meetings.title).waitFor();
    await a.getByRole("button", { name: T.meetings.scheduleOpen }).click();
    const dialog = a.getByRole("dialog", { name: T.meetings.schedule.title });
    await dialog.getByLabel(T.meetings.schedule.name).fill(title);
    const where = dialog.getByLabel(T.meetings.schedule.channel);
    await where.locator("option", { hasText: T.chat.general }).waitFor({ state: "attached" });
    await where.selectOption({ label: T.chat.general });
    await expectAccessible(a, "schedule dialog with a channel chosen");
    await dialog.getByRole("button", { name: T.meetings.schedule.submit }).click();
    await a.getByText(fill(T.meetings.scheduled, { title })).waitFor();

    const link = b
      .getByRole("log", { name: fill(T.chat.messagesLabel, { channel: T.chat.general }) })
      .getByRole("listitem")
      .filter({ hasText: title })
      .getByRole("link", { name: fill(T.meetings.joinNamed, { title }) });
    await b.goBack();
    await generalHeading(b).waitFor();
    await link.waitFor(LIVE);
  });

  it("a join link cut short says so in words, not as an unknown page", async () => {
    const page = await newPage();
    await page.goto(`${story.server.url}/t/${slug}/meet/abc`);
    await page.getByRole("heading", { level: 1, name: T.meetings.join.badLinkTitle }).waitFor();
    await page.getByText(T.meetings.join.badLinkBody).waitFor();
    await expectAccessible(page, "a join link cut short");
  });
});
