import { mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { freshCode } from "./support/totp.ts";
import { organisationSteps, PASSWORD } from "./support/organisation.ts";
import { browserStory, expectAccessible, titleContaining } from "./support/pages.ts";
import { fill, TEXT, type Locale } from "./support/text.ts";

const SHOTS = process.env.ENGAWA_E2E_SCREENSHOTS ?? path.join(tmpdir(), "engawa-e2e-screenshots");
mkdirSync(SHOTS, { recursive: true });

/** A Tor exit in the shipped list (packages/server/data/risk/tor-exits.txt). */
const TOR_EXIT = "185.220.101.1";

/**
 * The risk acceptance line, in each language: behind a configured trusted proxy, an organisation
 * asks for the second factor only when a risk policy does and sets "medium sign-in risk → require
 * MFA"; a member signing in from a Tor exit is asked for their code, the same member from their
 * usual address is not; the admin sees the risky sign-in with its evidence, confirms the member
 * compromised, and the member's open session is refused at its next request.
 */
describe.each(["ja", "en"] as Locale[])("risk detections, in %s", (locale) => {
  const T = TEXT[locale];
  const slug = `risk-${locale}`;
  const orgName = locale === "ja" ? "さくら小学校" : "Sakura Primary School";
  const ownerName = locale === "ja" ? "教頭 陽子" : "Yoko Deputy";
  const memberName = locale === "ja" ? "担任 誠" : "Makoto Teacher";
  const ownerEmail = `owner@${slug}.example`;
  const memberEmail = `makoto@${slug}.example`;
  const story = browserStory(locale, {
    // Behind a (pretend) reverse proxy on loopback, so a browser can come from a public address.
    env: { ENGAWA_TRUSTED_PROXIES: "127.0.0.1,::1" },
  });
  const steps = () => organisationSteps(story.server, locale);
  let ownerPage: Page;
  let memberPage: Page;
  let torPage: Page;
  let memberSecret = "";
  const used = new Set<string>();

  /** `headers`: e.g. the address a trusted reverse proxy reports for this browser. */
  const newPage = async (headers: Record<string, string> = {}): Promise<Page> =>
    story.newPage(await story.newContext({ extraHTTPHeaders: headers }));
  const shot = (page: Page, name: string) =>
    page.screenshot({ path: path.join(SHOTS, `risk-${locale}-${name}.png`), fullPage: true });
  const nav = (page: Page, name: string) =>
    page
      .getByRole("navigation", { name: T.shell.navLabel })
      .getByRole("link", { name, exact: true })
      .click();
  const homeHeading = (page: Page, name: string) =>
    titleContaining(page, fill(T.home.title, { name }));
  const enterPassword = async (page: Page, email: string) => {
    await page.goto(`${story.server.url}/sign-in?tenant=${slug}`);
    await titleContaining(page, T.signIn.title).waitFor();
    await page.getByLabel(T.common.email, { exact: true }).fill(email);
    await page.getByLabel(T.common.password, { exact: true }).fill(PASSWORD);
    await page.getByRole("button", { name: T.signIn.submit, exact: true }).click();
  };

  it("sets up a school whose member has an authenticator app", async () => {
    const setup = await newPage();
    const ownerLink = await steps().setUp(setup, {
      name: orgName,
      slug,
      ownerEmail,
      ownerName,
    });
    ownerPage = await newPage();
    await steps().acceptInvite(ownerPage, ownerLink);
    await steps().signIn(ownerPage, slug, ownerEmail, ownerName);
    await nav(ownerPage, T.shell.users);
    const memberLink = await steps().inviteMember(ownerPage, {
      email: memberEmail,
      name: memberName,
      role: "member",
    });
    memberPage = await newPage();
    await steps().acceptInvite(memberPage, memberLink);
    await steps().signIn(memberPage, slug, memberEmail, memberName);
    await nav(memberPage, T.shell.security);
    await memberPage.getByRole("button", { name: T.mfa.totpStart }).click();
    memberSecret = await memberPage.getByLabel(T.mfa.secretLabel, { exact: true }).inputValue();
    await memberPage
      .getByLabel(T.mfa.confirmLabel, { exact: true })
      .fill(await freshCode(memberSecret, used));
    await memberPage.getByRole("button", { name: T.mfa.confirmSubmit }).click();
    await memberPage.getByRole("button", { name: T.mfa.codesSaved }).click();
    await memberPage.getByRole("button", { name: T.mfa.totpRemove }).waitFor();
  });

  it("the admin asks for the second factor only when a risk policy does, from medium sign-in risk", async () => {
    await nav(ownerPage, T.shell.settings);
    await titleContaining(ownerPage, T.settings.title).waitFor();
    await ownerPage.getByRole("radio", { name: T.settings.promptWhenRequired }).check();
    await ownerPage.getByRole("button", { name: T.common.save }).click();
    await ownerPage.getByText(T.settings.saved).waitFor();

    await nav(ownerPage, T.shell.risk);
    await titleContaining(ownerPage, T.risk.title).waitFor();
    await ownerPage.getByRole("tab", { name: T.risk.settingsTab }).click();
    await ownerPage
      .getByRole("combobox", { name: T.risk.signInPolicy })
      .selectOption({ label: T.risk.levels.medium });
    await ownerPage
      .getByRole("radiogroup", { name: T.risk.signInPolicy })
      .getByRole("radio", { name: T.risk.requireMfa })
      .check();
    await expectAccessible(ownerPage, "risk settings");
    await shot(ownerPage, "settings");
    await ownerPage.getByRole("button", { name: T.risk.save }).click();
    await ownerPage.getByText(T.risk.saved).waitFor();
    // A range that is not one is refused in words, next to its list, and nothing is saved.
    await ownerPage.getByLabel(T.risk.trustedRanges).fill("10.0.0.0/8\nnot-an-address");
    await ownerPage.getByRole("button", { name: T.risk.save }).click();
    await ownerPage.getByText(fill(T.risk.badRange, { entry: "not-an-address" })).waitFor();
    await ownerPage.getByLabel(T.risk.trustedRanges).fill("");
  });

  it("from the usual address the member signs in with the password alone", async () => {
    await memberPage.getByRole("button", { name: T.common.signOut }).click();
    await titleContaining(memberPage, T.signIn.title).waitFor();
    await enterPassword(memberPage, memberEmail);
    await homeHeading(memberPage, memberName).waitFor();
  });

  it("from a Tor exit, through the trusted proxy, the member is asked for the code first", async () => {
    torPage = await newPage({ "x-forwarded-for": TOR_EXIT });
    await enterPassword(torPage, memberEmail);
    await titleContaining(torPage, T.verify.title).waitFor();
    await torPage
      .getByLabel(T.verify.codeLabel, { exact: true })
      .fill(await freshCode(memberSecret, used));
    await torPage.getByRole("button", { name: T.verify.submit }).click();
    await homeHeading(torPage, memberName).waitFor();
    // The member sees their own sign-ins, with the place and network recorded for each.
    await nav(torPage, T.shell.security);
    const own = torPage.getByRole("table", { name: T.ownSignIns.heading });
    await own.getByRole("row").filter({ hasText: TOR_EXIT }).waitFor();
    expect(await own.getByRole("row").count()).toBe(4);
    await expectAccessible(torPage, "own sign-ins");
    await shot(torPage, "own-sign-ins");
  });

  it("the admin sees the risky sign-in with its evidence in words", async () => {
    await ownerPage.getByRole("tab", { name: T.risk.signInsTab }).click();
    const table = ownerPage.getByRole("table", { name: T.risk.signInsTable });
    const row = table.getByRole("row").filter({ hasText: memberEmail });
    await row.first().waitFor();
    expect(await row.count()).toBe(1);
    await row.getByText(T.risk.kinds.anonymous_ip).waitFor();
    await row.getByText(T.risk.outcomes.mfa).waitFor();
    await row.getByText(TOR_EXIT).waitFor();
    await expectAccessible(ownerPage, "risky sign-ins");
    await shot(ownerPage, "sign-ins");
    await row.getByRole("button", { name: `${T.risk.details}: ${memberName}` }).click();
    const dialog = ownerPage.getByRole("dialog");
    await dialog.getByText(T.risk.explain.anonymous_ip).waitFor();
    await dialog
      .getByText(fill(T.risk.evidenceList, { list: T.risk.lists["tor-exits"] }))
      .waitFor();
    await expectAccessible(ownerPage, "risky sign-in details");
    await shot(ownerPage, "sign-in-details");
    await ownerPage.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
  });

  it("the admin confirms the member compromised, and the member's session is refused at once", async () => {
    await ownerPage.getByRole("tab", { name: T.risk.usersTab }).click();
    const table = ownerPage.getByRole("table", { name: T.risk.usersTable });
    const row = table.getByRole("row").filter({ hasText: memberEmail });
    await row.getByText(T.risk.levels.medium).first().waitFor();
    await expectAccessible(ownerPage, "risky users");
    await row.getByRole("button", { name: `${T.risk.confirm}: ${memberName}` }).click();
    const dialog = ownerPage.getByRole("dialog");
    await dialog.getByText(T.risk.confirmBody).waitFor();
    await dialog.getByRole("button", { name: T.risk.confirm }).click();
    await ownerPage
      .getByText(fill(T.risk.done, { name: memberName, what: T.risk.confirm }))
      .waitFor();
    await row.getByText(T.risk.levels.high).first().waitFor();
    await shot(ownerPage, "users");

    for (const page of [torPage, memberPage]) {
      const answer = await page.request.get(`${story.server.url}/api/me`);
      expect(answer.status()).toBe(401);
    }
    await torPage.reload();
    await titleContaining(torPage, T.signIn.title).waitFor();
  });

  it("the admin reports a member's credentials leaked from the Users page", async () => {
    await nav(ownerPage, T.shell.users);
    await ownerPage
      .getByRole("button", { name: fill(T.users.actionsFor, { name: memberName }) })
      .click();
    await ownerPage.getByRole("menuitem", { name: T.risk.reportLeaked }).click();
    const dialog = ownerPage.getByRole("dialog");
    await dialog.getByText(T.risk.reportLeakedBody).waitFor();
    await expectAccessible(ownerPage, "report leaked credentials");
    await dialog.getByRole("button", { name: T.risk.reportLeaked }).click();
    await ownerPage
      .getByText(fill(T.risk.done, { name: memberName, what: T.risk.reportLeaked }))
      .waitFor();
    await nav(ownerPage, T.shell.risk);
    await ownerPage.getByRole("tab", { name: T.risk.usersTab }).click();
    const row = ownerPage
      .getByRole("table", { name: T.risk.usersTable })
      .getByRole("row")
      .filter({ hasText: memberEmail });
    await row.getByText(`${T.risk.kinds.leaked_credentials} (${T.risk.levels.high})`).waitFor();
  });
});
