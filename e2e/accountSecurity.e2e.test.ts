import { mkdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { organisationSteps } from "./support/organisation.ts";
import { browserStory, expectAccessible, titleContaining } from "./support/pages.ts";
import { fill, TEXT, type Locale } from "./support/text.ts";

const PASSWORD = "correct horse battery staple";
/** Long, not in any list, and free of the people's and the organisation's names. */
const NEW_PASSWORD = "quiet lantern over maple river 7";
/** Long enough, but one of the most used passwords with digits added. */
const WEAK_PASSWORD = "password12345";

/** Screenshots for a person to look at (the pages in each language); not compared by the test. */
const SHOTS = process.env.ENGAWA_E2E_SCREENSHOTS ?? path.join(tmpdir(), "engawa-e2e-screenshots");
mkdirSync(SHOTS, { recursive: true });

/**
 * Account security, in each language: an admin gives a member a temporary password; the member
 * signs in with it, is held on the change-password step whatever they open, sees a weak password
 * refused and sets a good one; the member, signed in twice, signs the other browser out from
 * "Where you're signed in"; the admin finds the member's wrong password in the sign-in log and
 * changes the organisation's password rules.
 */
describe.each(["ja", "en"] as Locale[])("account security, in %s", (locale) => {
  const T = TEXT[locale];
  const slug = `acct-${locale}`;
  const orgName = locale === "ja" ? "かえで医院" : "Kaede Surgery";
  const ownerName = locale === "ja" ? "院長 花子" : "Hanako Director";
  const memberName = locale === "ja" ? "受付 太郎" : "Taro Reception";
  const ownerEmail = `owner@${slug}.example`;
  const memberEmail = `taro@${slug}.example`;
  const story = browserStory(locale, {
    // Behind a (pretend) reverse proxy on loopback, so a browser can come from a public address.
    env: { ENGAWA_TRUSTED_PROXIES: "127.0.0.1,::1" },
    context: { acceptDownloads: true },
  });
  let ownerPage: Page;
  let memberPage: Page;
  let otherPage: Page;
  let temporaryPassword = "";

  /** `headers`: e.g. the address a trusted reverse proxy reports for this browser. */
  const newPage = async (headers: Record<string, string> = {}): Promise<Page> =>
    story.newPage(await story.newContext({ extraHTTPHeaders: headers }));
  const homeHeading = (page: Page, name: string) =>
    titleContaining(page, fill(T.home.title, { name }));
  const shot = (page: Page, name: string) =>
    page.screenshot({ path: path.join(SHOTS, `account-${locale}-${name}.png`), fullPage: true });
  const nav = (page: Page, name: string) =>
    page
      .getByRole("navigation", { name: T.shell.navLabel })
      .getByRole("link", { name, exact: true })
      .click();
  const pathname = (page: Page) => new URL(page.url()).pathname;
  const me = async (page: Page) =>
    (await (await page.request.get(`${story.server.url}/api/me`)).json()) as {
      session: { stage: string };
      security: { passwordRules: { minLength: number; characterMix: boolean } };
    };

  const enterPassword = async (page: Page, email: string, password: string) => {
    await page.goto(`${story.server.url}/sign-in?tenant=${slug}`);
    await titleContaining(page, T.signIn.title).waitFor();
    await page.getByLabel(T.common.email, { exact: true }).fill(email);
    await page.getByLabel(T.common.password, { exact: true }).fill(password);
    await page.getByRole("button", { name: T.signIn.submit, exact: true }).click();
  };
  const acceptInvite = async (page: Page, url: string) => {
    await page.goto(url);
    await page.getByLabel(T.common.password, { exact: true }).fill(PASSWORD);
    await page.getByLabel(T.common.passwordConfirm, { exact: true }).fill(PASSWORD);
    await page.getByRole("button", { name: T.invite.submit }).click();
    await titleContaining(page, T.invite.doneTitle).waitFor();
  };

  it("sets up an organisation with an owner and a member who accepted their invitation", async () => {
    const setup = await newPage();
    await setup.goto(story.server.setupLink);
    await titleContaining(setup, T.setup.title).waitFor();
    await setup.getByLabel(T.setup.operatorEmail, { exact: true }).fill(`ops@${slug}.example`);
    await setup.getByLabel(T.setup.operatorName, { exact: true }).fill("Ops");
    await setup.getByLabel(T.common.password, { exact: true }).fill(PASSWORD);
    await setup.getByLabel(T.common.passwordConfirm, { exact: true }).fill(PASSWORD);
    await setup.getByLabel(T.common.tenantName, { exact: true }).fill(orgName);
    await setup.getByLabel(T.common.tenantId, { exact: true }).fill(slug);
    await setup.getByLabel(T.setup.ownerEmail, { exact: true }).fill(ownerEmail);
    await setup.getByLabel(T.setup.ownerName, { exact: true }).fill(ownerName);
    await setup.getByRole("button", { name: T.setup.submit }).click();
    const ownerInviteUrl = await setup.getByLabel(T.setup.ownerLink, { exact: true }).inputValue();

    ownerPage = await newPage();
    await ownerPage.goto(ownerInviteUrl);
    // The invitation shows the organisation's rules and how strong the password is.
    await ownerPage.getByLabel(T.common.password, { exact: true }).fill(WEAK_PASSWORD);
    await ownerPage.getByText(T.strength.notEnough, { exact: false }).waitFor();
    await expectAccessible(ownerPage, "invitation with the strength meter");
    await shot(ownerPage, "invite-strength");
    await acceptInvite(ownerPage, ownerInviteUrl);
    await enterPassword(ownerPage, ownerEmail, PASSWORD);
    await homeHeading(ownerPage, ownerName).waitFor();

    await nav(ownerPage, T.shell.users);
    const memberInviteUrl = await organisationSteps(story.server, locale).inviteMember(ownerPage, {
      email: memberEmail,
      name: memberName,
      role: "member",
    });

    memberPage = await newPage();
    await acceptInvite(memberPage, memberInviteUrl);
    await enterPassword(memberPage, memberEmail, PASSWORD);
    await homeHeading(memberPage, memberName).waitFor();
  });

  it("lets the owner give the member a temporary password, shown once, which ends the member's session", async () => {
    // Still on the users page from the invitation: load it afresh to see the member active.
    await ownerPage.reload();
    await titleContaining(ownerPage, T.users.title).waitFor();
    await ownerPage
      .getByRole("button", { name: fill(T.users.actionsFor, { name: memberName }) })
      .click();
    await ownerPage.getByRole("menuitem", { name: T.users.resetPassword }).click();
    const dialog = ownerPage.getByRole("dialog");
    await dialog.getByText(T.users.resetPasswordBody).waitFor();
    await expectAccessible(ownerPage, "temporary password confirmation");
    await dialog.getByRole("button", { name: T.users.resetPassword }).click();
    const field = dialog.getByLabel(T.users.temporaryPassword, { exact: true });
    await field.waitFor();
    temporaryPassword = await field.inputValue();
    expect(temporaryPassword.length).toBeGreaterThanOrEqual(13);
    await dialog.getByText(T.users.temporaryPasswordBody).waitFor();
    await expectAccessible(ownerPage, "temporary password");
    await shot(ownerPage, "temporary-password");
    await dialog.getByRole("button", { name: T.common.close }).first().click();
    await ownerPage.getByText(fill(T.users.resetPasswordDone, { name: memberName })).waitFor();

    expect((await memberPage.request.get(`${story.server.url}/api/me`)).status()).toBe(401);
  });

  it("holds the member on the change-password step, refuses a weak password, then lets them in", async () => {
    // First a mistyped password (for the sign-in log), then the old one no longer works either.
    await enterPassword(memberPage, memberEmail, "not the password at all");
    await memberPage.getByText(T.errors.invalid_credentials).waitFor();
    await enterPassword(memberPage, memberEmail, PASSWORD);
    await memberPage.getByText(T.errors.invalid_credentials).waitFor();

    await enterPassword(memberPage, memberEmail, temporaryPassword);
    await titleContaining(memberPage, T.changePassword.stepTitle).waitFor();
    expect(pathname(memberPage)).toBe("/sign-in/change-password");
    expect((await me(memberPage)).session.stage).toBe("password_change");
    await memberPage.getByText(fill(T.changePassword.stepIntro, { org: orgName })).waitFor();
    for (const target of ["/", "/security", "/admin/users"]) {
      await memberPage.goto(`${story.server.url}${target}`);
      await titleContaining(memberPage, T.changePassword.stepTitle).waitFor();
      expect(pathname(memberPage), `opening ${target}`).toBe("/sign-in/change-password");
    }
    expect((await memberPage.request.get(`${story.server.url}/api/me/sessions`)).status()).toBe(
      403,
    );
    await expectAccessible(memberPage, "change-password step");

    const current = memberPage.getByLabel(T.changePassword.current, { exact: true });
    const fresh = memberPage.getByLabel(T.changePassword.new, { exact: true });
    const confirm = memberPage.getByLabel(T.common.passwordConfirm, { exact: true });
    await current.fill(temporaryPassword);
    await fresh.fill(WEAK_PASSWORD);
    await confirm.fill(WEAK_PASSWORD);
    await memberPage.getByText(T.strength.notEnough, { exact: false }).waitFor();
    await memberPage.getByRole("button", { name: T.changePassword.submit }).click();
    await memberPage.getByText(T.errors.password_too_common).first().waitFor();
    expect(await fresh.getAttribute("aria-invalid")).toBe("true");
    expect((await me(memberPage)).session.stage).toBe("password_change");
    await expectAccessible(memberPage, "change-password step, weak password refused");
    await shot(memberPage, "change-password-refused");

    // A wrong current password is named as such, and the session stays.
    await current.fill("not the temporary one");
    await fresh.fill(NEW_PASSWORD);
    await confirm.fill(NEW_PASSWORD);
    await memberPage.getByRole("button", { name: T.changePassword.submit }).click();
    await memberPage.getByText(T.changePassword.wrongCurrent).first().waitFor();
    expect(pathname(memberPage)).toBe("/sign-in/change-password");

    // Typed with the keyboard and sent with Enter.
    await current.fill("");
    await current.focus();
    await memberPage.keyboard.type(temporaryPassword);
    await memberPage.keyboard.press("Enter");
    await homeHeading(memberPage, memberName).waitFor();
    expect((await me(memberPage)).session.stage).toBe("complete");
  });

  it("shows the member both browsers and signs the other one out", async () => {
    // The other browser comes from an address in Tokyo (DB-IP places 133.0.0.1 there).
    otherPage = await newPage({ "x-forwarded-for": "133.0.0.1" });
    await enterPassword(otherPage, memberEmail, NEW_PASSWORD);
    await homeHeading(otherPage, memberName).waitFor();

    await nav(memberPage, T.shell.security);
    await titleContaining(memberPage, T.security.title).waitFor();
    const table = memberPage.getByRole("table", { name: T.sessions.tableLabel });
    await table.waitFor();
    await table.getByText(T.sessions.thisBrowser, { exact: true }).waitFor();
    // A header row and two sessions.
    await expect.poll(() => table.getByRole("row").count()).toBe(3);
    const tokyo = locale === "ja" ? "日本・東京都" : "Tokyo, Japan";
    await table.getByRole("row").filter({ hasText: "133.0.0.1" }).getByText(tokyo).waitFor();
    await memberPage.getByRole("heading", { level: 2, name: T.changePassword.heading }).waitFor();
    await expectAccessible(memberPage, "security page with sessions");
    await shot(memberPage, "security-sessions");

    const signOut = table.getByRole("button", { name: T.sessions.signOut });
    expect(await signOut.count()).toBe(1);
    await signOut.click();
    await expect.poll(() => table.getByRole("row").count()).toBe(2);
    await memberPage
      .getByRole("button", { name: T.sessions.signOutOthers })
      .waitFor({ state: "detached" });

    // The other browser's next request goes to sign-in.
    await nav(otherPage, T.shell.security);
    await titleContaining(otherPage, T.signIn.title).waitFor();
    await otherPage.getByText(T.signIn.sessionEnded).waitFor();
    expect(pathname(otherPage)).toBe("/sign-in");
  });

  it("shows the owner the member's wrong password in the sign-in log, filtered to failures", async () => {
    await nav(ownerPage, T.shell.signIns);
    await titleContaining(ownerPage, T.signInLog.title).waitFor();
    const table = ownerPage.getByRole("table", { name: T.signInLog.tableLabel });
    await table.waitFor();
    await ownerPage.getByLabel(T.signInLog.result, { exact: true }).selectOption("failure");
    await ownerPage.getByRole("button", { name: T.audit.apply }).click();
    const row = table
      .getByRole("row")
      .filter({ hasText: memberName })
      .filter({ hasText: T.signInWords.reasons.wrong_password });
    await expect.poll(() => row.count()).toBeGreaterThanOrEqual(1);
    expect(await table.getByText(T.signInLog.results.success, { exact: true }).count()).toBe(0);
    await expectAccessible(ownerPage, "sign-in log");
    await shot(ownerPage, "sign-in-log");

    const downloadPromise = ownerPage.waitForEvent("download");
    await ownerPage.getByRole("link", { name: T.audit.exportCsv }).click();
    const download = await downloadPromise;
    const csv = readFileSync((await download.path()) ?? "", "utf8");
    expect(csv).toContain("wrong_password");
    expect(csv).toContain(memberEmail);
  });

  it("lets the owner change the password rules, which the member's next password must meet", async () => {
    await nav(ownerPage, T.shell.settings);
    await titleContaining(ownerPage, T.settings.title).waitFor();
    await ownerPage.getByLabel(T.settings.passwordMinLength, { exact: true }).fill("15");
    await ownerPage.getByRole("checkbox", { name: T.settings.passwordCharacterMix }).check();
    await ownerPage.getByLabel(T.settings.passwordMaxAge, { exact: true }).fill("400");
    await ownerPage.getByRole("button", { name: T.common.save }).click();
    await ownerPage.getByText(fill(T.settings.outOfRange, { min: "1", max: "365" })).waitFor();
    await ownerPage.getByLabel(T.settings.passwordMaxAge, { exact: true }).fill("60");
    await expectAccessible(ownerPage, "settings with password rules");
    await ownerPage.getByRole("button", { name: T.common.save }).click();
    await ownerPage.getByText(T.settings.saved).waitFor();
    await shot(ownerPage, "settings-passwords");
    const settings = await ownerPage.request.get(`${story.server.url}/api/t/${slug}/settings`);
    expect(((await settings.json()) as { settings: object }).settings).toMatchObject({
      passwordMinLength: 15,
      passwordCharacterMix: true,
      passwordMaxAgeDays: 60,
    });
    expect((await me(memberPage)).security.passwordRules).toEqual({
      minLength: 15,
      characterMix: true,
    });

    // The member's password form now asks for the mix (checked before anything is sent).
    await memberPage.reload();
    await titleContaining(memberPage, T.security.title).waitFor();
    await memberPage.getByText(T.common.passwordMixHint, { exact: false }).first().waitFor();
    await memberPage.getByLabel(T.changePassword.current, { exact: true }).fill(NEW_PASSWORD);
    await memberPage
      .getByLabel(T.changePassword.new, { exact: true })
      .fill("gentle harbour lights");
    await memberPage
      .getByLabel(T.common.passwordConfirm, { exact: true })
      .fill("gentle harbour lights");
    await memberPage.getByRole("button", { name: T.changePassword.submit }).click();
    await memberPage.getByText(T.errors.password_needs_mix).first().waitFor();
  });
});
