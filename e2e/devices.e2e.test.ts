import { mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { organisationSteps } from "./support/organisation.ts";
import { browserStory, expectAccessible, heading, titleContaining } from "./support/pages.ts";
import { fill, TEXT, type Locale } from "./support/text.ts";

const SHOTS = process.env.ENGAWA_E2E_SCREENSHOTS ?? path.join(tmpdir(), "engawa-e2e-screenshots");
mkdirSync(SHOTS, { recursive: true });

/**
 * A registered device, in each language (issue 7, acceptance 1). A clinic's owner registers the
 * office browser as a device on the security page (a missing name is explained). Someone who
 * copies the browser's cookies into another browser is refused — the API answers
 * `device_proof_required` and the page asks to sign in — while the office browser carries on:
 * after a reload its requests and its live connection (the audit log's live view) prove
 * themselves with the device's key. Removing the device signs the office browser out.
 */
describe.each(["ja", "en"] as Locale[])("a registered device, in %s", (locale) => {
  const T = TEXT[locale];
  const slug = `dev-${locale}`;
  const orgName = locale === "ja" ? "さくら診療所" : "Sakura Clinic";
  const ownerName = locale === "ja" ? "院長 桜子" : "Sakurako Director";
  const ownerEmail = `owner@${slug}.example`;
  const deviceName = locale === "ja" ? "受付PC" : "Front desk PC";
  const story = browserStory(locale);
  const steps = () => organisationSteps(story.server, locale);
  let office: Page;

  const shot = (page: Page, name: string) =>
    page.screenshot({ path: path.join(SHOTS, `dev-${locale}-${name}.png`), fullPage: true });
  const nav = (name: string) =>
    office
      .getByRole("navigation", { name: T.shell.navLabel })
      .getByRole("link", { name, exact: true })
      .click();
  const devicesTable = () => office.getByRole("table", { name: T.devices.tableLabel });

  it("sets up a clinic and the owner signs in", async () => {
    const setup = await story.newPage();
    const ownerLink = await steps().setUp(setup, { name: orgName, slug, ownerEmail, ownerName });
    office = await story.newPage();
    await steps().acceptInvite(office, ownerLink);
    await steps().signIn(office, slug, ownerEmail, ownerName);
  });

  it("registers the office browser as a device, explaining a missing name", async () => {
    await nav(T.shell.security);
    await titleContaining(office, T.security.title).waitFor();
    await office.getByRole("heading", { level: 2, name: T.devices.heading }).waitFor();
    await devicesTable().waitFor();
    await office.getByText(T.devices.none, { exact: true }).waitFor();
    const register = office.getByRole("button", { name: T.devices.register });
    await register.click();
    await office.getByText(T.devices.nameMissing, { exact: true }).waitFor();
    await office.getByLabel(T.devices.name, { exact: true }).fill(deviceName);
    await office.getByLabel(T.devices.name, { exact: true }).press("Enter");
    await office.getByText(fill(T.devices.registered, { name: deviceName })).waitFor();
    await office.getByText(fill(T.devices.thisBrowserIs, { name: deviceName })).waitFor();
    const row = devicesTable().getByRole("row").filter({ hasText: deviceName });
    await row.getByText(T.devices.thisBrowser, { exact: true }).waitFor();
    expect(await office.getByText(T.devices.none, { exact: true }).count()).toBe(0);
    await expectAccessible(office, "security page with a registered device");
    await shot(office, "registered");
  });

  it("refuses a copy of the cookies in another browser, and the office browser carries on", async () => {
    const copy = await story.newContext();
    await copy.addCookies(await office.context().cookies());
    const stolen = await copy.newPage();
    const answer = await stolen.goto(`${story.server.url}/api/me`);
    expect(answer?.status()).toBe(401);
    expect(await answer?.json()).toMatchObject({ error: { code: "device_proof_required" } });
    await stolen.goto(`${story.server.url}/security`);
    await heading(stolen, T.signIn.title).waitFor();

    // The office browser, reloaded: its worker signs every request with the device's key.
    await office.reload();
    await titleContaining(office, T.security.title).waitFor();
    await devicesTable().getByText(T.devices.thisBrowser, { exact: true }).waitFor();
    const status = await office.evaluate(async () => (await fetch("/api/me")).status);
    expect(status).toBe(200);
    // Its live connection answers the device challenge: the audit log's live view comes on.
    await nav(T.shell.audit);
    await office.getByRole("switch", { name: T.audit.live }).click();
    await office.getByText(T.audit.liveOn, { exact: true }).waitFor();
  });

  it("the admin sees the organisation's devices, whose they are and how to block one", async () => {
    await nav(T.shell.devices);
    await titleContaining(office, T.deviceAdmin.title).waitFor();
    const row = office
      .getByRole("table", { name: T.deviceAdmin.tableLabel })
      .getByRole("row")
      .filter({ hasText: deviceName });
    await row.getByText(ownerName, { exact: true }).waitFor();
    await row.getByText(T.devices.statuses.active, { exact: true }).waitFor();
    await row
      .getByRole("button", {
        name: fill(T.deviceAdmin.blockLabel, { name: deviceName, person: ownerName }),
      })
      .waitFor();
    await expectAccessible(office, "devices admin page");
    await shot(office, "admin");
  });

  it("removing this browser's device signs it out", async () => {
    await nav(T.shell.security);
    const row = devicesTable().getByRole("row").filter({ hasText: deviceName });
    await row
      .getByRole("button", { name: fill(T.devices.removeLabel, { name: deviceName }) })
      .click();
    const dialog = office.getByRole("dialog", {
      name: fill(T.devices.removeTitle, { name: deviceName }),
    });
    await dialog.getByText(T.devices.removeCurrentBody, { exact: true }).waitFor();
    await dialog.getByRole("button", { name: T.devices.remove }).click();
    await heading(office, T.signIn.title).waitFor();
    await shot(office, "removed");
  });
});
