import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Locator, Page } from "playwright-core";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { organisationSteps } from "./support/organisation.ts";
import { browserStory, DESKTOP, expectAccessible, heading } from "./support/pages.ts";
import { teamSteps } from "./support/teams.ts";
import { fill, TEXT, type Locale } from "./support/text.ts";

const sha256 = (data: Buffer) => createHash("sha256").update(data).digest("hex");

/** Screenshots for a person to look at (the pages in each language); not compared by the test. */
const SHOTS = process.env.ENGAWA_E2E_SCREENSHOTS ?? path.join(tmpdir(), "engawa-e2e-screenshots");
mkdirSync(SHOTS, { recursive: true });

/**
 * Live changes and list refreshes arrive on their own; a test gives them a generous deadline and
 * fails only if they never come (no timing assertions). Membership changes are pushed; the lists
 * are also re-read every 120 s.
 */
const LIVE = { timeout: 60_000 };

/**
 * The chat in two browsers, in each language: the owner (A) creates a team and adds a member (B);
 * A's message reaches B's open page without a reload; B replies in a thread and A's page shows
 * the reply count; A attaches a file and drops a picture, and B downloads a file with the same
 * SHA-256 and sees the picture's preview; an edit and a deletion reach B live; A creates a private channel, adds B and
 * posts; then A removes B, B's page says access was lost, and B's API request for the channel's
 * history is refused. B's connection drops and what was posted meanwhile arrives once it is
 * back (resume after the last sequence number); what B sends while offline comes back into the box
 * with the reason, and is sent once B is back. B joins a public team. Axe finds no serious
 * violations on the chat page and its dialogs.
 */
describe.each(["ja", "en"] as Locale[])("chat, in %s", (locale) => {
  const T = TEXT[locale];
  const slug = `chat-${locale}`;
  const orgName = locale === "ja" ? "さくら総合病院" : "Sakura General Hospital";
  const ownerName = locale === "ja" ? "看護部長 陽子" : "Yoko Head Nurse";
  const memberName = locale === "ja" ? "看護師 翔" : "Sho Nurse";
  const ownerEmail = `owner@${slug}.example`;
  const memberEmail = `sho@${slug}.example`;
  const teamName = locale === "ja" ? "看護部" : "Nursing";
  const privateName = locale === "ja" ? "夜勤" : "Night shift";
  const first = locale === "ja" ? "本日の申し送りです。" : "Today's handover notes.";
  const second = locale === "ja" ? "3階の点検は完了。" : "Floor 3 checks are done.";
  const reply = locale === "ja" ? "了解しました。" : "Understood, thanks.";
  const secret = locale === "ja" ? "夜勤の連絡事項です。" : "Night shift notes.";
  const story = browserStory(locale, { context: DESKTOP });
  const { newPage } = story;
  const teams = teamSteps(locale);
  let a: Page;
  let b: Page;

  /** A channel's heading; a private channel's also says "Private channel" (its lock icon). */
  const channelHeading = (page: Page, name: string, isPrivate = false) =>
    page.getByRole("heading", {
      level: 2,
      name: isPrivate ? `${name} ${T.chat.privateChannel}` : name,
      exact: true,
    });
  const shot = (page: Page, name: string) =>
    page.screenshot({ path: path.join(SHOTS, `chat-${locale}-${name}.png`) });
  const nav = (page: Page, name: string) =>
    page.getByRole("navigation", { name: T.shell.navLabel }).getByRole("link", { name }).click();
  const steps = () => organisationSteps(story.server, locale);
  const signIn = (page: Page, email: string, name: string) =>
    steps().signIn(page, slug, email, name);
  const acceptInvite = (page: Page, url: string) => steps().acceptInvite(page, url);
  const messages = (page: Page, channel: string) =>
    page.getByRole("log", { name: fill(T.chat.messagesLabel, { channel }) });
  const item = (log: Locator, text: string) => log.getByRole("listitem").filter({ hasText: text });
  const post = async (page: Page, text: string) => {
    const box = page.getByLabel(T.chat.composerLabel, { exact: true });
    await box.fill(text);
    await box.press("Enter");
  };
  const teamMenu = (page: Page, entry: string) => teams.teamMenu(page, teamName, entry);
  const channelLink = (page: Page, name: string) =>
    page
      .getByRole("list", { name: fill(T.chat.channelsOf, { team: teamName }) })
      .getByRole("link", { name });

  it("sets up the organisation; the owner invites a member; both sign in", async () => {
    const setup = await newPage();
    const ownerInvite = await steps().setUp(setup, {
      name: orgName,
      slug,
      ownerEmail,
      ownerName,
    });

    a = await newPage();
    await acceptInvite(a, ownerInvite);
    await signIn(a, ownerEmail, ownerName);
    await nav(a, T.shell.users);
    const memberInvite = await steps().inviteMember(a, {
      email: memberEmail,
      name: memberName,
      role: "member",
    });

    b = await newPage();
    await acceptInvite(b, memberInvite);
    await signIn(b, memberEmail, memberName);
  });

  it("A creates a team and adds B; A's message reaches B's open page without a reload", async () => {
    await nav(a, T.shell.teams);
    await heading(a, T.chat.title).waitFor();
    await a.getByText(T.chat.noTeams).waitFor();
    await teams.createPrivateTeam(a, { name: teamName, description: orgName });
    await a.getByText(fill(T.createTeam.created, { team: teamName })).waitFor();
    await channelHeading(a, T.chat.general).waitFor();
    expect(await channelLink(a, T.chat.general).getAttribute("aria-current")).toBe("page");

    const members = await teams.addTeamMember(a, teamName, {
      name: memberName,
      email: memberEmail,
    });
    await members
      .getByRole("list", { name: T.teamMembers.listLabel })
      .getByText(memberName)
      .waitFor();
    await expectAccessible(a, "team members dialog");
    await shot(a, "team-members");
    await members.getByRole("button", { name: T.common.close }).last().click();

    await nav(b, T.shell.teams);
    await channelHeading(b, T.chat.general).waitFor();
    await messages(b, T.chat.general).getByText(T.chat.noMessages).waitFor();

    // Enter sends; Shift+Enter is a new line inside the message.
    const box = a.getByLabel(T.chat.composerLabel, { exact: true });
    await box.fill(first);
    await box.press("Shift+Enter");
    await box.pressSequentially(second);
    await box.press("Enter");
    await item(messages(a, T.chat.general), second).waitFor();
    await expect.poll(() => box.inputValue()).toBe("");
    const live = item(messages(b, T.chat.general), first);
    await live.waitFor(LIVE);
    expect(await live.textContent()).toContain(second);
    await live.getByText(ownerName).waitFor();
  });

  it("A attaches a file (button) and drops a picture; B downloads an identical file", async () => {
    const fileName = locale === "ja" ? "退院サマリー 山田様.pdf" : "Discharge summary.pdf";
    const content = Buffer.concat([
      Buffer.from("%PDF-1.7\n", "latin1"),
      randomBytes(300_000),
      Buffer.from(`\n${fileName}\n%%EOF\n`, "utf8"),
    ]);
    const note = locale === "ja" ? "サマリーを添付します。" : "Summary attached.";
    const [chooser] = await Promise.all([
      a.waitForEvent("filechooser"),
      a.getByRole("button", { name: T.files.attach, exact: true }).click(),
    ]);
    await chooser.setFiles({ name: fileName, mimeType: "text/html", buffer: content });
    await a
      .getByRole("progressbar", { name: fill(T.files.uploaded, { name: fileName }) })
      .waitFor();
    await post(a, note);
    const sent = item(messages(b, T.chat.general), note);
    await sent.waitFor(LIVE);
    const link = sent.getByRole("link", { name: fileName, exact: true });
    const [download] = await Promise.all([b.waitForEvent("download"), link.click()]);
    expect(download.suggestedFilename()).toBe(fileName);
    const saved = readFileSync(await download.path());
    expect(sha256(saved)).toBe(sha256(content));

    // Drag and drop onto the messages: a picture, shown to B with its preview.
    const picture = await sharp({
      create: { width: 640, height: 480, channels: 3, background: { r: 30, g: 144, b: 255 } },
    })
      .png()
      .toBuffer();
    const pictureName = locale === "ja" ? "創部の写真.png" : "wound-photo.png";
    const dropped = await a.evaluateHandle(
      ([name, bytes]) => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([new Uint8Array(bytes)], name, { type: "image/png" }));
        return transfer;
      },
      [pictureName, [...picture]] as const,
    );
    const log = messages(a, T.chat.general);
    await log.dispatchEvent("dragover", { dataTransfer: dropped });
    await log.dispatchEvent("drop", { dataTransfer: dropped });
    await a
      .getByRole("progressbar", { name: fill(T.files.uploaded, { name: pictureName }) })
      .waitFor();
    await expectAccessible(a, "composer with an attachment");
    await a.getByRole("button", { name: T.chat.send, exact: true }).click();
    const pictureLink = messages(b, T.chat.general).getByRole("link", {
      name: pictureName,
      exact: true,
    });
    await pictureLink.waitFor(LIVE);
    // The preview (the only picture in the channel) loaded: the server made and served it.
    const preview = messages(b, T.chat.general).locator("img");
    await expect
      .poll(() => preview.evaluate((img) => (img as HTMLImageElement).naturalWidth))
      .toBeGreaterThan(0);
    await expectAccessible(b, "messages with attachments");
    await shot(b, "attachments");
  });

  it("the channel's Files list both files; only A, who shared them, may delete; B's message loses the deleted picture live", async () => {
    const fileName = locale === "ja" ? "退院サマリー 山田様.pdf" : "Discharge summary.pdf";
    const pictureName = locale === "ja" ? "創部の写真.png" : "wound-photo.png";
    const filesOf = (page: Page) =>
      page.getByRole("list", { name: fill(T.files.listLabel, { channel: T.chat.general }) });
    await b.getByRole("button", { name: T.files.open, exact: true }).click();
    await heading(b, fill(T.files.panelHeading, { channel: T.chat.general }), 2).waitFor();
    await filesOf(b).getByRole("link", { name: fileName, exact: true }).waitFor();
    await filesOf(b).getByRole("link", { name: pictureName, exact: true }).waitFor();
    // B shared neither file and does not own the team: no way to delete them.
    expect(await filesOf(b).getByRole("button").count()).toBe(0);
    await expectAccessible(b, "files panel");
    // Escape closes the panel and puts the keyboard back on the button that opened it.
    await b.keyboard.press("Escape");
    const filesButton = b.getByRole("button", { name: T.files.open, exact: true });
    await expect.poll(() => filesButton.evaluate((el) => el === document.activeElement)).toBe(true);

    await a.getByRole("button", { name: T.files.open, exact: true }).click();
    await filesOf(a)
      .getByRole("button", { name: fill(T.files.deleteNamed, { name: pictureName }) })
      .click();
    const confirm = a.getByRole("dialog", {
      name: fill(T.files.deleteTitle, { name: pictureName }),
    });
    await expectAccessible(a, "delete file dialog");
    await shot(a, "files-delete");
    await confirm.getByRole("button", { name: T.files.delete, exact: true }).click();
    await a.getByText(fill(T.files.deleted, { name: pictureName })).waitFor();
    await expect.poll(() => filesOf(a).getByRole("listitem").count()).toBe(1);
    await shot(a, "files");
    await a.getByRole("button", { name: T.files.close }).click();
    // The message that carried the picture changes on B's open page: the picture is gone.
    await messages(b, T.chat.general)
      .getByRole("link", { name: pictureName, exact: true })
      .waitFor({ state: "detached", ...LIVE });
    await messages(b, T.chat.general).getByRole("link", { name: fileName, exact: true }).waitFor();
    // It carried nothing else, so it says its files were deleted.
    await messages(b, T.chat.general).getByText(T.files.goneFromMessage).waitFor();
  });

  it("B replies in a thread and A sees the reply count; edits and deletions reach B live", async () => {
    await item(messages(b, T.chat.general), first)
      .getByRole("button", { name: T.chat.reply })
      .click();
    const thread = b.getByRole("complementary", { name: T.chat.thread });
    await thread.getByText(T.chat.noReplies).waitFor();
    const replyBox = thread.getByLabel(T.chat.replyLabel, { exact: true });
    await replyBox.fill(reply);
    await replyBox.press("Enter");
    await thread.getByRole("log", { name: T.chat.repliesLabel }).getByText(reply).waitFor();

    const count = fill(T.chat.replies_one, { count: "1" });
    await item(messages(a, T.chat.general), first)
      .getByRole("button", { name: count })
      .waitFor(LIVE);
    await item(messages(a, T.chat.general), first).getByRole("button", { name: count }).click();
    const aThread = a.getByRole("complementary", { name: T.chat.thread });
    await aThread.getByText(reply).waitFor();
    await expectAccessible(a, "chat page with a thread");
    await shot(a, "thread");
    await aThread.getByRole("button", { name: T.chat.closeThread }).click();

    // A edits a message: B sees the new words and "Edited".
    const edited =
      locale === "ja" ? "訂正: 4階も点検済みです。" : "Correction: floor 4 is checked too.";
    await post(a, locale === "ja" ? "4階は未点検です。" : "Floor 4 is not checked yet.");
    const mine = item(
      messages(a, T.chat.general),
      locale === "ja" ? "4階は未点検" : "Floor 4 is not",
    );
    await mine.getByRole("button", { name: T.chat.messageOptions }).click();
    await a.getByRole("menuitem", { name: T.chat.edit }).click();
    const editor = messages(a, T.chat.general).getByLabel(T.chat.editLabel, { exact: true });
    await editor.fill(edited);
    await editor.press("Enter");
    const bEdited = item(messages(b, T.chat.general), edited);
    await bEdited.waitFor(LIVE);
    await bEdited.getByText(T.chat.edited, { exact: true }).waitFor();

    // A deletes it: B sees the tombstone in its place.
    await item(messages(a, T.chat.general), edited)
      .getByRole("button", { name: T.chat.messageOptions })
      .click();
    await a.getByRole("menuitem", { name: T.chat.delete }).click();
    const confirm = a.getByRole("dialog", { name: T.chat.deleteTitle });
    await confirm.getByRole("button", { name: T.chat.delete }).click();
    await messages(b, T.chat.general).getByText(T.chat.deleted).waitFor(LIVE);
    expect(await messages(b, T.chat.general).getByText(edited).count()).toBe(0);
    await shot(b, "general");
  });

  it("B's connection drops; what A posts meanwhile arrives once B is back", async () => {
    await b.context().setOffline(true);
    await b.getByText(T.chat.live.reconnecting).waitFor(LIVE);
    const meanwhile =
      locale === "ja" ? "接続が切れている間の連絡です。" : "Posted while B was offline.";
    await post(a, meanwhile);
    await item(messages(a, T.chat.general), meanwhile).waitFor();
    await shot(b, "reconnecting");

    // What B sends while offline is refused and comes back into the box with the reason.
    const unsent = locale === "ja" ? "オフライン中に書いた返事です。" : "Written while offline.";
    const box = b.getByLabel(T.chat.composerLabel, { exact: true });
    await post(b, unsent);
    await b.getByRole("alert").getByText(T.errors.network_error).waitFor();
    await expect.poll(() => box.inputValue()).toBe(unsent);

    await b.context().setOffline(false);
    await item(messages(b, T.chat.general), meanwhile).waitFor(LIVE);
    expect(await item(messages(b, T.chat.general), meanwhile).count()).toBe(1);
    await b.getByText(T.chat.live.reconnecting).waitFor({ state: "detached", ...LIVE });
    await box.press("Enter");
    await item(messages(a, T.chat.general), unsent).waitFor(LIVE);
    await expect.poll(() => box.inputValue()).toBe("");
  });

  it("A mentions B with the @ picker; B's Activity counts it, and opening it leads to the channel", async () => {
    const box = a.getByLabel(T.chat.composerLabel, { exact: true });
    await box.fill("");
    await box.pressSequentially(`@${memberName.slice(0, 2)}`);
    const picker = a.getByRole("listbox", { name: T.chat.mention.listLabel });
    await picker.getByRole("option", { name: memberName }).waitFor();
    expect(await box.getAttribute("aria-activedescendant")).toBeTruthy();
    await expectAccessible(a, "mention picker");
    await shot(a, "mention-picker");
    await box.press("Enter"); // picks the highlighted person; does not send
    await picker.waitFor({ state: "detached" });
    const ask = locale === "ja" ? "点滴の確認をお願いします。" : "please check the drip.";
    await box.pressSequentially(ask);
    expect(await box.inputValue()).toBe(`@${memberName} ${ask}`);
    await box.press("Enter");
    await item(messages(a, T.chat.general), ask).waitFor();

    const unreadOne = b.getByRole("button", {
      name: new RegExp(
        `^${T.activity.title}\\s*${fill(T.activity.unread_one, { count: "1" }).replace(/[()（）]/g, ".")}$`,
      ),
    });
    await unreadOne.waitFor(LIVE);
    const mentioned = item(messages(b, T.chat.general), ask);
    await mentioned.waitFor(LIVE);
    await mentioned.getByText(`@${memberName}`, { exact: true }).waitFor();
    await unreadOne.click();
    const activity = b.getByRole("region", { name: T.activity.title });
    // The entry's name starts with what happened (a substring match).
    const entry = activity.getByRole("button", {
      name: fill(T.activity.mentionedYou, { name: ownerName, channel: T.chat.general }),
    });
    await entry.waitFor();
    await expectAccessible(b, "activity panel");
    await shot(b, "activity");
    await entry.press("Enter");
    await activity.waitFor({ state: "detached" });
    await channelHeading(b, T.chat.general).waitFor();
    // Read now: the button says no more than its name.
    await b.getByRole("button", { name: T.activity.title, exact: true }).waitFor();
  });

  it("B searches for a word inside a message and finds it marked; choosing it opens the channel", async () => {
    const word = locale === "ja" ? "申し送り" : "handover";
    const box = b.getByRole("searchbox", { name: T.search.label });
    await box.fill(word);
    await box.press("Enter");
    const results = b.getByRole("region", { name: fill(T.search.resultsFor, { query: word }) });
    const found = results
      .getByRole("list", { name: T.search.listLabel })
      .getByRole("button")
      .filter({ hasText: first });
    await found.waitFor();
    expect(await found.locator("mark").allTextContents()).toEqual([word]);
    await expectAccessible(b, "search results");
    await shot(b, "search");
    await found.click();
    await results.waitFor({ state: "detached" });
    await channelHeading(b, T.chat.general).waitFor();
    // A word nobody wrote finds nothing, and says so.
    await box.fill(locale === "ja" ? "存在しない語句" : "nonexistentword");
    await box.press("Enter");
    await b.getByText(T.search.none).waitFor();
    // Symbols alone are not a word: the panel says what to type, and the box keeps the text.
    await box.fill("！？");
    await box.press("Enter");
    await b.getByText(T.search.needWord).waitFor();
    expect(await box.inputValue()).toBe("！？");
    await b.getByRole("button", { name: T.search.close }).click();
  });

  it("B reacts to A's message; A sees who reacted, live, and B takes it back", async () => {
    const target = item(messages(b, T.chat.general), first);
    await target.getByRole("button", { name: T.reactions.react }).click();
    await b.getByRole("menuitem", { name: T.reactions.names.like }).click();
    // Japanese has no singular form: i18next uses "_other" for every count.
    const chipName = fill(locale === "ja" ? T.reactions.chip_other : T.reactions.chip_one, {
      reaction: T.reactions.names.like,
      count: "1",
      names: memberName,
    });
    const onA = item(messages(a, T.chat.general), first).getByRole("button", { name: chipName });
    await onA.waitFor(LIVE);
    expect(await onA.getAttribute("aria-pressed")).toBe("false");
    const onB = target.getByRole("button", { name: chipName });
    expect(await onB.getAttribute("aria-pressed")).toBe("true");
    await expectAccessible(b, "reactions");
    await shot(a, "reactions");
    await onB.click();
    await onA.waitFor({ state: "detached", ...LIVE });
  });

  it("A starts typing; B sees that A is typing, until A's message arrives", async () => {
    const box = a.getByLabel(T.chat.composerLabel, { exact: true });
    const typed = locale === "ja" ? "確認します" : "checking";
    await box.pressSequentially(typed);
    const note = b.getByText(fill(T.typing.one, { name: ownerName }));
    await note.waitFor(LIVE);
    await box.press("Enter");
    // The message and the note's end come together (the note would otherwise stay a few seconds).
    await item(messages(b, T.chat.general), typed).waitFor(LIVE);
    expect(await note.count()).toBe(0);
  });

  it("A creates a private channel, adds B and posts; B finds it with an unread badge", async () => {
    await teamMenu(a, T.chat.addChannel);
    const add = a.getByRole("dialog", { name: fill(T.addChannel.title, { team: teamName }) });
    await add.getByLabel(T.addChannel.name).fill(privateName);
    await add.getByRole("radio", { name: T.addChannel.private }).check();
    await expectAccessible(a, "add channel dialog");
    await add.getByRole("button", { name: T.addChannel.submit }).click();
    await channelHeading(a, privateName, true).waitFor();

    await teams.addChannelMember(a, privateName, memberName);
    await post(a, secret);
    await item(messages(a, privateName), secret).waitFor();

    // B's open page learns of the channel by itself (the lists are re-read), marked private.
    const link = channelLink(b, privateName);
    await link.waitFor(LIVE);
    await link.getByRole("img", { name: T.chat.privateChannel }).waitFor();
    await link.getByText(fill(T.chat.unread, { count: "1" })).waitFor(LIVE);
    await link.click();
    await item(messages(b, privateName), secret).waitFor();
    await expectAccessible(b, "private channel");
    await shot(b, "private-channel");
  });

  it("A removes B from the private channel: B's page says so and the server refuses B", async () => {
    const channelId = new URL(b.url()).pathname.split("/")[3] ?? "";
    expect(channelId).toMatch(/^[0-9a-f-]{36}$/);
    await teams.removeChannelMember(a, privateName, memberName);

    await b.getByText(T.chat.accessLost).waitFor(LIVE);
    expect(await b.getByText(secret).count()).toBe(0);
    const history = await b.request.get(
      `${story.server.url}/api/t/${slug}/channels/${channelId}/messages`,
    );
    expect([403, 404]).toContain(history.status());
    await channelLink(b, privateName).waitFor({ state: "detached", ...LIVE });
    await expectAccessible(b, "access lost");
    await shot(b, "access-lost");
  });

  it("A creates a public team; B finds it among the teams to join and joins", async () => {
    const publicName = locale === "ja" ? "病院全体" : "Whole hospital";
    await a.getByRole("button", { name: T.chat.createTeam }).click();
    const create = a.getByRole("dialog", { name: T.createTeam.title });
    await create.getByLabel(T.createTeam.name).fill(publicName);
    expect(await create.getByRole("radio", { name: T.createTeam.public }).isChecked()).toBe(true);
    await create.getByRole("button", { name: T.createTeam.submit }).click();
    await a.getByText(fill(T.createTeam.created, { team: publicName })).waitFor();

    const join = b.getByRole("button", { name: fill(T.chat.joinNamed, { team: publicName }) });
    await join.waitFor(LIVE);
    await b.getByRole("heading", { level: 2, name: T.chat.joinable }).waitFor();
    await shot(b, "joinable");
    await join.click();
    await b.getByText(fill(T.chat.joined, { team: publicName })).waitFor();
    await b
      .getByRole("list", { name: fill(T.chat.channelsOf, { team: publicName }) })
      .getByRole("link", { name: T.chat.general })
      .waitFor();
    expect(await join.count()).toBe(0);
  });
});
