import { answerDeviceChallenge } from "../device/challenge.ts";
import {
  PRESENCE_WATCH_LIMIT,
  type Message,
  type Notification,
  type PresenceEntry,
  type PresenceState,
} from "@engawa/shared";

/** Someone typing in a channel. */
export interface Typist {
  id: string;
  displayName: string;
}

/** How the live connection stands, for the page to say so in words. */
export type LiveStatus = "connecting" | "live" | "reconnecting";

/** What one part of the page wants to hear about a followed channel. */
export interface ChannelListener {
  /** A message was posted, edited or deleted (upsert by id; `seq` only grows). */
  onMessage: (message: Message) => void;
  /**
   * The person may no longer read the channel: nothing more will come. `conditions`: conditional
   * access closed it (where they work, a policy), not a removal.
   */
  onAccessLost: (reason: "access" | "conditions") => void;
}

interface Followed {
  listeners: Set<ChannelListener>;
  /** The highest sequence number delivered (or the one followed from): resume after it. */
  seq: number;
  /**
   * Conditional access refused the subscription where the person is (a label's matrix, a second
   * factor not given yet): the next follower, or {@link ChatConnection.retryRefused}, asks again.
   */
  refused?: boolean;
}

interface ServerFrame {
  event?: string;
  replyTo?: string | null;
  ok?: boolean;
  payload?: {
    channelId?: string;
    /** Of `channel.access_lost`: `conditions` when conditional access closed the channel. */
    reason?: string;
    chatId?: string;
    message?: Message;
    notification?: Notification;
    user?: { id: string; displayName: string };
    userId?: string;
    state?: PresenceState;
    presence?: PresenceEntry[];
  };
  error?: { code?: string };
}

/** The server closes with 4401 when the session behind the socket has ended (or never began). */
const CLOSE_SESSION_ENDED = 4401;
const RETRY_MIN_MS = 1_000;
const RETRY_MAX_MS = 30_000;
/** Refusals that depend on where and how the person is signed in, not on membership. */
const CONDITIONAL_REFUSALS: ReadonlySet<string> = new Set([
  "access_blocked",
  "mfa_required",
  "phishing_resistant_required",
  "reauthentication_required",
  "terms_required",
  "title_only",
  "work_context_denied",
]);

/** The server admits 100 frames in 10 s; a refused subscription is asked again after this. */
const RATE_LIMIT_RETRY_MS = 5_000;
/**
 * A ping this often; no answer by the next one means the connection is dead even if the browser
 * has not noticed (a sleeping laptop, a changed network). Pings do not extend the session.
 */
const HEARTBEAT_MS = 25_000;

/**
 * The chat's one WebSocket (`/api/ws`, same origin, so the session cookie goes with it). Every
 * part of the page that follows a channel shares it: a channel is subscribed once, whoever listens.
 *
 * Nothing is lost over a dropped connection: for each channel it remembers the highest sequence
 * number delivered, and after reconnecting subscribes with `afterSeq`, so the server sends exactly
 * what changed meanwhile (ARCHITECTURE: channel sequence numbers). Reconnects back off from 1 s to
 * 30 s; going offline drops the connection at once and coming online reconnects at once, and a
 * heartbeat finds connections that died silently. A 4401 close means the session ended (the page goes to sign-in); a subscription refused
 * with forbidden/not_found, or a `channel.access_lost` event, means the person was removed.
 */
export class ChatConnection {
  private socket: WebSocket | null = null;
  private ready = false;
  private stopped = true;
  private everReady = false;
  private retryMs = RETRY_MIN_MS;
  private retryTimer: number | undefined;
  private heartbeat: number | undefined;
  /** The ping awaiting its answer. */
  private ping: string | null = null;
  private nextId = 0;
  private status: LiveStatus = "connecting";
  private readonly followed = new Map<string, Followed>();
  /** Subscribe frames awaiting their reply: frame id → channel. */
  private readonly pending = new Map<string, string>();
  private readonly statusListeners = new Set<(status: LiveStatus) => void>();
  private readonly resumeListeners = new Set<() => void>();
  private readonly activityListeners = new Set<(notification: Notification) => void>();
  private readonly chatAddedListeners = new Set<(chatId: string) => void>();
  private readonly typingListeners = new Map<string, Set<(user: Typist) => void>>();
  private readonly directoryListeners = new Set<() => void>();
  /** Who each part of the page wants the presence of; the union is watched. */
  private readonly presenceWants = new Map<symbol, readonly string[]>();
  private readonly presenceStates = new Map<string, PresenceState>();
  private readonly presenceListeners = new Set<() => void>();
  private presenceVersion = 0;
  /** The ids last sent in `presence.subscribe` (joined), to send only a change. */
  private watchedKey = "";
  private watchTimer: number | undefined;
  /** What this window says about its person: in use or idle. */
  private ownPresence: "online" | "away" = "online";
  private readonly onOnline = () => {
    if (!this.socket && !this.stopped) {
      window.clearTimeout(this.retryTimer);
      this.connect();
    }
  };
  private readonly onOffline = () => {
    if (this.socket) this.drop(this.socket);
  };

  private onSessionEnded: () => void = () => undefined;

  /** Opens the connection; `onSessionEnded` runs when the server says the session is over (4401). */
  start(onSessionEnded: () => void): void {
    if (!this.stopped) return;
    this.onSessionEnded = onSessionEnded;
    this.stopped = false;
    window.addEventListener("online", this.onOnline);
    window.addEventListener("offline", this.onOffline);
    this.heartbeat = window.setInterval(() => this.beat(), HEARTBEAT_MS);
    this.connect();
  }

  /** Closes the socket for good (the page is leaving); listeners are forgotten. */
  stop(): void {
    this.stopped = true;
    window.removeEventListener("online", this.onOnline);
    window.removeEventListener("offline", this.onOffline);
    window.clearTimeout(this.retryTimer);
    window.clearTimeout(this.watchTimer);
    window.clearInterval(this.heartbeat);
    const socket = this.socket;
    this.socket = null;
    this.ready = false;
    this.ping = null;
    this.pending.clear();
    socket?.close(1000, "chat closed");
  }

  getStatus(): LiveStatus {
    return this.status;
  }

  /** Hears status changes; returns the unsubscriber (for useSyncExternalStore). */
  subscribeStatus(listener: (status: LiveStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /** Hears every reconnect after the first connection (lists may have changed meanwhile). */
  onResumed(listener: () => void): () => void {
    this.resumeListeners.add(listener);
    return () => this.resumeListeners.delete(listener);
  }

  /** Hears one's new Activity entries (mentions); the connection follows them once it is ready. */
  onActivity(listener: (notification: Notification) => void): () => void {
    this.activityListeners.add(listener);
    return () => this.activityListeners.delete(listener);
  }

  /** Hears that someone started a chat with this person (`chat.added`, on the Activity topic). */
  onChatAdded(listener: (chatId: string) => void): () => void {
    this.chatAddedListeners.add(listener);
    return () => this.chatAddedListeners.delete(listener);
  }

  /**
   * Follows a channel from a sequence number (what the listener has already read). A listener
   * joining an existing subscription from further back makes it catch up again from there; the
   * others see those messages a second time, which an upsert by id absorbs.
   */
  follow(channelId: string, fromSeq: number, listener: ChannelListener): () => void {
    let entry = this.followed.get(channelId);
    if (!entry) {
      entry = { listeners: new Set([listener]), seq: fromSeq };
      this.followed.set(channelId, entry);
      this.subscribe(channelId);
    } else {
      entry.listeners.add(listener);
      if (fromSeq < entry.seq || entry.refused) {
        entry.seq = Math.min(entry.seq, fromSeq);
        this.subscribe(channelId);
      }
    }
    const followedEntry = entry;
    return () => {
      followedEntry.listeners.delete(listener);
      if (followedEntry.listeners.size > 0 || this.followed.get(channelId) !== followedEntry)
        return;
      this.followed.delete(channelId);
      this.send({ id: this.frameId("u"), type: "channel.unsubscribe", payload: { channelId } });
    };
  }

  private connect(): void {
    if (this.stopped) return;
    const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
    const socket = new WebSocket(`${scheme}//${window.location.host}/api/ws`);
    this.socket = socket;
    this.ready = false;
    socket.addEventListener("message", (message) => {
      if (this.socket === socket) this.onFrame(String(message.data));
    });
    socket.addEventListener("close", (close) => {
      if (this.socket !== socket || this.stopped) return;
      if (close.code !== CLOSE_SESSION_ENDED) {
        this.drop(socket);
        return;
      }
      this.socket = null;
      this.stop();
      this.onSessionEnded();
    });
  }

  /** Gives up on a connection (closed, offline or silent) and reconnects after a backoff. */
  private drop(socket: WebSocket): void {
    if (this.socket !== socket) return;
    this.socket = null;
    this.ready = false;
    this.ping = null;
    this.pending.clear();
    socket.close(1000, "reconnecting");
    this.setStatus("reconnecting");
    const wait = this.retryMs * (0.75 + Math.random() * 0.5);
    this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
    window.clearTimeout(this.retryTimer);
    this.retryTimer = window.setTimeout(() => this.connect(), wait);
  }

  private beat(): void {
    const socket = this.socket;
    if (!socket || !this.ready) return;
    if (this.ping !== null) {
      this.drop(socket);
      return;
    }
    this.ping = this.frameId("p");
    this.send({ id: this.ping, type: "session.ping", payload: {} });
  }

  private onFrame(text: string): void {
    let frame: ServerFrame;
    try {
      frame = JSON.parse(text) as ServerFrame;
    } catch {
      return;
    }
    // A registered device's connection proves itself before it hears anything.
    if (this.socket && answerDeviceChallenge(this.socket, frame)) return;
    if (frame.event === "ready") {
      this.ready = true;
      this.retryMs = RETRY_MIN_MS;
      this.setStatus("live");
      for (const channelId of this.followed.keys()) this.subscribe(channelId);
      this.send({ id: this.frameId("a"), type: "activity.subscribe", payload: {} });
      if (this.ownPresence === "away")
        this.send({ id: this.frameId("o"), type: "presence.set", payload: { state: "away" } });
      this.watchedKey = "";
      this.sendWatch();
      if (this.everReady) for (const listener of this.resumeListeners) listener();
      this.everReady = true;
      return;
    }
    if (typeof frame.replyTo === "string") {
      if (frame.replyTo === this.ping) this.ping = null;
      if (frame.ok && frame.payload?.presence) {
        for (const entry of frame.payload.presence)
          this.presenceStates.set(entry.userId, entry.state);
        this.presenceChanged();
        return;
      }
      const channelId = this.pending.get(frame.replyTo);
      if (channelId === undefined) return;
      this.pending.delete(frame.replyTo);
      if (frame.ok) return;
      const code = frame.error?.code;
      if (code === "forbidden" || code === "not_found") this.lose(channelId);
      else if (code && CONDITIONAL_REFUSALS.has(code)) {
        const entry = this.followed.get(channelId);
        if (entry) entry.refused = true;
      } else if (code === "rate_limited")
        window.setTimeout(() => this.subscribe(channelId), RATE_LIMIT_RETRY_MS);
      return;
    }
    if (frame.event === "directory.changed") {
      for (const listener of [...this.directoryListeners]) listener();
      return;
    }
    if (frame.event === "presence.changed" && frame.payload?.userId && frame.payload.state) {
      this.presenceStates.set(frame.payload.userId, frame.payload.state);
      this.presenceChanged();
      return;
    }
    if (frame.event === "notification.created" && frame.payload?.notification) {
      for (const listener of [...this.activityListeners]) listener(frame.payload.notification);
      return;
    }
    if (frame.event === "chat.added" && typeof frame.payload?.chatId === "string") {
      for (const listener of [...this.chatAddedListeners]) listener(frame.payload.chatId);
      return;
    }
    const channelId = frame.payload?.channelId;
    if (typeof channelId !== "string") return;
    if (frame.event === "channel.typing" && frame.payload?.user) {
      const user = frame.payload.user;
      for (const listener of [...(this.typingListeners.get(channelId) ?? [])]) listener(user);
      return;
    }
    if (frame.event === "channel.access_lost")
      this.lose(channelId, frame.payload?.reason === "conditions" ? "conditions" : "access");
    else if (frame.event === "channel.message" && frame.payload?.message) {
      const entry = this.followed.get(channelId);
      if (!entry) return;
      const message = frame.payload.message;
      entry.seq = Math.max(entry.seq, message.seq);
      for (const listener of [...entry.listeners]) listener.onMessage(message);
    }
  }

  /** Hears who else is typing in a followed channel. */
  onTyping(channelId: string, listener: (user: Typist) => void): () => void {
    const set = this.typingListeners.get(channelId) ?? new Set();
    set.add(listener);
    this.typingListeners.set(channelId, set);
    return () => set.delete(listener);
  }

  /** Tells the channel's other followers that one is typing (the caller keeps it to every few s). */
  typing(channelId: string): void {
    if (this.followed.has(channelId))
      this.send({ id: this.frameId("t"), type: "channel.typing", payload: { channelId } });
  }

  /** Hears that the person's teams or channels changed (read the lists again). */
  onDirectoryChanged(listener: () => void): () => void {
    this.directoryListeners.add(listener);
    return () => this.directoryListeners.delete(listener);
  }

  /**
   * Watches these people's presence until the returned function is called. Every part of the
   * page adds its own list; the connection watches their union (the first 200).
   */
  watchPresence(userIds: readonly string[]): () => void {
    const key = Symbol("presence");
    this.presenceWants.set(key, userIds);
    this.scheduleWatch();
    return () => {
      this.presenceWants.delete(key);
      this.scheduleWatch();
    };
  }

  /** A person's presence as last heard ("offline" until heard). */
  presenceOf(userId: string): PresenceState {
    return this.presenceStates.get(userId) ?? "offline";
  }

  /** Hears presence changes; the version changes with each (for useSyncExternalStore). */
  subscribePresence(listener: () => void): () => void {
    this.presenceListeners.add(listener);
    return () => this.presenceListeners.delete(listener);
  }

  getPresenceVersion(): number {
    return this.presenceVersion;
  }

  /** Says whether this window is in use or idle (sent now, and again after each reconnect). */
  setOwnPresence(state: "online" | "away"): void {
    if (state === this.ownPresence) return;
    this.ownPresence = state;
    this.send({ id: this.frameId("o"), type: "presence.set", payload: { state } });
  }

  private presenceChanged(): void {
    this.presenceVersion += 1;
    for (const listener of [...this.presenceListeners]) listener();
  }

  /** Sends the watch list once the page's parts have settled (one frame for many changes). */
  private scheduleWatch(): void {
    window.clearTimeout(this.watchTimer);
    this.watchTimer = window.setTimeout(() => this.sendWatch(), 50);
  }

  private sendWatch(): void {
    const ids = [...new Set([...this.presenceWants.values()].flat())]
      .sort()
      .slice(0, PRESENCE_WATCH_LIMIT);
    const key = ids.join(",");
    if (key === this.watchedKey || !this.ready) return;
    this.watchedKey = key;
    this.send({ id: this.frameId("w"), type: "presence.subscribe", payload: { userIds: ids } });
  }

  private lose(channelId: string, reason: "access" | "conditions" = "access"): void {
    const entry = this.followed.get(channelId);
    if (!entry) return;
    this.followed.delete(channelId);
    for (const listener of [...entry.listeners]) listener.onAccessLost(reason);
  }

  /** Asks again for every subscription conditional access refused (the person moved, or confirmed). */
  retryRefused(): void {
    for (const [channelId, entry] of this.followed) if (entry.refused) this.subscribe(channelId);
  }

  private subscribe(channelId: string): void {
    const entry = this.followed.get(channelId);
    if (!entry || !this.ready) return; // sent when the connection is ready
    entry.refused = false;
    const id = this.frameId("s");
    this.pending.set(id, channelId);
    this.send({ id, type: "channel.subscribe", payload: { channelId, afterSeq: entry.seq } });
  }

  private send(frame: { id: string; type: string; payload: object }): void {
    const socket = this.socket;
    if (this.ready && socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(frame));
  }

  private frameId(prefix: string): string {
    this.nextId += 1;
    return `${prefix}${this.nextId}`;
  }

  private setStatus(status: LiveStatus): void {
    if (status === this.status) return;
    this.status = status;
    for (const listener of this.statusListeners) listener(status);
  }
}
