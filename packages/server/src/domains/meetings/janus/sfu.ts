import { randomBytes, randomInt } from "node:crypto";
import { AppError } from "../../../platform/errors.ts";
import { JanusError, JanusSession, type JanusFrame } from "./janusSession.ts";

const VIDEOROOM = "janus.plugin.videoroom";
/** VideoRoom's "room already exists" (a random id collided: pick another). */
const ROOM_EXISTS = 427;

interface Publisher {
  handleId: number;
  feedId: number;
  /** The `mid`s of the audio m-lines of its offer (what moderation mutes). */
  audioMids: string[];
  /** Janus drops its audio (an attendee while attendees are muted). */
  audioMuted: boolean;
  /** Janus reported the PeerConnection up (`webrtcup`): only then may anyone subscribe. */
  up: boolean;
}

interface Subscription {
  handleId: number;
  feed: string;
}

interface SfuRoom {
  roomId: number;
  secret: string;
  publishers: Map<string, Publisher>;
  /** participant id → subscription id → subscription. */
  subscriptions: Map<string, Map<string, Subscription>>;
}

export interface SfuDeps {
  url: URL;
  /** Who publishes in a meeting changed (a publisher came up or left): tell the room. */
  feedsChanged: (meetingId: string) => void;
  onError: (error: unknown, what: string) => void;
}

/**
 * Meetings through Janus's VideoRoom (the SFU), driven only by Engawa: one Janus session for the
 * server, one Janus room per meeting (a random id and a random secret that never leave the
 * server), one publisher handle per participant and one subscriber handle per feed they watch.
 * Browsers see participant ids and SDP, never Janus's ids; only ICE and media flow between them
 * and Janus, and only for seats the room admitted (room.ts checks before calling this).
 */
export class Sfu {
  private readonly deps: SfuDeps;
  private session: Promise<JanusSession> | null = null;
  private readonly rooms = new Map<string, Promise<SfuRoom>>();

  constructor(deps: SfuDeps) {
    this.deps = deps;
  }

  /** Participant ids whose published media is up in the meeting. */
  async feeds(meetingId: string): Promise<string[]> {
    const room = await this.rooms.get(meetingId);
    if (!room) return [];
    return [...room.publishers].filter(([, p]) => p.up).map(([id]) => id);
  }

  /** Publishes a participant's media: their offer in, Janus's answer out. */
  async publish(meetingId: string, participantId: string, offer: string): Promise<string> {
    const session = await this.janus();
    const room = await this.room(meetingId);
    await this.unpublish(meetingId, participantId);
    const handleId = await session.attach(VIDEOROOM, (frame) =>
      this.publisherEvent(meetingId, participantId, frame),
    );
    try {
      const joined = await session.message(handleId, {
        request: "join",
        ptype: "publisher",
        room: room.roomId,
        display: participantId,
      });
      const feedId = Number(joined.data.id);
      room.publishers.set(participantId, {
        handleId,
        feedId,
        audioMids: audioMidsOf(offer),
        audioMuted: false,
        up: false,
      });
      const configured = await session.message(
        handleId,
        { request: "configure", audio: true, video: true },
        { type: "offer", sdp: offer },
      );
      if (!configured.jsep) throw new Error("Janus gave no answer to the publisher's offer");
      return configured.jsep.sdp;
    } catch (error) {
      room.publishers.delete(participantId);
      await session.detach(handleId);
      throw this.failed(error, "publishing to Janus");
    }
  }

  /**
   * Has Janus drop (or forward again) a publisher's audio — VideoRoom's `moderate`, with the
   * room's secret: the mute an organiser sets holds whatever the muted person's browser does.
   * Nothing to do for someone not publishing, or already so.
   */
  async setAudioMuted(meetingId: string, participantId: string, muted: boolean): Promise<void> {
    const room = await this.rooms.get(meetingId);
    const publisher = room?.publishers.get(participantId);
    if (!room || !publisher || publisher.audioMuted === muted) return;
    publisher.audioMuted = muted;
    const session = await this.janus();
    for (const mid of publisher.audioMids)
      await session
        .message(publisher.handleId, {
          request: "moderate",
          secret: room.secret,
          room: room.roomId,
          id: publisher.feedId,
          mid,
          mute: muted,
        })
        .catch((error: unknown) => {
          throw this.failed(error, "muting a publisher's audio");
        });
  }

  /** Subscribes a participant to another's feed: Janus's offer out, with an id to answer it by. */
  async subscribe(
    meetingId: string,
    participantId: string,
    feed: string,
  ): Promise<{ subscriptionId: string; offer: string }> {
    const session = await this.janus();
    const room = await this.room(meetingId);
    const publisher = room.publishers.get(feed);
    if (!publisher?.up || feed === participantId)
      throw new AppError("not_found", "That participant is not sending media.");
    const handleId = await session.attach(VIDEOROOM, () => undefined);
    try {
      const attached = await session.message(handleId, {
        request: "join",
        ptype: "subscriber",
        room: room.roomId,
        streams: [{ feed: publisher.feedId }],
      });
      if (!attached.jsep) throw new Error("Janus gave no offer to the subscriber");
      const subscriptionId = randomBytes(12).toString("base64url");
      const mine = room.subscriptions.get(participantId) ?? new Map<string, Subscription>();
      mine.set(subscriptionId, { handleId, feed });
      room.subscriptions.set(participantId, mine);
      return { subscriptionId, offer: attached.jsep.sdp };
    } catch (error) {
      await session.detach(handleId);
      throw this.failed(error, "subscribing through Janus");
    }
  }

  /** The subscriber's answer: media starts flowing. */
  async start(
    meetingId: string,
    participantId: string,
    subscriptionId: string,
    answer: string,
  ): Promise<void> {
    const subscription = (await this.rooms.get(meetingId))?.subscriptions
      .get(participantId)
      ?.get(subscriptionId);
    if (!subscription) throw new AppError("not_found", "Not found.");
    const session = await this.janus();
    await session
      .message(subscription.handleId, { request: "start" }, { type: "answer", sdp: answer })
      .catch((error: unknown) => {
        throw this.failed(error, "starting a Janus subscription");
      });
  }

  /** A browser's ICE candidate for its publisher (`"publisher"`) or one of its subscriptions. */
  async trickle(
    meetingId: string,
    participantId: string,
    target: string,
    candidate: { candidate: string; sdpMid: string | null; sdpMLineIndex: number | null } | null,
  ): Promise<void> {
    const room = await this.rooms.get(meetingId);
    const handleId =
      target === "publisher"
        ? room?.publishers.get(participantId)?.handleId
        : room?.subscriptions.get(participantId)?.get(target)?.handleId;
    if (handleId === undefined) throw new AppError("not_found", "Not found.");
    await (await this.janus()).trickle(handleId, candidate);
  }

  /** A participant left the room: their publisher and subscriptions go. */
  async leave(meetingId: string, participantId: string): Promise<void> {
    const room = await this.rooms.get(meetingId);
    if (!room) return;
    const session = await this.janus();
    for (const subscription of room.subscriptions.get(participantId)?.values() ?? [])
      await session.detach(subscription.handleId);
    room.subscriptions.delete(participantId);
    await this.unpublish(meetingId, participantId);
  }

  /** The meeting's room emptied or the meeting ended: the Janus room is destroyed. */
  async close(meetingId: string): Promise<void> {
    const pending = this.rooms.get(meetingId);
    if (!pending) return;
    this.rooms.delete(meetingId);
    const room = await pending.catch(() => null);
    if (!room) return;
    const session = await this.janus();
    for (const publisher of room.publishers.values()) await session.detach(publisher.handleId);
    for (const mine of room.subscriptions.values())
      for (const subscription of mine.values()) await session.detach(subscription.handleId);
    const handleId = await session.attach(VIDEOROOM, () => undefined);
    await session
      .message(handleId, { request: "destroy", room: room.roomId, secret: room.secret })
      .catch((error: unknown) => this.deps.onError(error, "destroying a Janus room"));
    await session.detach(handleId);
  }

  /** Ends the Janus session (server shutdown). */
  async stop(): Promise<void> {
    const session = await this.session?.catch(() => null);
    this.session = null;
    await session?.close();
  }

  private async unpublish(meetingId: string, participantId: string): Promise<void> {
    const room = await this.rooms.get(meetingId);
    const publisher = room?.publishers.get(participantId);
    if (!room || !publisher) return;
    room.publishers.delete(participantId);
    await (await this.janus()).detach(publisher.handleId);
    // Subscriptions to the feed end with it (Janus hangs them up); drop them here too.
    for (const [, mine] of room.subscriptions)
      for (const [id, subscription] of mine)
        if (subscription.feed === participantId) {
          mine.delete(id);
          await (await this.janus()).detach(subscription.handleId);
        }
    if (publisher.up) this.deps.feedsChanged(meetingId);
  }

  /**
   * What a browser hears of a Janus failure: that media is unavailable, not Janus's words (those
   * go to the server's log).
   */
  private failed(error: unknown, what: string): AppError {
    if (error instanceof AppError) return error;
    this.deps.onError(error, what);
    return new AppError("service_unavailable", "The media server is not available.");
  }

  private publisherEvent(meetingId: string, participantId: string, frame: JanusFrame): void {
    void this.rooms.get(meetingId)?.then((room) => {
      const publisher = room.publishers.get(participantId);
      if (!publisher) return;
      if (frame.janus === "webrtcup" && !publisher.up) {
        publisher.up = true;
        this.deps.feedsChanged(meetingId);
      } else if (frame.janus === "hangup" && publisher.up) {
        publisher.up = false;
        this.deps.feedsChanged(meetingId);
      }
    });
  }

  private room(meetingId: string): Promise<SfuRoom> {
    let room = this.rooms.get(meetingId);
    if (!room) {
      room = this.createRoom();
      this.rooms.set(meetingId, room);
      room.catch(() => this.rooms.delete(meetingId));
    }
    return room;
  }

  private async createRoom(): Promise<SfuRoom> {
    const session = await this.janus();
    const handleId = await session.attach(VIDEOROOM, () => undefined);
    try {
      for (;;) {
        const roomId = randomInt(1, 2 ** 47);
        const secret = randomBytes(24).toString("base64url");
        try {
          await session.message(handleId, {
            request: "create",
            room: roomId,
            secret,
            is_private: true,
            permanent: false,
            publishers: 100,
            audiocodec: "opus",
            videocodec: "vp8",
            bitrate: 512_000,
          });
          return { roomId, secret, publishers: new Map(), subscriptions: new Map() };
        } catch (error) {
          if (!(error instanceof JanusError && error.code === ROOM_EXISTS))
            throw this.failed(error, "creating a Janus room");
        }
      }
    } finally {
      await session.detach(handleId);
    }
  }

  private janus(): Promise<JanusSession> {
    if (!this.session) {
      const opening = JanusSession.open(this.deps.url).then((session) => {
        session.whenClosed((error) => {
          // Janus went away: its rooms are gone too. The next request opens a new session.
          this.deps.onError(error, "the Janus session");
          this.session = null;
          this.rooms.clear();
        });
        return session;
      });
      opening.catch(() => (this.session = null));
      this.session = opening;
    }
    return this.session.catch((error: unknown) => {
      throw this.failed(error, "opening a Janus session");
    });
  }
}

/** The `a=mid` of each audio m-line of an SDP (RFC 8843 §5.2; RFC 8866 for the m-line). */
export function audioMidsOf(sdp: string): string[] {
  return sdp
    .split(/\r?\nm=/)
    .slice(1)
    .filter((section) => section.startsWith("audio "))
    .flatMap((section) => /\r?\na=mid:(\S+)/.exec(section)?.[1] ?? []);
}
