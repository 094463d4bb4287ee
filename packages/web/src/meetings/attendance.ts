import type { AttendanceEntry } from "@engawa/shared";

/** The byte order mark: Excel (in Japan too) reads a CSV that starts with it as UTF-8. */
export const CSV_BOM = "\uFEFF";

/** What a cell may start with that a spreadsheet would take for a formula (OWASP: CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV field as RFC 4180 writes it: in double quotes when it holds a comma, a double quote, CR
 * or LF, its quotes doubled. A name typed by someone without an account could start like a
 * formula (`=HYPERLINK(…)`): such a field gets a leading apostrophe, so a spreadsheet shows it as
 * text instead of running it.
 */
export function csvField(value: string): string {
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows as CSV text: the BOM first, fields separated by commas, each record ended by CRLF. */
export function csvText(rows: readonly (readonly string[])[]): string {
  return CSV_BOM + rows.map((row) => `${row.map(csvField).join(",")}\r\n`).join("");
}

/**
 * An instant as `YYYY-MM-DD HH:mm:ss` in a time zone (the viewer's, unless given): sortable, and a
 * date and time a spreadsheet recognises, whatever the UI language.
 */
export function localStamp(iso: string, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const parts = new Intl.DateTimeFormat("en-GB", {
    ...(timeZone ? { timeZone } : {}),
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  }).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((p) => p.type === type)?.value ?? "";
  return `${part("year")}-${part("month")}-${part("day")} ${part("hour")}:${part("minute")}:${part("second")}`;
}

/** The report's lines in the order they happened: by when they knocked, then by name. */
export function attendanceOrder(entries: readonly AttendanceEntry[]): AttendanceEntry[] {
  return [...entries].sort(
    (a, b) =>
      a.knockedAt.localeCompare(b.knockedAt) ||
      a.displayName.localeCompare(b.displayName) ||
      a.participantId.localeCompare(b.participantId),
  );
}

/** The words of the report, in the viewer's language. */
export interface AttendanceWords {
  /** Name, kind, outcome, knocked, got in, left. */
  headers: readonly [string, string, string, string, string, string];
  kind: (kind: AttendanceEntry["kind"]) => string;
  state: (state: AttendanceEntry["state"]) => string;
  /** How an instant is written (the table: the UI's format; the CSV: {@link localStamp}). */
  time: (iso: string) => string;
  /** What stands for a time that never came (not admitted, not left). */
  none: string;
}

/** The report as rows of text, the header row first: the table and the CSV show the same. */
export function attendanceRows(
  entries: readonly AttendanceEntry[],
  words: AttendanceWords,
): string[][] {
  const time = (iso: string | null) => (iso ? words.time(iso) : words.none);
  return [
    [...words.headers],
    ...attendanceOrder(entries).map((entry) => [
      entry.displayName,
      words.kind(entry.kind),
      words.state(entry.state),
      time(entry.knockedAt),
      time(entry.admittedAt),
      time(entry.leftAt),
    ]),
  ];
}

/** A file name for the meeting's report: its title without characters file systems refuse. */
export function attendanceFileName(title: string, now: Date): string {
  const refused = (ch: string) => {
    const code = ch.codePointAt(0) ?? 0;
    return code < 0x20 || code === 0x7f || '\\/:*?"<>|'.includes(ch);
  };
  const safe =
    [...title]
      .map((ch) => (refused(ch) ? " " : ch))
      .join("")
      .replace(/\s+/g, " ")
      .trim()
      .slice(0, 80) || "meeting";
  return `${safe} attendance ${now.toISOString().slice(0, 10)}.csv`;
}
