import type {
  LobbyBypass,
  LobbyEntry,
  Meeting,
  MeetingJoinerKind,
  MeetingRole,
} from "@engawa/shared";
import type { MeetingPersonRow, MeetingRow, ParticipantRow } from "./store.ts";

export function presentMeeting(
  meeting: MeetingRow,
  title: string,
  people: MeetingPersonRow[],
  bypass: LobbyBypass,
  yourRole: MeetingRole,
  labelling: Pick<Meeting, "label" | "watermark">,
): Meeting {
  return {
    id: meeting.id,
    title,
    startsAt: meeting.startsAt.toISOString(),
    endsAt: meeting.endsAt.toISOString(),
    organizerId: meeting.organizerId,
    coOrganizerIds: people.filter((p) => p.role === "co_organizer").map((p) => p.userId),
    inviteeIds: people.filter((p) => p.role !== "co_organizer").map((p) => p.userId),
    lobbyBypass: bypass,
    locked: meeting.locked,
    attendeesMuted: meeting.attendeesMuted,
    ...labelling,
    endedAt: meeting.endedAt?.toISOString() ?? null,
    channelId: meeting.channelId,
    joinCode: meeting.joinCode,
    yourRole,
  };
}

export function presentLobbyEntry(row: ParticipantRow): LobbyEntry {
  return {
    participantId: row.id,
    displayName: row.displayName,
    kind: row.kind as MeetingJoinerKind,
    waitingSince: row.requestedAt.toISOString(),
  };
}
