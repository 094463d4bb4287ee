import {
  JOIN_REFUSALS,
  type IceServer,
  type JoinMeetingResponse,
  type MediaMode,
  type MeetingChatMessage,
  type MeetingClosedEvent,
  type MeetingKnockEvent,
  type MeetingLobbyEvent,
  type MeetingRoomEvent,
  type MeetingRoomJoined,
  type MeetingSignalEvent,
} from "@engawa/shared";
import { asApiError } from "../api/client.ts";
import type { MeetingDoor } from "./anonymousDoor.ts";
import type { MeetingApi } from "./meetingApi.ts";
import { MeetingConnection, type ConnectionEnd } from "./meetingConnection.ts";
import { runsLobby } from "./meetingRoles.ts";
import type { Room, SessionState } from "./meetingState.ts";
import type { MediaTransport } from "./transport.ts";
import { sfuSignallingOver } from "./sfuSignalling.ts";
import { transportFor } from "./transports.ts";

export type { Phase, Room, SessionState } from "./meetingState.ts";

const RETRY_MIN_MS = 1_000;
const RETRY_MAX_MS = 15_000;

/**
 * One person's way through a meeting: knock with the join code (`meeting-joins`), wait in the
 * lobby following the knock live, enter the media room, follow it (`meeting.room`,
 * `meeting.signal`, `meeting.closed`, and the lobby for those who run it), leave. The server
 * decides everything; this only follows. A dropped connection closes one's seat on the server, so
 * coming back is a new knock and the lobby's rules apply again.
 */
export class MeetingSession {
  private readonly api: MeetingApi;
  private readonly code: string;
  /** How this person knocks: null, a member with `api.join`; else (no account) the door's way. */
  /** Set by leave(): a knock still under way must not bring the meeting back. */
  private leaving = false;
  private readonly door: MeetingDoor | null;
  private onSessionEnded: () => void = () => undefined;
  private state: SessionState = {
    phase: { name: "ready" },
    room: null,
    meeting: null,
    waiting: null,
    transport: null,
  };
  private readonly listeners = new Set<() => void>();
  private readonly chatListeners = new Set<(message: MeetingChatMessage) => void>();
  private connection: MeetingConnection | null = null;
  private joinedAs: JoinMeetingResponse | null = null;
  /** The ICE servers the room handed out (TURN credentials expire: each entry brings new ones). */
  private iceServers: IceServer[] = [];
  /** Signals that came before the transport was there (an offer racing the room's answer). */
  private early: MeetingSignalEvent[] = [];
  private retryMs = RETRY_MIN_MS;
  private retryTimer: number | undefined;
  private disposed = true;
  private readonly onOnline = () => {
    if (this.state.phase.name !== "reconnecting") return;
    window.clearTimeout(this.retryTimer);
    void this.knock();
  };

  constructor(api: MeetingApi, code: string, door: MeetingDoor | null = null) {
    this.api = api;
    this.code = code;
    this.door = door;
  }

  /** The page shows the meeting; `onSessionEnded` runs when the server ends the session (4401). */
  start(onSessionEnded: () => void): void {
    this.onSessionEnded = onSessionEnded;
    this.disposed = false;
    window.addEventListener("online", this.onOnline);
  }

  get(): SessionState {
    return this.state;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Hears the meeting's chat (`meeting.chat`, sent to everyone in the room). The listener outlives
   * a reconnect: each new connection passes its messages on here.
   */
  onChat(listener: (message: MeetingChatMessage) => void): () => void {
    this.chatListeners.add(listener);
    return () => this.chatListeners.delete(listener);
  }

  /** The Join button: knock, and follow whatever the lobby's rules decide. */
  join(): Promise<void> {
    return this.knock();
  }

  /**
   * Leaves the meeting on one's own word — the room, or the lobby ("stop waiting": the organisers'
   * queue no longer shows them). The attendance report records the time.
   */
  async leave(): Promise<void> {
    const joined = this.joinedAs;
    const connection = this.connection;
    const phase = this.state.phase.name;
    // From here on, what an earlier knock still brings back is ignored (see knock()).
    this.leaving = true;
    if (!joined && phase === "lobby" && this.door) {
      this.door.cancel();
      await this.door.withdraw?.();
    }
    if (joined && connection && (phase === "inRoom" || phase === "lobby"))
      await connection
        .call("meeting.room.leave", {
          meetingId: joined.meetingId,
          participantId: joined.participantId,
        })
        .catch(() => undefined);
    this.teardown();
    this.set({ phase: { name: "closed", reason: "left" } });
  }

  /** The page is going: leave, release everything, hear nothing more. */
  dispose(): void {
    if (this.disposed) return;
    if (this.state.phase.name === "inRoom" || this.state.phase.name === "lobby") void this.leave();
    else this.teardown();
    this.disposed = true;
    window.removeEventListener("online", this.onOnline);
    this.state = { ...this.state, phase: { name: "ready" } };
  }

  private async knock(): Promise<void> {
    if (this.disposed) return;
    this.leaving = false;
    const reconnecting = this.state.phase.name === "reconnecting";
    if (!reconnecting) this.set({ phase: { name: "knocking" } });
    try {
      const joined = this.door
        ? // Without an account: the door waits in the lobby itself and returns once let in.
          await this.door.knock(this.code, () => {
            if (this.state.phase.name !== "lobby") this.set({ phase: { name: "lobby" } });
          })
        : await this.api.join(this.code);
      if (this.disposed || this.leaving) return;
      this.joinedAs = joined;
      await this.connect();
      if (joined.outcome === "lobby") await this.wait(joined);
      else await this.enter(joined);
      this.retryMs = RETRY_MIN_MS;
    } catch (error) {
      // One left while the knock was on its way: its answer (a withdrawn ticket) is no news.
      if (this.leaving) return;
      const code = asApiError(error).code;
      if (code === "lobby_denied") {
        this.teardown();
        this.set({ phase: { name: "denied" } });
      } else if ((JOIN_REFUSALS as readonly string[]).includes(code) || code === "not_found") {
        this.teardown();
        this.set({ phase: { name: "refused", code } });
      } else if (reconnecting || code === "network_error") this.retryLater();
      else this.set({ phase: { name: "failed", error } });
    }
  }

  private async connect(): Promise<MeetingConnection> {
    if (this.connection) return this.connection;
    const connection = new MeetingConnection();
    connection.on("meeting.knock", (payload) => this.onKnock(payload as MeetingKnockEvent));
    connection.on("meeting.room", (payload) => this.onRoom(payload as MeetingRoomEvent));
    connection.on("meeting.signal", (payload) => this.onSignal(payload as MeetingSignalEvent));
    connection.on("meeting.closed", (payload) => this.onClosed(payload as MeetingClosedEvent));
    connection.on("meeting.chat", (payload) => {
      for (const listener of [...this.chatListeners]) listener(payload as MeetingChatMessage);
    });
    connection.on("meeting.lobby", (payload) => {
      const event = payload as MeetingLobbyEvent;
      if (event.meetingId === this.joinedAs?.meetingId && this.state.waiting !== null)
        this.set({ waiting: event.waiting });
    });
    this.connection = connection;
    try {
      await connection.open((end) => this.onEnd(connection, end));
    } catch (error) {
      this.connection = null;
      throw error;
    }
    return connection;
  }

  /** Waits in the lobby, following one's knock (its state now, then `meeting.knock`). */
  private async wait(joined: JoinMeetingResponse): Promise<void> {
    this.set({ phase: { name: "lobby" }, room: null, meeting: null, waiting: null });
    const connection = await this.connect();
    const now = await connection.call<MeetingKnockEvent>("meeting.knock.subscribe", {
      meetingId: joined.meetingId,
      participantId: joined.participantId,
    });
    this.onKnock(now);
  }

  private onKnock(event: MeetingKnockEvent): void {
    const joined = this.joinedAs;
    if (!joined || event.participantId !== joined.participantId) return;
    if (event.state === "denied") {
      this.teardown();
      this.set({ phase: { name: "denied" } });
    } else if (event.state === "ended") {
      // Not a decision about them: the refusal screen says the meeting has ended.
      this.teardown();
      this.set({ phase: { name: "refused", code: "meeting_ended" } });
    } else if (event.state === "admitted" && this.state.phase.name !== "inRoom")
      this.enter(joined).catch((error: unknown) => this.set({ phase: { name: "failed", error } }));
  }

  /** Enters the media room with one's admitted join. */
  private async enter(joined: JoinMeetingResponse): Promise<void> {
    const connection = await this.connect();
    const room = await connection.call<MeetingRoomJoined>("meeting.room.join", {
      meetingId: joined.meetingId,
      participantId: joined.participantId,
    });
    const { iceServers, ...shown } = room;
    this.iceServers = iceServers;
    this.state.transport?.close();
    const transport = this.transport(room.mode, connection, joined);
    transport.setRoom(room);
    for (const early of this.early.splice(0)) transport.receive(early.from, early.signal);
    this.set({
      phase: { name: "inRoom" },
      room: shown,
      transport,
    });
    await this.followLobby();
    this.api.get(joined.meetingId).then(
      ({ meeting }) => this.set({ meeting }),
      () => undefined,
    );
  }

  /** The transport for the room's media mode, signalling through this connection. */
  private transport(
    mode: MediaMode,
    connection: MeetingConnection,
    joined: JoinMeetingResponse,
  ): MediaTransport {
    const seat = { meetingId: joined.meetingId, participantId: joined.participantId };
    return transportFor(mode, joined.participantId, this.iceServers, {
      peer: (to, signal) =>
        connection
          .call("meeting.room.signal", {
            meetingId: seat.meetingId,
            from: seat.participantId,
            to,
            signal,
          })
          .then(() => undefined),
      sfu: sfuSignallingOver((type, payload) => connection.call(type, payload), seat),
    });
  }

  /** Those who run the lobby follow it (answered with who waits now, then `meeting.lobby`). */
  private async followLobby(): Promise<void> {
    const room = this.state.room;
    const connection = this.connection;
    if (!room || !connection) return;
    if (!runsLobby(room.yourRole)) {
      if (this.state.waiting !== null) this.set({ waiting: null });
      return;
    }
    if (this.state.waiting !== null) return;
    this.set({ waiting: [] });
    try {
      const now = await connection.call<MeetingLobbyEvent>("meeting.lobby.subscribe", {
        meetingId: room.meetingId,
      });
      this.set({ waiting: now.waiting });
    } catch {
      this.set({ waiting: null });
    }
  }

  /**
   * Tells the server one starts (true) or stops (false) sharing one's screen: it decides starting
   * by the organisation's rule for one's role (rejects with `forbidden`) and tells the room.
   */
  async present(presenting: boolean): Promise<void> {
    const joined = this.joinedAs;
    if (!joined || !this.connection) throw new Error("not in the room");
    await this.connection.call("meeting.room.present", {
      meetingId: joined.meetingId,
      participantId: joined.participantId,
      presenting,
    });
  }

  private onRoom(event: MeetingRoomEvent): void {
    const room = this.state.room;
    if (!room || event.meetingId !== room.meetingId) return;
    const me = event.peers.find((peer) => peer.participantId === room.participantId);
    const next: Room = { ...room, ...event, yourRole: me?.role ?? room.yourRole };
    let transport = this.state.transport;
    const connection = this.connection;
    if (transport && transport.mode !== event.mode && connection && this.joinedAs) {
      // The room moved to the SFU for good: the peer connections go, its transport comes.
      transport.close();
      transport = this.transport(event.mode, connection, this.joinedAs);
    }
    transport?.setRoom(event);
    this.set({ room: next, transport });
    if (next.yourRole !== room.yourRole) void this.followLobby();
  }

  private onSignal(event: MeetingSignalEvent): void {
    if (event.meetingId !== this.joinedAs?.meetingId) return;
    const transport = this.state.transport;
    if (transport) transport.receive(event.from, event.signal);
    else if (this.state.phase.name !== "inRoom") this.early.push(event);
  }

  private onClosed(event: MeetingClosedEvent): void {
    if (event.participantId !== this.joinedAs?.participantId) return;
    this.teardown();
    this.set({ phase: { name: "closed", reason: event.reason } });
  }

  private onEnd(connection: MeetingConnection, end: ConnectionEnd): void {
    if (this.connection !== connection) return;
    this.connection = null;
    if (end === "session_ended") {
      this.teardown();
      this.onSessionEnded();
      return;
    }
    const phase = this.state.phase.name;
    if (phase !== "inRoom" && phase !== "lobby" && phase !== "knocking") return;
    this.state.transport?.close();
    this.set({ phase: { name: "reconnecting" }, transport: null, waiting: null });
    this.retryLater();
  }

  private retryLater(): void {
    if (this.disposed) return;
    this.set({ phase: { name: "reconnecting" } });
    const wait = this.retryMs * (0.75 + Math.random() * 0.5);
    this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
    window.clearTimeout(this.retryTimer);
    this.retryTimer = window.setTimeout(() => void this.knock(), wait);
  }

  private teardown(): void {
    window.clearTimeout(this.retryTimer);
    this.door?.cancel();
    this.state.transport?.close();
    this.connection?.close();
    this.connection = null;
    this.early = [];
    this.set({ transport: null, waiting: null });
  }

  private set(change: Partial<SessionState>): void {
    if (this.disposed) return;
    this.state = { ...this.state, ...change };
    for (const listener of [...this.listeners]) listener();
  }
}
