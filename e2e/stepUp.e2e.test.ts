import { mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { describe, it } from "vitest";
import { launchChromium, seriousAxeViolations } from "./support/browser.ts";
import { pagesIn, titleContaining } from "./support/pages.ts";
import { startEngawa } from "./support/server.ts";
import { fill, TEXT, type Locale } from "./support/text.ts";
import { tellsOneStory } from "./support/story.ts";

const PASSWORD = "correct horse battery staple";
const SHOTS = process.env.ENGAWA_E2E_SCREENSHOTS ?? path.join(tmpdir(), "engawa-e2e-screenshots");
mkdirSync(SHOTS, { recursive: true });

/** The shortest step-up window an organisation may choose; the test waits it out for real. */
const WINDOW_MS = 60_000;

/**
 * Step-up re-authentication in Chromium, in each language: the owner sets the organisation's
 * confirmation time to one minute; a minute later a settings change opens "Confirm it's you"; a
 * wrong password is explained, the right one (typed, Enter) saves the change without retyping it.
 * A second browser of the owner, with a passkey in Chromium's virtual authenticator, confirms
 * with the passkey instead. Both languages run side by side so the minute is waited once.
 */
describe("step-up re-authentication", () => {
  it.concurrent.for(["ja", "en"] as Locale[])("in %s", async (locale, { expect }) => {
    const T = TEXT[locale];
    const slug = `stepup-${locale}`;
    const ownerEmail = `owner@${slug}.example`;
    const ownerName = locale === "ja" ? "校長 花子" : "Hanako Principal";
    const server = await startEngawa();
    let browser: Browser | null = null;
    const { contexts, newPage } = pagesIn(locale, () => {
      if (!browser) throw new Error("Chromium is not running");
      return browser;
    });
    tellsOneStory(contexts);
    const nav = (page: Page, name: string) =>
      page.getByRole("navigation", { name: T.shell.navLabel }).getByRole("link", { name }).click();
    const signIn = async (page: Page) => {
      await page.goto(`${server.url}/sign-in?tenant=${slug}`);
      await page.getByLabel(T.common.email, { exact: true }).fill(ownerEmail);
      await page.getByLabel(T.common.password, { exact: true }).fill(PASSWORD);
      await page.getByRole("button", { name: T.signIn.submit, exact: true }).click();
      await titleContaining(page, fill(T.home.title, { name: ownerName })).waitFor();
    };
    /** Changes one number on the settings page and presses Save. */
    const changeSetting = async (page: Page, label: string, value: string) => {
      await nav(page, T.shell.settings);
      await titleContaining(page, T.settings.title).waitFor();
      await page.getByLabel(label, { exact: true }).fill(value);
      await page.getByRole("button", { name: T.common.save }).click();
    };
    try {
      browser = await launchChromium();
      const setup = await newPage();
      await setup.goto(server.setupLink);
      await setup.getByLabel(T.setup.operatorEmail, { exact: true }).fill(`ops@${slug}.example`);
      await setup.getByLabel(T.setup.operatorName, { exact: true }).fill("Ops");
      await setup.getByLabel(T.common.password, { exact: true }).fill(PASSWORD);
      await setup.getByLabel(T.common.passwordConfirm, { exact: true }).fill(PASSWORD);
      await setup.getByLabel(T.common.tenantName, { exact: true }).fill(`School ${locale}`);
      await setup.getByLabel(T.common.tenantId, { exact: true }).fill(slug);
      await setup.getByLabel(T.setup.ownerEmail, { exact: true }).fill(ownerEmail);
      await setup.getByLabel(T.setup.ownerName, { exact: true }).fill(ownerName);
      await setup.getByRole("button", { name: T.setup.submit }).click();
      const inviteUrl = await setup.getByLabel(T.setup.ownerLink, { exact: true }).inputValue();
      const owner = await newPage();
      await owner.goto(inviteUrl);
      await owner.getByLabel(T.common.password, { exact: true }).fill(PASSWORD);
      await owner.getByLabel(T.common.passwordConfirm, { exact: true }).fill(PASSWORD);
      await owner.getByRole("button", { name: T.invite.submit }).click();
      await titleContaining(owner, T.invite.doneTitle).waitFor();
      await signIn(owner);

      // Just signed in: the change goes through without a question.
      await changeSetting(owner, T.settings.stepUpMinutes, "1");
      await owner.getByText(T.settings.saved).waitFor();

      // A second browser of the owner with a passkey in Chromium's virtual authenticator.
      const other = await newPage();
      const cdp = await other.context().newCDPSession(other);
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
      await signIn(other);
      const signedInAt = Date.now();
      await nav(other, T.shell.security);
      await other.getByLabel(T.mfa.passkeyName, { exact: true }).fill("Staff room PC");
      await other.getByRole("button", { name: T.mfa.passkeyAdd }).click();
      await other.getByText(fill(T.mfa.passkeyAdded, { name: "Staff room PC" })).waitFor();

      await new Promise((resolve) =>
        setTimeout(resolve, signedInAt + WINDOW_MS + 2_000 - Date.now()),
      );

      // The password way: the dialog asks, a wrong password is explained, Enter confirms.
      await changeSetting(owner, T.settings.idle, "45");
      const dialog = owner.getByRole("alertdialog", { name: T.stepUp.title });
      await dialog.waitFor();
      await dialog.getByText(T.stepUp.intro).waitFor();
      expect(await seriousAxeViolations(owner), "step-up dialog").toEqual([]);
      await owner.screenshot({ path: path.join(SHOTS, `stepup-${locale}-dialog.png`) });
      const password = dialog.getByLabel(T.common.password, { exact: true });
      await password.fill("not my password at all");
      await password.press("Enter");
      await dialog.getByText(T.errors.wrong_current_password).first().waitFor();
      await password.fill(PASSWORD);
      await password.press("Enter");
      await owner.getByText(T.settings.saved).waitFor();
      expect(await dialog.count()).toBe(0);
      await owner.reload();
      await titleContaining(owner, T.settings.title).waitFor();
      expect(await owner.getByLabel(T.settings.idle, { exact: true }).inputValue()).toBe("45");

      // In the other browser (its sign-in is as old): Escape cancels, the change is not made and
      // the page says why; the second time a passkey confirms it.
      await changeSetting(other, T.settings.mfaGrace, "14");
      const passkeyDialog = other.getByRole("alertdialog", { name: T.stepUp.title });
      await passkeyDialog.waitFor();
      await other.keyboard.press("Escape");
      await other.getByText(T.errors.step_up_required).waitFor();
      expect(await passkeyDialog.count()).toBe(0);
      await other.getByRole("button", { name: T.common.save }).click();
      await passkeyDialog.getByRole("button", { name: T.stepUp.usePasskey }).click();
      await other.getByText(T.settings.saved).waitFor();
      expect(await other.getByLabel(T.settings.mfaGrace, { exact: true }).inputValue()).toBe("14");
    } finally {
      for (const context of contexts) await context.close();
      await browser?.close();
      // Stopped even when Chromium could not start, so no server outlives the test.
      await server.stop();
    }
  });
});
