import type { MeetingRole, WhoMayPresent } from "@engawa/shared";

/**
 * What each meeting role may do, as the client shows it (Teams' roles, collab-anchors.md [T3]).
 * The server decides every one of these again (policy.cedar); the client only hides controls that
 * would be refused.
 */

/** Organisers and co-organisers run the meeting: lock, mute attendees, roles, remove, end. */
export function runsMeeting(role: MeetingRole): boolean {
  return role === "organizer" || role === "co_organizer";
}

/** Organisers, co-organisers and presenters run the lobby: see who waits, admit, turn away. */
export function runsLobby(role: MeetingRole): boolean {
  return runsMeeting(role) || role === "presenter";
}

/** While attendees are muted, an attendee may not unmute themselves; everyone else still may. */
export function mayUnmute(role: MeetingRole, attendeesMuted: boolean): boolean {
  return !(attendeesMuted && role === "attendee");
}

/** Whose role an organiser may change during the meeting: presenters and attendees with an account. */
export function roleChangeable(role: MeetingRole, userId: string | null): boolean {
  return userId !== null && (role === "presenter" || role === "attendee");
}

/**
 * Who may share their screen under the organisation's rule (the room tells it): organisers and
 * co-organisers always; presenters unless only organisers may; attendees when everyone may.
 */
export function mayPresent(role: MeetingRole, whoMayPresent: WhoMayPresent): boolean {
  if (runsMeeting(role)) return true;
  if (role === "presenter") return whoMayPresent !== "organizers";
  return whoMayPresent === "everyone";
}
