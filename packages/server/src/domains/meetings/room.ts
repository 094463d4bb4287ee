import type {
  MediaMode,
  MeetingChatMessage,
  MeetingClosedEvent,
  MeetingJoinerKind,
  MeetingRole,
  MeetingRoomEvent,
  MeetingInRoom,
  MeetingRoomJoined,
  MeetingSignal,
  MeetingSignalEvent,
  RoomPeer,
  WhoMayPresent,
} from "@engawa/shared";
import type { MediaSettings } from "../../config/media.ts";
import type { RoomConnectionView as ConnectionView } from "../../gateway/defineMessage.ts";
import type { Clock } from "../../platform/clock.ts";
import { AppError } from "../../platform/errors.ts";
import { joinOwnerOf, ownsJoin } from "./guests.ts";
import { iceServersFor } from "./iceServers.ts";
import type { Sfu } from "./janus/sfu.ts";
import type { MeetingRow, ParticipantRow } from "./store.ts";

/** One admitted participant in the room, on one connection. */
interface Seat {
  peer: RoomPeer;
  userId: string | null;
  connection: ConnectionView;
}

export interface RoomDeps {
  clock: Clock;
  media: MediaSettings;
  /** Records that a participant left (their join closes: the attendance report's leave time). */
  left: (meeting: { id: string; tenantId: string }, participantId: string) => Promise<void>;
  /** The meeting as it is now (its lock and mute change while people are in). */
  meeting: (tenantId: string, meetingId: string) => Promise<MeetingRow | undefined>;
  /** The organisation's rule of who may present (its meeting policy, read now). */
  whoMayPresent: (tenantId: string) => Promise<WhoMayPresent>;
  /** Janus, when the deployment has it (`ENGAWA_JANUS_URL`); null: peer to peer only. */
  sfu: Sfu | null;
  onError: (error: unknown, what: string) => void;
}

/**
 * The meetings' media rooms: who of the admitted participants is connected right now, and the
 * relay of their WebRTC signalling. Only someone admitted enters (the room checks their join's
 * row, whatever the policy said), so nobody in the lobby learns who is in, gets ICE credentials
 * or can signal anyone. Signalling is relayed to one named peer in the same room and never kept.
 * A seat ends when its connection closes (a session ended by continuous access evaluation closes
 * the connection), when the person leaves, is removed, or the meeting ends.
 *
 * Media flows peer to peer while the room is small; with Janus configured, a room that grows
 * beyond `ENGAWA_P2P_MAX` seats (or any room, with 0) moves to the SFU for the rest of its life
 * and everyone hears the new mode (sfuSignalling.ts carries the SFU's signalling).
 *
 * The rooms live in this process: a deployment of several nodes must route a meeting's
 * connections to one node (not built yet: one node holds every room).
 */
export class MeetingRooms {
  private readonly deps: RoomDeps;
  /** meeting id → participant id → seat. */
  private readonly rooms = new Map<string, Map<string, Seat>>();
  /** connection id → the rooms and participants it sits as. */
  private readonly byConnection = new Map<string, Map<string, string>>();
  /** meeting id → how its media flows (absent: peer to peer). */
  private readonly modes = new Map<string, MediaMode>();
  /** meeting id → its tenant (to read the meeting when the SFU's feeds change). */
  private readonly tenants = new Map<string, string>();
  /**
   * tenant id → who may present, read once while the tenant has an open room (every room
   * broadcast carries it), renewed by `policyChanged` and dropped with the tenant's last room.
   * Rooms live in one process (docs/ARCHITECTURE.md), and so does this; Cedar's decision on
   * presenting reads the policy afresh whatever this says.
   */
  private readonly rules = new Map<string, WhoMayPresent>();
  /** tenant id → policy changes seen: a read begun before a change is not cached after it. */
  private readonly ruleChanges = new Map<string, number>();

  constructor(deps: RoomDeps) {
    this.deps = deps;
  }

  /**
   * An admitted participant enters with their own admitted join (404 for anyone else's, for a
   * join still in the lobby, turned away, left or removed). Entering again with the same join
   * (a reload) moves the seat to the new connection.
   */
  async enter(
    connection: ConnectionView,
    meeting: MeetingRow,
    participant: ParticipantRow | undefined,
    role: MeetingRole,
    shown: () => Promise<MeetingInRoom>,
  ): Promise<MeetingRoomJoined> {
    if (
      !participant ||
      !ownsJoin(joinOwnerOf(connection.principal), participant) ||
      participant.state !== "admitted"
    )
      throw new AppError("not_found", "Not found.");
    if (meeting.endedAt) throw new AppError("meeting_ended", "This meeting has ended.");
    const room = this.rooms.get(meeting.id) ?? new Map<string, Seat>();
    this.rooms.set(meeting.id, room);
    const previous = room.get(participant.id);
    if (previous && previous.connection.id !== connection.id)
      this.byConnection.get(previous.connection.id)?.delete(meeting.id);
    const peer: RoomPeer = {
      participantId: participant.id,
      displayName: participant.displayName,
      kind: participant.kind as MeetingJoinerKind,
      role,
      presenting: false,
    };
    room.set(participant.id, { peer, userId: participant.userId, connection });
    const mine = this.byConnection.get(connection.id) ?? new Map<string, string>();
    mine.set(meeting.id, participant.id);
    this.byConnection.set(connection.id, mine);
    this.tenants.set(meeting.id, meeting.tenantId);
    const grew = this.deps.sfu !== null && room.size > this.deps.media.p2pMax;
    if (grew && this.modeOf(meeting.id) === "p2p") this.modes.set(meeting.id, "sfu");
    const state = await this.state(meeting);
    // Everyone else hears the new seat (and a move to the SFU); the newcomer gets it as the answer.
    this.broadcast(meeting.id, { event: "meeting.room", payload: state }, participant.id);
    return {
      ...state,
      participantId: participant.id,
      yourRole: role,
      iceServers: iceServersFor(this.deps.media, participant.id, this.deps.clock.now()),
      meeting: await shown(),
    };
  }

  /** How the meeting's media flows now. */
  modeOf(meetingId: string): MediaMode {
    return this.modes.get(meetingId) ?? "p2p";
  }

  /** One's own seat in the room on this connection (404 otherwise). */
  requireSeat(connection: ConnectionView, meetingId: string, participantId: string): RoomPeer {
    const seat = this.rooms.get(meetingId)?.get(participantId);
    if (!seat || seat.connection.id !== connection.id)
      throw new AppError("not_found", "Not found.");
    return seat.peer;
  }

  /**
   * One starts or stops presenting from one's own seat (404 for anyone else's): Cedar has allowed
   * it (`meeting.room.present`); everyone hears the room again.
   */
  async present(
    connection: ConnectionView,
    meeting: MeetingRow,
    participantId: string,
    presenting: boolean,
  ): Promise<{ presenting: boolean }> {
    const seat = this.rooms.get(meeting.id)?.get(participantId);
    if (!seat || seat.connection.id !== connection.id)
      throw new AppError("not_found", "Not found.");
    if (seat.peer.presenting !== presenting) {
      seat.peer = { ...seat.peer, presenting };
      await this.announce(meeting.tenantId, meeting.id);
    }
    return { presenting };
  }

  /**
   * Through the SFU, the organisers' mute holds on the server: while attendees are muted, Janus
   * drops every attendee's audio, and forwards it again when the mute is lifted or the attendee
   * becomes a presenter. Peer to peer, muting is the browsers' (the room announces it).
   */
  async enforceMute(tenantId: string, meetingId: string): Promise<void> {
    const sfu = this.deps.sfu;
    if (!sfu || this.modeOf(meetingId) !== "sfu") return;
    const meeting = await this.deps.meeting(tenantId, meetingId);
    if (!meeting) return;
    for (const [participantId, seat] of this.rooms.get(meetingId) ?? [])
      await sfu.setAudioMuted(
        meetingId,
        participantId,
        meeting.attendeesMuted && seat.peer.role === "attendee",
      );
  }

  /** The SFU's publishers changed: the room hears who can be subscribed to. */
  feedsChanged(meetingId: string): void {
    const tenantId = this.tenants.get(meetingId);
    if (tenantId)
      this.announce(tenantId, meetingId).catch((error: unknown) =>
        this.deps.onError(error, "announcing a meeting's feeds"),
      );
  }

  /** Relays signalling from one's own seat to another seat in the same room (404 otherwise). */
  signal(
    connection: ConnectionView,
    meetingId: string,
    from: string,
    to: string,
    signal: MeetingSignal,
  ): void {
    const room = this.rooms.get(meetingId);
    const sender = room?.get(from);
    const target = room?.get(to);
    if (!sender || sender.connection.id !== connection.id || !target || from === to)
      throw new AppError("not_found", "Not found.");
    const payload: MeetingSignalEvent = { meetingId, from, signal };
    target.connection.send({ event: "meeting.signal", payload });
  }

  /**
   * Someone's join closed on their own word (they left): their seat, on whichever connection,
   * ends, and the others see the room without them.
   */
  async release(meeting: MeetingRow, participantId: string): Promise<void> {
    if (!this.unseat(meeting.id, participantId)) return;
    await this.announce(meeting.tenantId, meeting.id);
  }

  /**
   * An organiser removed someone, or ended the meeting: the seat's connection hears why, and the
   * others see the room without them.
   */
  async expel(meeting: MeetingRow, participantId: string, reason: "removed" | "ended") {
    const seat = this.unseat(meeting.id, participantId);
    if (!seat) return;
    const payload: MeetingClosedEvent = { meetingId: meeting.id, participantId, reason };
    seat.connection.send({ event: "meeting.closed", payload });
    if (reason === "removed") await this.announce(meeting.tenantId, meeting.id);
  }

  /** The meeting ended: everyone in its room hears it, and the room closes. */
  async endAll(meeting: MeetingRow): Promise<void> {
    for (const participantId of [...(this.rooms.get(meeting.id)?.keys() ?? [])])
      await this.expel(meeting, participantId, "ended");
    this.rooms.delete(meeting.id);
    this.closed(meeting.id);
  }

  /**
   * Someone's role changed: their seats show it, and everyone hears the room again. If the new
   * role may not present under the organisation's rule, their presenting stops (their client
   * stops sharing when it hears it).
   */
  async roleChanged(meeting: MeetingRow, userId: string, role: MeetingRole): Promise<void> {
    const rule = await this.ruleOf(meeting.tenantId);
    for (const seat of this.rooms.get(meeting.id)?.values() ?? [])
      if (seat.userId === userId)
        seat.peer = {
          ...seat.peer,
          role,
          presenting: seat.peer.presenting && mayPresent(role, rule),
        };
    await this.announce(meeting.tenantId, meeting.id);
    await this.enforceMute(meeting.tenantId, meeting.id);
  }

  /**
   * The organisation changed who may present: in each of its open rooms, whoever may no longer
   * present stops (their client stops sharing when it hears it), and everyone hears the new rule.
   */
  async policyChanged(tenantId: string): Promise<void> {
    this.ruleChanges.set(tenantId, (this.ruleChanges.get(tenantId) ?? 0) + 1);
    this.rules.delete(tenantId);
    const rule = await this.ruleOf(tenantId);
    for (const [meetingId, ofTenant] of this.tenants) {
      if (ofTenant !== tenantId) continue;
      for (const seat of this.rooms.get(meetingId)?.values() ?? [])
        if (seat.peer.presenting && !mayPresent(seat.peer.role, rule))
          seat.peer = { ...seat.peer, presenting: false };
      await this.announce(tenantId, meetingId);
    }
  }

  /** A message of the meeting's chat: everyone in the room hears it. */
  broadcastChat(meetingId: string, message: MeetingChatMessage): void {
    this.broadcast(meetingId, { event: "meeting.chat", payload: message });
  }

  /** Who is in the room now (participant ids). */
  seated(meetingId: string): ReadonlySet<string> {
    return new Set(this.rooms.get(meetingId)?.keys() ?? []);
  }

  /** Tells everyone in the room who is in it and how it runs (lock, mute) now. */
  async announce(tenantId: string, meetingId: string): Promise<void> {
    const meeting = await this.deps.meeting(tenantId, meetingId);
    if (!meeting) return;
    this.broadcast(meetingId, { event: "meeting.room", payload: await this.state(meeting) });
  }

  /** A connection closed: each of its seats is left (the join closes). */
  async connectionClosed(connection: ConnectionView): Promise<void> {
    const mine = this.byConnection.get(connection.id);
    if (!mine) return;
    this.byConnection.delete(connection.id);
    for (const [meetingId, participantId] of mine) {
      if (this.rooms.get(meetingId)?.get(participantId)?.connection.id !== connection.id) continue;
      this.unseat(meetingId, participantId);
      const meeting = { id: meetingId, tenantId: connection.principal.tenant.id };
      await this.deps.left(meeting, participantId);
      await this.announce(meeting.tenantId, meetingId);
    }
  }

  private async state(meeting: MeetingRow): Promise<MeetingRoomEvent> {
    const mode = this.modeOf(meeting.id);
    return {
      meetingId: meeting.id,
      peers: [...(this.rooms.get(meeting.id)?.values() ?? [])].map((s) => s.peer),
      locked: meeting.locked,
      attendeesMuted: meeting.attendeesMuted,
      mode,
      feeds: mode === "sfu" && this.deps.sfu ? await this.deps.sfu.feeds(meeting.id) : [],
      whoMayPresent: await this.ruleOf(meeting.tenantId),
    };
  }

  private async ruleOf(tenantId: string): Promise<WhoMayPresent> {
    const known = this.rules.get(tenantId);
    if (known) return known;
    const changes = this.ruleChanges.get(tenantId) ?? 0;
    const rule = await this.deps.whoMayPresent(tenantId);
    if (
      (this.ruleChanges.get(tenantId) ?? 0) === changes &&
      [...this.tenants.values()].includes(tenantId)
    )
      this.rules.set(tenantId, rule);
    return rule;
  }

  /** The room emptied or the meeting ended: its SFU room goes, and it starts peer to peer again. */
  private closed(meetingId: string): void {
    this.modes.delete(meetingId);
    const tenantId = this.tenants.get(meetingId);
    this.tenants.delete(meetingId);
    if (tenantId && ![...this.tenants.values()].includes(tenantId)) this.rules.delete(tenantId);
    this.deps.sfu
      ?.close(meetingId)
      .catch((error: unknown) => this.deps.onError(error, "closing a meeting's SFU room"));
  }

  private unseat(meetingId: string, participantId: string): Seat | undefined {
    const room = this.rooms.get(meetingId);
    const seat = room?.get(participantId);
    if (!room || !seat) return undefined;
    room.delete(participantId);
    this.byConnection.get(seat.connection.id)?.delete(meetingId);
    if (room.size === 0) {
      this.rooms.delete(meetingId);
      this.closed(meetingId);
    } else
      this.deps.sfu
        ?.leave(meetingId, participantId)
        .catch((error: unknown) => this.deps.onError(error, "leaving a meeting's SFU room"));
    return seat;
  }

  private broadcast(
    meetingId: string,
    frame: { event: string; payload: unknown },
    except?: string,
  ) {
    for (const [participantId, seat] of this.rooms.get(meetingId) ?? [])
      if (participantId !== except) seat.connection.send(frame);
  }
}

/**
 * Whether a meeting role may start presenting under the organisation's rule: the same rule as the
 * Cedar policies on `meeting.room.present` (policy.cedar), for the room's own use when a role
 * changes under someone who presents (room.test.ts checks both agree).
 */
export function mayPresent(role: MeetingRole, rule: WhoMayPresent): boolean {
  if (role === "organizer" || role === "co_organizer") return true;
  if (role === "presenter") return rule !== "organizers";
  return rule === "everyone";
}
