import type {
  AttendanceEntry,
  MeetingJoinerKind,
  MeetingParticipant,
  MeetingRole,
  ParticipantState,
  UpdateMeetingRequest,
} from "@engawa/shared";
import type { Clock } from "../../../platform/clock.ts";
import type { RequestInfo } from "../../../platform/context.ts";
import type { Database } from "../../../platform/db/database.ts";
import { AppError } from "../../../platform/errors.ts";
import type { Scope } from "../../../platform/scope.ts";
import type { AuditLog } from "../../audit/index.ts";
import { MEETING_EVENTS } from "../events.ts";
import type { MeetingRooms } from "../room.ts";
import type { MeetingPersonRow, MeetingRow, MeetingsStore, ParticipantRow } from "../store.ts";

/** What the organisers' controls work with. */
export interface ControlsDeps {
  database: Database;
  clock: Clock;
  audit: AuditLog;
  store: MeetingsStore;
  rooms: MeetingRooms;
}

/**
 * Locks the meeting (nobody new gets in; its organisers still do) or mutes its attendees, and
 * tells the room. Audited with what changed (issue "Meetings": every role action is audited).
 */
export async function updateMeeting(
  deps: ControlsDeps,
  scope: Scope,
  meeting: MeetingRow,
  changes: UpdateMeetingRequest,
  request: RequestInfo,
): Promise<MeetingRow> {
  if (meeting.endedAt) throw new AppError("meeting_ended", "This meeting has ended.");
  const updated = await deps.database.transaction(async () => {
    const row = await deps.store.setControls(scope, meeting.id, changes);
    if (!row) throw new AppError("not_found", "Not found.");
    await deps.audit.append(scope, {
      action: MEETING_EVENTS.updated,
      outcome: "allow",
      request,
      target: { type: "meeting", id: meeting.id },
      details: { ...changes },
    });
    return row;
  });
  await deps.rooms.announce(updated.tenantId, updated.id);
  await deps.rooms.enforceMute(updated.tenantId, updated.id);
  return updated;
}

/**
 * Ends the meeting for everyone: every open join closes (those waiting are turned away), the
 * room hears it and empties, and nobody joins again. Ending an ended meeting is `invalid_state`.
 */
export async function endMeeting(
  deps: ControlsDeps,
  scope: Scope,
  meeting: MeetingRow,
  request: RequestInfo,
): Promise<MeetingRow> {
  const ended = await deps.database.transaction(async () => {
    const row = await deps.store.end(scope, meeting.id, deps.clock.now());
    if (!row) throw new AppError("invalid_state", "This meeting has already ended.");
    await deps.audit.append(scope, {
      action: MEETING_EVENTS.ended,
      outcome: "allow",
      request,
      target: { type: "meeting", id: meeting.id },
    });
    return row;
  });
  await deps.rooms.endAll(ended);
  return ended;
}

/**
 * Makes someone of the meeting — named in it, or who joined it — a presenter or an attendee.
 * The organiser and co-organisers keep their roles (co-organisers are named when scheduling).
 */
export async function setRole(
  deps: ControlsDeps,
  scope: Scope,
  meeting: MeetingRow,
  userId: string,
  role: "presenter" | "attendee",
  request: RequestInfo,
): Promise<void> {
  if (meeting.endedAt) throw new AppError("meeting_ended", "This meeting has ended.");
  const people = await deps.store.people(scope, meeting.id);
  const named = people.find((p) => p.userId === userId);
  if (userId === meeting.organizerId || named?.role === "co_organizer")
    throw new AppError("invalid_state", "The organisers' roles do not change during a meeting.");
  const joined = (await deps.store.participants(scope, meeting.id)).some(
    (p) => p.userId === userId && p.state !== "denied" && p.state !== "lobby",
  );
  if (!named && !joined) throw new AppError("not_found", "Not found.");
  await deps.database.transaction(async () => {
    await deps.store.setRole(scope, meeting.id, userId, role);
    await deps.audit.append(scope, {
      action: MEETING_EVENTS.roleChanged,
      outcome: "allow",
      request,
      target: { type: "meeting", id: meeting.id },
      details: { userId, role },
    });
  });
  await deps.rooms.roleChanged(meeting, userId, role);
}

/**
 * Removes an admitted participant: their join closes as `removed`, their seat in the room ends,
 * and the lobby's rules refuse them for the rest of the meeting (`removed_from_meeting`). The
 * organisers cannot be removed. 404 for someone not in the meeting.
 */
export async function removeParticipant(
  deps: ControlsDeps,
  scope: Scope,
  meeting: MeetingRow,
  participantId: string,
  byUserId: string,
  request: RequestInfo,
): Promise<ParticipantRow> {
  const removed = await deps.database.transaction(async () => {
    const current = await deps.store.participant(scope, meeting.id, participantId);
    if (!current || current.state !== "admitted") throw new AppError("not_found", "Not found.");
    if (current.kind === "organizer" || current.kind === "co_organizer")
      throw new AppError("invalid_state", "The organisers cannot be removed from their meeting.");
    const row = await deps.store.closeParticipant(
      scope,
      meeting.id,
      participantId,
      "removed",
      deps.clock.now(),
      byUserId,
    );
    if (!row) throw new AppError("not_found", "Not found.");
    await deps.audit.append(scope, {
      action: MEETING_EVENTS.removed,
      outcome: "allow",
      request,
      target: { type: "meeting", id: meeting.id },
      details: { participantId, kind: row.kind, ...(row.userId ? { userId: row.userId } : {}) },
    });
    return row;
  });
  await deps.rooms.expel(meeting, participantId, "removed");
  return removed;
}

/** The role someone has in the meeting, from the people it names. */
export function roleIn(
  meeting: MeetingRow,
  people: MeetingPersonRow[],
  userId: string | null,
): MeetingRole {
  if (userId === meeting.organizerId) return "organizer";
  const named = people.find((p) => p.userId === userId);
  return (named?.role as MeetingRole | undefined) ?? "attendee";
}

/** Who is in the meeting now — admitted, not left or removed — and whether they are connected. */
export async function participants(
  deps: ControlsDeps,
  scope: Scope,
  meeting: MeetingRow,
): Promise<MeetingParticipant[]> {
  const people = await deps.store.people(scope, meeting.id);
  const seated = deps.rooms.seated(meeting.id);
  return (await deps.store.participants(scope, meeting.id))
    .filter((p) => p.state === "admitted")
    .map((p) => presentParticipant(meeting, people, p, seated.has(p.id)));
}

export function presentParticipant(
  meeting: MeetingRow,
  people: MeetingPersonRow[],
  row: ParticipantRow,
  inRoom: boolean,
): MeetingParticipant {
  return {
    participantId: row.id,
    userId: row.userId,
    displayName: row.displayName,
    kind: row.kind as MeetingJoinerKind,
    role: roleIn(meeting, people, row.userId),
    state: row.state as ParticipantState,
    inRoom,
  };
}

/** The attendance report: every join that was not refused, with when it knocked, got in and left. */
export async function attendance(
  deps: ControlsDeps,
  scope: Scope,
  meeting: MeetingRow,
): Promise<AttendanceEntry[]> {
  return (await deps.store.participants(scope, meeting.id)).map((p) => ({
    participantId: p.id,
    displayName: p.displayName,
    kind: p.kind as MeetingJoinerKind,
    state: p.state as AttendanceEntry["state"],
    knockedAt: p.requestedAt.toISOString(),
    admittedAt:
      p.state === "lobby" || p.state === "denied" ? null : (p.decidedAt?.toISOString() ?? null),
    leftAt: p.leftAt?.toISOString() ?? null,
  }));
}
