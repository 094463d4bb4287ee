import { randomBytes, randomUUID } from "node:crypto";
import {
  ANONYMOUS_WAITING_MAX,
  DEFAULT_MEETING_POLICY,
  type AnonymousKnockResponse,
  type JoinMeetingResponse,
  type LobbyEntry,
  type Meeting,
  type MeetingKnockEvent,
  type MeetingLobbyEvent,
  type MeetingJoinerKind,
  type MeetingPolicy,
  type MeetingParticipant,
  type MeetingRole,
  type MeetingInRoom,
  type MeetingRoomJoined,
  type MeetingSignal,
  type MeetingTicketResponse,
  type ScheduleMeetingRequest,
  type AttendanceEntry,
  type MeetingChatMessage,
  type SensitivityLabel,
  WATERMARK_FROM_RANK_DEFAULT,
  type UpdateMeetingRequest,
} from "@engawa/shared";
import type { MediaSettings } from "../../config/media.ts";
import type { Logger } from "../../platform/log.ts";
import { HOUR, type Clock } from "../../platform/clock.ts";
import type { RequestInfo } from "../../platform/context.ts";
import type { Database } from "../../platform/db/database.ts";
import { AppError } from "../../platform/errors.ts";
import { scopeFor, systemScope, type Scope } from "../../platform/scope.ts";
import type { AccessEngine } from "../access/index.ts";
import type { AuditLog } from "../audit/index.ts";
import type { Keyring } from "../keys/index.ts";
import { scopeOf, type Identity, type Principal } from "../identity/index.ts";
import { MEETING_EVENTS } from "./events.ts";
import {
  knockTopic,
  LobbyFeed,
  lobbyTopic,
  type LobbyConditions,
  type LobbySubscribers,
} from "./lobbyFeed.ts";
import type { ConnectionView, RoomConnectionView } from "../../gateway/defineMessage.ts";
import { decideJoin, effectiveBypass, type Joiner } from "./lobbyPolicy.ts";
import { presentLobbyEntry, presentMeeting } from "./presenters.ts";
import type { MeetingRow, MeetingsStore } from "./store.ts";
import * as chat from "./commands/chat.ts";
import * as controls from "./commands/controls.ts";
import { scheduleMeeting, titleContext } from "./commands/schedule.ts";
import type { MeetingChannels } from "./channels.ts";
import { MeetingRooms } from "./room.ts";
import { hashTicket, joinOwnerOf, MeetingGuests, ownsJoin, type GuestPrincipal } from "./guests.ts";
import type { TenantRow } from "../tenancy/index.ts";
import { Sfu } from "./janus/sfu.ts";
import { SfuSignalling } from "./sfuSignalling.ts";

export type UserPrincipal = Extract<Principal, { kind: "user" }>;

/** The organisation's sensitivity labels, as meetings use them. */
export interface MeetingLabels {
  /** Refuses an id that is not one of the organisation's labels (null passes). */
  require(scope: Scope, labelId: string | null): Promise<void>;
  /** The labels, least sensitive first. */
  all(scope: Scope): Promise<SensitivityLabel[]>;
}

export interface MeetingsDeps {
  database: Database;
  clock: Clock;
  audit: AuditLog;
  keyring: Keyring;
  store: MeetingsStore;
  identity: Pick<Identity, "store">;
  /** The real-time hub, the role policies and conditional access, for the live lobby. */
  hub: () => LobbySubscribers;
  access: AccessEngine;
  conditions: LobbyConditions;
  /** ICE servers and the SFU (config/media.ts). */
  media: MediaSettings;
  /** The organisation's sensitivity labels (conditional access keeps them). */
  labels: MeetingLabels;
  /** Channels and chats: a meeting in one is announced there and invites its members. */
  channels: MeetingChannels;
  log: Logger;
  /** An organisation by id (a meeting cookie names no organisation: its join does). */
  tenant: (id: string) => Promise<TenantRow | undefined>;
}

/**
 * The asker's relation to a meeting, as the access engine's `Meeting.callerRole`: organizer,
 * co_organizer, attendee (invited, or admitted from the lobby), lobby (waiting) or none. Read
 * per request, so an admission or a change of the invitees counts at once.
 */
export type MeetingRelation = MeetingRole | "lobby" | "none";

/**
 * Meetings (issue "Meetings", first part): scheduling, the organisation's meeting policy, and the
 * lobby — who knocks with the join code goes straight in or waits, as lobbyPolicy.ts decides on
 * the server; organisers and presenters admit or turn away who waits. Media, roles beyond the
 * lobby, anonymous joiners and the web client are later parts.
 */
export class MeetingsService {
  private readonly deps: MeetingsDeps;
  readonly feed: LobbyFeed;
  readonly rooms: MeetingRooms;
  /** The SFU's signalling (Janus), refused unless a room runs through it. */
  readonly sfu: SfuSignalling;
  private readonly janus: Sfu | null;
  private readonly controls: controls.ControlsDeps;
  /** People without an account after the lobby: the meeting cookie and its principal. */
  readonly guests: MeetingGuests;

  constructor(deps: MeetingsDeps) {
    this.deps = deps;
    this.guests = new MeetingGuests({
      store: deps.store,
      clock: deps.clock,
      audit: deps.audit,
      tenant: deps.tenant,
    });
    const roomScope = (tenantId: string) => systemScope("meeting room bookkeeping", tenantId);
    const onError = (error: unknown, what: string) =>
      deps.log.error({ err: error }, `meetings: ${what} failed`);
    this.janus = deps.media.janusUrl
      ? new Sfu({
          url: deps.media.janusUrl,
          feedsChanged: (meetingId) => this.rooms.feedsChanged(meetingId),
          onError,
        })
      : null;
    this.rooms = new MeetingRooms({
      sfu: this.janus,
      onError,
      clock: deps.clock,
      media: deps.media,
      left: async (meeting, participantId) => {
        await deps.store.closeParticipant(
          roomScope(meeting.tenantId),
          meeting.id,
          participantId,
          "left",
          deps.clock.now(),
          null,
        );
      },
      meeting: (tenantId, meetingId) => deps.store.byId(roomScope(tenantId), meetingId),
      whoMayPresent: async (tenantId) => (await this.policy(roomScope(tenantId))).whoMayPresent,
    });
    this.sfu = new SfuSignalling(this.rooms, this.janus);
    this.controls = {
      database: deps.database,
      clock: deps.clock,
      audit: deps.audit,
      store: deps.store,
      rooms: this.rooms,
    };
    this.feed = new LobbyFeed({
      hub: deps.hub,
      access: deps.access,
      conditions: deps.conditions,
      relationOf: (scope, meeting, userId) => this.relationOf(scope, meeting, userId),
      waiting: (scope, meeting) => this.lobby(scope, meeting),
    });
  }

  /**
   * Tells the lobby's followers, after the change committed. The live view is a convenience over
   * the lobby route (which a reload reads), so a failed delivery does not fail the change.
   */
  private announceLobby(scope: Scope, meeting: MeetingRow): Promise<void> {
    return this.feed.lobbyChanged(scope, meeting).catch(() => undefined);
  }

  async policy(scope: Scope): Promise<MeetingPolicy> {
    return (await this.deps.store.policy(scope)) ?? DEFAULT_MEETING_POLICY;
  }

  async setPolicy(
    scope: Scope,
    policy: MeetingPolicy,
    request: RequestInfo,
  ): Promise<MeetingPolicy> {
    await this.deps.database.transaction(async () => {
      await this.deps.store.setPolicy(scope, policy, this.deps.clock.now());
      await this.deps.audit.append(scope, {
        action: MEETING_EVENTS.policyChanged,
        outcome: "allow",
        request,
        target: { type: "tenant", id: scope.tenantId ?? "" },
        details: { ...policy },
      });
    });
    // Open rooms follow at once (who may present); the policy is saved whatever happens there.
    if (scope.tenantId)
      await this.rooms.policyChanged(scope.tenantId).catch((error: unknown) => {
        this.deps.log.error({ err: error }, "meetings: applying the policy to open rooms failed");
      });
    return policy;
  }

  /** Schedules a meeting for its organiser, in a channel or chat if asked (commands/schedule.ts). */
  async schedule(
    principal: UserPrincipal,
    input: ScheduleMeetingRequest,
    request: RequestInfo,
  ): Promise<Meeting> {
    const row = await scheduleMeeting(
      {
        database: this.deps.database,
        clock: this.deps.clock,
        audit: this.deps.audit,
        keyring: this.deps.keyring,
        store: this.deps.store,
        identity: this.deps.identity,
        requireLabel: (scope, labelId) => this.deps.labels.require(scope, labelId),
        channels: this.deps.channels,
      },
      principal,
      input,
      request,
    );
    return this.present(scopeOf(principal), row, "organizer");
  }

  /**
   * The meetings someone organises or is named in, or that are held in a channel or chat they are
   * in now (its members are invited), from those running now, soonest first.
   */
  async mine(principal: UserPrincipal): Promise<Meeting[]> {
    const scope = scopeOf(principal);
    const userId = principal.user.id;
    const since = new Date(this.deps.clock.now().getTime() - HOUR);
    const [own, held] = await Promise.all([
      this.deps.store.mine(scope, userId, since, MEETINGS_LISTED),
      this.deps.store.inChannels(scope, since, CHANNEL_MEETINGS_READ),
    ]);
    // Each channel's membership once, read afresh (leaving a channel ends the invitation).
    const channelIds = [...new Set(held.map((row) => row.channelId ?? ""))];
    const member = new Set(
      (
        await Promise.all(
          channelIds.map(async (id) =>
            (await this.deps.channels.isMember(scope, id, userId)) ? id : null,
          ),
        )
      ).filter((id) => id !== null),
    );
    const byId = new Map(own.map((row) => [row.id, row]));
    for (const row of held) if (member.has(row.channelId ?? "")) byId.set(row.id, row);
    const rows = [...byId.values()]
      .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.id.localeCompare(b.id))
      .slice(0, MEETINGS_LISTED);
    return this.listedFor(scope, rows, userId);
  }

  /**
   * The meetings someone organised, was named in or was let into that are over (ended, or past
   * their end by an hour: what {@link mine} no longer lists), newest first, with their role — so
   * they can read the meeting's chat afterwards. Someone removed from a meeting does not see it.
   */
  async past(principal: UserPrincipal): Promise<Meeting[]> {
    const scope = scopeOf(principal);
    const userId = principal.user.id;
    const since = new Date(this.deps.clock.now().getTime() - HOUR);
    const rows = await this.deps.store.past(scope, userId, since, MEETINGS_LISTED);
    return this.listedFor(scope, rows, userId);
  }

  /**
   * A list's meetings as someone sees them, with their role in each; one they were removed from is
   * left out (the lists' queries read no removals), invited or not.
   */
  private async listedFor(scope: Scope, rows: MeetingRow[], userId: string): Promise<Meeting[]> {
    const organisation = await this.organisation(scope);
    const shown: Meeting[] = [];
    for (const row of rows) {
      const relation = await this.relationOf(scope, row, userId);
      if (relation === "none") continue;
      shown.push(await this.present(scope, row, shownRole(relation), organisation));
    }
    return shown;
  }

  /** How many meetings carry one of these labels (the labels' editor refuses deleting them). */
  labelled(scope: Scope, labelIds: string[]): Promise<number> {
    return this.deps.store.labelled(scope, labelIds);
  }

  /** One join of a meeting (the room and the policy read a meeting guest's own). */
  participant(scope: Scope, meetingId: string, participantId: string) {
    return this.deps.store.participant(scope, meetingId, participantId);
  }

  async byId(scope: Scope, id: string): Promise<MeetingRow | undefined> {
    return this.deps.store.byId(scope, id);
  }

  async byJoinCode(scope: Scope, code: string): Promise<MeetingRow | undefined> {
    return this.deps.store.byJoinCode(scope, code);
  }

  /** The asker's relation to the meeting (see {@link MeetingRelation}). */
  async relationOf(scope: Scope, meeting: MeetingRow, userId: string): Promise<MeetingRelation> {
    if (meeting.organizerId === userId) return "organizer";
    const named = await this.deps.store.personOf(scope, meeting.id, userId);
    if (named?.role === "co_organizer") return "co_organizer";
    const mine = await this.deps.store.participantsOf(scope, meeting.id, userId);
    // Removed by an organiser: out of the meeting for good, even if it named them.
    if (mine.some((p) => p.state === "removed")) return "none";
    if (named?.role === "presenter") return "presenter";
    // Let in at some point (a join that left the lobby undecided was never let in); store.past
    // lists past meetings by the same rule, in SQL.
    const wasIn = (p: { state: string; decidedAt: Date | null }) =>
      p.state === "admitted" || (p.state === "left" && p.decidedAt !== null);
    if (named || mine.some(wasIn) || (await this.inChannelOf(scope, meeting, userId)))
      return "attendee";
    if (mine.some((p) => p.state === "lobby")) return "lobby";
    return "none";
  }

  /**
   * Whether someone is in the meeting's channel or chat now: its members count as invited (the
   * lobby's "people who were invited" option lets them in; they see the meeting as an invitee).
   */
  private async inChannelOf(scope: Scope, meeting: MeetingRow, userId: string): Promise<boolean> {
    return (
      meeting.channelId !== null && this.deps.channels.isMember(scope, meeting.channelId, userId)
    );
  }

  async shown(scope: Scope, meeting: MeetingRow, relation: MeetingRelation): Promise<Meeting> {
    return this.present(scope, meeting, shownRole(relation));
  }

  /**
   * Someone of the organisation knocks with the join code. The lobby's rules decide, here and
   * nowhere else: a refusal is an error naming why; otherwise they are in or waiting — and a
   * person already waiting keeps their place rather than queueing twice. Audited either way.
   */
  async join(
    principal: UserPrincipal,
    meeting: MeetingRow,
    relation: MeetingRelation,
    request: RequestInfo,
  ): Promise<JoinMeetingResponse> {
    const scope = scopeOf(principal);
    const policy = await this.policy(scope);
    const kind: MeetingJoinerKind =
      relation === "organizer" || relation === "co_organizer"
        ? relation
        : principal.user.role === "guest"
          ? "guest"
          : "member";
    const invited =
      (await this.deps.store.personOf(scope, meeting.id, principal.user.id)) !== undefined ||
      (await this.inChannelOf(scope, meeting, principal.user.id));
    const mine = await this.deps.store.participantsOf(scope, meeting.id, principal.user.id);
    const removed = mine.some((p) => p.state === "removed");
    const decision = await this.decideKnock(
      scope,
      meeting,
      policy,
      { kind, invited, removed },
      request,
    );
    const waiting = mine.find((p) => p.state === "lobby");
    if (waiting && decision.outcome === "lobby")
      return { outcome: "lobby", participantId: waiting.id, meetingId: meeting.id };
    const participantId = randomUUID();
    await this.deps.database.transaction(async () => {
      await this.deps.store.insertParticipant(scope, {
        id: participantId,
        meetingId: meeting.id,
        userId: principal.user.id,
        displayName: principal.user.displayName,
        kind,
        state: decision.outcome,
        requestedAt: this.deps.clock.now(),
        decidedAt: decision.outcome === "admitted" ? this.deps.clock.now() : null,
        decidedBy: null,
        ticketHash: null,
        leftAt: null,
      });
      await this.deps.audit.append(scope, {
        action: MEETING_EVENTS.joined,
        outcome: "allow",
        request,
        target: { type: "meeting", id: meeting.id },
        details: { outcome: decision.outcome, kind, participantId },
      });
    });
    if (decision.outcome === "lobby") await this.announceLobby(scope, meeting);
    return { outcome: decision.outcome, participantId, meetingId: meeting.id };
  }

  /**
   * Someone without an account knocks with the link and a name (public: they have nothing else).
   * They always wait — the organisation's policy may refuse them outright — and get a ticket, a
   * 256-bit bearer secret of which only the hash is kept, to ask what became of them. At most
   * ANONYMOUS_WAITING_MAX of them wait in one lobby. Audited in the organisation's log.
   */
  async knockAnonymously(
    tenantId: string,
    code: string,
    name: string,
    request: RequestInfo,
  ): Promise<AnonymousKnockResponse> {
    const scope = scopeFor({ type: "anonymous" }, tenantId);
    const meeting = await this.deps.store.byJoinCode(scope, code);
    if (!meeting) throw new AppError("not_found", "Not found.");
    const policy = await this.policy(scope);
    // Throws a refusal; otherwise an anonymous joiner always waits (the rules never admit one).
    await this.decideKnock(
      scope,
      meeting,
      policy,
      { kind: "anonymous", invited: false, removed: false },
      request,
    );
    const waiting = (await this.deps.store.participants(scope, meeting.id)).filter(
      (p) => p.kind === "anonymous" && p.state === "lobby",
    );
    if (waiting.length >= ANONYMOUS_WAITING_MAX)
      throw new AppError("lobby_full", "Too many people are waiting in this meeting's lobby.", {
        retryAfterSeconds: 60,
      });
    const ticket = randomBytes(32).toString("base64url");
    const participantId = randomUUID();
    await this.deps.database.transaction(async () => {
      await this.deps.store.insertParticipant(scope, {
        id: participantId,
        meetingId: meeting.id,
        userId: null,
        displayName: name.trim(),
        kind: "anonymous",
        state: "lobby",
        requestedAt: this.deps.clock.now(),
        decidedAt: null,
        decidedBy: null,
        ticketHash: hashTicket(ticket),
        leftAt: null,
      });
      await this.deps.audit.append(scope, {
        action: MEETING_EVENTS.joined,
        outcome: "allow",
        request,
        target: { type: "meeting", id: meeting.id },
        details: { outcome: "lobby", kind: "anonymous", participantId },
      });
    });
    await this.announceLobby(scope, meeting);
    return { outcome: "lobby", participantId, ticket };
  }

  /** What became of an anonymous joiner's knock; an unknown ticket is 404. */
  async ticketState(tenantId: string, ticket: string): Promise<MeetingTicketResponse> {
    const scope = scopeFor({ type: "anonymous" }, tenantId);
    const row = await this.deps.store.participantByTicket(scope, hashTicket(ticket));
    if (!row) throw new AppError("not_found", "Not found.");
    const meeting = await this.deps.store.byId(scope, row.meetingId);
    if (!meeting || meeting.endedAt) return { state: "ended" };
    return { state: row.state as MeetingTicketResponse["state"] };
  }

  /**
   * Someone without an account stops waiting (the lobby screen's "stop waiting", or their page
   * closing): the organisers' queue no longer shows them, and the attendance report records the
   * time, as for a member leaving the lobby (leaveRoom). Only a knock still waiting can be
   * withdrawn; any other or unknown ticket is 404, so a ticket tells nothing more by this route.
   */
  async withdrawTicket(tenantId: string, ticket: string): Promise<MeetingTicketResponse> {
    const scope = scopeFor({ type: "anonymous" }, tenantId);
    const row = await this.deps.store.participantByTicket(scope, hashTicket(ticket));
    const meeting = row && (await this.deps.store.byId(scope, row.meetingId));
    if (!row || row.state !== "lobby" || !meeting || meeting.endedAt)
      throw new AppError("not_found", "Not found.");
    // Only while it still waits: an organiser's decision that came first stands.
    const closed = await this.deps.store.closeParticipant(
      scope,
      meeting.id,
      row.id,
      "left",
      this.deps.clock.now(),
      null,
      ["lobby"],
    );
    if (!closed) throw new AppError("not_found", "Not found.");
    await this.announceLobby(scope, meeting);
    return { state: "left" };
  }

  /** Who waits in the lobby, first come first. */
  async lobby(scope: Scope, meeting: MeetingRow): Promise<LobbyEntry[]> {
    return (await this.deps.store.participants(scope, meeting.id))
      .filter((p) => p.state === "lobby")
      .map(presentLobbyEntry);
  }

  /** An organiser or presenter lets someone in, or turns them away; 404 if they were not waiting. */
  async decide(
    principal: UserPrincipal,
    meeting: MeetingRow,
    participantId: string,
    state: "admitted" | "denied",
    request: RequestInfo,
  ): Promise<LobbyEntry> {
    const scope = scopeOf(principal);
    const decided = await this.deps.database.transaction(async () => {
      const row = await this.deps.store.decide(
        scope,
        meeting.id,
        participantId,
        state,
        principal.user.id,
        this.deps.clock.now(),
      );
      if (!row) throw new AppError("not_found", "Nobody with that id is waiting in the lobby.");
      await this.deps.audit.append(scope, {
        action: state === "admitted" ? MEETING_EVENTS.admitted : MEETING_EVENTS.denied,
        outcome: "allow",
        request,
        target: { type: "meeting", id: meeting.id },
        details: { participantId, kind: row.kind, ...(row.userId ? { userId: row.userId } : {}) },
      });
      return row;
    });
    this.feed.knockDecided(meeting, { id: decided.id, userId: decided.userId, state });
    await this.announceLobby(scope, meeting);
    return presentLobbyEntry(decided);
  }

  /** Someone waiting follows their own knock: its state now (404 if it is not theirs). */
  async followKnock(
    connection: ConnectionView,
    meeting: MeetingRow,
    participantId: string,
  ): Promise<MeetingKnockEvent> {
    const scope = scopeOf(connection.principal);
    const mine = await this.deps.store.participant(scope, meeting.id, participantId);
    if (mine?.userId !== connection.principal.user.id)
      throw new AppError("not_found", "Not found.");
    const state = mine.state as MeetingKnockEvent["state"];
    if (state === "lobby") connection.subscribe(knockTopic(participantId));
    return { meetingId: meeting.id, participantId, state };
  }

  /** An organiser or presenter follows the lobby: who waits now, then `meeting.lobby` events. */
  async followLobby(connection: ConnectionView, meeting: MeetingRow): Promise<MeetingLobbyEvent> {
    connection.subscribe(lobbyTopic(meeting.id));
    return {
      meetingId: meeting.id,
      waiting: await this.lobby(scopeOf(connection.principal), meeting),
    };
  }

  /** Organisers lock the meeting or mute its attendees (commands/controls.ts). */
  async update(
    principal: UserPrincipal,
    meeting: MeetingRow,
    relation: MeetingRelation,
    changes: UpdateMeetingRequest,
    request: RequestInfo,
  ): Promise<Meeting> {
    const scope = scopeOf(principal);
    const row = await controls.updateMeeting(this.controls, scope, meeting, changes, request);
    return this.shown(scope, row, relation);
  }

  /** Ends the meeting for everyone; those still waiting are turned away and hear that it ended. */
  async end(
    principal: UserPrincipal,
    meeting: MeetingRow,
    relation: MeetingRelation,
    request: RequestInfo,
  ): Promise<Meeting> {
    const scope = scopeOf(principal);
    const waiting = (await this.deps.store.participants(scope, meeting.id)).filter(
      (p) => p.state === "lobby",
    );
    const ended = await controls.endMeeting(this.controls, scope, meeting, request);
    for (const row of waiting)
      this.feed.knockDecided(meeting, { id: row.id, userId: row.userId, state: "ended" });
    await this.announceLobby(scope, ended);
    return this.shown(scope, ended, relation);
  }

  async setRole(
    principal: UserPrincipal,
    meeting: MeetingRow,
    userId: string,
    role: "presenter" | "attendee",
    request: RequestInfo,
  ): Promise<void> {
    await controls.setRole(this.controls, scopeOf(principal), meeting, userId, role, request);
  }

  async remove(
    principal: UserPrincipal,
    meeting: MeetingRow,
    participantId: string,
    request: RequestInfo,
  ): Promise<MeetingParticipant> {
    const scope = scopeOf(principal);
    const row = await controls.removeParticipant(
      this.controls,
      scope,
      meeting,
      participantId,
      principal.user.id,
      request,
    );
    const people = await this.deps.store.people(scope, meeting.id);
    return controls.presentParticipant(meeting, people, row, false);
  }

  participants(scope: Scope, meeting: MeetingRow): Promise<MeetingParticipant[]> {
    return controls.participants(this.controls, scope, meeting);
  }

  /** Writes in the meeting's chat with one's admitted join (commands/chat.ts). */
  postChat(
    principal: UserPrincipal | GuestPrincipal,
    meeting: MeetingRow,
    participantId: string,
    body: string,
  ): Promise<MeetingChatMessage> {
    return chat.postMessage(
      this.chatDeps(),
      scopeOf(principal),
      meeting,
      joinOwnerOf(principal),
      participantId,
      body,
    );
  }

  chat(scope: Scope, meeting: MeetingRow, before: Date | null): Promise<MeetingChatMessage[]> {
    return chat.messages(this.chatDeps(), scope, meeting, before);
  }

  private chatDeps(): chat.ChatDeps {
    return {
      clock: this.deps.clock,
      keyring: this.deps.keyring,
      store: this.deps.store,
      rooms: this.rooms,
    };
  }

  attendance(scope: Scope, meeting: MeetingRow): Promise<AttendanceEntry[]> {
    return controls.attendance(this.controls, scope, meeting);
  }

  /** An admitted participant enters the media room with their join (room.ts). */
  async enterRoom(
    connection: RoomConnectionView,
    meeting: MeetingRow,
    participantId: string,
  ): Promise<MeetingRoomJoined> {
    const scope = scopeOf(connection.principal);
    const row = await this.deps.store.participant(scope, meeting.id, participantId);
    const people = await this.deps.store.people(scope, meeting.id);
    const role = controls.roleIn(meeting, people, row?.userId ?? null);
    // Read only for someone the room lets in (it checks the join first).
    const shown = async (): Promise<MeetingInRoom> => {
      const { title, label, watermark } = await this.present(scope, meeting, role);
      return { title, label, watermark };
    };
    return this.rooms.enter(connection, meeting, row, role, shown);
  }

  /**
   * Someone leaves with their own open join: from the room (seated or not: a page whose
   * connection dropped still says goodbye), or from the lobby before anyone decided — they stop
   * waiting, and the organisers' queue no longer shows them. The attendance report records the
   * time. 404 for anyone else's join, or one already closed.
   */
  async leaveRoom(connection: RoomConnectionView, meeting: MeetingRow, participantId: string) {
    const scope = scopeOf(connection.principal);
    const row = await this.deps.store.participant(scope, meeting.id, participantId);
    if (
      !row ||
      !ownsJoin(joinOwnerOf(connection.principal), row) ||
      (row.state !== "admitted" && row.state !== "lobby")
    )
      throw new AppError("not_found", "Not found.");
    await this.deps.store.closeParticipant(
      scope,
      meeting.id,
      participantId,
      "left",
      this.deps.clock.now(),
      null,
    );
    if (row.state === "lobby") await this.announceLobby(scope, meeting);
    else await this.rooms.release(meeting, participantId);
  }

  signal(
    connection: RoomConnectionView,
    meeting: MeetingRow,
    from: string,
    to: string,
    signal: MeetingSignal,
  ): void {
    this.rooms.signal(connection, meeting.id, from, to, signal);
  }

  /**
   * One starts or stops presenting from one's own seat (Cedar allowed it: starting by the
   * organisation's rule for one's role); everyone in the room hears it.
   */
  presentInRoom(
    connection: RoomConnectionView,
    meeting: MeetingRow,
    participantId: string,
    presenting: boolean,
  ): Promise<{ presenting: boolean }> {
    return this.rooms.present(connection, meeting, participantId, presenting);
  }

  /** The server stops: the Janus session ends (Janus drops its rooms with it). */
  async stop(): Promise<void> {
    await this.janus?.stop();
  }

  /** Connections opening and closing (the hub's lifecycle): a closed one leaves its rooms. */
  opened(): void {}

  guestClosed(connection: RoomConnectionView): void {
    this.closed(connection);
  }

  closed(connection: RoomConnectionView): void {
    this.rooms.connectionClosed(connection).catch((error: unknown) => {
      this.deps.log.error({ err: error }, "could not record a participant leaving a meeting");
    });
  }

  /** What presenting a meeting reads of the organisation: its meeting policy and its labels. */
  private async organisation(scope: Scope): Promise<OrganisationContext> {
    return { policy: await this.policy(scope), labels: await this.deps.labels.all(scope) };
  }

  private async present(
    scope: Scope,
    meeting: MeetingRow,
    role: MeetingRole,
    organisation?: OrganisationContext,
  ): Promise<Meeting> {
    const policy = organisation?.policy ?? (await this.policy(scope));
    const labels =
      organisation?.labels ?? (meeting.labelId ? await this.deps.labels.all(scope) : []);
    const title = await this.deps.keyring.decrypt(
      scope,
      "general",
      meeting.titleEnc,
      titleContext(meeting.id),
    );
    const label = labels.find((l) => l.id === meeting.labelId);
    return presentMeeting(
      meeting,
      title.toString("utf8"),
      await this.deps.store.people(scope, meeting.id),
      effectiveBypass(policy, meeting.lobbyBypass as MeetingPolicy["lobbyBypass"] | null),
      role,
      {
        label: label ? { id: label.id, name: label.name } : null,
        watermark:
          label !== undefined &&
          label.rank >= (policy.watermarkFromRank ?? WATERMARK_FROM_RANK_DEFAULT),
      },
    );
  }

  /**
   * A knock decided by the lobby's rules under the organisation's policy; a refusal is audited
   * with its reason and thrown as the error of that code. One place for both kinds of knock.
   */
  private async decideKnock(
    scope: Scope,
    meeting: MeetingRow,
    policy: MeetingPolicy,
    joiner: Joiner,
    request: RequestInfo,
  ): Promise<{ outcome: "admitted" | "lobby" }> {
    const decision = decideJoin(
      {
        bypass: effectiveBypass(policy, meeting.lobbyBypass as MeetingPolicy["lobbyBypass"] | null),
        locked: meeting.locked,
        ended: meeting.endedAt !== null,
        anonymousJoin: policy.anonymousJoin,
      },
      joiner,
    );
    if (decision.outcome !== "refused") return decision;
    await this.deps.audit.append(scope, {
      action: MEETING_EVENTS.joinRefused,
      outcome: "deny",
      request,
      target: { type: "meeting", id: meeting.id },
      details: { reason: decision.reason, kind: joiner.kind },
    });
    throw new AppError(decision.reason, refusalText[decision.reason]);
  }
}

interface OrganisationContext {
  policy: MeetingPolicy;
  labels: SensitivityLabel[];
}

/** The role a meeting is shown with: someone waiting or outside it sees it as an attendee would. */
function shownRole(relation: MeetingRelation): MeetingRole {
  return relation === "lobby" || relation === "none" ? "attendee" : relation;
}

/** The most meetings a list shows (a busy person's coming weeks). */
const MEETINGS_LISTED = 100;
/** Channel meetings looked at for one list (the running and coming ones of the organisation). */
const CHANNEL_MEETINGS_READ = 500;

const refusalText = {
  meeting_ended: "This meeting has ended.",
  meeting_locked: "This meeting is locked: nobody new can join.",
  removed_from_meeting: "An organiser removed you from this meeting.",
  anonymous_join_disabled: "This organisation does not let people join without an account.",
} as const;
