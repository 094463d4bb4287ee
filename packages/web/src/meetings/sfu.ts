import type { IceServer, MeetingSignal } from "@engawa/shared";
import { rtcIceServers } from "./remoteTrack.ts";
import { arrivalsAfter, sending, type Arrivals } from "./sfuArrivals.ts";
import { SfuPublisher } from "./sfuPublisher.ts";
import type { SfuSignalling } from "./sfuSignalling.ts";
import { SfuSubscription } from "./sfuSubscription.ts";
import type { MediaTransport, RemoteMedia, RoomMedia } from "./transport.ts";

/** How often the inbound statistics are looked at to tell whose microphone and camera are on. */
const SAMPLE_MS = 1_000;
/** A subscription whose path failed is made again after this long (if its feed is still up). */
const RESUBSCRIBE_MS = 3_000;

/**
 * Media through the SFU (Janus VideoRoom) for meetings beyond the peer-to-peer size: one's own
 * media goes up once (SfuPublisher), and each other participant's comes down on a subscription
 * of its own (SfuSubscription) — a browser sends one stream however large the meeting, where a
 * mesh sends one per person. The room's `feeds` say whose media is up; subscriptions open and
 * close to match. All of it is signalled over the Engawa WebSocket (`meeting.media.*`).
 *
 * Whether someone's microphone or camera is on is read from what arrives: a muted microphone
 * (one's own choice, or the organisers' mute, which Janus enforces) or a camera turned off sends
 * no packets, and a track received through Janus is not muted when its packets stop (there is no
 * renegotiation to say so), so the packet counts decide.
 */
export class SfuTransport implements MediaTransport {
  readonly mode = "sfu" as const;
  private readonly self: string;
  private readonly iceServers: RTCIceServer[];
  private readonly signalling: SfuSignalling;
  private readonly publisher: SfuPublisher;
  private readonly subscriptions = new Map<string, SfuSubscription>();
  private readonly arrivals = new Map<string, Arrivals>();
  private readonly listeners = new Set<() => void>();
  private readonly retries = new Map<string, number>();
  private feeds = new Set<string>();
  private snapshot: ReadonlyMap<string, RemoteMedia> = new Map();
  private readonly sampler: number;
  private closed = false;

  constructor(self: string, iceServers: readonly IceServer[], signalling: SfuSignalling) {
    this.self = self;
    this.iceServers = rtcIceServers(iceServers);
    this.signalling = signalling;
    this.publisher = new SfuPublisher(this.iceServers, signalling, () => undefined);
    this.publisher.publish();
    this.sampler = window.setInterval(() => void this.sampleInbound(), SAMPLE_MS);
  }

  setRoom(room: RoomMedia): void {
    if (this.closed) return;
    this.feeds = new Set(room.feeds.filter((feed) => feed !== this.self));
    let changed = false;
    for (const [feed, subscription] of this.subscriptions)
      if (!this.feeds.has(feed)) {
        subscription.close();
        this.subscriptions.delete(feed);
        this.arrivals.delete(feed);
        changed = true;
      }
    for (const feed of this.feeds)
      if (!this.subscriptions.has(feed)) {
        this.open(feed);
        changed = true;
      }
    if (changed) this.changed();
  }

  /** Peer-to-peer signalling has no place here: the SFU's goes by request and reply. */
  receive(_from: string, _signal: MeetingSignal): void {}

  setTrack(kind: "audio" | "video", track: MediaStreamTrack | null): void {
    this.publisher.setTrack(kind, track);
  }

  remote(): ReadonlyMap<string, RemoteMedia> {
    return this.snapshot;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async audioLevels(): Promise<Map<string, number>> {
    const entries = await Promise.all(
      [...this.subscriptions].map(async ([feed, subscription]) => {
        if (!subscription.media.audioOn) return [feed, 0] as const;
        return [feed, (await subscription.inbound().catch(() => ({ level: 0 }))).level] as const;
      }),
    );
    return new Map(entries);
  }

  close(): void {
    this.closed = true;
    window.clearInterval(this.sampler);
    for (const timer of this.retries.values()) window.clearTimeout(timer);
    this.publisher.close();
    for (const subscription of this.subscriptions.values()) subscription.close();
    this.subscriptions.clear();
    this.changed();
    this.listeners.clear();
  }

  private open(feed: string): void {
    const subscription = new SfuSubscription({
      feed,
      iceServers: this.iceServers,
      signalling: this.signalling,
      onChange: () => this.changed(),
      onFailed: () => this.failed(feed, subscription),
    });
    this.subscriptions.set(feed, subscription);
  }

  /** A subscription failed: it goes, and comes again in a while if its feed is still up. */
  private failed(feed: string, subscription: SfuSubscription): void {
    if (this.closed || this.subscriptions.get(feed) !== subscription) return;
    subscription.media.state = "failed";
    this.changed();
    window.clearTimeout(this.retries.get(feed));
    this.retries.set(
      feed,
      window.setTimeout(() => {
        this.retries.delete(feed);
        if (this.closed || this.subscriptions.get(feed) !== subscription) return;
        subscription.close();
        this.subscriptions.delete(feed);
        if (this.feeds.has(feed)) this.open(feed);
        this.changed();
      }, RESUBSCRIBE_MS),
    );
  }

  /** Microphones and cameras on or off, from whether packets still arrive (see the class's note). */
  private async sampleInbound(): Promise<void> {
    const now = performance.now();
    let changed = false;
    await Promise.all(
      [...this.subscriptions].map(async ([feed, subscription]) => {
        const sample = await subscription.inbound().catch(() => null);
        if (!sample) return;
        const after = arrivalsAfter(this.arrivals.get(feed), sample, now);
        this.arrivals.set(feed, after);
        const media = subscription.media;
        const audioOn = media.audio !== null && sending(after, "audio", now);
        const videoOn = media.video !== null && sending(after, "video", now);
        if (media.audioOn !== audioOn || media.videoOn !== videoOn) {
          media.audioOn = audioOn;
          media.videoOn = videoOn;
          changed = true;
        }
      }),
    );
    if (changed && !this.closed) this.changed();
  }

  /** A new snapshot for the page (useSyncExternalStore compares by identity). */
  private changed(): void {
    this.snapshot = new Map(
      [...this.subscriptions].map(([feed, subscription]) => [feed, { ...subscription.media }]),
    );
    for (const listener of [...this.listeners]) listener();
  }
}
