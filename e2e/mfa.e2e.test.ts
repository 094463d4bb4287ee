import { mkdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { freshCode, totpNow } from "./support/totp.ts";
import { organisationSteps } from "./support/organisation.ts";
import { browserStory, expectAccessible, titleContaining } from "./support/pages.ts";
import { BROWSER_LOCALE, fill, TEXT, type Locale } from "./support/text.ts";

const PASSWORD = "correct horse battery staple";

/** Screenshots for a person to look at (the pages in each language); not compared by the test. */
const SHOTS = process.env.ENGAWA_E2E_SCREENSHOTS ?? path.join(tmpdir(), "engawa-e2e-screenshots");
mkdirSync(SHOTS, { recursive: true });

/**
 * The MFA acceptance line, in each language: enrol an authenticator app on "Sign-in and security"
 * and sign in with password + code; register a passkey through Chromium's virtual authenticator
 * and sign in with it alone (and as the second step); sign in with a recovery code and see the
 * warning; an organisation that requires 2-step verification at once sends a member without a
 * factor to the setup page whatever they open; an admin resets a member's factors.
 */
describe.each(["ja", "en"] as Locale[])("2-step verification, in %s", (locale) => {
  const T = TEXT[locale];
  const slug = `mfa-${locale}`;
  const orgName = locale === "ja" ? "もみじ薬局" : "Momiji Pharmacy";
  const ownerName = locale === "ja" ? "薬局長 和子" : "Kazuko Head";
  const memberName = locale === "ja" ? "薬剤師 健" : "Ken Pharmacist";
  const ownerEmail = `owner@${slug}.example`;
  const memberEmail = `ken@${slug}.example`;
  const story = browserStory(locale, { context: { acceptDownloads: true } });
  const { newPage } = story;
  let ownerPage: Page;
  let memberPage: Page;
  let memberInviteUrl = "";
  let ownerSecret = "";
  const ownerUsed = new Set<string>();
  let recoveryCodes: string[] = [];

  const shot = (page: Page, name: string) =>
    page.screenshot({ path: path.join(SHOTS, `mfa-${locale}-${name}.png`), fullPage: true });
  const nav = (page: Page, name: string) =>
    page.getByRole("navigation", { name: T.shell.navLabel }).getByRole("link", { name }).click();
  const pathname = (page: Page) => new URL(page.url()).pathname;
  const me = async (page: Page) =>
    (await (await page.request.get(`${story.server.url}/api/me`)).json()) as {
      session: { stage: string; methods: string };
      security: { factors: string[]; recoveryNoticeAt: string | null };
    };

  /** The password step, from the sign-in page with the organisation ID prefilled. */
  const enterPassword = async (page: Page, email: string) => {
    await page.goto(`${story.server.url}/sign-in?tenant=${slug}`);
    await titleContaining(page, T.signIn.title).waitFor();
    await page.getByLabel(T.common.email, { exact: true }).fill(email);
    await page.getByLabel(T.common.password, { exact: true }).fill(PASSWORD);
    await page.getByRole("button", { name: T.signIn.submit, exact: true }).click();
  };
  const signOut = async (page: Page) => {
    await page.getByRole("button", { name: T.common.signOut }).click();
    await titleContaining(page, T.signIn.title).waitFor();
  };
  const homeHeading = (page: Page, name: string) =>
    titleContaining(page, fill(T.home.title, { name }));

  it("sets up an organisation whose owner signs in with a password alone, and invites a member", async () => {
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
    await ownerPage.getByLabel(T.common.password, { exact: true }).fill(PASSWORD);
    await ownerPage.getByLabel(T.common.passwordConfirm, { exact: true }).fill(PASSWORD);
    await ownerPage.getByRole("button", { name: T.invite.submit }).click();
    await titleContaining(ownerPage, T.invite.doneTitle).waitFor();
    await enterPassword(ownerPage, ownerEmail);
    await homeHeading(ownerPage, ownerName).waitFor();
    expect((await me(ownerPage)).session).toMatchObject({ stage: "complete", methods: "password" });

    await nav(ownerPage, T.shell.users);
    memberInviteUrl = await organisationSteps(story.server, locale).inviteMember(ownerPage, {
      email: memberEmail,
      name: memberName,
      role: "member",
    });
  });

  it("enrols an authenticator app, shows the recovery codes once, and then asks for a code at sign-in", async () => {
    await nav(ownerPage, T.shell.security);
    await titleContaining(ownerPage, T.security.title).waitFor();
    await ownerPage.getByText(T.mfa.totpNone).waitFor();
    await expectAccessible(ownerPage, "security page");
    await ownerPage.getByRole("button", { name: T.mfa.totpStart }).click();
    await ownerPage.getByRole("img", { name: T.mfa.qrAlt }).waitFor();
    ownerSecret = await ownerPage.getByLabel(T.mfa.secretLabel, { exact: true }).inputValue();
    expect(ownerSecret).toMatch(/^[A-Z2-7]{16,}$/);
    await expectAccessible(ownerPage, "authenticator set-up");
    await shot(ownerPage, "security-totp-setup");

    // A mistyped code is explained and nothing is enrolled.
    await ownerPage.getByLabel(T.mfa.confirmLabel, { exact: true }).fill("12345");
    await ownerPage.getByRole("button", { name: T.mfa.confirmSubmit }).click();
    await ownerPage.getByText(T.verify.codeInvalid).waitFor();

    await ownerPage
      .getByLabel(T.mfa.confirmLabel, { exact: true })
      .fill(await freshCode(ownerSecret, ownerUsed));
    await ownerPage.getByRole("button", { name: T.mfa.confirmSubmit }).click();
    const list = ownerPage.getByRole("list", { name: T.mfa.codesListLabel });
    await list.waitFor();
    recoveryCodes = (await list.getByRole("listitem").allTextContents()).map((c) => c.trim());
    expect(recoveryCodes).toHaveLength(10);
    for (const code of recoveryCodes) expect(code).toMatch(/^[A-Z0-9]{5}-[A-Z0-9]{5}$/);
    await expectAccessible(ownerPage, "recovery codes");
    await shot(ownerPage, "recovery-codes");
    const [download] = await Promise.all([
      ownerPage.waitForEvent("download"),
      ownerPage.getByRole("button", { name: T.mfa.codesDownload }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`engawa-recovery-codes-${slug}.txt`);
    const saved = readFileSync(await download.path(), "utf8");
    for (const code of recoveryCodes) expect(saved).toContain(code);
    await ownerPage.getByRole("button", { name: T.mfa.codesSaved }).click();
    await ownerPage
      .getByText(fill(T.mfa.recoveryRemaining, { remaining: "10", total: "10" }))
      .waitFor();
    expect(await list.count()).toBe(0);
    await ownerPage.getByRole("button", { name: T.mfa.totpRemove }).waitFor();

    // Signing in again now takes the password and then a code; nothing else is reachable between.
    await signOut(ownerPage);
    await enterPassword(ownerPage, ownerEmail);
    await titleContaining(ownerPage, T.verify.title).waitFor();
    expect(pathname(ownerPage)).toBe("/sign-in/verify");
    expect((await me(ownerPage)).session.stage).toBe("second_factor");
    const codeInput = ownerPage.getByLabel(T.verify.codeLabel, { exact: true });
    expect(await codeInput.getAttribute("autocomplete")).toBe("one-time-code");
    expect(await codeInput.getAttribute("inputmode")).toBe("numeric");
    await expectAccessible(ownerPage, "verify page");
    await shot(ownerPage, "verify");
    await ownerPage.goto(`${story.server.url}/admin/users`);
    await titleContaining(ownerPage, T.verify.title).waitFor();
    expect(pathname(ownerPage)).toBe("/sign-in/verify");

    // A wrong code is refused in words; the right one, typed and sent with Enter, signs in.
    const now = totpNow(ownerSecret);
    const wrong = String((Number(now) + 500_000) % 1_000_000).padStart(6, "0");
    await codeInput.fill(wrong);
    await ownerPage.getByRole("button", { name: T.verify.submit }).click();
    await ownerPage.getByText(T.errors.invalid_code).first().waitFor();
    await codeInput.focus();
    await ownerPage.keyboard.type(await freshCode(ownerSecret, ownerUsed));
    await ownerPage.keyboard.press("Enter");
    await homeHeading(ownerPage, ownerName).waitFor();
    expect((await me(ownerPage)).session).toMatchObject({
      stage: "complete",
      methods: "password+totp",
    });
  });

  it("registers a passkey with the virtual authenticator and signs in with it alone", async () => {
    const cdp = await ownerPage.context().newCDPSession(ownerPage);
    await cdp.send("WebAuthn.enable", { enableUI: false });
    await cdp.send("WebAuthn.addVirtualAuthenticator", {
      options: {
        protocol: "ctap2",
        transport: "internal",
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    });
    const passkeyName = locale === "ja" ? "調剤室のPC" : "Dispensary PC";
    await nav(ownerPage, T.shell.security);
    await titleContaining(ownerPage, T.security.title).waitFor();
    await ownerPage.getByText(T.mfa.passkeyNone).waitFor();
    await ownerPage.getByLabel(T.mfa.passkeyName, { exact: true }).fill(passkeyName);
    await ownerPage.getByRole("button", { name: T.mfa.passkeyAdd }).click();
    await ownerPage.getByText(fill(T.mfa.passkeyAdded, { name: passkeyName })).waitFor();
    const table = ownerPage.getByRole("table", { name: T.mfa.passkeyTable });
    await table.getByRole("cell", { name: passkeyName, exact: true }).waitFor();
    await table.getByRole("cell", { name: T.mfa.neverUsed, exact: true }).waitFor();
    await expectAccessible(ownerPage, "security page with a passkey");
    await shot(ownerPage, "security");

    // Passwordless: the organisation ID, then the passkey.
    await signOut(ownerPage);
    expect(await ownerPage.getByLabel(T.common.tenantId, { exact: true }).inputValue()).toBe(slug);
    await ownerPage.getByRole("button", { name: T.signIn.passkey }).click();
    await homeHeading(ownerPage, ownerName).waitFor();
    expect((await me(ownerPage)).session).toMatchObject({ stage: "complete", methods: "passkey" });

    // The passkey is also a second step after the password.
    await signOut(ownerPage);
    await enterPassword(ownerPage, ownerEmail);
    await titleContaining(ownerPage, T.verify.title).waitFor();
    await ownerPage.getByRole("button", { name: T.verify.usePasskey }).click();
    await homeHeading(ownerPage, ownerName).waitFor();
    expect((await me(ownerPage)).session.stage).toBe("complete");
    await nav(ownerPage, T.shell.security);
    await ownerPage
      .getByRole("table", { name: T.mfa.passkeyTable })
      .getByRole("cell", { name: T.mfa.neverUsed, exact: true })
      .waitFor({ state: "detached" });

    // The passkey sign-in needs the organisation ID first.
    await signOut(ownerPage);
    await ownerPage.getByLabel(T.common.tenantId, { exact: true }).fill("");
    await ownerPage.getByRole("button", { name: T.signIn.passkey }).click();
    await ownerPage.getByText(T.signIn.passkeyNeedsTenant).waitFor();
  });

  it("signs in with a recovery code, warns about it until dismissed, and counts what is left", async () => {
    await enterPassword(ownerPage, ownerEmail);
    await titleContaining(ownerPage, T.verify.title).waitFor();
    await ownerPage.getByRole("button", { name: T.verify.useRecovery }).click();
    const input = ownerPage.getByLabel(T.verify.recoveryLabel, { exact: true });
    // Lower case and without the hyphen is forgiven.
    await input.fill(recoveryCodes[0]!.replace("-", "").toLowerCase());
    await expectAccessible(ownerPage, "verify page, recovery code");
    await ownerPage.getByRole("button", { name: T.verify.submit }).click();
    await homeHeading(ownerPage, ownerName).waitFor();
    const state = await me(ownerPage);
    expect(state.session.stage).toBe("complete");
    expect(state.security.recoveryNoticeAt).not.toBeNull();
    // The time, in the viewer's zone and language, as the page formats it.
    const when = new Intl.DateTimeFormat(BROWSER_LOCALE[locale], {
      dateStyle: "medium",
      timeStyle: "short",
      timeZone: "Asia/Tokyo",
    }).format(new Date(state.security.recoveryNoticeAt!));
    await ownerPage.getByText(fill(T.security.recoveryNotice, { date: when })).waitFor();
    await expectAccessible(ownerPage, "home with the recovery warning");
    await shot(ownerPage, "recovery-notice");
    await ownerPage.getByRole("button", { name: T.security.dismiss }).click();
    await ownerPage
      .getByRole("button", { name: T.security.dismiss })
      .waitFor({ state: "detached" });
    expect((await me(ownerPage)).security.recoveryNoticeAt).toBeNull();

    await nav(ownerPage, T.shell.security);
    await ownerPage
      .getByText(fill(T.mfa.recoveryRemaining, { remaining: "9", total: "10" }))
      .waitFor();

    // The same code does not work twice.
    await signOut(ownerPage);
    await enterPassword(ownerPage, ownerEmail);
    await ownerPage.getByRole("button", { name: T.verify.useRecovery }).click();
    await ownerPage.getByLabel(T.verify.recoveryLabel, { exact: true }).fill(recoveryCodes[0]!);
    await ownerPage.getByRole("button", { name: T.verify.submit }).click();
    await ownerPage.getByText(T.errors.invalid_code).first().waitFor();
    await ownerPage.getByRole("button", { name: T.verify.useTotp }).click();
    await ownerPage
      .getByLabel(T.verify.codeLabel, { exact: true })
      .fill(await freshCode(ownerSecret, ownerUsed));
    await ownerPage.getByRole("button", { name: T.verify.submit }).click();
    await homeHeading(ownerPage, ownerName).waitFor();
  });

  it("sends a member who must set up 2-step verification to the setup page, whatever they open", async () => {
    await nav(ownerPage, T.shell.settings);
    await titleContaining(ownerPage, T.settings.title).waitFor();
    await ownerPage.getByRole("radio", { name: T.settings.mfaEveryone, exact: true }).check();
    await ownerPage.getByLabel(T.settings.mfaGrace, { exact: true }).fill("0");
    await expectAccessible(ownerPage, "settings");
    await ownerPage.getByRole("button", { name: T.common.save }).click();
    await ownerPage.getByText(T.settings.saved).waitFor();
    const settings = await ownerPage.request.get(`${story.server.url}/api/t/${slug}/settings`);
    expect(((await settings.json()) as { settings: object }).settings).toMatchObject({
      mfaRequirement: "everyone",
      mfaGraceDays: 0,
    });

    memberPage = await newPage();
    await memberPage.goto(memberInviteUrl);
    await memberPage.getByLabel(T.common.password, { exact: true }).fill(PASSWORD);
    await memberPage.getByLabel(T.common.passwordConfirm, { exact: true }).fill(PASSWORD);
    await memberPage.getByRole("button", { name: T.invite.submit }).click();
    await titleContaining(memberPage, T.invite.doneTitle).waitFor();
    await enterPassword(memberPage, memberEmail);
    await titleContaining(memberPage, T.securitySetup.title).waitFor();
    expect(pathname(memberPage)).toBe("/security/setup");
    await memberPage.getByText(fill(T.securitySetup.required, { org: orgName })).waitFor();
    expect((await me(memberPage)).session.stage).toBe("enrollment");
    await expectAccessible(memberPage, "setup page");
    await shot(memberPage, "setup");

    for (const target of ["/admin/users", "/", "/security", "/admin/settings"]) {
      await memberPage.goto(`${story.server.url}${target}`);
      await titleContaining(memberPage, T.securitySetup.title).waitFor();
      expect(pathname(memberPage), `opening ${target}`).toBe("/security/setup");
    }
    expect((await memberPage.request.get(`${story.server.url}/api/me/mfa`)).status()).toBe(200);

    await memberPage.getByRole("button", { name: T.mfa.totpStart }).click();
    const secret = await memberPage.getByLabel(T.mfa.secretLabel, { exact: true }).inputValue();
    await expectAccessible(memberPage, "setup page, authenticator");
    await shot(memberPage, "setup-totp");
    await memberPage.getByLabel(T.mfa.confirmLabel, { exact: true }).fill(totpNow(secret));
    await memberPage.getByRole("button", { name: T.mfa.confirmSubmit }).click();
    await titleContaining(memberPage, T.securitySetup.doneTitle).waitFor();
    const codes = await memberPage
      .getByRole("list", { name: T.mfa.codesListLabel })
      .getByRole("listitem")
      .allTextContents();
    expect(codes).toHaveLength(10);
    await expectAccessible(memberPage, "setup page, recovery codes");
    await memberPage.getByRole("button", { name: T.mfa.codesSaved }).click();
    await homeHeading(memberPage, memberName).waitFor();
    expect((await me(memberPage)).session).toMatchObject({
      stage: "complete",
      methods: "password+totp",
    });
  });

  it("lets the owner reset the member's 2-step verification, which ends the member's session", async () => {
    await nav(ownerPage, T.shell.users);
    await titleContaining(ownerPage, T.users.title).waitFor();
    await ownerPage
      .getByRole("button", { name: fill(T.users.actionsFor, { name: memberName }) })
      .click();
    await ownerPage.getByRole("menuitem", { name: T.users.resetMfa }).click();
    const dialog = ownerPage.getByRole("dialog");
    await dialog.getByText(T.users.resetMfaBody).waitFor();
    await expectAccessible(ownerPage, "reset dialog");
    await dialog.getByRole("button", { name: T.users.resetMfa }).click();
    await ownerPage.getByText(fill(T.users.resetMfaDone, { name: memberName })).waitFor();

    expect((await memberPage.request.get(`${story.server.url}/api/me`)).status()).toBe(401);
    await memberPage.reload();
    await titleContaining(memberPage, T.signIn.title).waitFor();
    // With no factor left and the requirement in force, the member is asked to set one up again.
    await enterPassword(memberPage, memberEmail);
    await titleContaining(memberPage, T.securitySetup.title).waitFor();
  });
});
