import { mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { organisationSteps } from "./support/organisation.ts";
import { browserStory, expectAccessible, titleContaining } from "./support/pages.ts";
import { TEXT, type Locale } from "./support/text.ts";

const SHOTS = process.env.ENGAWA_E2E_SCREENSHOTS ?? path.join(tmpdir(), "engawa-e2e-screenshots");
mkdirSync(SHOTS, { recursive: true });

/**
 * The organisation's meeting policy, in each language (issue 8, the lobby's settings): a
 * hospital's owner opens Settings, sees Teams' defaults, applies the hospital preset — only
 * invited people bypass the lobby, organisers may not choose otherwise, nobody joins without an
 * account, organisers and presenters present — with the keyboard, saves, and finds it so after a
 * reload; the server answers the same.
 */
describe.each(["ja", "en"] as Locale[])("the meeting policy, in %s", (locale) => {
  const T = TEXT[locale];
  const slug = `meet-${locale}`;
  const orgName = locale === "ja" ? "あおば病院" : "Aoba Hospital";
  const ownerName = locale === "ja" ? "管理 青葉" : "Aoba Admin";
  const ownerEmail = `owner@${slug}.example`;
  const story = browserStory(locale);
  const steps = () => organisationSteps(story.server, locale);
  let page: Page;

  const shot = (name: string) =>
    page.screenshot({ path: path.join(SHOTS, `meet-${locale}-${name}.png`), fullPage: true });
  const section = () => page.getByRole("region", { name: T.meetingPolicy.heading });
  const radio = (name: string) => section().getByRole("radio", { name, exact: true });
  const checkbox = (name: string) => section().getByRole("checkbox", { name, exact: true });

  it("sets up a hospital and the owner signs in", async () => {
    const setup = await story.newPage();
    const ownerLink = await steps().setUp(setup, { name: orgName, slug, ownerEmail, ownerName });
    page = await story.newPage();
    await steps().acceptInvite(page, ownerLink);
    await steps().signIn(page, slug, ownerEmail, ownerName);
  });

  it("applies the hospital preset with the keyboard and saves it", async () => {
    await page.goto(`${story.server.url}/admin/settings`);
    await titleContaining(page, T.settings.title).waitFor();
    await section().waitFor();
    expect(await radio(T.meetingPolicy.bypass.organization).isChecked()).toBe(true);
    expect(await checkbox(T.meetingPolicy.anonymousJoin).isChecked()).toBe(true);
    await section().getByRole("button", { name: T.meetingPolicy.hospitalPreset }).focus();
    await page.keyboard.press("Enter");
    expect(await radio(T.meetingPolicy.bypass.invited).isChecked()).toBe(true);
    expect(await checkbox(T.meetingPolicy.organizersMayChangeBypass).isChecked()).toBe(false);
    expect(await checkbox(T.meetingPolicy.anonymousJoin).isChecked()).toBe(false);
    expect(await radio(T.meetingPolicy.presenters.presenters).isChecked()).toBe(true);
    await section().getByRole("button", { name: T.meetingPolicy.save }).focus();
    await page.keyboard.press("Enter");
    await section().getByText(T.meetingPolicy.saved).waitFor();
    await expectAccessible(page, "settings with the meeting policy");
    await shot("saved");

    await page.reload();
    await section().waitFor();
    await radio(T.meetingPolicy.bypass.invited).waitFor();
    expect(await radio(T.meetingPolicy.bypass.invited).isChecked()).toBe(true);
    expect(await checkbox(T.meetingPolicy.anonymousJoin).isChecked()).toBe(false);
    const answer = await page.evaluate(
      async (url) => (await fetch(url)).json(),
      `/api/t/${slug}/meeting-policy`,
    );
    expect(answer).toEqual({
      policy: {
        lobbyBypass: "invited",
        organizersMayChangeBypass: false,
        anonymousJoin: false,
        whoMayPresent: "presenters",
      },
    });
  });
});
