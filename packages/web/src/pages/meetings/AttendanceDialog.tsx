import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  TableCell,
  TableRow,
  makeStyles,
  mergeClasses,
  tokens,
} from "@fluentui/react-components";
import { ArrowDownloadRegular } from "@fluentui/react-icons";
import { useTranslation } from "react-i18next";
import type { AttendanceEntry } from "@engawa/shared";
import { useLoader } from "../../api/useLoader.ts";
import { formatDateTime } from "../../components/DateTime.tsx";
import { ErrorMessage } from "../../components/ErrorMessage.tsx";
import { useFormStyles } from "../../components/layout.ts";
import { RecordTable } from "../../components/RecordTable.tsx";
import {
  attendanceFileName,
  attendanceOrder,
  attendanceRows,
  csvText,
  localStamp,
  type AttendanceWords,
} from "../../meetings/attendance.ts";
import type { MeetingApi } from "../../meetings/meetingApi.ts";

const useStyles = makeStyles({
  surface: { maxWidth: "min(64rem, calc(100vw - 2rem))" },
  intro: { marginBottom: tokens.spacingVerticalM },
});

/** Hands the browser a file made here (nothing goes to the server). */
function download(text: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 0);
}

/**
 * A meeting's attendance report for its organisers and co-organisers: everyone who knocked (name,
 * kind, what became of them, when they knocked, got in and left, in the viewer's time zone; "—"
 * for what never happened), and the same as a CSV made in the browser (UTF-8 with a BOM, so
 * Excel opens it in Japanese too; times as `YYYY-MM-DD HH:mm:ss` in the viewer's zone, named in
 * the headers).
 */
export function AttendanceDialog({
  api,
  meetingId,
  title,
  onClose,
}: {
  api: MeetingApi;
  meetingId: string;
  title: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const form = useFormStyles();
  const styles = useStyles();
  const report = useLoader((signal) => api.attendance(meetingId, signal));
  const entries = report.data?.attendance ?? null;
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const headers = [
    t("meetings.attendance.columns.name"),
    t("meetings.attendance.columns.kind"),
    t("meetings.attendance.columns.state"),
    t("meetings.attendance.columns.knocked"),
    t("meetings.attendance.columns.admitted"),
    t("meetings.attendance.columns.left"),
  ] as const;
  const kind = (value: AttendanceEntry["kind"]) => t(`meetings.kinds.${value}`);
  const state = (value: AttendanceEntry["state"]) => t(`meetings.attendance.states.${value}`);
  const none = "—";

  function saveCsv(): void {
    if (!entries) return;
    const words: AttendanceWords = {
      headers: [
        headers[0],
        headers[1],
        headers[2],
        `${headers[3]} (${zone})`,
        `${headers[4]} (${zone})`,
        `${headers[5]} (${zone})`,
      ],
      kind,
      state,
      time: (iso) => localStamp(iso),
      none: "",
    };
    download(csvText(attendanceRows(entries, words)), attendanceFileName(title, new Date()));
  }

  const time = (iso: string | null) =>
    iso ? <time dateTime={iso}>{formatDateTime(iso, true)}</time> : none;

  return (
    <Dialog open onOpenChange={(_event, data) => !data.open && onClose()}>
      <DialogSurface className={styles.surface}>
        <DialogBody>
          <DialogTitle>{t("meetings.attendance.title", { title })}</DialogTitle>
          <DialogContent>
            <p className={mergeClasses(form.help, styles.intro)}>
              {t("meetings.attendance.intro", { zone })}
            </p>
            <ErrorMessage error={report.error} />
            {!report.error && (
              <RecordTable
                label={t("meetings.attendance.tableLabel", { title })}
                columns={headers}
                loading={report.loading && !report.data}
                emptyText={entries?.length === 0 ? t("meetings.attendance.empty") : null}
              >
                {attendanceOrder(entries ?? []).map((entry) => (
                  <TableRow key={entry.participantId}>
                    <TableCell>{entry.displayName}</TableCell>
                    <TableCell>{kind(entry.kind)}</TableCell>
                    <TableCell>{state(entry.state)}</TableCell>
                    <TableCell>{time(entry.knockedAt)}</TableCell>
                    <TableCell>{time(entry.admittedAt)}</TableCell>
                    <TableCell>{time(entry.leftAt)}</TableCell>
                  </TableRow>
                ))}
              </RecordTable>
            )}
          </DialogContent>
          <DialogActions>
            <Button
              icon={<ArrowDownloadRegular />}
              disabled={!entries || entries.length === 0}
              onClick={saveCsv}
            >
              {t("meetings.attendance.download")}
            </Button>
            <Button onClick={() => report.reload()}>{t("meetings.attendance.refresh")}</Button>
            <Button appearance="primary" onClick={onClose}>
              {t("common.close")}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
