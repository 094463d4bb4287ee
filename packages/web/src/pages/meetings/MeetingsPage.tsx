import { useMemo, useState } from "react";
import { Button, makeStyles, tokens } from "@fluentui/react-components";
import { CalendarAddRegular, VideoRegular } from "@fluentui/react-icons";
import { useTranslation } from "react-i18next";
import {
  MEETING_LISTS,
  type LobbyBypass,
  type MeResponse,
  type Meeting,
  type MeetingList,
} from "@engawa/shared";
import { useUserSession } from "../../api/session.tsx";
import { useLoader } from "../../api/useLoader.ts";
import { chatApi } from "../../chat/chatApi.ts";
import { ErrorMessage, StatusMessage } from "../../components/ErrorMessage.tsx";
import { useFormStyles } from "../../components/layout.ts";
import { PageHeading } from "../../components/PageHeading.tsx";
import { PageTabs } from "../../components/PageTabs.tsx";
import { meetingApi } from "../../meetings/meetingApi.ts";
import { runsMeeting } from "../../meetings/meetingRoles.ts";
import { meetNowTimes } from "../../meetings/schedule.ts";
import { navigate } from "../../router.ts";
import { useActionMessages } from "../../useActionMessages.ts";
import { AttendanceDialog } from "./AttendanceDialog.tsx";
import { CopyByHandDialog, MeetingActions } from "./MeetingActions.tsx";
import { MeetingsTable } from "./MeetingsTable.tsx";
import { PastMeetingChatDialog } from "./PastMeetingChatDialog.tsx";
import { PastMeetings } from "./PastMeetings.tsx";
import { ScheduleMeetingDialog } from "./ScheduleMeetingDialog.tsx";
import { useDurationText } from "./meetingWords.ts";

const useStyles = makeStyles({
  toolbar: {
    display: "flex",
    flexWrap: "wrap",
    gap: tokens.spacingHorizontalS,
    marginBottom: tokens.spacingVerticalM,
  },
});

const minutesBetween = (from: string, to: string) =>
  Math.round((new Date(to).getTime() - new Date(from).getTime()) / 60_000);

/** The path of a meeting's join page (the join link without the origin). */
export const meetPath = (slug: string, code: string) =>
  `/t/${encodeURIComponent(slug)}/meet/${encodeURIComponent(code)}`;

/**
 * Meetings: the ones one organises or is named in (title, time in the viewer's zone, one's role),
 * scheduling, "meet now" (starts now, lasts an hour, and opens it), and for each meeting: join,
 * copy the link, copy an invitation to send, download the .ics, and (organisers and co-organisers)
 * the attendance report; and in a second tab the meetings that are over, to read their chat again.
 * Guests see the meetings they are named in; the server refuses them scheduling, so the buttons
 * are not offered.
 */
export function MeetingsPage({ me }: { me: MeResponse }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const form = useFormStyles();
  const durationText = useDurationText();
  const { request } = useUserSession();
  const slug = me.tenant.slug;
  const api = useMemo(() => meetingApi(request, slug), [request, slug]);
  const people = useMemo(() => chatApi(request, slug), [request, slug]);
  const meetings = useLoader((signal) => api.mine(signal));
  const { notice, failure, attempt, succeeded } = useActionMessages();
  const [scheduling, setScheduling] = useState(false);
  const [byHand, setByHand] = useState<string | null>(null);
  const [attendanceOf, setAttendanceOf] = useState<Meeting | null>(null);
  const [chatOf, setChatOf] = useState<Meeting | null>(null);
  const [shown, setShown] = useState<MeetingList>("upcoming");
  const mayOrganise = me.user.role !== "guest";

  function scheduled(meeting: Meeting, chosen: LobbyBypass | null): void {
    setScheduling(false);
    meetings.reload();
    const words = [t("meetings.scheduled", { title: meeting.title })];
    // The organisation does not let organisers choose: say which option the meeting runs with.
    if (chosen !== null && chosen !== meeting.lobbyBypass)
      words.push(
        t("meetings.bypassLocked", { option: t(`meetings.bypass.${meeting.lobbyBypass}`) }),
      );
    succeeded(words.join(" "));
  }

  function meetNow(): Promise<void> {
    return attempt(async () => {
      const { meeting } = await api.schedule({
        title: t("meetings.meetNowTitle", { name: me.user.displayName }),
        ...meetNowTimes(new Date()),
        coOrganizerIds: [],
        inviteeIds: [],
        lobbyBypass: null,
      });
      navigate(meetPath(slug, meeting.joinCode));
    });
  }

  return (
    <>
      <PageHeading>{t("meetings.title")}</PageHeading>
      <p className={form.intro}>{t("meetings.intro")}</p>
      {mayOrganise && (
        <div className={styles.toolbar}>
          <Button appearance="primary" icon={<VideoRegular />} onClick={() => void meetNow()}>
            {t("meetings.meetNow")}
          </Button>
          <Button icon={<CalendarAddRegular />} onClick={() => setScheduling(true)}>
            {t("meetings.scheduleOpen")}
          </Button>
        </div>
      )}
      <StatusMessage message={notice} />
      <ErrorMessage error={failure ?? meetings.error} />
      <PageTabs
        id="meetings"
        label={t("meetings.tabsLabel")}
        tabs={MEETING_LISTS}
        selected={shown}
        onSelect={setShown}
        labelOf={(value) => t(`meetings.lists.${value}`)}
      >
        {shown === "upcoming" && (
          <MeetingsTable
            label={t("meetings.tableLabel")}
            emptyText={t("meetings.empty")}
            meetings={meetings}
            details={(meeting) => durationText(minutesBetween(meeting.startsAt, meeting.endsAt))}
            actions={(meeting) => (
              <MeetingActions
                meeting={meeting}
                slug={slug}
                icsHref={api.icsHref(meeting.id)}
                onCopied={succeeded}
                onCopyByHand={setByHand}
                onAttendance={
                  // Those who run the meeting read it (the server's meeting.attendance.read).
                  runsMeeting(meeting.yourRole) ? () => setAttendanceOf(meeting) : undefined
                }
              />
            )}
          />
        )}
        {shown === "past" && (
          <PastMeetings api={api} onChat={setChatOf} onAttendance={setAttendanceOf} />
        )}
      </PageTabs>
      {scheduling && (
        <ScheduleMeetingDialog
          api={api}
          people={people}
          meId={me.user.id}
          onScheduled={scheduled}
          onClose={() => setScheduling(false)}
        />
      )}
      {attendanceOf && (
        <AttendanceDialog
          api={api}
          meetingId={attendanceOf.id}
          title={attendanceOf.title}
          onClose={() => setAttendanceOf(null)}
        />
      )}
      {chatOf && (
        <PastMeetingChatDialog
          api={api}
          meetingId={chatOf.id}
          title={chatOf.title}
          onClose={() => setChatOf(null)}
        />
      )}
      {byHand !== null && <CopyByHandDialog text={byHand} onClose={() => setByHand(null)} />}
    </>
  );
}
