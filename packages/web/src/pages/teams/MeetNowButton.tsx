import { useMemo, useState } from "react";
import { Button } from "@fluentui/react-components";
import { VideoRegular } from "@fluentui/react-icons";
import { useTranslation } from "react-i18next";
import { MEETING_LIMITS, meetingJoinPath, type MeResponse } from "@engawa/shared";
import { useUserSession } from "../../api/session.tsx";
import { meetingApi } from "../../meetings/meetingApi.ts";
import { meetNowTimes } from "../../meetings/schedule.ts";
import { navigate } from "../../router.ts";

/**
 * "Meet now" in a channel's or chat's header: schedules a meeting in it that starts now and lasts
 * an hour (as the Meetings page's meet now), and opens its join page. The server announces it in
 * the channel, where its members find the link, and lets them in as invitees; it refuses someone
 * who may not post there. Not offered to guests, whom the server refuses scheduling.
 */
export function MeetNowButton({
  me,
  channelId,
  title,
  onFailure,
}: {
  me: MeResponse;
  channelId: string;
  /** The meeting's title (the channel's name in it, or the organiser's for a chat). */
  title: string;
  /** A refusal to show (null clears the last one). */
  onFailure: (error: unknown) => void;
}) {
  const { t } = useTranslation();
  const { request } = useUserSession();
  const slug = me.tenant.slug;
  const api = useMemo(() => meetingApi(request, slug), [request, slug]);
  const [busy, setBusy] = useState(false);

  async function meetNow(): Promise<void> {
    setBusy(true);
    onFailure(null);
    try {
      const { meeting } = await api.schedule({
        title: title.slice(0, MEETING_LIMITS.titleMax),
        ...meetNowTimes(new Date()),
        coOrganizerIds: [],
        inviteeIds: [],
        lobbyBypass: null,
        channelId,
      });
      navigate(meetingJoinPath(slug, meeting.joinCode));
    } catch (error) {
      onFailure(error);
      setBusy(false);
    }
  }

  return (
    <Button
      icon={<VideoRegular />}
      disabledFocusable={busy}
      aria-busy={busy || undefined}
      onClick={() => void meetNow()}
    >
      {t("meetings.meetNow")}
    </Button>
  );
}
