/**
 * The message that announces a meeting in its channel or chat (the server posts it when the
 * meeting is scheduled there, as its organiser; the web client shows it as a card).
 *
 * Its body holds no words of any language, only the meeting: a calendar mark and the title, the
 * time as an ISO 8601 interval, and the join link's path. Each reader's client then says it in
 * their own language and time zone; wherever the text is shown as it is (search results, the chat
 * list's last line) it still reads. The body is an ordinary message body: anyone could type one,
 * and the card shows only what it says — a link to this server's own join page, where the lobby's
 * rules decide as for any knock.
 */

/** The mark the announcement's first line starts with, before the title. */
export const MEETING_ANNOUNCEMENT_MARK = "📅";

export interface MeetingAnnouncement {
  title: string;
  /** ISO 8601 instants. */
  startsAt: string;
  endsAt: string;
  /** The join page's path, `/t/<organisation>/meet/<code>`. */
  path: string;
}

/** The path of a meeting's join page (the join link without the origin). */
export function meetingJoinPath(slug: string, joinCode: string): string {
  return `/t/${encodeURIComponent(slug)}/meet/${encodeURIComponent(joinCode)}`;
}

/** The announcement's body: three lines, mark and title, the interval, the path. */
export function meetingAnnouncementText(meeting: MeetingAnnouncement): string {
  return [
    `${MEETING_ANNOUNCEMENT_MARK} ${meeting.title}`,
    `${meeting.startsAt}/${meeting.endsAt}`,
    meeting.path,
  ].join("\n");
}

const PATH = /^\/t\/[a-z0-9][a-z0-9-]{0,30}[a-z0-9]\/meet\/[A-Za-z0-9_-]{22}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** The meeting a message body announces, or null when it is not an announcement. */
export function parseMeetingAnnouncement(body: string): MeetingAnnouncement | null {
  const lines = body.split("\n");
  if (lines.length !== 3) return null;
  const [first = "", interval = "", path = ""] = lines;
  const prefix = `${MEETING_ANNOUNCEMENT_MARK} `;
  if (!first.startsWith(prefix)) return null;
  const title = first.slice(prefix.length).trim();
  const [startsAt = "", endsAt = "", ...rest] = interval.split("/");
  if (title === "" || rest.length > 0 || !PATH.test(path)) return null;
  if (!INSTANT.test(startsAt) || !INSTANT.test(endsAt)) return null;
  if (Number.isNaN(Date.parse(startsAt)) || Number.isNaN(Date.parse(endsAt))) return null;
  return { title, startsAt, endsAt, path };
}
