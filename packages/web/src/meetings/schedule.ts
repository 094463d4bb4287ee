/**
 * The schedule form's times: a date, a start time and a duration, typed in the viewer's own time
 * zone (what `<input type="date">` and `type="time"` give), become the UTC instants the API takes.
 */

/** The durations offered, in minutes (the server allows up to 30 hours). */
export const DURATIONS = [15, 30, 45, 60, 90, 120, 180, 240] as const;
/** "Meet now" starts now and lasts an hour. */
export const MEET_NOW_MINUTES = 60;

const MINUTE = 60_000;

/** The instants a date, a time (local) and a duration describe, or null if they describe none. */
export function meetingTimes(
  date: string,
  time: string,
  minutes: number,
): { startsAt: string; endsAt: string } | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}$/.test(time)) return null;
  const start = new Date(`${date}T${time}`);
  if (Number.isNaN(start.getTime()) || !(minutes > 0)) return null;
  return {
    startsAt: start.toISOString(),
    endsAt: new Date(start.getTime() + minutes * MINUTE).toISOString(),
  };
}

/** A meeting that starts now and lasts `minutes`. */
export function meetNowTimes(now: Date, minutes = MEET_NOW_MINUTES) {
  return {
    startsAt: now.toISOString(),
    endsAt: new Date(now.getTime() + minutes * MINUTE).toISOString(),
  };
}

const pad = (value: number) => String(value).padStart(2, "0");

/** The form's first values: the next full half hour, in the viewer's zone. */
export function nextHalfHour(now: Date): { date: string; time: string } {
  const next = new Date(now.getTime());
  next.setSeconds(0, 0);
  next.setMinutes(next.getMinutes() < 30 ? 30 : 60);
  return {
    date: `${next.getFullYear()}-${pad(next.getMonth() + 1)}-${pad(next.getDate())}`,
    time: `${pad(next.getHours())}:${pad(next.getMinutes())}`,
  };
}
