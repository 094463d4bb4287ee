import { useTranslation } from "react-i18next";
import { formattingLocale } from "../../i18n/index.ts";
import { invitationText, joinLink } from "../../meetings/invitation.ts";
import type { LocalMediaState } from "../../meetings/localMedia.ts";

/** A duration in words: "1 hour 30 minutes", "1 時間 30 分". */
export function useDurationText(): (minutes: number) => string {
  const { t } = useTranslation();
  return (minutes) => {
    const hours = Math.floor(minutes / 60);
    const rest = minutes % 60;
    return [
      hours > 0 ? t("meetings.duration.hours", { count: hours }) : "",
      rest > 0 ? t("meetings.duration.minutes", { count: rest }) : "",
    ]
      .filter(Boolean)
      .join(" ");
  };
}

/** The join link of a meeting of this organisation, on this site. */
export function meetingLink(slug: string, code: string): string {
  return joinLink(window.location.origin, slug, code);
}

/** The ready-to-send invitation, in the UI language and the viewer's time zone. */
export function useInvitation(): (
  meeting: { title: string; startsAt: string; endsAt: string; joinCode: string },
  slug: string,
) => string {
  const { t } = useTranslation();
  return (meeting, slug) =>
    invitationText(
      meeting,
      meetingLink(slug, meeting.joinCode),
      {
        subject: (title) => t("meetings.invitation.subject", { title }),
        when: t("meetings.invitation.when"),
        join: t("meetings.invitation.join"),
        note: t("meetings.invitation.note"),
      },
      formattingLocale(),
    );
}

/** What went wrong with the camera, microphone or screen, in words (or null). */
export function useMediaProblemText(): (problem: LocalMediaState["problem"]) => string | null {
  const { t } = useTranslation();
  return (problem) =>
    problem
      ? t(`meetings.device.${problem.why}`, { device: t(`meetings.device.${problem.what}`) })
      : null;
}
