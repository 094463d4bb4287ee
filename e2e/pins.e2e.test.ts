import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { organisationSteps } from "./support/organisation.ts";
import { browserStory, DESKTOP, expectAccessible } from "./support/pages.ts";
import { teamSteps } from "./support/teams.ts";
import { fill, TEXT, type Locale } from "./support/text.ts";

/** Live changes get a generous deadline and fail only if they never come. */
const LIVE = { timeout: 60_000 };

/**
 * Pins and the composer's emoji, in two browsers, in each language: the owner (A) pins a message
 * from its options menu with the keyboard; the member (B) sees "Pinned by A" on it without a
 * reload and finds it in the channel's Pinned panel, whose entry brings B to the message. A puts
 * an emoji into the middle of a message with the keyboard alone (arrow keys, Enter; Escape returns
 * to the text box) and sends it; B sees it. B unpins and A's marker goes. Axe finds no serious
 * violations with the Pinned panel and the emoji grid open.
 */
describe.each(["ja", "en"] as Locale[])("pins and emoji, in %s", (locale) => {
  const T = TEXT[locale];
  const slug = `pins-${locale}`;
  const orgName = locale === "ja" ? "みなと訪問看護" : "Minato Home Nursing";
  const ownerName = locale === "ja" ? "所長 由美" : "Yumi Director";
  const memberName = locale === "ja" ? "看護師 健" : "Ken Nurse";
  const ownerEmail = `owner@${slug}.example`;
  const memberEmail = `ken@${slug}.example`;
  const teamName = locale === "ja" ? "訪問チーム" : "Visits";
  const rule =
    locale === "ja" ? "訪問記録は当日中に入力してください。" : "Enter visit notes the same day.";
  const other = locale === "ja" ? "明日は9時集合です。" : "We meet at 9 tomorrow.";
  const [before, after] = locale === "ja" ? ["了解", "です"] : ["Got it ", " thanks"];
  const story = browserStory(locale, { context: DESKTOP });
  const { newPage } = story;
  const teams = teamSteps(locale);
  let a: Page;
  let b: Page;

  const shot = (page: Page, name: string) =>
    page.screenshot({ path: `/tmp/pins-${locale}-${name}.png` });
  const steps = () => organisationSteps(story.server, locale);
  const nav = (page: Page, name: string) =>
    page.getByRole("navigation", { name: T.shell.navLabel }).getByRole("link", { name }).click();
  const general = (page: Page) =>
    page.getByRole("heading", { level: 2, name: T.chat.general, exact: true });
  const messages = (page: Page) =>
    page.getByRole("log", { name: fill(T.chat.messagesLabel, { channel: T.chat.general }) });
  const item = (page: Page, text: string): Locator =>
    messages(page).getByRole("listitem").filter({ hasText: text });
  const composer = (page: Page) => page.getByLabel(T.chat.composerLabel, { exact: true });
  const post = async (page: Page, text: string) => {
    await composer(page).fill(text);
    await composer(page).press("Enter");
    await item(page, text).waitFor();
    // The composer empties itself once the post is done: typing the next one before that would be
    // wiped (as a person would see), so wait for it, as the chat test does.
    await expect.poll(() => composer(page).inputValue()).toBe("");
  };
  const pinnedBy = (name: string) => fill(T.pins.pinnedBy, { name });
  /** The name of what has focus (its label, else its text). */
  const focused = (page: Page) =>
    page.evaluate(
      () =>
        document.activeElement?.getAttribute("aria-label") ?? document.activeElement?.textContent,
    );

  it("sets up the organisation; A makes a team with B in it and posts", async () => {
    const setup = await newPage();
    const ownerInvite = await steps().setUp(setup, {
      name: orgName,
      slug,
      ownerEmail,
      ownerName,
    });
    a = await newPage();
    await steps().acceptInvite(a, ownerInvite);
    await steps().signIn(a, slug, ownerEmail, ownerName);
    await nav(a, T.shell.users);
    const memberInvite = await steps().inviteMember(a, {
      email: memberEmail,
      name: memberName,
      role: "member",
    });
    b = await newPage();
    await steps().acceptInvite(b, memberInvite);
    await steps().signIn(b, slug, memberEmail, memberName);

    await nav(a, T.shell.teams);
    await teams.createPrivateTeam(a, { name: teamName });
    await general(a).waitFor();
    const members = await teams.addTeamMember(a, teamName, {
      name: memberName,
      email: memberEmail,
    });
    await members.getByRole("button", { name: T.common.close }).last().click();

    await nav(b, T.shell.teams);
    await general(b).waitFor();
    await post(a, rule);
    await post(a, other);
    await item(b, rule).waitFor(LIVE);
    await item(b, other).waitFor(LIVE);
  });

  it("A pins a message with the keyboard; B sees the marker live and in the Pinned panel", async () => {
    const options = item(a, rule).getByRole("button", { name: T.chat.messageOptions });
    await options.focus();
    await options.press("Enter");
    // The menu opens on its first item (Edit, A's own message); the next one pins.
    await a.getByRole("menuitem", { name: T.chat.edit }).waitFor();
    await expect.poll(() => focused(a)).toBe(T.chat.edit);
    await a.keyboard.press("ArrowDown");
    await expect.poll(() => focused(a)).toBe(T.pins.pin);
    await a.keyboard.press("Enter");
    await item(a, rule).getByText(pinnedBy(ownerName), { exact: true }).waitFor();

    await item(b, rule).getByText(pinnedBy(ownerName), { exact: true }).waitFor(LIVE);
    expect(await item(b, other).getByText(pinnedBy(ownerName)).count()).toBe(0);

    const button = b.getByRole("button", { name: T.pins.button, exact: true });
    await button.click();
    expect(await button.getAttribute("aria-expanded")).toBe("true");
    const panel = b.getByRole("region", { name: T.pins.heading });
    const list = panel.getByRole("list", { name: T.pins.listLabel });
    const entry = list.getByRole("button").filter({ hasText: rule });
    await entry.waitFor();
    expect(await list.getByRole("listitem").count()).toBe(1);
    expect(await entry.textContent()).toContain(pinnedBy(ownerName));
    await expectAccessible(b, "the Pinned panel");
    await shot(b, "pinned-panel");

    // Choosing it closes the panel and brings B to the message, highlighted and focused.
    await entry.click();
    await panel.waitFor({ state: "detached" });
    await expect
      .poll(() =>
        b.evaluate(() => ({
          tag: document.activeElement?.tagName,
          text: document.activeElement?.textContent ?? "",
        })),
      )
      .toMatchObject({ tag: "LI", text: expect.stringContaining(rule) });
    await shot(b, "pinned-message");
  });

  it("A puts an emoji at the caret with the keyboard and sends it; B sees it", async () => {
    const box = composer(a);
    await box.fill(`${before}${after}`);
    await box.evaluate((element, at) => {
      const area = element as HTMLTextAreaElement;
      area.focus();
      area.setSelectionRange(at, at);
    }, before.length);

    // The emoji button is just before the text box; the grid opens on its first emoji.
    await a.keyboard.press("Shift+Tab");
    await expect.poll(() => focused(a)).toBe(T.emoji.button);
    await a.keyboard.press("Enter");
    const grid = a.getByRole("grid", { name: T.emoji.gridLabel });
    await grid.waitFor();
    await expect.poll(() => focused(a)).toBe(T.emoji.names.thumbsUp);
    await a.keyboard.press("ArrowRight");
    await a.keyboard.press("ArrowRight");
    await a.keyboard.press("ArrowRight");
    await a.keyboard.press("ArrowDown");
    await expect.poll(() => focused(a)).toBe(T.emoji.names.grin);
    await expectAccessible(a, "the emoji grid");
    await shot(a, "emoji-grid");
    await a.keyboard.press("Enter");
    await grid.waitFor({ state: "detached" });
    expect(await box.inputValue()).toBe(`${before}😄${after}`);
    expect(await a.evaluate(() => document.activeElement?.tagName)).toBe("TEXTAREA");

    // Escape closes the grid and returns to the text box, where the caret stayed.
    await a.keyboard.press("Shift+Tab");
    await a.keyboard.press("Enter");
    await grid.waitFor();
    await a.keyboard.press("Escape");
    await grid.waitFor({ state: "detached" });
    expect(await a.evaluate(() => document.activeElement?.tagName)).toBe("TEXTAREA");
    await a.keyboard.type("!");
    expect(await box.inputValue()).toBe(`${before}😄!${after}`);
    await a.keyboard.press("Enter");

    const sent = `${before}😄!${after}`;
    await item(a, sent).waitFor();
    await item(b, sent).waitFor(LIVE);
  });

  it("B unpins; the marker goes from A's page and the panel is empty", async () => {
    const options = item(b, rule).getByRole("button", { name: T.chat.messageOptions });
    await options.click();
    await b.getByRole("menuitem", { name: T.pins.unpin }).click();
    await item(b, rule).getByText(pinnedBy(ownerName)).waitFor({ state: "detached" });
    await item(a, rule)
      .getByText(pinnedBy(ownerName))
      .waitFor({ state: "detached", ...LIVE });

    await a.getByRole("button", { name: T.pins.button, exact: true }).click();
    const panel = a.getByRole("region", { name: T.pins.heading });
    await panel.getByText(T.pins.empty).waitFor();
    // Escape closes it and focus returns to the button.
    await a.keyboard.press("Escape");
    await panel.waitFor({ state: "detached" });
    await expect.poll(() => focused(a)).toBe(T.pins.button);
  });
});
