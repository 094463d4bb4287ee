import type { JoinRefusal, LobbyBypass, MeetingJoinerKind, MeetingPolicy } from "@engawa/shared";

/** Who is knocking, as the meetings service establishes it from their session (or its absence). */
export interface Joiner {
  kind: MeetingJoinerKind;
  /** Named in the meeting's invitees (directly; a channel meeting invites the channel's members). */
  invited: boolean;
  /** Removed from this meeting by an organiser: kept out for the rest of it. */
  removed: boolean;
}

/** What of the meeting decides a join. */
export interface MeetingGate {
  bypass: LobbyBypass;
  locked: boolean;
  ended: boolean;
  /** The organisation lets people without an account join (to wait in the lobby). */
  anonymousJoin: boolean;
}

export type JoinDecision =
  { outcome: "admitted" } | { outcome: "lobby" } | { outcome: "refused"; reason: JoinRefusal };

const ORGANIZERS: ReadonlySet<MeetingJoinerKind> = new Set(["organizer", "co_organizer"]);

/**
 * The bypass option a meeting runs with: the organiser's choice only while the organisation lets
 * organisers change it; otherwise (the admin's lock) the organisation's option.
 */
export function effectiveBypass(policy: MeetingPolicy, chosen: LobbyBypass | null): LobbyBypass {
  return policy.organizersMayChangeBypass && chosen !== null ? chosen : policy.lobbyBypass;
}

/**
 * Whether a joiner goes straight in under a bypass option (Teams' "who can bypass the lobby",
 * collab-anchors.md A1 [T1]). Organisers and co-organisers always do; anonymous joiners never do
 * — the join link alone is not a credential (issue "Meetings", acceptance 4).
 */
export function bypassesLobby(option: LobbyBypass, joiner: Pick<Joiner, "kind" | "invited">) {
  if (ORGANIZERS.has(joiner.kind)) return true;
  if (joiner.kind === "anonymous") return false;
  switch (option) {
    case "everyone":
      return true;
    case "organization_and_guests":
      return joiner.kind === "member" || joiner.kind === "guest";
    case "organization":
      return joiner.kind === "member";
    case "invited":
      return joiner.invited;
    case "organizers":
      return false;
  }
}

/**
 * A join attempt, decided on the server (never by the client): refusals first — an ended meeting,
 * someone an organiser removed, an anonymous joiner where the organisation allows none, anyone but
 * the organisers once the meeting is locked ("nobody new gets in") — then straight in or the lobby.
 */
export function decideJoin(meeting: MeetingGate, joiner: Joiner): JoinDecision {
  const organizer = ORGANIZERS.has(joiner.kind);
  if (meeting.ended) return { outcome: "refused", reason: "meeting_ended" };
  if (joiner.removed && !organizer) return { outcome: "refused", reason: "removed_from_meeting" };
  if (joiner.kind === "anonymous" && !meeting.anonymousJoin)
    return { outcome: "refused", reason: "anonymous_join_disabled" };
  if (meeting.locked && !organizer) return { outcome: "refused", reason: "meeting_locked" };
  return bypassesLobby(meeting.bypass, joiner) ? { outcome: "admitted" } : { outcome: "lobby" };
}
