import { Button, TableCell, TableRow, makeStyles, tokens } from "@fluentui/react-components";
import { ChatRegular, PeopleListRegular } from "@fluentui/react-icons";
import { useTranslation } from "react-i18next";
import type { Meeting } from "@engawa/shared";
import { useLoader } from "../../api/useLoader.ts";
import { DateTime } from "../../components/DateTime.tsx";
import { ErrorMessage } from "../../components/ErrorMessage.tsx";
import { useListStyles } from "../../components/layout.ts";
import { RecordTable } from "../../components/RecordTable.tsx";
import type { MeetingApi } from "../../meetings/meetingApi.ts";
import { runsMeeting } from "../../meetings/meetingRoles.ts";
import { LabelBadge } from "../teams/ContentLabel.tsx";

const useStyles = makeStyles({
  title: { fontWeight: tokens.fontWeightSemibold },
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
  const list = useListStyles();
  const meetings = useLoader((signal) => api.past(signal));
  return (
    <>
      <ErrorMessage error={meetings.error} />
      <RecordTable
        label={t("meetings.past.tableLabel")}
        columns={[
          t("meetings.columns.title"),
          t("meetings.columns.when"),
          t("meetings.columns.role"),
          t("meetings.columns.actions"),
        ]}
        loading={meetings.loading && !meetings.data}
        emptyText={meetings.data?.meetings.length === 0 ? t("meetings.past.empty") : null}
      >
        {(meetings.data?.meetings ?? []).map((meeting) => (
          <TableRow key={meeting.id}>
            <TableCell>
              <span className={styles.title}>{meeting.title}</span>{" "}
              {meeting.label && <LabelBadge name={meeting.label.name} />}
            </TableCell>
            <TableCell className={list.nowrap}>
              <DateTime value={meeting.startsAt} />
            </TableCell>
            <TableCell>{t(`meetings.roles.${meeting.yourRole}`)}</TableCell>
            <TableCell>
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
            </TableCell>
          </TableRow>
        ))}
      </RecordTable>
    </>
  );
}
