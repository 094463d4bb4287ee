import { mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { organisationSteps } from "./support/organisation.ts";
import { browserStory, DESKTOP, expectAccessible } from "./support/pages.ts";
import { fill, TEXT, type Locale } from "./support/text.ts";

/** Screenshots for a person to look at (the pages in each language); not compared by the test. */
const SHOTS = process.env.ENGAWA_E2E_SCREENSHOTS ?? path.join(tmpdir(), "engawa-e2e-screenshots");
mkdirSync(SHOTS, { recursive: true });

/**
 * Live messages and list refreshes arrive on their own; a test gives them a generous deadline and
 * fails only if they never come (no timing assertions). A new chat is announced to its people.
 */
const LIVE = { timeout: 60_000 };

/**
 * 1:1 and group chats in three browsers, in each language: A finds B by typing part of B's name
 * in the New chat dialog (keyboard only), starts a 1:1 chat and posts; B's open page lists the
 * chat with its unread count, and A's next message arrives in B's open chat without a reload.
 * Starting the same 1:1 chat again opens the existing one. A starts a group chat with a topic
 * with B and C; both list it by its topic. A renames it in its settings and B's list follows; C
 * leaves it; B's 1:1 chat offers a new group chat instead of a third person. The picker says in words when nobody matches and
 * when nobody was chosen. Axe finds no serious violations on the chat pages and the dialog.
 */
describe.each(["ja", "en"] as Locale[])("chats, in %s", (locale) => {
  const T = TEXT[locale];
  const slug = `chats-${locale}`;
  const orgName = locale === "ja" ? "みどり訪問看護ステーション" : "Midori Home Nursing";
  const ownerName = locale === "ja" ? "所長 山本 恵子" : "Keiko Yamamoto";
  const bName = locale === "ja" ? "看護師 佐藤 花子" : "Hanako Sato";
  const cName = locale === "ja" ? "理学療法士 鈴木 一郎" : "Ichiro Suzuki";
  const ownerEmail = `owner@${slug}.example`;
  const bEmail = `hanako@${slug}.example`;
  const cEmail = `ichiro@${slug}.example`;
  const first =
    locale === "ja" ? "明日の訪問予定を確認できますか。" : "Can you check tomorrow's visits?";
  const second = locale === "ja" ? "田中様の件、了解です。" : "Noted about Mrs Tanaka.";
  const topic = locale === "ja" ? "月曜日の引き継ぎ" : "Monday handover";
  const groupMessage =
    locale === "ja" ? "引き継ぎ資料を共有します。" : "Sharing the handover notes.";
  const story = browserStory(locale, { context: DESKTOP });
  const { newPage } = story;
  let a: Page;
  let b: Page;
  let c: Page;

  const shot = (page: Page, name: string) =>
    page.screenshot({ path: path.join(SHOTS, `chats-${locale}-${name}.png`) });
  const nav = (page: Page, name: string) =>
    page.getByRole("navigation", { name: T.shell.navLabel }).getByRole("link", { name }).click();
  const steps = () => organisationSteps(story.server, locale);
  const chatHeading = (page: Page, name: string) =>
    page.getByRole("heading", { level: 2, name, exact: true });
  const chatList = (page: Page) =>
    page
      .getByRole("region", { name: T.chats.heading, exact: true })
      .getByRole("list", { name: T.chats.heading, exact: true });
  /** A chat's entry by its name (the line under it shows the newest message). */
  const chatLink = (page: Page, name: string) =>
    chatList(page)
      .getByRole("link")
      .filter({ has: page.getByText(name, { exact: true }) });
  const messages = (page: Page, title: string) =>
    page.getByRole("log", { name: fill(T.chat.messagesLabel, { channel: title }) });
  const item = (log: Locator, text: string) => log.getByRole("listitem").filter({ hasText: text });
  const post = async (page: Page, text: string) => {
    const box = page.getByLabel(T.chat.composerLabel, { exact: true });
    await box.fill(text);
    await box.press("Enter");
    // The composer empties itself once the post is done; the next text is typed after that.
    await expect.poll(() => box.inputValue()).toBe("");
  };
  /** The New chat dialog and its people box (a combobox). */
  const openNewChat = async (page: Page) => {
    await page.getByRole("button", { name: T.chats.new, exact: true }).click();
    const dialog = page.getByRole("dialog", { name: T.newChat.title });
    const box = dialog.getByRole("combobox", { name: T.newChat.people });
    await expect.poll(() => box.evaluate((el) => el === document.activeElement)).toBe(true);
    return { dialog, box };
  };
  /** Types part of a name and picks the first suggestion with the keyboard. */
  const pickByKeyboard = async (dialog: Locator, box: Locator, typed: string, name: string) => {
    await box.pressSequentially(typed);
    const option = dialog.getByRole("option").filter({ hasText: name });
    await option.waitFor();
    await box.press("ArrowDown");
    expect(await option.getAttribute("aria-selected")).toBe("true");
    expect(await box.getAttribute("aria-activedescendant")).toBe(await option.getAttribute("id"));
    await box.press("Enter");
    await dialog.getByRole("button", { name: fill(T.newChat.remove, { name }) }).waitFor();
    expect(await box.inputValue()).toBe("");
  };

  it("sets up the organisation; the owner invites two members; all three sign in", async () => {
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
    const bInvite = await steps().inviteMember(a, { email: bEmail, name: bName, role: "member" });
    const cInvite = await steps().inviteMember(a, { email: cEmail, name: cName, role: "member" });
    b = await newPage();
    await steps().acceptInvite(b, bInvite);
    await steps().signIn(b, slug, bEmail, bName);
    c = await newPage();
    await steps().acceptInvite(c, cInvite);
    await steps().signIn(c, slug, cEmail, cName);
  });

  it("A finds B by name with the keyboard alone and starts a 1:1 chat; it reaches B's open page live", async () => {
    await nav(b, T.shell.teams);
    await b.getByText(T.chats.none).waitFor();
    await nav(a, T.shell.teams);
    await a.getByText(T.chats.none).waitFor();

    const { dialog, box } = await openNewChat(a);
    // Nobody chosen: said in words on the field.
    await dialog.getByRole("button", { name: T.newChat.submit }).click();
    await dialog.getByText(T.newChat.choosePerson).first().waitFor();
    // Nobody matches: said in words, the text stays.
    await box.pressSequentially("zzqx");
    await dialog.getByText(fill(T.newChat.nobodyFound, { query: "zzqx" })).waitFor();
    await box.fill("");
    // Part of B's family name (Japanese: the name without its space).
    await pickByKeyboard(dialog, box, locale === "ja" ? "佐藤花" : "sato", bName);
    await expectAccessible(a, "new chat dialog");
    await shot(a, "new-chat");
    // Escape closes an open list, not the dialog; Backspace in the empty box takes the last person back.
    await box.pressSequentially(locale === "ja" ? "鈴木" : "suzu");
    await dialog.getByRole("option").filter({ hasText: cName }).waitFor();
    await box.press("Escape");
    await expect.poll(() => dialog.getByRole("listbox").count()).toBe(0);
    expect(await dialog.isVisible()).toBe(true);
    await box.fill("");
    await box.press("Backspace");
    await expect
      .poll(() =>
        dialog.getByRole("button", { name: fill(T.newChat.remove, { name: bName }) }).count(),
      )
      .toBe(0);
    await pickByKeyboard(dialog, box, bEmail.slice(0, 5), bName);
    // Enter in the box with no list open sends the form.
    await box.press("Enter");
    await chatHeading(a, bName).waitFor();
    // The page says it is a chat, not a team's channel.
    await a.getByRole("heading", { level: 1, name: T.chats.pageTitle, exact: true }).waitFor();
    await a.getByText(fill(T.chats.subtitle, { names: bName })).waitFor();
    expect(await chatLink(a, bName).getAttribute("aria-current")).toBe("page");
    expect(new URL(a.url()).pathname).toMatch(/^\/chats\/[0-9a-f-]{36}$/);
    await post(a, first);
    await item(messages(a, bName), first).waitFor();

    // B's open page lists the chat (named after A) with its unread count, then opens it.
    const link = chatLink(b, ownerName);
    await link.waitFor(LIVE);
    await link.getByText(fill(T.chat.unread, { count: "1" })).waitFor(LIVE);
    await expectAccessible(b, "chat list with an unread chat");
    await shot(b, "chat-list-unread");
    await link.click();
    await chatHeading(b, ownerName).waitFor();
    await item(messages(b, ownerName), first).waitFor();
    await post(a, second);
    await item(messages(b, ownerName), second).waitFor(LIVE);
    await expectAccessible(b, "1:1 chat");
    await shot(b, "one-to-one");
  });

  it("starting the same 1:1 chat again opens the existing one", async () => {
    const { dialog, box } = await openNewChat(b);
    await pickByKeyboard(dialog, box, locale === "ja" ? "山本" : "yama", ownerName);
    await dialog.getByRole("button", { name: T.newChat.submit }).click();
    await chatHeading(b, ownerName).waitFor();
    await item(messages(b, ownerName), second).waitFor();
    expect(await chatList(b).getByRole("link").count()).toBe(1);
  });

  it("A starts a group chat with a topic with B and C; both list it and get its messages live", async () => {
    await nav(c, T.shell.teams);
    await c.getByText(T.chats.none).waitFor();
    const { dialog, box } = await openNewChat(a);
    await pickByKeyboard(dialog, box, locale === "ja" ? "花子" : "hanako", bName);
    await pickByKeyboard(dialog, box, cEmail.slice(0, 6), cName);
    await dialog.getByLabel(T.newChat.topic).fill(topic);
    await expectAccessible(a, "new group chat dialog");
    await dialog.getByRole("button", { name: T.newChat.submit }).click();
    await chatHeading(a, topic).waitFor();
    await post(a, groupMessage);
    await item(messages(a, topic), groupMessage).waitFor();
    // The newest chat is first in the list.
    await expect.poll(() => chatList(a).getByRole("link").first().textContent()).toContain(topic);

    for (const page of [b, c]) {
      const link = chatLink(page, topic);
      await link.waitFor(LIVE);
      // Its entry shows who wrote last and what.
      await link
        .getByText(fill(T.chats.preview, { who: ownerName, text: groupMessage }), { exact: true })
        .waitFor(LIVE);
      await link.click();
      await chatHeading(page, topic).waitFor();
      await item(messages(page, topic), groupMessage).waitFor();
    }
    const later = locale === "ja" ? "資料を確認しました。" : "Read the notes.";
    await post(c, later);
    await item(messages(b, topic), later).waitFor(LIVE);
    await expectAccessible(c, "group chat");
    await shot(a, "group-chat");
  });

  it("A renames the group chat in its settings and B's list follows; C leaves it; a 1:1 chat offers a group chat instead", async () => {
    const renamed = locale === "ja" ? "火曜日の引き継ぎ" : "Tuesday handover";
    const openSettings = async (page: Page) => {
      await page.getByRole("button", { name: T.chatSettings.title, exact: true }).click();
      return page.getByRole("dialog", { name: T.chatSettings.title });
    };
    const settings = await openSettings(a);
    await settings.getByRole("listitem").filter({ hasText: cName }).waitFor();
    await settings.getByLabel(T.chatSettings.topic).fill(renamed);
    await settings.getByRole("button", { name: T.chatSettings.save }).click();
    await settings.getByText(fill(T.chatSettings.renamed, { topic: renamed })).waitFor();
    await expectAccessible(a, "chat settings");
    await shot(a, "chat-settings");
    await settings.getByRole("button", { name: T.common.close }).last().click();
    await chatHeading(a, renamed).waitFor();
    await chatLink(b, renamed).waitFor(LIVE);

    // C leaves: the chat goes from C's list; A's settings no longer list C.
    await chatHeading(c, renamed).waitFor(LIVE);
    const leaving = await openSettings(c);
    await leaving.getByRole("button", { name: T.chatSettings.leave }).click();
    await leaving.getByText(T.chatSettings.leaveConfirm).waitFor();
    await leaving.getByRole("button", { name: T.chatSettings.leaveNow }).click();
    await c.getByText(T.chatSettings.left).waitFor();
    await chatLink(c, renamed).waitFor({ state: "detached", ...LIVE });
    const after = await openSettings(a);
    await expect
      .poll(() => after.getByRole("listitem").filter({ hasText: cName }).count(), LIVE)
      .toBe(0);
    await after.getByRole("button", { name: T.common.close }).last().click();

    // B's 1:1 chat with A stays between the two: its settings start a group chat with A instead.
    await chatLink(b, ownerName).click();
    await chatHeading(b, ownerName).waitFor();
    const direct = await openSettings(b);
    await direct.getByText(fill(T.chatSettings.directHelp, { name: ownerName })).waitFor();
    expect(await direct.getByLabel(T.chatSettings.topic).count()).toBe(0);
    await direct.getByRole("button", { name: T.chatSettings.startGroup }).click();
    const start = b.getByRole("dialog", { name: T.newChat.title });
    await start
      .getByRole("button", { name: fill(T.newChat.remove, { name: ownerName }) })
      .waitFor();
    await expectAccessible(b, "new group chat from a 1:1 chat");
    await start.getByRole("button", { name: T.common.cancel }).click();
    await start.waitFor({ state: "detached" });
  });
});
