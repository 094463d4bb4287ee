import type { Locator, Page } from "playwright-core";
import type { TenantRole } from "../../packages/shared/src/roles.ts";
import { heading } from "./pages.ts";
import type { EngawaProcess } from "./server.ts";
import { fill, TEXT, type Locale } from "./text.ts";

/**
 * How long a step that sends a password may take: the strength check (on the page and again on
 * the server) and argon2 are the slowest steps of a test, and a CI machine shared with other work
 * has taken more than the usual 30 s for them. A deadline, not a measurement.
 */
const PASSWORD_STEP_TIMEOUT = 90_000;

/**
 * Waits for what a password step shows when done. A step that has not finished by the deadline
 * fails with what the page shows instead (an error, a form still busy, another page), so an
 * intermittent failure says where it stopped.
 */
async function afterPassword(page: Page, done: Locator): Promise<void> {
  try {
    await done.waitFor({ timeout: PASSWORD_STEP_TIMEOUT });
  } catch (error) {
    const shown = await page
      .evaluate(() => document.body.innerText.replace(/\s+/g, " ").slice(0, 1500))
      .catch(() => "(the page could not be read)");
    throw new Error(`${String(error)}\nThe page at ${page.url()} shows: ${shown}`, {
      cause: error,
    });
  }
}

/** The password every person in the browser tests chooses. */
export const PASSWORD = "correct horse battery staple";

/**
 * The steps every browser test starts with, in the reader's language: the first-run setup of an
 * organisation, inviting a person, accepting an invitation link and signing in, each as a person
 * does it.
 */
export function organisationSteps(server: EngawaProcess, locale: Locale) {
  const T = TEXT[locale];
  return {
    /** Fills the setup page; answers the owner's invitation link. */
    async setUp(
      page: Page,
      org: { name: string; slug: string; ownerEmail: string; ownerName: string },
    ): Promise<string> {
      await page.goto(server.setupLink);
      await page.getByLabel(T.setup.operatorEmail, { exact: true }).fill(`ops@${org.slug}.example`);
      await page.getByLabel(T.setup.operatorName, { exact: true }).fill("Ops");
      await page.getByLabel(T.common.password, { exact: true }).fill(PASSWORD);
      await page.getByLabel(T.common.passwordConfirm, { exact: true }).fill(PASSWORD);
      await page.getByLabel(T.common.tenantName, { exact: true }).fill(org.name);
      await page.getByLabel(T.common.tenantId, { exact: true }).fill(org.slug);
      await page.getByLabel(T.setup.ownerEmail, { exact: true }).fill(org.ownerEmail);
      await page.getByLabel(T.setup.ownerName, { exact: true }).fill(org.ownerName);
      await page.getByRole("button", { name: T.setup.submit }).click();
      const link = page.getByLabel(T.setup.ownerLink, { exact: true });
      await afterPassword(page, link);
      return link.inputValue();
    },
    /**
     * On the Users page (the caller has opened it): invites a person with the Invite dialog and
     * closes it; answers the one-time invitation link the dialog showed.
     */
    async inviteMember(
      page: Page,
      person: { email: string; name: string; role: TenantRole },
    ): Promise<string> {
      await page.getByRole("button", { name: T.users.inviteOpen }).click();
      const dialog = page.getByRole("dialog");
      await dialog.getByLabel(T.common.email, { exact: true }).fill(person.email);
      await dialog.getByLabel(T.common.displayName, { exact: true }).fill(person.name);
      await dialog.getByLabel(T.common.role, { exact: true }).selectOption(person.role);
      await dialog.getByRole("button", { name: T.inviteDialog.submit }).click();
      const link = await dialog.getByLabel(T.inviteDialog.link, { exact: true }).inputValue();
      await dialog.getByRole("button", { name: T.common.close }).first().click();
      return link;
    },
    async acceptInvite(page: Page, url: string): Promise<void> {
      await page.goto(url);
      await page.getByLabel(T.common.password, { exact: true }).fill(PASSWORD);
      await page.getByLabel(T.common.passwordConfirm, { exact: true }).fill(PASSWORD);
      await page.getByRole("button", { name: T.invite.submit }).click();
      await afterPassword(page, heading(page, T.invite.doneTitle));
    },
    async signIn(page: Page, slug: string, email: string, name: string): Promise<void> {
      await page.goto(`${server.url}/sign-in?tenant=${slug}`);
      await page.getByLabel(T.common.email, { exact: true }).fill(email);
      await page.getByLabel(T.common.password, { exact: true }).fill(PASSWORD);
      await page.getByRole("button", { name: T.signIn.submit, exact: true }).click();
      await afterPassword(page, heading(page, fill(T.home.title, { name })));
    },
  };
}
