import { mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { teamSteps } from "./support/teams.ts";
import { organisationSteps } from "./support/organisation.ts";
import { browserStory, expectAccessible, titleContaining } from "./support/pages.ts";
import { fill, TEXT, type Locale } from "./support/text.ts";

const SHOTS = process.env.ENGAWA_E2E_SCREENSHOTS ?? path.join(tmpdir(), "engawa-e2e-screenshots");
mkdirSync(SHOTS, { recursive: true });

/**
 * Labels on a channel and on a file, in each language. A team carries no label; its owner (working
 * from a private room) labels one channel and one file shared in the unlabelled General channel
 * 機密 (confidential), from the channel's header and its Files panel, and is told so in words. A
 * member who has not said where they work (a public place) then sees the labelled channel's title
 * only, with the reason, while General stays open; there the file is listed with its label but
 * offered for download neither in the Files panel nor on its message. Once the owner takes the
 * file's label off, the member downloads it from its link.
 */
describe.each(["ja", "en"] as Locale[])("labels on channels and files, in %s", (locale) => {
  const T = TEXT[locale];
  const slug = `cl-${locale}`;
  const orgName = locale === "ja" ? "さくら中学校" : "Sakura Junior High";
  const ownerName = locale === "ja" ? "教頭 管理子" : "Kanako Deputy";
  const memberName = locale === "ja" ? "担任 花子" : "Hanako Teacher";
  const ownerEmail = `owner@${slug}.example`;
  const memberEmail = `hanako@${slug}.example`;
  const teamName = locale === "ja" ? "2年1組" : "Class 2-1";
  const channelName = locale === "ja" ? "成績" : "Grades";
  const confidential = locale === "ja" ? "機密" : "Confidential";
  const gradesPost = locale === "ja" ? "期末テストの結果です" : "End-of-term results";
  const fileName = locale === "ja" ? "面談記録.txt" : "Interview notes.txt";
  const story = browserStory(locale);
  const steps = () => organisationSteps(story.server, locale);
  let ownerPage: Page;
  let memberPage: Page;

  const shot = (page: Page, name: string) =>
    page.screenshot({ path: path.join(SHOTS, `cl-${locale}-${name}.png`), fullPage: true });
  const nav = (page: Page, name: string) =>
    page
      .getByRole("navigation", { name: T.shell.navLabel })
      .getByRole("link", { name, exact: true })
      .click();
  const messages = (page: Page, channel: string) =>
    page.getByRole("log", { name: fill(T.chat.messagesLabel, { channel }) });
  const place = (page: Page): Locator =>
    page.getByRole("combobox", { name: T.workContext.label, exact: true });
  const openChannel = async (page: Page, name: string) => {
    await nav(page, T.shell.teams);
    await page.getByRole("link", { name }).first().click();
    await page.getByRole("heading", { name, exact: true }).first().waitFor();
  };
  const channelLabel = (page: Page, name: string) =>
    page.getByRole("combobox", { name: fill(T.labels.channelLabel, { name }), exact: true });

  it("sets up a school whose deputy head asks people where they work", async () => {
    const setup = await story.newPage();
    const ownerLink = await steps().setUp(setup, { name: orgName, slug, ownerEmail, ownerName });
    ownerPage = await story.newPage();
    await steps().acceptInvite(ownerPage, ownerLink);
    await steps().signIn(ownerPage, slug, ownerEmail, ownerName);
    await nav(ownerPage, T.shell.users);
    const memberLink = await steps().inviteMember(ownerPage, {
      email: memberEmail,
      name: memberName,
      role: "member",
    });
    memberPage = await story.newPage();
    await steps().acceptInvite(memberPage, memberLink);
    await steps().signIn(memberPage, slug, memberEmail, memberName);

    await nav(ownerPage, T.shell.conditionalAccess);
    await titleContaining(ownerPage, T.ca.title).waitFor();
    await ownerPage.getByRole("tab", { name: T.labels.tab }).click();
    await ownerPage
      .getByRole("combobox", { name: T.labels.preset })
      .selectOption({ label: T.labels.presets.generic });
    await ownerPage.getByRole("switch", { name: T.labels.matrixEnabled, exact: true }).check();
    await ownerPage.getByRole("button", { name: T.labels.save }).click();
    await ownerPage.getByText(T.labels.saved).waitFor();

    await nav(ownerPage, T.shell.teams);
    await teamSteps(locale).createPrivateTeam(ownerPage, { name: teamName });
    const members = await teamSteps(locale).addTeamMember(ownerPage, teamName, {
      name: memberName,
      email: memberEmail,
    });
    await members.getByRole("button", { name: T.common.close }).last().click();
    await teamSteps(locale).createChannel(ownerPage, teamName, channelName);
    // The deputy head works from a private room: a 機密 channel stays open to them.
    await place(ownerPage).selectOption({ label: T.workContext.contexts.private });
    await expect.poll(() => place(ownerPage).inputValue()).toBe("private");
  });

  it("the team's owner labels a channel 機密 from its header, and is told so", async () => {
    await openChannel(ownerPage, channelName);
    const box = ownerPage.getByLabel(T.chat.composerLabel, { exact: true });
    await box.fill(gradesPost);
    await box.press("Enter");
    await messages(ownerPage, channelName).getByText(gradesPost).waitFor();
    const picker = channelLabel(ownerPage, channelName);
    expect(await picker.inputValue()).toBe("");
    await picker.selectOption({ label: confidential });
    await ownerPage
      .getByText(fill(T.labels.channelSet, { name: channelName, label: confidential }))
      .waitFor();
    // The label is shown beside the channel's name, and the messages stay open (private room).
    await ownerPage.getByText(confidential, { exact: true }).first().waitFor();
    await messages(ownerPage, channelName).getByText(gradesPost).waitFor();
    await expectAccessible(ownerPage, "channel header with its label");
    await shot(ownerPage, "channel-labelled");
  });

  it("labels a file 機密 in the Files panel of the unlabelled General channel", async () => {
    await openChannel(ownerPage, T.chat.general);
    const [chooser] = await Promise.all([
      ownerPage.waitForEvent("filechooser"),
      ownerPage.getByRole("button", { name: T.files.attach, exact: true }).click(),
    ]);
    await chooser.setFiles({
      name: fileName,
      mimeType: "text/plain",
      buffer: Buffer.from("面談の記録 / interview notes\n"),
    });
    await ownerPage
      .getByRole("progressbar", { name: fill(T.files.uploaded, { name: fileName }) })
      .waitFor();
    const box = ownerPage.getByLabel(T.chat.composerLabel, { exact: true });
    await box.fill(fileName);
    await box.press("Enter");
    await ownerPage.getByRole("button", { name: T.files.open, exact: true }).click();
    const panel = ownerPage.locator("#files-panel");
    const picker = panel.getByRole("combobox", {
      name: fill(T.labels.fileLabel, { name: fileName }),
      exact: true,
    });
    await picker.selectOption({ label: confidential });
    await panel
      .getByText(fill(T.labels.fileSet, { name: fileName, label: confidential }))
      .waitFor();
    // Read again from the server: the picker shows the file's own label.
    await expect
      .poll(() => picker.evaluate((el: HTMLSelectElement) => el.selectedOptions[0]?.text))
      .toBe(confidential);
    await expectAccessible(ownerPage, "files panel with a labelled file");
    await shot(ownerPage, "file-labelled");
  });

  it("in a public place the member sees the 機密 channel's title only, while General stays open", async () => {
    await openChannel(memberPage, channelName);
    await memberPage
      .getByText(
        fill(T.workContext.title_only, {
          label: confidential,
          place: T.workContext.contexts.public,
        }),
      )
      .waitFor();
    expect(await messages(memberPage, channelName).count()).toBe(0);
    expect(await memberPage.getByText(gradesPost).count()).toBe(0);
    // A member who is not the team's owner is shown the label, not a picker.
    expect(await channelLabel(memberPage, channelName).count()).toBe(0);
    await memberPage.getByText(confidential, { exact: true }).first().waitFor();
    await expectAccessible(memberPage, "channel restricted by its own label");
    await shot(memberPage, "channel-title-only");

    await openChannel(memberPage, T.chat.general);
    await messages(memberPage, T.chat.general).getByText(fileName).first().waitFor();
    // The 機密 file is listed with its label; in a public place it is not offered for download,
    // neither in the Files panel nor on the message that carried it (the server refuses it too).
    await memberPage.getByRole("button", { name: T.files.open, exact: true }).click();
    const panel = memberPage.locator("#files-panel");
    await panel.getByText(confidential, { exact: true }).first().waitFor();
    await panel.getByText(T.files.viewOnly).waitFor();
    expect(await panel.getByRole("link", { name: fileName }).count()).toBe(0);
    const attached = memberPage.getByRole("list", { name: T.files.attachedLabel });
    await attached.getByText(T.files.viewOnly).waitFor();
    expect(await attached.getByRole("link", { name: fileName }).count()).toBe(0);
    await expectAccessible(memberPage, "files panel, view only");
    await shot(memberPage, "file-view-only");
  });

  it("once the owner takes the file's label off, the member downloads it from its link", async () => {
    const ownerPanel = ownerPage.locator("#files-panel");
    await ownerPanel
      .getByRole("combobox", { name: fill(T.labels.fileLabel, { name: fileName }), exact: true })
      .selectOption({ label: T.labels.none });
    await ownerPanel.getByText(fill(T.labels.fileCleared, { name: fileName })).waitFor();

    await openChannel(memberPage, channelName);
    await openChannel(memberPage, T.chat.general);
    await memberPage.getByRole("button", { name: T.files.open, exact: true }).click();
    const link = memberPage
      .locator("#files-panel")
      .getByRole("link", { name: fileName, exact: true });
    const [download] = await Promise.all([memberPage.waitForEvent("download"), link.click()]);
    expect(download.suggestedFilename()).toBe(fileName);
  });

  it("raised to 極秘, the channel asks the owner for a second factor they have not set up, and says where to set one up", async () => {
    const strict = locale === "ja" ? "極秘" : "Strictly confidential";
    await openChannel(ownerPage, channelName);
    await channelLabel(ownerPage, channelName).selectOption({ label: strict });
    // 極秘 in a private room asks for a second factor; a password alone cannot give one, so the
    // dialog says what to set up and where, rather than asking for the password in vain.
    const dialog = ownerPage.getByRole("alertdialog", { name: T.stepUp.title });
    await dialog.getByText(T.stepUp.needsFactor).waitFor();
    expect(await dialog.getByLabel(T.common.password, { exact: true }).count()).toBe(0);
    await expectAccessible(ownerPage, "step-up without a second factor");
    await shot(ownerPage, "needs-factor");
    await dialog.getByRole("button", { name: T.common.close, exact: true }).click();
    await dialog.waitFor({ state: "detached" });
    // Where the dialog said: Sign-in and security, where an authenticator app is set up.
    await nav(ownerPage, T.shell.security);
    await ownerPage.getByRole("button", { name: T.mfa.totpStart }).waitFor();
  });
});
