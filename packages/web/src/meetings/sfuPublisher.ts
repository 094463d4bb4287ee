import { describeWithCandidates, Trickle, type SfuSignalling } from "./sfuSignalling.ts";

const KINDS = ["audio", "video"] as const;
type Kind = (typeof KINDS)[number];
/** After a publisher's path failed, it publishes again after this long (then twice as long…). */
const REPUBLISH_MIN_MS = 2_000;
const REPUBLISH_MAX_MS = 30_000;

/**
 * One's own media to the SFU: one RTCPeerConnection with a send-only audio and video transceiver
 * from the start, so turning a device on or off, switching it or sharing the screen only replaces
 * the track (`replaceTrack`: no renegotiation with Janus). A track turned off sends nothing, and
 * a publisher with nothing to send still publishes: it is there the moment something comes.
 * A path that fails is published again (Engawa replaces the old publisher with the new one).
 */
export class SfuPublisher {
  private readonly iceServers: RTCIceServer[];
  private readonly signalling: SfuSignalling;
  private readonly onError: (error: unknown) => void;
  private tracks: Record<Kind, MediaStreamTrack | null> = { audio: null, video: null };
  private pc: RTCPeerConnection | null = null;
  private senders = new Map<Kind, RTCRtpSender>();
  private retryMs = REPUBLISH_MIN_MS;
  private retryTimer: number | undefined;
  private closed = false;

  constructor(
    iceServers: RTCIceServer[],
    signalling: SfuSignalling,
    onError: (error: unknown) => void,
  ) {
    this.iceServers = iceServers;
    this.signalling = signalling;
    this.onError = onError;
  }

  /** Publishes (again): a new connection carrying the tracks set now. */
  publish(): void {
    if (this.closed) return;
    window.clearTimeout(this.retryTimer);
    this.pc?.close();
    const pc = new RTCPeerConnection({ iceServers: this.iceServers, bundlePolicy: "max-bundle" });
    this.pc = pc;
    this.senders = new Map(
      KINDS.map((kind) => [
        kind,
        pc.addTransceiver(this.tracks[kind] ?? kind, { direction: "sendonly" }).sender,
      ]),
    );
    pc.addEventListener("connectionstatechange", () => {
      if (pc !== this.pc) return;
      if (pc.connectionState === "connected") this.retryMs = REPUBLISH_MIN_MS;
      if (pc.connectionState === "failed") this.republishLater();
    });
    void this.negotiate(pc).catch((error: unknown) => {
      if (pc !== this.pc) return;
      this.onError(error);
      this.republishLater();
    });
  }

  /** Sends this track (or nothing) as the microphone or the camera/screen. */
  setTrack(kind: Kind, track: MediaStreamTrack | null): void {
    if (this.tracks[kind] === track) return;
    this.tracks = { ...this.tracks, [kind]: track };
    const sender = this.senders.get(kind);
    if (sender && sender.track !== track && !this.closed)
      void sender.replaceTrack(track).catch(() => undefined);
  }

  close(): void {
    this.closed = true;
    window.clearTimeout(this.retryTimer);
    this.pc?.close();
    this.pc = null;
  }

  private async negotiate(pc: RTCPeerConnection): Promise<void> {
    const trickle = new Trickle((candidate) =>
      pc === this.pc ? this.signalling.trickle("publisher", candidate) : Promise.resolve(),
    );
    const offer = await describeWithCandidates(pc, (candidate) => trickle.push(candidate));
    const answer = await this.signalling.publish(offer);
    if (pc !== this.pc) return;
    await pc.setRemoteDescription({ type: "answer", sdp: answer });
    trickle.open();
  }

  private republishLater(): void {
    if (this.closed) return;
    window.clearTimeout(this.retryTimer);
    const wait = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, REPUBLISH_MAX_MS);
    this.retryTimer = window.setTimeout(() => this.publish(), wait);
  }
}
