import { readFile } from "node:fs/promises";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { organisationSteps } from "./support/organisation.ts";
import { browserStory, DESKTOP, expectAccessible, heading } from "./support/pages.ts";
import { fill, TEXT, type Locale } from "./support/text.ts";

/**
 * Co-organisers and the attendance report, in each language: the owner (A) schedules a meeting
 * from the Meetings page choosing a member (B) as co-organiser in the dialog's people picker; B
 * sees the meeting listed with their role. A member (C) joins it through the API, so there is a
 * line to report. A opens the meeting's Attendance, sees C's line (kind, outcome, when), downloads
 * the CSV (UTF-8 with a BOM, C's name in it), and axe finds nothing serious with the dialog open.
 * C writes in the meeting's chat; A ends the meeting; C finds it in the Past tab (reached from the
 * keyboard) and reads what was written, in a dialog axe finds nothing serious in.
 */
describe.each(["ja", "en"] as Locale[])("co-organisers and attendance, in %s", (locale) => {
  const T = TEXT[locale];
  const slug = `meeting-attendance-${locale}`;
  const ownerName = locale === "ja" ? "院長 真理" : "Mari Director";
  const coName = locale === "ja" ? "師長 恵" : "Megumi Head Nurse";
  const memberName = locale === "ja" ? "看護師 健" : "Ken Nurse";
  const ownerEmail = `owner@${slug}.example`;
  const coEmail = `megumi@${slug}.example`;
  const memberEmail = `ken@${slug}.example`;
  const title = locale === "ja" ? "病棟カンファレンス" : "Ward conference";
  const story = browserStory(locale, { context: DESKTOP });
  const steps = () => organisationSteps(story.server, locale);
  let a: Page;
  let b: Page;
  let c: Page;

  const nav = (page: Page, name: string) =>
    page.getByRole("navigation", { name: T.shell.navLabel }).getByRole("link", { name }).click();
  const meetingRow = (page: Page) =>
    page
      .getByRole("table", { name: T.meetings.tableLabel })
      .getByRole("row")
      .filter({ hasText: title });

  it("sets up the organisation with two members", async () => {
    const setup = await story.newPage();
    const ownerInvite = await steps().setUp(setup, {
      name: locale === "ja" ? "つばき病院" : "Tsubaki Hospital",
      slug,
      ownerEmail,
      ownerName,
    });
    a = await story.newPage();
    await steps().acceptInvite(a, ownerInvite);
    await steps().signIn(a, slug, ownerEmail, ownerName);
    await nav(a, T.shell.users);
    const coInvite = await steps().inviteMember(a, {
      email: coEmail,
      name: coName,
      role: "member",
    });
    const memberInvite = await steps().inviteMember(a, {
      email: memberEmail,
      name: memberName,
      role: "member",
    });
    b = await story.newPage();
    await steps().acceptInvite(b, coInvite);
    await steps().signIn(b, slug, coEmail, coName);
    c = await story.newPage();
    await steps().acceptInvite(c, memberInvite);
    await steps().signIn(c, slug, memberEmail, memberName);
  });

  it("A schedules a meeting with B as co-organiser; B sees it with their role", async () => {
    await nav(a, T.shell.meetings);
    await heading(a, T.meetings.title).waitFor();
    await a.getByRole("button", { name: T.meetings.scheduleOpen }).click();
    const dialog = a.getByRole("dialog", { name: T.meetings.schedule.title });
    await dialog.getByLabel(T.meetings.schedule.name).fill(title);
    const picker = dialog.getByRole("combobox", { name: T.meetings.schedule.coOrganizers });
    await dialog.getByText(T.meetings.schedule.coOrganizersHint).waitFor();
    await picker.fill(coName.slice(0, 2));
    await dialog.getByRole("option", { name: new RegExp(coName) }).waitFor();
    await picker.press("Enter");
    await dialog.getByRole("button", { name: fill(T.newChat.remove, { name: coName }) }).waitFor();
    await picker.focus();
    await expectAccessible(a, "schedule dialog with a co-organiser chosen");
    await dialog.getByRole("button", { name: T.meetings.schedule.submit }).click();
    await a.getByText(fill(T.meetings.scheduled, { title })).waitFor();
    await meetingRow(a).getByText(T.meetings.roles.organizer).waitFor();

    await nav(b, T.shell.meetings);
    await heading(b, T.meetings.title).waitFor();
    await meetingRow(b).getByText(T.meetings.roles.co_organizer).waitFor();
    // A co-organiser reads the attendance too.
    await meetingRow(b)
      .getByRole("button", { name: fill(T.meetings.attendance.openNamed, { title }) })
      .waitFor();
  });

  it("C joins through the API; A opens the attendance report and downloads it", async () => {
    const mine = (await (
      await a.request.get(`${story.server.url}/api/t/${slug}/meetings`)
    ).json()) as {
      meetings: { title: string; joinCode: string }[];
    };
    const meeting = mine.meetings.find((m) => m.title === title);
    expect(meeting).toBeDefined();
    const me = (await (await c.request.get(`${story.server.url}/api/me`)).json()) as {
      session: { csrfToken: string };
    };
    const joined = await c.request.post(`${story.server.url}/api/t/${slug}/meeting-joins`, {
      headers: { "x-engawa-csrf": me.session.csrfToken },
      data: { code: meeting?.joinCode },
    });
    expect(joined.ok()).toBe(true);

    await a.getByRole("button", { name: fill(T.meetings.attendance.openNamed, { title }) }).click();
    const dialog = a.getByRole("dialog", { name: fill(T.meetings.attendance.title, { title }) });
    const table = dialog.getByRole("table", {
      name: fill(T.meetings.attendance.tableLabel, { title }),
    });
    const row = table.getByRole("row").filter({ hasText: memberName });
    await row.waitFor();
    await row.getByRole("cell", { name: T.meetings.kinds.member, exact: true }).waitFor();
    await table
      .getByRole("columnheader", { name: T.meetings.attendance.columns.knocked })
      .waitFor();
    expect(await row.locator("time").count()).toBeGreaterThan(0);
    await expectAccessible(a, "the attendance report");
    await a.screenshot({ path: `/tmp/meeting-attendance-${locale}.png` });

    const [download] = await Promise.all([
      a.waitForEvent("download"),
      dialog.getByRole("button", { name: T.meetings.attendance.download }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const bytes = await readFile(await download.path());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString("utf8");
    expect(text).toContain(memberName);
    expect(text).toContain(T.meetings.attendance.columns.name);
    expect(text.split("\r\n").length).toBeGreaterThanOrEqual(3);

    await dialog.getByRole("button", { name: T.common.close }).click();
    await dialog.waitFor({ state: "detached" });
  });

  it("C writes in the meeting's chat; once A ends it, C finds it among past meetings and reads the chat", async () => {
    const csrfOf = async (page: Page) =>
      (
        (await (await page.request.get(`${story.server.url}/api/me`)).json()) as {
          session: { csrfToken: string };
        }
      ).session.csrfToken;
    // C was not invited: they have the join link, and the organiser's list has the meeting's id.
    const organised = (await (
      await a.request.get(`${story.server.url}/api/t/${slug}/meetings`)
    ).json()) as { meetings: { id: string; title: string; joinCode: string }[] };
    const meeting = organised.meetings.find((m) => m.title === title);
    if (!meeting) throw new Error("A does not see the meeting");
    const csrf = await csrfOf(c);
    const joined = await c.request.post(`${story.server.url}/api/t/${slug}/meeting-joins`, {
      headers: { "x-engawa-csrf": csrf },
      data: { code: meeting.joinCode },
    });
    const join = (await joined.json()) as { outcome: string; participantId: string };
    expect(join.outcome).toBe("admitted");
    const said =
      locale === "ja" ? "議事録は共有フォルダに置きました" : "The minutes are in the shared folder";
    const posted = await c.request.post(
      `${story.server.url}/api/t/${slug}/meetings/${meeting.id}/chat`,
      {
        headers: { "x-engawa-csrf": csrf },
        data: { participantId: join.participantId, body: said },
      },
    );
    expect(posted.status()).toBe(201);
    const ended = await a.request.post(
      `${story.server.url}/api/t/${slug}/meetings/${meeting.id}/end`,
      {
        headers: { "x-engawa-csrf": await csrfOf(a) },
      },
    );
    expect(ended.status()).toBe(200);

    // Over: the co-organiser, who had it among their coming meetings, no longer has it there.
    await b.reload();
    await heading(b, T.meetings.title).waitFor();
    await b.getByText(T.meetings.empty).waitFor();
    expect(await meetingRow(b).count()).toBe(0);

    // C, who was let in without being invited, finds it among their past meetings.
    await nav(c, T.shell.meetings);
    await heading(c, T.meetings.title).waitFor();
    // The tabs from the keyboard: the selected one takes focus, the arrow key moves and selects.
    const upcoming = c.getByRole("tab", { name: T.meetings.lists.upcoming });
    await upcoming.focus();
    await c.keyboard.press("ArrowRight");
    const past = c.getByRole("table", { name: T.meetings.past.tableLabel });
    const row = past.getByRole("row").filter({ hasText: title });
    await row.getByText(T.meetings.roles.attendee).waitFor();
    const open = row.getByRole("button", { name: fill(T.meetings.past.chatNamed, { title }) });
    await open.focus();
    await c.keyboard.press("Enter");
    const dialog = c.getByRole("dialog", { name: fill(T.meetings.past.chatTitle, { title }) });
    const log = dialog.getByRole("log", { name: fill(T.meetings.past.chatLabel, { title }) });
    await log.getByText(said).waitFor();
    await log.getByText(memberName).waitFor();
    expect(await log.locator("time").count()).toBe(1);
    // Nothing to write with: the meeting is over.
    expect(await dialog.getByRole("textbox").count()).toBe(0);
    await expectAccessible(c, "an ended meeting's chat");
    await c.screenshot({ path: `/tmp/meeting-past-chat-${locale}.png` });
    await c.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
    // The organiser finds it there too, with the attendance report beside the chat.
    await nav(a, T.shell.meetings);
    await a.getByRole("tab", { name: T.meetings.lists.past }).click();
    await a
      .getByRole("table", { name: T.meetings.past.tableLabel })
      .getByRole("row")
      .filter({ hasText: title })
      .getByRole("button", { name: fill(T.meetings.attendance.openNamed, { title }) })
      .waitFor();
  });
});
