import { awaitingMedia, followTrack, linkState } from "./remoteTrack.ts";
import { describeWithCandidates, Trickle, type SfuSignalling } from "./sfuSignalling.ts";
import type { RemoteMedia } from "./transport.ts";

export interface SfuSubscriptionOptions {
  feed: string;
  iceServers: RTCIceServer[];
  signalling: SfuSignalling;
  onChange: () => void;
  /** The path to the SFU failed, or the subscription could not be made: the transport decides. */
  onFailed: () => void;
}

/** What the inbound statistics say now. */
export interface InboundSample {
  /** Audio packets received so far (the count grows while the sender's microphone is on). */
  audioPackets: number;
  /** Video packets received so far (grows while their camera or screen sends). */
  videoPackets: number;
  /** The sender's audio level now (0–1). */
  level: number;
}

/**
 * One other participant's media through the SFU: Janus offers (through Engawa), this answers,
 * media flows receive-only. Janus's offer names its candidates; this side's answer carries its
 * own (see describeWithCandidates), later ones trickle once the subscription started.
 */
export class SfuSubscription {
  readonly media: RemoteMedia;
  private readonly options: SfuSubscriptionOptions;
  private readonly pc: RTCPeerConnection;
  private readonly followed = new WeakSet<MediaStreamTrack>();
  private closed = false;

  constructor(options: SfuSubscriptionOptions) {
    this.options = options;
    this.media = awaitingMedia(options.feed);
    this.pc = new RTCPeerConnection({ iceServers: options.iceServers, bundlePolicy: "max-bundle" });
    this.pc.addEventListener("track", ({ track }) => {
      followTrack(track, this.media, this.followed, options.onChange, () => this.closed);
    });
    this.pc.addEventListener("connectionstatechange", () => {
      if (this.closed) return;
      const next = linkState(this.pc);
      if (next !== this.media.state) {
        this.media.state = next;
        options.onChange();
      }
      if (next === "failed") options.onFailed();
    });
    void this.start().catch(() => {
      if (!this.closed) options.onFailed();
    });
  }

  /** Packets received so far of each kind, and the audio level, from WebRTC's statistics. */
  async inbound(): Promise<InboundSample> {
    const sample = { audioPackets: 0, videoPackets: 0, level: 0 };
    if (this.closed) return sample;
    (await this.pc.getStats()).forEach(
      (entry: { type?: string; kind?: string; packetsReceived?: number; audioLevel?: number }) => {
        if (entry.type !== "inbound-rtp") return;
        if (entry.kind === "video") sample.videoPackets += entry.packetsReceived ?? 0;
        if (entry.kind !== "audio") return;
        sample.audioPackets += entry.packetsReceived ?? 0;
        sample.level = Math.max(sample.level, entry.audioLevel ?? 0);
      },
    );
    return sample;
  }

  close(): void {
    this.closed = true;
    this.pc.close();
  }

  private async start(): Promise<void> {
    const { signalling, feed } = this.options;
    const { subscriptionId, offer } = await signalling.subscribe(feed);
    if (this.closed) return;
    const trickle = new Trickle((candidate) =>
      this.closed ? Promise.resolve() : signalling.trickle(subscriptionId, candidate),
    );
    await this.pc.setRemoteDescription({ type: "offer", sdp: offer });
    const answer = await describeWithCandidates(this.pc, (candidate) => trickle.push(candidate));
    if (this.closed) return;
    await signalling.start(subscriptionId, answer);
    trickle.open();
  }
}
