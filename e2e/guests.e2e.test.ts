import { mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { organisationSteps } from "./support/organisation.ts";
import { browserStory, expectAccessible, heading } from "./support/pages.ts";
import { teamSteps } from "./support/teams.ts";
import { fill, TEXT, type Locale } from "./support/text.ts";

const SHOTS = process.env.ENGAWA_E2E_SCREENSHOTS ?? path.join(tmpdir(), "engawa-e2e-screenshots");
mkdirSync(SHOTS, { recursive: true });

/**
 * A guest in each language: the owner makes two teams and invites a parent into one of them by a
 * link (shown to copy and as a QR code); the parent sets a password from the link, signs in and
 * sees that team only; the API refuses the other team, its channel and the directory. Axe finds no
 * serious violations on the invitation and on the guest's page.
 */
describe.each(["ja", "en"] as Locale[])("guests, in %s", (locale) => {
  const T = TEXT[locale];
  const slug = `guests-${locale}`;
  const ownerName = locale === "ja" ? "担任 佐藤" : "Ms Sato";
  const guestName = locale === "ja" ? "保護者 山田" : "Parent Yamada";
  const ownerEmail = `teacher@${slug}.example`;
  const guestEmail = `parent@${slug}.example`;
  const classTeam = locale === "ja" ? "3年1組 保護者" : "Class 3-1 parents";
  const staffTeam = locale === "ja" ? "職員室" : "Staff room";
  const story = browserStory(locale, { context: { viewport: { width: 1280, height: 900 } } });
  const { newPage } = story;
  const teams = teamSteps(locale);
  let owner: Page;
  let guest: Page;
  let staffTeamId = "";
  let staffChannelId = "";

  const shot = (page: Page, name: string) =>
    page.screenshot({ path: path.join(SHOTS, `guests-${locale}-${name}.png`) });
  const nav = (page: Page, name: string) =>
    page.getByRole("navigation", { name: T.shell.navLabel }).getByRole("link", { name }).click();
  const steps = () => organisationSteps(story.server, locale);
  const signIn = (page: Page, email: string, name: string) =>
    steps().signIn(page, slug, email, name);
  const acceptInvite = (page: Page, url: string) => steps().acceptInvite(page, url);
  const createTeam = async (name: string) => {
    await teams.createPrivateTeam(owner, { name });
    await owner.getByText(fill(T.createTeam.created, { team: name })).waitFor();
    await owner.waitForURL(/\/teams\/[0-9a-f-]{36}\/[0-9a-f-]{36}$/);
    const [, , teamId, channelId] = new URL(owner.url()).pathname.split("/");
    return { teamId: teamId ?? "", channelId: channelId ?? "" };
  };

  it("the owner invites a parent into one team by a link with a QR code", async () => {
    const setup = await newPage();
    const ownerInvite = await steps().setUp(setup, {
      name: classTeam,
      slug,
      ownerEmail,
      ownerName,
    });
    owner = await newPage();
    await acceptInvite(owner, ownerInvite);
    await signIn(owner, ownerEmail, ownerName);

    await nav(owner, T.shell.teams);
    await heading(owner, T.chat.title).waitFor();
    const staff = await createTeam(staffTeam);
    staffTeamId = staff.teamId;
    staffChannelId = staff.channelId;
    await createTeam(classTeam);

    await owner
      .getByRole("button", { name: fill(T.chat.teamOptions, { team: classTeam }) })
      .click();
    await owner.getByRole("menuitem", { name: T.chat.members }).click();
    const members = owner.getByRole("dialog", {
      name: fill(T.teamMembers.title, { team: classTeam }),
    });
    expect(await members.getByRole("switch", { name: T.guests.allow }).isChecked()).toBe(true);
    // A wrong address is explained before anything is sent.
    await members.getByLabel(T.guests.email, { exact: true }).fill("not-an-address");
    await members.getByLabel(T.guests.name, { exact: true }).fill(guestName);
    await members.getByRole("button", { name: T.guests.invite }).click();
    await members.getByText(T.common.emailInvalid).waitFor();
    await members.getByLabel(T.guests.email, { exact: true }).fill(guestEmail);
    await members.getByRole("button", { name: T.guests.invite }).click();
    await members.getByText(fill(T.guests.linkReady, { name: guestName })).waitFor();
    await members.getByRole("img", { name: fill(T.guests.qrAlt, { name: guestName }) }).waitFor();
    const link = await members.getByLabel(T.guests.link, { exact: true }).inputValue();
    expect(link).toMatch(/\/invite#token=/);
    await members
      .getByRole("list", { name: T.teamMembers.listLabel })
      .getByText(guestName)
      .waitFor();
    await expectAccessible(owner, "guest invitation");
    await shot(owner, "invitation");
    await members.getByRole("button", { name: T.common.close }).last().click();

    guest = await newPage();
    await acceptInvite(guest, link);
    await signIn(guest, guestEmail, guestName);
  });

  it("the guest sees only the invited team, and the API refuses the rest", async () => {
    const links = guest.getByRole("navigation", { name: T.shell.navLabel }).getByRole("link");
    expect(await links.allTextContents()).not.toContain(T.shell.users);
    await nav(guest, T.shell.teams);
    await heading(guest, T.chat.general, 2).waitFor();
    const sidebar = guest.getByRole("navigation", { name: T.chat.sidebarLabel });
    await sidebar.getByRole("heading", { name: classTeam, exact: true }).waitFor();
    expect(await sidebar.getByRole("heading", { name: staffTeam, exact: true }).count()).toBe(0);
    // Guests do not create teams.
    expect(await guest.getByRole("button", { name: T.chat.createTeam }).count()).toBe(0);
    await expectAccessible(guest, "guest's teams page");
    await shot(guest, "teams");

    const api = guest.request;
    const base = `${story.server.url}/api/t/${slug}`;
    for (const url of [
      `${base}/teams/${staffTeamId}`,
      `${base}/teams/${staffTeamId}/channels`,
      `${base}/channels/${staffChannelId}/messages`,
      `${base}/channels/${staffChannelId}/members`,
    ])
      expect([403, 404], url).toContain((await api.get(url)).status());
    expect([403, 404]).toContain((await api.get(`${base}/users`)).status());
    const teams = (await (await api.get(`${base}/teams`)).json()) as {
      teams: { name: string }[];
    };
    expect(teams.teams.map((team) => team.name)).toEqual([classTeam]);
  });

  it("an admin sees when the guest account ends and extends it from the Users page", async () => {
    await nav(owner, T.shell.users);
    const row = owner.getByRole("row").filter({ hasText: guestEmail });
    await row.getByText(T.users.guestUntil).waitFor();
    await row.getByRole("button", { name: fill(T.users.actionsFor, { name: guestName }) }).click();
    await owner.getByRole("menuitem", { name: T.users.renewGuest }).click();
    // The notice names the guest and the new end (a substring: the date is in the viewer's zone).
    const renewed = fill(T.users.guestRenewed, { name: guestName, until: "|" }).split("|")[0];
    await owner.getByText(renewed ?? "").waitFor();
    await expectAccessible(owner, "users page with a guest");
  });
});
