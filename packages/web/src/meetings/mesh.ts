import type { IceServer, MeetingSignal } from "@engawa/shared";
import { diffPeers, isPolite } from "./meshPlan.ts";
import { PeerLink } from "./peerLink.ts";
import { rtcIceServers } from "./remoteTrack.ts";
import type { MediaTransport, RemoteMedia, RoomMedia, SignalSender } from "./transport.ts";

/**
 * Peer-to-peer media for small meetings: a full mesh, one RTCPeerConnection to each other
 * participant, signalled through the room (`meeting.room.signal`, relayed by the server to exactly
 * the named seat). The room's `meeting.room` events say who is in; links open and close to match.
 * ICE servers (STUN, and TURN with time-limited credentials) are those the room handed out.
 */
export class MeshTransport implements MediaTransport {
  readonly mode = "p2p" as const;
  private readonly self: string;
  private readonly iceServers: RTCIceServer[];
  private readonly send: SignalSender;
  private readonly links = new Map<string, PeerLink>();
  private readonly listeners = new Set<() => void>();
  private tracks: { audio: MediaStreamTrack | null; video: MediaStreamTrack | null } = {
    audio: null,
    video: null,
  };
  private snapshot: ReadonlyMap<string, RemoteMedia> = new Map();
  private closed = false;
  /** The first `setRoom` (the room as it was on entering) has been applied. */
  private entered = false;

  constructor(self: string, iceServers: readonly IceServer[], send: SignalSender) {
    this.self = self;
    this.iceServers = rtcIceServers(iceServers);
    this.send = send;
  }

  setRoom({ peers }: RoomMedia): void {
    if (this.closed) return;
    const { added, removed } = diffPeers(this.links.keys(), peers, this.self);
    for (const id of removed) {
      this.links.get(id)?.close();
      this.links.delete(id);
    }
    // The room as one found it on entering: one calls each of them. Later arrivals call in.
    for (const id of added) this.links.set(id, this.open(id, !this.entered));
    this.entered = true;
    if (added.length > 0 || removed.length > 0) this.changed();
  }

  receive(from: string, signal: MeetingSignal): void {
    if (this.closed) return;
    // An offer can come before the room event that names its sender: open the link for it.
    let link = this.links.get(from);
    if (!link) {
      if (signal.type !== "offer") return;
      link = this.open(from, false);
      this.links.set(from, link);
      this.changed();
    }
    link.receive(signal);
  }

  setTrack(kind: "audio" | "video", track: MediaStreamTrack | null): void {
    if (this.tracks[kind] === track) return;
    this.tracks = { ...this.tracks, [kind]: track };
    for (const link of this.links.values()) link.setTrack(kind, track);
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
      [...this.links].map(async ([id, link]) => [id, await link.audioLevel().catch(() => 0)]),
    );
    return new Map(entries as [string, number][]);
  }

  close(): void {
    this.closed = true;
    for (const link of this.links.values()) link.close();
    this.links.clear();
    this.changed();
    this.listeners.clear();
  }

  private open(remote: string, initiator: boolean): PeerLink {
    return new PeerLink(
      {
        self: this.self,
        remote,
        polite: isPolite(this.self, remote),
        initiator,
        iceServers: this.iceServers,
        send: (signal) => this.send(remote, signal),
        onChange: () => this.changed(),
      },
      this.tracks,
    );
  }

  /** A new snapshot for the page (useSyncExternalStore compares by identity). */
  private changed(): void {
    this.snapshot = new Map([...this.links].map(([id, link]) => [id, { ...link.media }]));
    for (const listener of [...this.listeners]) listener();
  }
}
