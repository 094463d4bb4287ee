import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { browserStory, expectAccessible, titleContaining } from "./support/pages.ts";
import { fill, TEXT, type Locale } from "./support/text.ts";

const PASSWORD = "correct horse battery staple";

/**
 * ISSUE acceptance 1, in each language: setup link → operator, tenant and owner created → the owner
 * signs in → invites a member → the member opens the link, sets a password and signs in → the owner
 * disables the member → the member's next request is refused. The operator's attempts to read the
 * tenant's users or audit details are refused. Every page visited is scanned with axe.
 */
describe.each(["ja", "en"] as Locale[])("the first day with Engawa, in %s", (locale) => {
  const T = TEXT[locale];
  const slug = `clinic-${locale}`;
  const orgName = locale === "ja" ? "さくら診療所" : "Sakura Clinic";
  const ownerEmail = `owner@${slug}.example`;
  const memberEmail = `nurse@${slug}.example`;
  const operatorEmail = `ops@${slug}.example`;
  const story = browserStory(locale, { context: { acceptDownloads: true } });
  const { newPage } = story;
  let ownerPage: Page;
  let ownerInviteUrl = "";
  let memberInviteUrl = "";
  let memberPage: Page;

  it("opens the setup link and creates the operator, the organisation and the owner's invitation", async () => {
    const page = await newPage();
    await page.goto(story.server.setupLink);
    await titleContaining(page, T.setup.title).waitFor();
    expect(await page.locator("html").getAttribute("lang")).toBe(locale);
    await expectAccessible(page, "setup");
    await page.getByLabel(T.setup.operatorEmail, { exact: true }).fill(operatorEmail);
    await page
      .getByLabel(T.setup.operatorName, { exact: true })
      .fill(locale === "ja" ? "運用 太郎" : "Ops Person");
    await page.getByLabel(T.common.password, { exact: true }).fill(PASSWORD);
    await page.getByLabel(T.common.passwordConfirm, { exact: true }).fill(PASSWORD);
    await page.getByLabel(T.common.tenantName, { exact: true }).fill(orgName);
    await page.getByLabel(T.common.tenantId, { exact: true }).fill(slug);
    await page.getByLabel(T.setup.ownerEmail, { exact: true }).fill(ownerEmail);
    await page
      .getByLabel(T.setup.ownerName, { exact: true })
      .fill(locale === "ja" ? "院長 花子" : "Hanako Director");
    await page.getByRole("button", { name: T.setup.submit }).click();
    await titleContaining(page, T.setup.doneTitle).waitFor();
    ownerInviteUrl = await page.getByLabel(T.setup.ownerLink, { exact: true }).inputValue();
    expect(ownerInviteUrl).toMatch(
      new RegExp(`^${story.server.url}/invite#token=[A-Za-z0-9_-]{43}$`),
    );
    await expectAccessible(page, "setup done");
  });

  it("lets the owner accept the invitation and sign in, by keyboard", async () => {
    ownerPage = await newPage();
    await ownerPage.goto(ownerInviteUrl);
    await titleContaining(ownerPage, fill(T.invite.titleFor, { org: orgName })).waitFor();
    await expectAccessible(ownerPage, "invitation");
    await ownerPage.getByLabel(T.common.password, { exact: true }).fill(PASSWORD);
    await ownerPage.getByLabel(T.common.passwordConfirm, { exact: true }).fill(PASSWORD);
    await ownerPage.getByRole("button", { name: T.invite.submit }).click();
    await titleContaining(ownerPage, T.invite.doneTitle).waitFor();
    await ownerPage.getByRole("link", { name: T.invite.goSignIn }).click();
    await titleContaining(ownerPage, T.signIn.title).waitFor();
    await expectAccessible(ownerPage, "sign-in");
    expect(await ownerPage.getByLabel(T.common.tenantId, { exact: true }).inputValue()).toBe(slug);
    expect(await ownerPage.getByLabel(T.common.email, { exact: true }).inputValue()).toBe(
      ownerEmail,
    );
    // Keyboard only: focus the password field, type, and press Enter.
    await ownerPage.getByLabel(T.common.password, { exact: true }).focus();
    await ownerPage.keyboard.type(PASSWORD);
    await ownerPage.keyboard.press("Enter");
    await titleContaining(
      ownerPage,
      fill(T.home.title, { name: locale === "ja" ? "院長 花子" : "Hanako Director" }),
    ).waitFor();
    await expectAccessible(ownerPage, "home");
  });

  it("lets the owner invite a member, who accepts the link and signs in", async () => {
    await ownerPage
      .getByRole("navigation", { name: T.shell.navLabel })
      .getByRole("link", { name: T.shell.users })
      .click();
    await titleContaining(ownerPage, T.users.title).waitFor();
    await expectAccessible(ownerPage, "users");
    await ownerPage.getByRole("button", { name: T.users.inviteOpen }).click();
    const dialog = ownerPage.getByRole("dialog");
    await dialog.getByLabel(T.common.email, { exact: true }).fill(memberEmail);
    await dialog
      .getByLabel(T.common.displayName, { exact: true })
      .fill(locale === "ja" ? "看護 次郎" : "Jiro Nurse");
    await dialog.getByLabel(T.common.role, { exact: true }).selectOption("member");
    await expectAccessible(ownerPage, "invite dialog");
    await dialog.getByRole("button", { name: T.inviteDialog.submit }).click();
    memberInviteUrl = await ownerPage
      .getByRole("dialog")
      .getByLabel(T.inviteDialog.link, { exact: true })
      .inputValue();
    expect(memberInviteUrl).toMatch(/\/invite#token=/);
    await ownerPage
      .getByRole("dialog")
      .getByRole("button", { name: T.common.close })
      .first()
      .click();

    memberPage = await newPage();
    await memberPage.goto(memberInviteUrl);
    await memberPage.getByLabel(T.common.password, { exact: true }).fill(PASSWORD);
    await memberPage.getByLabel(T.common.passwordConfirm, { exact: true }).fill(PASSWORD);
    await memberPage.getByRole("button", { name: T.invite.submit }).click();
    await memberPage.getByRole("link", { name: T.invite.goSignIn }).click();
    await memberPage.getByLabel(T.common.password, { exact: true }).fill(PASSWORD);
    await memberPage.getByRole("button", { name: T.signIn.submit, exact: true }).click();
    await titleContaining(
      memberPage,
      fill(T.home.title, { name: locale === "ja" ? "看護 次郎" : "Jiro Nurse" }),
    ).waitFor();
    // A member has no admin menu.
    await memberPage
      .getByRole("navigation", { name: T.shell.navLabel })
      .getByRole("link", { name: T.shell.home })
      .waitFor();
    expect(await memberPage.getByRole("link", { name: T.shell.users }).count()).toBe(0);
  });

  it("explains bad input in words and keeps what was typed", async () => {
    // Inviting the same address again: the dialog stays open with the typed values and says why.
    await ownerPage.getByRole("button", { name: T.users.inviteOpen }).click();
    const dialog = ownerPage.getByRole("dialog");
    await dialog.getByLabel(T.common.email, { exact: true }).fill(memberEmail);
    await dialog.getByLabel(T.common.displayName, { exact: true }).fill("Again");
    await dialog.getByRole("button", { name: T.inviteDialog.submit }).click();
    await dialog.getByText(T.errors.email_taken).first().waitFor();
    expect(await dialog.getByLabel(T.common.email, { exact: true }).inputValue()).toBe(memberEmail);
    await dialog.getByRole("button", { name: T.common.cancel }).click();

    // A wrong password: the same message for every wrong detail, organisation and e-mail kept.
    const page = await newPage();
    await page.goto(`${story.server.url}/sign-in?tenant=${slug}`);
    await page.getByLabel(T.common.email, { exact: true }).fill(ownerEmail);
    await page.getByLabel(T.common.password, { exact: true }).fill("not the right password");
    await page.getByRole("button", { name: T.signIn.submit, exact: true }).click();
    await page.getByText(T.errors.invalid_credentials).waitFor();
    expect(await page.getByLabel(T.common.tenantId, { exact: true }).inputValue()).toBe(slug);
    expect(await page.getByLabel(T.common.email, { exact: true }).inputValue()).toBe(ownerEmail);
    expect(await page.content()).not.toMatch(/stack|at .*\.ts:\d+/);
  });

  it("lets the owner disable the member, whose next request is refused", async () => {
    await ownerPage.reload();
    await titleContaining(ownerPage, T.users.title).waitFor();
    const memberName = locale === "ja" ? "看護 次郎" : "Jiro Nurse";
    await ownerPage
      .getByRole("button", { name: fill(T.users.actionsFor, { name: memberName }) })
      .click();
    await ownerPage.getByRole("menuitem", { name: T.users.disable }).click();
    await ownerPage.getByRole("dialog").getByRole("button", { name: T.users.disable }).click();
    await ownerPage.getByText(fill(T.users.disabled, { name: memberName })).waitFor();

    const api = await memberPage.request.get(`${story.server.url}/api/me`);
    expect(api.status()).toBe(401);
    await memberPage.reload();
    await titleContaining(memberPage, T.signIn.title).waitFor();
    expect(new URL(memberPage.url()).pathname).toBe("/sign-in");
  });

  it("lets the owner re-enable the member and change their role", async () => {
    const memberName = locale === "ja" ? "看護 次郎" : "Jiro Nurse";
    await ownerPage
      .getByRole("button", { name: fill(T.users.actionsFor, { name: memberName }) })
      .click();
    await ownerPage.getByRole("menuitem", { name: T.users.enable }).click();
    await ownerPage.getByText(fill(T.users.enabled, { name: memberName })).waitFor();
    await ownerPage
      .getByRole("button", { name: fill(T.users.actionsFor, { name: memberName }) })
      .click();
    await ownerPage.getByRole("menuitem", { name: T.users.changeRole }).click();
    const dialog = ownerPage.getByRole("dialog");
    await dialog.getByLabel(T.common.role, { exact: true }).selectOption("guest");
    await dialog.getByRole("button", { name: T.users.changeRoleSubmit }).click();
    await ownerPage
      .getByText(fill(T.users.roleChanged, { name: memberName, role: T.roles.guest }))
      .waitFor();
    const row = ownerPage.getByRole("row").filter({ hasText: memberEmail });
    await row.getByText(T.roles.guest, { exact: true }).waitFor();
    await row.getByText(T.statuses.active, { exact: true }).waitFor();
    // Made a guest, the account now ends after the organisation's guest period, shown in the row.
    await row.getByText(T.users.guestUntil).waitFor();
  });

  it("lets the owner change the session limits", async () => {
    await ownerPage
      .getByRole("navigation", { name: T.shell.navLabel })
      .getByRole("link", { name: T.shell.settings })
      .click();
    await titleContaining(ownerPage, T.settings.title).waitFor();
    await expectAccessible(ownerPage, "settings");
    await ownerPage.getByLabel(T.settings.idle, { exact: true }).fill("15");
    await ownerPage.getByLabel(T.settings.absolute, { exact: true }).fill("8");
    await ownerPage.getByRole("button", { name: T.common.save }).click();
    await ownerPage.getByText(T.settings.saved).waitFor();
    const reply = await ownerPage.request.get(`${story.server.url}/api/t/${slug}/settings`);
    expect(await reply.json()).toMatchObject({
      settings: {
        sessionIdleMinutes: 15,
        sessionAbsoluteHours: 8,
        mfaRequirement: "off",
        mfaGraceDays: 7,
      },
    });
  });

  it("shows the owner the audit log, filters it and exports it", async () => {
    await ownerPage
      .getByRole("navigation", { name: T.shell.navLabel })
      .getByRole("link", { name: T.shell.audit })
      .click();
    await titleContaining(ownerPage, T.audit.title).waitFor();
    const table = ownerPage.getByRole("table", { name: T.audit.tableLabel });
    await table.getByText("user.disable").first().waitFor();
    await expectAccessible(ownerPage, "audit log");
    await ownerPage.getByLabel(T.audit.action, { exact: true }).fill("user.");
    await ownerPage.getByRole("button", { name: T.audit.apply }).click();
    await expect.poll(async () => table.getByText("auth.sign_in").count()).toBe(0);
    await table.getByText("user.invite").first().waitFor();
    const downloadPromise = ownerPage.waitForEvent("download");
    await ownerPage.getByRole("link", { name: T.audit.exportCsv }).click();
    const download = await downloadPromise;
    const csv = readFileSync((await download.path()) ?? "", "utf8");
    expect(csv.split("\r\n")[0]).toContain("seq,occurredAt,actorType");
    expect(csv).toContain("user.disable");
    expect(csv).not.toContain("auth.sign_in");
  });

  it("sends someone whose session ended to sign-in instead of downloading an error", async () => {
    const page = await newPage();
    await page.goto(ownerInviteUrl.replace(/\/invite#.*/, "/sign-in"));
    await page.getByLabel(T.common.tenantId, { exact: true }).fill(slug);
    await page.getByLabel(T.common.email, { exact: true }).fill(ownerEmail);
    await page.getByLabel(T.common.password, { exact: true }).fill(PASSWORD);
    await page.getByRole("button", { name: T.signIn.submit, exact: true }).click();
    await page
      .getByRole("navigation", { name: T.shell.navLabel })
      .getByRole("link", { name: T.shell.audit })
      .click();
    await titleContaining(page, T.audit.title).waitFor();
    await page.context().clearCookies();
    let downloaded = false;
    page.on("download", () => (downloaded = true));
    await page.getByRole("link", { name: T.audit.exportJsonl }).click();
    await titleContaining(page, T.signIn.title).waitFor();
    expect(downloaded).toBe(false);
  });

  it("refuses the operator every read of the tenant's users and audit details", async () => {
    const page = await newPage();
    await page.goto(`${story.server.url}/operator/sign-in`);
    await titleContaining(page, T.operatorSignIn.title).waitFor();
    await page.getByLabel(T.common.email, { exact: true }).fill(operatorEmail);
    await page.getByLabel(T.common.password, { exact: true }).fill(PASSWORD);
    await page.getByRole("button", { name: T.operatorSignIn.submit }).click();
    await titleContaining(page, T.operator.title).waitFor();
    await expectAccessible(page, "operator console");
    await page.getByRole("table", { name: T.operator.tableLabel }).getByText(orgName).waitFor();
    expect(await page.content()).not.toContain(ownerEmail);
    for (const path of [
      `/api/t/${slug}/users`,
      `/api/t/${slug}/audit`,
      `/api/t/${slug}/audit/export?format=jsonl`,
      `/api/t/${slug}/audit/checkpoint`,
      `/api/t/${slug}/settings`,
    ]) {
      const reply = await page.request.get(`${story.server.url}${path}`);
      expect(reply.status(), path).toBe(403);
      expect(await reply.text()).not.toContain(ownerEmail);
    }
    // The tenant's own pages do not open for an operator's session: they ask for a tenant sign-in.
    await page.goto(`${story.server.url}/admin/users`);
    await titleContaining(page, T.signIn.title).waitFor();
    expect(await page.getByText(ownerEmail).count()).toBe(0);
  });

  it("lets the operator create another organisation and hand over its owner link", async () => {
    const page = await newPage();
    await page.goto(`${story.server.url}/operator/sign-in`);
    await page.getByLabel(T.common.email, { exact: true }).fill(operatorEmail);
    await page.getByLabel(T.common.password, { exact: true }).fill(PASSWORD);
    await page.getByRole("button", { name: T.operatorSignIn.submit }).click();
    await titleContaining(page, T.operator.title).waitFor();
    await page.getByRole("button", { name: T.operator.create }).click();
    const dialog = page.getByRole("dialog");
    await dialog
      .getByLabel(T.common.tenantName, { exact: true })
      .fill(locale === "ja" ? "みどり小学校" : "Midori School");
    await dialog.getByLabel(T.common.tenantId, { exact: true }).fill(`midori-${locale}`);
    await dialog
      .getByLabel(T.createTenant.ownerEmail, { exact: true })
      .fill(`head@midori-${locale}.example`);
    await dialog
      .getByLabel(T.createTenant.ownerName, { exact: true })
      .fill(locale === "ja" ? "校長 一郎" : "Ichiro Head");
    await expectAccessible(page, "create organisation dialog");
    await dialog.getByRole("button", { name: T.createTenant.submit }).click();
    const link = await page
      .getByRole("dialog")
      .getByLabel(T.createTenant.ownerLink, { exact: true })
      .inputValue();
    expect(link).toMatch(new RegExp(`^${story.server.url}/invite#token=`));
    await page.getByRole("dialog").getByRole("button", { name: T.common.close }).first().click();
    const row = page.getByRole("row").filter({ hasText: `midori-${locale}` });
    await row.getByText(T.operator.ownerPending).waitFor();
  });

  it("switches language, remembers it, and keeps it after a reload", async () => {
    const page = await newPage();
    await page.goto(`${story.server.url}/sign-in`);
    const other: Locale = locale === "ja" ? "en" : "ja";
    await page
      .getByRole("button", { name: fill(T.language.button, { current: T.language[locale] }) })
      .click();
    await page
      .getByRole("menuitemradio", { name: TEXT[other].language[other] })
      .or(page.getByRole("menuitem", { name: TEXT[other].language[other] }))
      .click();
    await titleContaining(page, TEXT[other].signIn.title).waitFor();
    await page.reload();
    await titleContaining(page, TEXT[other].signIn.title).waitFor();
    expect(await page.locator("html").getAttribute("lang")).toBe(other);
  });
});
