import { mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { teamSteps } from "./support/teams.ts";
import { freshCode } from "./support/totp.ts";
import { organisationSteps, PASSWORD } from "./support/organisation.ts";
import { browserStory, expectAccessible, titleContaining } from "./support/pages.ts";
import { fill, TEXT, type Locale } from "./support/text.ts";

const SHOTS = process.env.ENGAWA_E2E_SCREENSHOTS ?? path.join(tmpdir(), "engawa-e2e-screenshots");
mkdirSync(SHOTS, { recursive: true });

/**
 * The work-context acceptance line, in each language: an admin takes the generic labels and
 * switches on "ask people where they work"; a team is labelled 極秘 (strictly confidential). A
 * member who has not said where they are, or says "public place", sees the channel's title only
 * and a notice saying why — not its messages; saying "private room" asks for the second factor
 * (step-up, without leaving the page), and the channel opens with its messages, live. Saying
 * "public place" again closes it at once.
 */
describe.each(["ja", "en"] as Locale[])("declared work context, in %s", (locale) => {
  const T = TEXT[locale];
  const slug = `wc-${locale}`;
  const orgName = locale === "ja" ? "さくら在宅勤務社" : "Sakura Remote Works";
  const ownerName = locale === "ja" ? "総務 管理子" : "Kanako Admin";
  const memberName = locale === "ja" ? "在宅 花子" : "Hanako Remote";
  const ownerEmail = `owner@${slug}.example`;
  const memberEmail = `hanako@${slug}.example`;
  const teamName = locale === "ja" ? "人事評価" : "Performance reviews";
  const secretLabel = locale === "ja" ? "極秘" : "Strictly confidential";
  const firstPost = locale === "ja" ? "評価面談の日程です" : "Review meeting schedule";
  const livePost = locale === "ja" ? "面談は 15 時からです" : "The review starts at 3 pm";
  const story = browserStory(locale);
  const steps = () => organisationSteps(story.server, locale);
  let ownerPage: Page;
  let memberPage: Page;
  let memberSecret = "";
  let ownerSecret = "";
  const used = new Set<string>();

  /** Sets up an authenticator app on the Security page; answers its secret. */
  const enrollTotp = async (page: Page): Promise<string> => {
    await nav(page, T.shell.security);
    await page.getByRole("button", { name: T.mfa.totpStart }).click();
    const secret = await page.getByLabel(T.mfa.secretLabel, { exact: true }).inputValue();
    await page.getByLabel(T.mfa.confirmLabel, { exact: true }).fill(await freshCode(secret, used));
    await page.getByRole("button", { name: T.mfa.confirmSubmit }).click();
    await page.getByRole("button", { name: T.mfa.codesSaved }).click();
    await page.getByRole("button", { name: T.mfa.totpRemove }).waitFor();
    return secret;
  };
  /** Says "private room" and confirms with password and code in the step-up dialog. */
  const privateRoom = async (page: Page, secret: string) => {
    await place(page).selectOption({ label: T.workContext.contexts.private });
    const dialog = page.getByRole("alertdialog", { name: T.stepUp.title });
    await dialog.waitFor();
    await dialog.getByText(T.errors.mfa_required).waitFor();
    await dialog.getByLabel(T.common.password, { exact: true }).fill(PASSWORD);
    await dialog
      .getByLabel(T.verify.codeLabel, { exact: true })
      .fill(await freshCode(secret, used));
    await dialog.getByRole("button", { name: T.stepUp.submit }).click();
    await dialog.waitFor({ state: "detached" });
  };

  const shot = (page: Page, name: string) =>
    page.screenshot({ path: path.join(SHOTS, `wc-${locale}-${name}.png`), fullPage: true });
  const nav = (page: Page, name: string) =>
    page
      .getByRole("navigation", { name: T.shell.navLabel })
      .getByRole("link", { name, exact: true })
      .click();
  const messages = (page: Page) =>
    page.getByRole("log", { name: fill(T.chat.messagesLabel, { channel: T.chat.general }) });
  const post = async (page: Page, text: string) => {
    const box = page.getByLabel(T.chat.composerLabel, { exact: true });
    await box.fill(text);
    await box.press("Enter");
  };
  const place = (page: Page): Locator =>
    page.getByRole("combobox", { name: T.workContext.label, exact: true });
  const notice = (page: Page, restriction: "title_only" | "work_context_denied", where: string) =>
    page.getByText(fill(T.workContext[restriction], { label: secretLabel, place: where }));
  const openTeam = async (page: Page) => {
    await nav(page, T.shell.teams);
    await page.getByRole("link", { name: T.chat.general }).first().click();
  };

  it("sets up a company whose owner and member have an authenticator app", async () => {
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
    memberSecret = await enrollTotp(memberPage);
    ownerSecret = await enrollTotp(ownerPage);
  });

  it("the admin takes the generic labels and asks people where they work", async () => {
    await nav(ownerPage, T.shell.conditionalAccess);
    await titleContaining(ownerPage, T.ca.title).waitFor();
    await ownerPage.getByRole("tab", { name: T.labels.tab }).click();
    await ownerPage
      .getByRole("combobox", { name: T.labels.preset })
      .selectOption({ label: T.labels.presets.generic });
    await ownerPage.getByRole("button", { name: T.labels.save }).click();
    await ownerPage.getByText(T.labels.saved).waitFor();
    // Saved, each label has its row: the most sensitive is refused in a public place.
    const publicAccess = ownerPage.getByRole("combobox", {
      name: `${fill(T.labels.matrixLabel, { label: secretLabel, place: T.workContext.contexts.public })}: ${T.labels.access}`,
      exact: true,
    });
    expect(await publicAccess.inputValue()).toBe("deny");
    const privateStepUp = ownerPage.getByRole("combobox", {
      name: `${fill(T.labels.matrixLabel, { label: secretLabel, place: T.workContext.contexts.private })}: ${T.labels.stepUp}`,
      exact: true,
    });
    expect(await privateStepUp.inputValue()).toBe("mfa");
    await ownerPage.getByRole("switch", { name: T.labels.matrixEnabled, exact: true }).check();
    await expectAccessible(ownerPage, "label × work-context matrix");
    await ownerPage.getByRole("button", { name: T.labels.save }).click();
    await ownerPage.getByText(T.labels.saved).waitFor();
    await shot(ownerPage, "matrix");

    await nav(ownerPage, T.shell.teams);
    await teamSteps(locale).createPrivateTeam(ownerPage, { name: teamName });
    const members = await teamSteps(locale).addTeamMember(ownerPage, teamName, {
      name: memberName,
      email: memberEmail,
    });
    await members.getByRole("button", { name: T.common.close }).last().click();
    await post(ownerPage, firstPost);
    await messages(ownerPage).getByText(firstPost).waitFor();
    await teamSteps(locale).teamMenu(ownerPage, teamName, T.chat.members);
    await members
      .getByRole("combobox", { name: T.labels.teamLabel })
      .selectOption({ label: secretLabel });
    await members.getByText(fill(T.labels.teamSet, { label: secretLabel })).waitFor();
    await members.getByRole("button", { name: T.common.close }).last().click();
    // The owner has not said where they are either: the label closes the channel to them too,
    // until they say "private room" and confirm.
    await notice(ownerPage, "work_context_denied", T.workContext.contexts.public).waitFor();
    await privateRoom(ownerPage, ownerSecret);
    await messages(ownerPage).getByText(firstPost).waitFor();
  });

  it("not said, or in a public place, the 極秘 channel shows its title and why, not its messages", async () => {
    await openTeam(memberPage);
    expect(await place(memberPage).inputValue()).toBe("");
    await notice(memberPage, "work_context_denied", T.workContext.contexts.public).waitFor();
    await memberPage.getByRole("heading", { name: T.chat.general }).first().waitFor();
    expect(await messages(memberPage).count()).toBe(0);
    await expectAccessible(memberPage, "restricted channel");
    await shot(memberPage, "denied");

    // The button brings the person to the place picker (keyboard: it takes focus).
    await memberPage.getByRole("button", { name: T.workContext.change }).click();
    expect(await place(memberPage).evaluate((el) => el === document.activeElement)).toBe(true);
    await place(memberPage).selectOption({ label: T.workContext.contexts.public });
    await expect.poll(() => place(memberPage).inputValue()).toBe("public");
    await notice(memberPage, "work_context_denied", T.workContext.contexts.public).waitFor();
    expect(await messages(memberPage).count()).toBe(0);
  });

  it("in a private room, after the second factor, the channel opens with its messages, live", async () => {
    await privateRoom(memberPage, memberSecret);
    await messages(memberPage).getByText(firstPost).waitFor();
    await expect.poll(() => place(memberPage).inputValue()).toBe("private");
    await shot(memberPage, "open");

    await post(ownerPage, livePost);
    await messages(memberPage).getByText(livePost).waitFor();
  });

  it("saying “public place” again closes the channel at once", async () => {
    await place(memberPage).selectOption({ label: T.workContext.contexts.public });
    await expect.poll(() => place(memberPage).inputValue()).toBe("public");
    await notice(memberPage, "work_context_denied", T.workContext.contexts.public).waitFor();
    expect(await memberPage.getByText(livePost).count()).toBe(0);
  });

  it("the admin lets 極秘 open view-only with a watermark in a shared space; the member sees it", async () => {
    await nav(ownerPage, T.shell.conditionalAccess);
    await titleContaining(ownerPage, T.ca.title).waitFor();
    await ownerPage.getByRole("tab", { name: T.labels.tab }).click();
    const shared = fill(T.labels.matrixLabel, {
      label: secretLabel,
      place: T.workContext.contexts.shared,
    });
    await ownerPage
      .getByRole("combobox", { name: `${shared}: ${T.labels.stepUp}`, exact: true })
      .selectOption("none");
    await ownerPage.getByRole("button", { name: T.labels.save }).click();
    await ownerPage.getByText(T.labels.saved).waitFor();

    await place(memberPage).selectOption({ label: T.workContext.contexts.shared });
    await expect.poll(() => place(memberPage).inputValue()).toBe("shared");
    await messages(memberPage).getByText(livePost).waitFor();
    await memberPage.getByTestId("watermark").first().waitFor();
    expect(await memberPage.getByTestId("watermark").first().getAttribute("data-text")).toContain(
      memberEmail,
    );
    // Read afresh: after the step-up dialog, Fluent's focus manager leaves focusable sentinels
    // on <body> that axe reports (aria-hidden-focus), which are not this view's.
    await memberPage.reload();
    await messages(memberPage).getByText(livePost).waitFor();
    await memberPage.getByTestId("watermark").first().waitFor();
    await expectAccessible(memberPage, "watermarked channel");
    await shot(memberPage, "watermark");
  });

  it("What-If shows what the matrix gives a label where the person says they are", async () => {
    await ownerPage.getByRole("tab", { name: T.ca.whatIfTab }).click();
    await ownerPage
      .getByRole("combobox", { name: T.ca.whatIf.user, exact: true })
      .selectOption({ label: `${memberName} (${memberEmail})` });
    await ownerPage.getByLabel(T.ca.whatIf.ip, { exact: true }).fill("192.0.2.10");
    await ownerPage
      .getByRole("combobox", { name: T.ca.whatIf.label, exact: true })
      .selectOption({ label: secretLabel });
    await ownerPage
      .getByRole("combobox", { name: T.workContext.label, exact: true })
      .selectOption({ label: T.workContext.contexts.public });
    await ownerPage.getByRole("button", { name: T.ca.whatIf.run }).click();
    await ownerPage
      .getByText(
        fill(T.ca.whatIf.matrixCell, {
          access: T.labels.accessOptions.deny,
          stepUp: T.labels.stepUpOptions.none,
          watermark: T.ca.whatIf.withoutWatermark,
        }),
      )
      .waitFor();
    await expectAccessible(ownerPage, "what-if with a place");
  });
});
