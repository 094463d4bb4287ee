/** Audit action names written by the meetings domain (every lobby and role action is audited). */
export const MEETING_EVENTS = {
  scheduled: "meeting.create",
  /** A join that was not refused: `details.outcome` admitted or lobby. */
  joined: "meeting.join",
  /** A refused join, with the reason. */
  joinRefused: "meeting.join.refused",
  admitted: "meeting.lobby.admit",
  denied: "meeting.lobby.deny",
  policyChanged: "meeting_policy.update",
  /** Locked or unlocked, attendees muted or not: `details` names what changed. */
  updated: "meeting.update",
  ended: "meeting.end",
  roleChanged: "meeting.role.update",
  removed: "meeting.participant.remove",
  /** An admitted anonymous joiner exchanged their ticket for the meeting cookie. */
  guestEntered: "meeting.guest.enter",
} as const;
