/**
 * The join link and the ready-to-send invitation text. Engawa sends no e-mail: the organiser
 * copies the text into their own mail or chat. The time is written in the viewer's time zone,
 * with the zone named, so a reader elsewhere can tell.
 */

/** The join link (`/t/<organisation>/meet/<code>`, the shared Meeting type's joinCode). */
export function joinLink(origin: string, slug: string, code: string): string {
  return `${origin}/t/${encodeURIComponent(slug)}/meet/${encodeURIComponent(code)}`;
}

/**
 * A meeting's time, e.g. "2026年11月24日(火) 10:00～11:00 (JST)" or "Tue, November 24, 2026,
 * 10:00 AM – 11:00 AM (GMT+9)": the date once when the meeting ends the same day, the zone named.
 */
export function meetingWhen(
  startsAt: string,
  endsAt: string,
  locale: string,
  timeZone?: string,
): string {
  const zoned = timeZone ? { timeZone } : {};
  const day = new Intl.DateTimeFormat(locale, {
    year: "numeric",
    month: "long",
    day: "numeric",
    weekday: "short",
    ...zoned,
  });
  const time = new Intl.DateTimeFormat(locale, { hour: "2-digit", minute: "2-digit", ...zoned });
  const start = new Date(startsAt);
  const end = new Date(endsAt);
  const zone = new Intl.DateTimeFormat(locale, { timeZoneName: "short", ...zoned })
    .formatToParts(start)
    .find((part) => part.type === "timeZoneName")?.value;
  const dash = locale.toLowerCase().startsWith("ja") ? "～" : " – ";
  const from = `${day.format(start)} ${time.format(start)}`;
  const to =
    day.format(start) === day.format(end)
      ? time.format(end)
      : `${day.format(end)} ${time.format(end)}`;
  return `${from}${dash}${to}${zone ? ` (${zone})` : ""}`;
}

/** The words of an invitation, in the UI language (the page passes its translations in). */
export interface InvitationWords {
  /** "{{title}}" heading line, e.g. "Meeting: {{title}}". */
  subject: (title: string) => string;
  when: string;
  join: string;
  note: string;
}

/** The invitation text: title, time in the viewer's zone, the link, and how joining works. */
export function invitationText(
  meeting: { title: string; startsAt: string; endsAt: string },
  link: string,
  words: InvitationWords,
  locale: string,
  timeZone?: string,
): string {
  return [
    words.subject(meeting.title),
    `${words.when}: ${meetingWhen(meeting.startsAt, meeting.endsAt, locale, timeZone)}`,
    `${words.join}: ${link}`,
    "",
    words.note,
  ].join("\n");
}
