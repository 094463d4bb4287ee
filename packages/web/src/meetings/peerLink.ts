import type { MeetingSignal } from "@engawa/shared";
import { awaitingMedia, followTrack, linkState } from "./remoteTrack.ts";
import type { RemoteMedia } from "./transport.ts";

/** What a link needs from the mesh. */
export interface PeerLinkOptions {
  self: string;
  remote: string;
  polite: boolean;
  /**
   * This side calls: the newcomer calls everyone already in the room; they wait for its offer
   * (two first offers crossing would need a rollback, which some browsers handle badly).
   */
  initiator: boolean;
  iceServers: RTCIceServer[];
  send: (signal: MeetingSignal) => Promise<void>;
  onChange: () => void;
}

const KINDS = ["audio", "video"] as const;
/** The side that waits for an offer calls anyway after this long without one. */
const CALL_ANYWAY_MS = 5_000;
type Kind = (typeof KINDS)[number];

/**
 * One RTCPeerConnection to one other participant, negotiated with the "perfect negotiation"
 * pattern (W3C webrtc-pc §10.7): either side may offer whenever its media changes; when two offers
 * cross, the polite side rolls its own back and answers, the impolite side ignores the other's.
 * Candidates trickle through the room as they are found.
 *
 * The newcomer to the room calls (offers first); the other side answers, then adds what it sends.
 * Each side sends on transceivers of its own (one audio, one video, send-only) and receives on the
 * ones the other side's offer creates. Turning a camera or microphone off replaces the track with
 * none and makes the transceiver inactive, so the other side's track is muted at once (a clear
 * "camera off" rather than a frozen picture); a device switch or a screen share only replaces the
 * track (`replaceTrack`, no renegotiation).
 */
export class PeerLink {
  readonly pc: RTCPeerConnection;
  private readonly options: PeerLinkOptions;
  private readonly senders = new Map<Kind, RTCRtpTransceiver>();
  private tracks: Record<Kind, MediaStreamTrack | null>;
  private waitTimer: number | undefined;
  private makingOffer = false;
  private ignoreOffer = false;
  private settingRemoteAnswer = false;
  /** Signals are applied one at a time, in the order they came. */
  private queue: Promise<void> = Promise.resolve();
  private closed = false;
  /** The received tracks already followed (a track is announced again when it resumes). */
  private readonly watched = new WeakSet<MediaStreamTrack>();
  readonly media: RemoteMedia;

  constructor(options: PeerLinkOptions, tracks: Record<Kind, MediaStreamTrack | null>) {
    this.options = options;
    this.media = awaitingMedia(options.remote);
    this.tracks = { ...tracks };
    this.pc = new RTCPeerConnection({ iceServers: options.iceServers, bundlePolicy: "max-bundle" });
    this.pc.addEventListener("negotiationneeded", () => void this.offer());
    this.pc.addEventListener("icecandidate", ({ candidate }) => {
      if (!candidate?.candidate) return;
      void this.options
        .send({
          type: "candidate",
          candidate: candidate.candidate,
          sdpMid: candidate.sdpMid,
          sdpMLineIndex: candidate.sdpMLineIndex,
        })
        .catch(() => undefined);
    });
    this.pc.addEventListener("track", ({ track, transceiver }) => {
      // Only what the other side sends: our own transceivers never receive.
      if ([...this.senders.values()].includes(transceiver)) return;
      followTrack(track, this.media, this.watched, this.options.onChange, () => this.closed);
    });
    this.pc.addEventListener("connectionstatechange", () => {
      const next = linkState(this.pc);
      if (next !== this.media.state) {
        this.media.state = next;
        this.options.onChange();
      }
      // A path that failed is looked for again (a network change, a TURN relay that came back).
      if (next === "failed") this.pc.restartIce();
    });
    // The caller adds what it sends at once (negotiation starts); the other side answers first,
    // then adds its own — or calls anyway if no offer came in a while.
    if (options.initiator) this.addSenders();
    else this.waitTimer = window.setTimeout(() => this.addSenders(), CALL_ANYWAY_MS);
  }

  /** One's own transceivers, send-only: adding them starts a negotiation. */
  private addSenders(): void {
    window.clearTimeout(this.waitTimer);
    if (this.senders.size > 0 || this.closed) return;
    for (const kind of KINDS) {
      const track = this.tracks[kind];
      this.senders.set(
        kind,
        this.pc.addTransceiver(track ?? kind, { direction: track ? "sendonly" : "inactive" }),
      );
    }
  }

  /** Sends this track (or nothing) as the microphone or the camera. */
  setTrack(kind: Kind, track: MediaStreamTrack | null): void {
    this.tracks[kind] = track;
    const transceiver = this.senders.get(kind);
    if (!transceiver || this.closed) return;
    if (transceiver.sender.track !== track) void transceiver.sender.replaceTrack(track);
    const direction: RTCRtpTransceiverDirection = track ? "sendonly" : "inactive";
    if (transceiver.direction !== direction) transceiver.direction = direction;
  }

  /** A signalling message from the other side, applied after the ones before it. */
  receive(signal: MeetingSignal): void {
    this.queue = this.queue.then(() => this.apply(signal)).catch(() => undefined);
  }

  /** The other side's audio level now (0–1), from the receiving statistics. */
  async audioLevel(): Promise<number> {
    // A muted sender's last level stays in the statistics: silence is what it sends.
    if (this.closed || !this.media.audioOn) return 0;
    const stats = await this.pc.getStats();
    let level = 0;
    stats.forEach((entry: { type?: string; kind?: string; audioLevel?: number }) => {
      if (entry.type === "inbound-rtp" && entry.kind === "audio" && entry.audioLevel)
        level = Math.max(level, entry.audioLevel);
    });
    return level;
  }

  close(): void {
    this.closed = true;
    window.clearTimeout(this.waitTimer);
    this.pc.close();
  }

  private async offer(): Promise<void> {
    if (this.closed) return;
    try {
      this.makingOffer = true;
      await this.pc.setLocalDescription();
      const description = this.pc.localDescription;
      if (description && (description.type === "offer" || description.type === "answer"))
        await this.options.send({ type: description.type, sdp: description.sdp });
    } catch {
      // The state moved on meanwhile (a crossing offer was applied): negotiation runs again.
    } finally {
      this.makingOffer = false;
    }
  }

  private async apply(signal: MeetingSignal): Promise<void> {
    if (this.closed) return;
    const pc = this.pc;
    if (signal.type === "candidate") {
      try {
        await pc.addIceCandidate({
          candidate: signal.candidate,
          sdpMid: signal.sdpMid,
          sdpMLineIndex: signal.sdpMLineIndex,
        });
      } catch (error) {
        // A candidate of an offer this side ignored fails harmlessly.
        if (!this.ignoreOffer) throw error;
      }
      return;
    }
    const readyForOffer =
      !this.makingOffer && (pc.signalingState === "stable" || this.settingRemoteAnswer);
    const collision = signal.type === "offer" && !readyForOffer;
    this.ignoreOffer = !this.options.polite && collision;
    if (this.ignoreOffer) return;
    this.settingRemoteAnswer = signal.type === "answer";
    try {
      await pc.setRemoteDescription({ type: signal.type, sdp: signal.sdp });
    } finally {
      this.settingRemoteAnswer = false;
    }
    if (signal.type === "offer") {
      await pc.setLocalDescription();
      const answer = pc.localDescription;
      if (answer) await this.options.send({ type: "answer", sdp: answer.sdp });
      // Answered the caller: now this side adds what it sends (a negotiation of its own).
      this.addSenders();
    }
  }
}
