import type { LobbyEntry, Meeting, MeetingClosedEvent, MeetingRoomJoined } from "@engawa/shared";
import type { MediaTransport } from "./transport.ts";

/** Where one stands with the meeting, from the pre-join screen to its end. */
export type Phase =
  | { name: "ready" }
  | { name: "knocking" }
  | { name: "lobby" }
  | { name: "denied" }
  /** Refused at the door: meeting_ended, meeting_locked, removed_from_meeting or not_found. */
  | { name: "refused"; code: string }
  | { name: "inRoom" }
  | { name: "reconnecting" }
  | { name: "closed"; reason: MeetingClosedEvent["reason"] }
  | { name: "failed"; error: unknown };

/** The room as one sees it once in. */
export type Room = Omit<MeetingRoomJoined, "iceServers">;

export interface SessionState {
  phase: Phase;
  room: Room | null;
  /** The meeting itself (title, time), read once let in: someone waiting learns nothing of it. */
  meeting: Meeting | null;
  /** Who waits in the lobby, for those who run it (null for everyone else). */
  waiting: LobbyEntry[] | null;
  transport: MediaTransport | null;
}
