import { createHash } from "node:crypto";
import type { MeetingEnterResponse } from "@engawa/shared";
import type { Clock } from "../../platform/clock.ts";
import type { RequestInfo } from "../../platform/context.ts";
import { AppError } from "../../platform/errors.ts";
import { scopeFor } from "../../platform/scope.ts";
import type { AuditLog } from "../audit/index.ts";
import type { Principal } from "../identity/index.ts";
import type { TenantRow } from "../tenancy/index.ts";
import { MEETING_EVENTS } from "./events.ts";
import type { MeetingRow, MeetingsStore, ParticipantRow } from "./store.ts";

export type GuestPrincipal = Extract<Principal, { kind: "meeting_guest" }>;

export interface MeetingGuestsDeps {
  store: MeetingsStore;
  clock: Clock;
  audit: AuditLog;
  tenant: (id: string) => Promise<TenantRow | undefined>;
}

/** The least a meeting cookie lives (a meeting that runs past its scheduled end keeps its guests). */
const COOKIE_FLOOR_MS = 2 * 60 * 60 * 1000;

/** The SHA-256 of a knock's ticket: all the server keeps of it. */
export function hashTicket(ticket: string): string {
  return createHash("sha256").update(ticket).digest("base64url");
}

/**
 * People without an account after the lobby. The knock's ticket (256 random bits, only its hash
 * kept) is exchanged, once the join was admitted, for the meeting cookie — the same ticket, now
 * HttpOnly and sent to /api only — which authenticates a `meeting_guest` principal on every request
 * and WebSocket frame, read afresh each time: a join turned away, removed or left, an ended meeting
 * or a suspended organisation ends it. What the principal may do is Cedar's (meetings/policy.cedar:
 * that one meeting's room, signalling and chat, nothing else).
 */
export class MeetingGuests {
  private readonly deps: MeetingGuestsDeps;

  constructor(deps: MeetingGuestsDeps) {
    this.deps = deps;
  }

  /**
   * The admitted joiner enters: their join and how long the cookie lives (until the meeting's
   * scheduled end, at least two hours). Refused with the reason's code otherwise (still waiting, turned away,
   * removed, left, ended); an unknown ticket is 404. Audited in the organisation's log.
   */
  async enter(
    tenantId: string,
    ticket: string,
    request: RequestInfo,
  ): Promise<{ entered: MeetingEnterResponse; maxAgeSeconds: number }> {
    const scope = scopeFor({ type: "anonymous" }, tenantId);
    const row = await this.deps.store.participantByTicket(scope, hashTicket(ticket));
    if (!row) throw new AppError("not_found", "Not found.");
    const meeting = await this.deps.store.byId(scope, row.meetingId);
    if (!meeting) throw new AppError("not_found", "Not found.");
    refuseUnlessIn(row, meeting);
    await this.deps.audit.append(scope, {
      action: MEETING_EVENTS.guestEntered,
      outcome: "allow",
      request,
      target: { type: "meeting", id: meeting.id },
      details: { kind: "anonymous", participantId: row.id },
    });
    const now = this.deps.clock.now().getTime();
    return {
      entered: { meetingId: meeting.id, participantId: row.id, displayName: row.displayName },
      // Max-Age, not Expires: the browser's clock need not agree with the server's.
      maxAgeSeconds: Math.ceil(Math.max(meeting.endsAt.getTime() - now, COOKIE_FLOOR_MS) / 1000),
    };
  }

  /** The principal of a meeting cookie, or null when it no longer opens anything. */
  async authenticate(ticket: string): Promise<GuestPrincipal | null> {
    const row = await this.deps.store.participantBySecret(hashTicket(ticket));
    if (!row || row.kind !== "anonymous" || row.state !== "admitted") return null;
    const tenant = await this.deps.tenant(row.tenantId);
    if (!tenant || tenant.status !== "active") return null;
    const meeting = await this.deps.store.byId(
      scopeFor({ type: "anonymous" }, tenant.id),
      row.meetingId,
    );
    if (!meeting || meeting.endedAt) return null;
    return {
      kind: "meeting_guest",
      guest: { participantId: row.id, meetingId: meeting.id, displayName: row.displayName },
      tenant: {
        id: tenant.id,
        slug: tenant.slug,
        name: tenant.name,
        accessPolicyVersion: tenant.accessPolicyVersion,
      },
    };
  }
}

/** The refusal that keeps this join out of the room, by the same codes members get. */
function refuseUnlessIn(row: ParticipantRow, meeting: MeetingRow): void {
  if (meeting.endedAt) throw new AppError("meeting_ended", "This meeting has ended.");
  switch (row.state) {
    case "admitted":
      return;
    case "lobby":
      throw new AppError("still_in_lobby", "Nobody has let you in yet. Please wait.");
    case "denied":
      throw new AppError("lobby_denied", "You were not let into this meeting.");
    case "removed":
      throw new AppError("removed_from_meeting", "An organiser removed you from this meeting.");
    default:
      throw new AppError("invalid_state", "You left this meeting. Knock again to rejoin.");
  }
}

/** Who may act with a join: a person with an account, or the anonymous joiner it was made for. */
export type JoinOwner = { userId: string } | { participantId: string };

export function joinOwnerOf(
  principal: Extract<Principal, { kind: "user" | "meeting_guest" }>,
): JoinOwner {
  return principal.kind === "user"
    ? { userId: principal.user.id }
    : { participantId: principal.guest.participantId };
}

/** True when the join is the owner's own: by account, or (anonymous) by being that very join. */
export function ownsJoin(owner: JoinOwner, row: { id: string; userId: string | null }): boolean {
  return "userId" in owner ? row.userId === owner.userId : row.id === owner.participantId;
}
