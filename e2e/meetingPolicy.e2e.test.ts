import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { organisationSteps } from "./support/organisation.ts";
import { browserStory, DESKTOP, expectAccessible, titleContaining } from "./support/pages.ts";
import { fill, TEXT, type Locale } from "./support/text.ts";

/**
 * The organisation's meeting policy in Settings, in each language (issue "Meetings": who bypasses
 * the lobby, whether organisers may change it, anonymous joins, who may present): the owner
 * applies the hospital preset with one click and saves; it holds after a reload, the schedule
 * dialog shows the organisation's option with the others locked, the server joins by it
 * (someone without an account is refused at the door), and axe finds nothing serious.
 */
describe.each(["ja", "en"] as Locale[])("the meeting policy, in %s", (locale) => {
  const T = TEXT[locale];
  const slug = `meeting-policy-${locale}`;
  const ownerEmail = `owner@${slug}.example`;
  const ownerName = locale === "ja" ? "事務長 中村" : "Nakamura Admin";
  const story = browserStory(locale, { context: DESKTOP });
  let owner: Page;

  const section = () => owner.getByRole("region", { name: T.meetingPolicy.title });

  it("the owner applies the hospital preset and saves it", async () => {
    const steps = organisationSteps(story.server, locale);
    const setup = await story.newPage();
    const invite = await steps.setUp(setup, {
      name: locale === "ja" ? "みどり病院" : "Midori Hospital",
      slug,
      ownerEmail,
      ownerName,
    });
    owner = await story.newPage();
    await steps.acceptInvite(owner, invite);
    await steps.signIn(owner, slug, ownerEmail, ownerName);
    await owner
      .getByRole("navigation", { name: T.shell.navLabel })
      .getByRole("link", { name: T.shell.settings })
      .click();
    await titleContaining(owner, T.settings.title).waitFor();
    // Teams' defaults to start with: people in the organisation bypass, anonymous people may join.
    await expect
      .poll(() =>
        section().getByRole("radio", { name: T.meetings.bypass.organization }).isChecked(),
      )
      .toBe(true);
    expect(
      await section().getByRole("checkbox", { name: T.meetingPolicy.anonymousJoin }).isChecked(),
    ).toBe(true);

    await section().getByRole("button", { name: T.meetingPolicy.hospitalPreset }).click();
    expect(
      await section().getByRole("radio", { name: T.meetings.bypass.invited }).isChecked(),
    ).toBe(true);
    expect(
      await section().getByRole("checkbox", { name: T.meetingPolicy.anonymousJoin }).isChecked(),
    ).toBe(false);
    // Saved with the keyboard: the save button is reached and pressed like any other.
    await section().getByRole("button", { name: T.meetingPolicy.save }).focus();
    await owner.keyboard.press("Enter");
    await section().getByText(T.meetingPolicy.saved).waitFor();
    await expectAccessible(owner, "the settings page with the meeting policy");
    await owner.screenshot({ path: `/tmp/meeting-policy-${locale}.png`, fullPage: true });
  });

  it("holds after a reload, and the server joins by it", async () => {
    await owner.reload();
    await expect
      .poll(() => section().getByRole("radio", { name: T.meetings.bypass.invited }).isChecked())
      .toBe(true);
    expect(
      await section().getByRole("radio", { name: T.meetingPolicy.present.presenters }).isChecked(),
    ).toBe(true);
    expect(
      await section()
        .getByRole("checkbox", { name: T.meetingPolicy.organizersMayChange })
        .isChecked(),
    ).toBe(false);

    // Scheduling now shows the organisation's option, and the others cannot be chosen.
    await owner
      .getByRole("navigation", { name: T.shell.navLabel })
      .getByRole("link", { name: T.shell.meetings })
      .click();
    await owner.getByRole("button", { name: T.meetings.scheduleOpen }).click();
    const dialog = owner.getByRole("dialog", { name: T.meetings.schedule.title });
    const chosen = dialog.getByRole("radio", {
      name: fill(T.meetings.bypass.defaultIs, { option: T.meetings.bypass.invited }),
    });
    await expect.poll(() => chosen.isChecked()).toBe(true);
    expect(await dialog.getByRole("radio", { name: T.meetings.bypass.everyone }).isDisabled()).toBe(
      true,
    );
    await dialog.getByText(T.meetings.bypass.lockedHint).waitFor();
    await owner.keyboard.press("Escape");

    // A meeting of the organisation: someone without an account is refused at its door.
    const me = (await (await owner.request.get(`${story.server.url}/api/me`)).json()) as {
      session: { csrfToken: string };
    };
    const startsAt = new Date();
    const scheduled = await owner.request.post(`${story.server.url}/api/t/${slug}/meetings`, {
      headers: { "x-engawa-csrf": me.session.csrfToken },
      data: {
        title: "病棟会議",
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(),
        coOrganizerIds: [],
        inviteeIds: [],
        lobbyBypass: null,
      },
    });
    expect(scheduled.status()).toBe(201);
    const { meeting } = (await scheduled.json()) as { meeting: { joinCode: string } };
    const stranger = await story.newPage();
    const knock = await stranger.request.post(`${story.server.url}/api/meeting-knocks/${slug}`, {
      data: { code: meeting.joinCode, name: "Someone" },
    });
    expect(knock.status()).toBe(403);
    expect(((await knock.json()) as { error: { code: string } }).error.code).toBe(
      "anonymous_join_disabled",
    );
  });
});
