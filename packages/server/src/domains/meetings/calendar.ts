import type { Meeting } from "@engawa/shared";

/**
 * A meeting as an iCalendar invitation (RFC 5545): one VEVENT whose UID is the meeting's id (a
 * calendar that imports it twice updates it rather than duplicating it), times in UTC, the join
 * link as URL and in the description. Mail clients and Outlook/Google calendars import it as is.
 */
export function meetingInvite(meeting: Meeting, joinUrl: string, stamp: Date): string {
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Engawa//Meetings//JA",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    "BEGIN:VEVENT",
    `UID:${meeting.id}@engawa`,
    `DTSTAMP:${utc(stamp)}`,
    `DTSTART:${utc(new Date(meeting.startsAt))}`,
    `DTEND:${utc(new Date(meeting.endsAt))}`,
    `SUMMARY:${text(meeting.title)}`,
    `URL:${joinUrl}`,
    `DESCRIPTION:${text(`Engawa: ${joinUrl}`)}`,
    "END:VEVENT",
    "END:VCALENDAR",
  ];
  return lines.map(fold).join("\r\n") + "\r\n";
}

/** DATE-TIME in UTC form (RFC 5545 §3.3.5 FORM #2). */
function utc(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

/** TEXT escaping (§3.3.11): backslash, semicolon, comma, and line breaks. */
function text(value: string): string {
  return value.replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\r?\n/g, "\\n");
}

/**
 * Folds a content line longer than 75 octets (§3.1): CRLF and a space before each further part,
 * never inside a UTF-8 sequence (a Japanese title is 3 octets per character).
 */
function fold(line: string): string {
  const parts: string[] = [];
  let current = "";
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char, "utf8");
    const limit = parts.length === 0 ? 75 : 74;
    if (octets + size > limit) {
      parts.push(current);
      current = "";
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join("\r\n ");
}
