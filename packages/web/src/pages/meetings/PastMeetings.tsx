import { Button, makeStyles, tokens } from "@fluentui/react-components";
import { ChatRegular, PeopleListRegular } from "@fluentui/react-icons";
import { useTranslation } from "react-i18next";
import type { Meeting } from "@engawa/shared";
import { useLoader } from "../../api/useLoader.ts";
import { ErrorMessage } from "../../components/ErrorMessage.tsx";
import type { MeetingApi } from "../../meetings/meetingApi.ts";
import { runsMeeting } from "../../meetings/meetingRoles.ts";
import { MeetingsTable } from "./MeetingsTable.tsx";

const useStyles = makeStyles({
  actions: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS },
});

/**
 * The meetings one was in that are over, newest first (title, when in the viewer's zone, one's
 * role): their chat to read again, and for organisers and co-organisers the attendance report.
 */
export function PastMeetings({
  api,
  onChat,
  onAttendance,
}: {
  api: MeetingApi;
  onChat: (meeting: Meeting) => void;
  onAttendance: (meeting: Meeting) => void;
}) {
  const { t } = useTranslation();
  const styles = useStyles();
  const meetings = useLoader((signal) => api.past(signal));
  return (
    <>
      <ErrorMessage error={meetings.error} />
      <MeetingsTable
        label={t("meetings.past.tableLabel")}
        emptyText={t("meetings.past.empty")}
        meetings={meetings}
        actions={(meeting) => (
          <div className={styles.actions}>
            <Button
              icon={<ChatRegular />}
              aria-label={t("meetings.past.chatNamed", { title: meeting.title })}
              onClick={() => onChat(meeting)}
            >
              {t("meetings.past.chat")}
            </Button>
            {runsMeeting(meeting.yourRole) && (
              <Button
                icon={<PeopleListRegular />}
                aria-label={t("meetings.attendance.openNamed", { title: meeting.title })}
                onClick={() => onAttendance(meeting)}
              >
                {t("meetings.attendance.open")}
              </Button>
            )}
          </div>
        )}
      />
    </>
  );
}
