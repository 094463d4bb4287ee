import type { ReactNode } from "react";
import { TableCell, TableRow, makeStyles, tokens } from "@fluentui/react-components";
import { useTranslation } from "react-i18next";
import type { Meeting, MeetingsResponse } from "@engawa/shared";
import type { Loaded } from "../../api/useLoader.ts";
import { DateTime } from "../../components/DateTime.tsx";
import { useListStyles } from "../../components/layout.ts";
import { RecordTable } from "../../components/RecordTable.tsx";
import { LabelBadge } from "../teams/ContentLabel.tsx";

const useStyles = makeStyles({
  title: { fontWeight: tokens.fontWeightSemibold },
  details: { color: tokens.colorNeutralForeground2 },
});

/**
 * A list of one's meetings (the coming ones or those that are over): title and label, start in
 * the viewer's zone with `details` under it, one's role, and the list's `actions` for each.
 */
export function MeetingsTable({
  label,
  emptyText,
  meetings,
  details,
  actions,
}: {
  label: string;
  emptyText: string;
  meetings: Loaded<MeetingsResponse>;
  /** Under the start time (how long a coming meeting lasts). */
  details?: (meeting: Meeting) => ReactNode;
  actions: (meeting: Meeting) => ReactNode;
}) {
  const { t } = useTranslation();
  const styles = useStyles();
  const list = useListStyles();
  return (
    <RecordTable
      label={label}
      columns={[
        t("meetings.columns.title"),
        t("meetings.columns.when"),
        t("meetings.columns.role"),
        t("meetings.columns.actions"),
      ]}
      loading={meetings.loading && !meetings.data}
      emptyText={meetings.data?.meetings.length === 0 ? emptyText : null}
    >
      {(meetings.data?.meetings ?? []).map((meeting) => (
        <TableRow key={meeting.id}>
          <TableCell>
            <span className={styles.title}>{meeting.title}</span>{" "}
            {meeting.label && <LabelBadge name={meeting.label.name} />}
          </TableCell>
          <TableCell className={list.nowrap}>
            <DateTime value={meeting.startsAt} />
            {details && <div className={styles.details}>{details(meeting)}</div>}
          </TableCell>
          <TableCell>{t(`meetings.roles.${meeting.yourRole}`)}</TableCell>
          <TableCell>{actions(meeting)}</TableCell>
        </TableRow>
      ))}
    </RecordTable>
  );
}
