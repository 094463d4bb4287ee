import type { MediaMode, MeetingRoomEvent, MeetingSignal } from "@engawa/shared";

/** What a transport follows of the room: who is in (the mesh) and whose media is up (the SFU). */
export type RoomMedia = Pick<MeetingRoomEvent, "peers" | "feeds">;

/** What arrives from one other participant: their microphone and camera (or screen). */
export interface RemoteMedia {
  participantId: string;
  audio: MediaStreamTrack | null;
  video: MediaStreamTrack | null;
  /** Their microphone is sending (false: muted, or not yet heard). */
  audioOn: boolean;
  /** Their camera or screen is sending pictures (false: turned off, or not yet arrived). */
  videoOn: boolean;
  /** How the media path to them stands. */
  state: "connecting" | "connected" | "failed";
}

/** Sends a signalling message to one other participant (through the room, `meeting.room.signal`). */
export type SignalSender = (to: string, signal: MeetingSignal) => Promise<void>;

/**
 * How media flows between the room's participants. The stage talks only to this, never to
 * RTCPeerConnection: a peer-to-peer mesh for small meetings (mesh.ts), and the SFU (sfu.ts,
 * through Janus) once the room moves to it.
 */
export interface MediaTransport {
  readonly mode: MediaMode;
  /** Who is in the room now (oneself included) and whose media is up: links open and close to match. */
  setRoom(room: RoomMedia): void;
  /** A signalling message from another participant (`meeting.signal`). */
  receive(from: string, signal: MeetingSignal): void;
  /** What one sends: the microphone, and the camera or the screen; null sends nothing. */
  setTrack(kind: "audio" | "video", track: MediaStreamTrack | null): void;
  /** The media of each other participant, by participant id. */
  remote(): ReadonlyMap<string, RemoteMedia>;
  /** Hears changes of {@link remote}; returns the unsubscriber. */
  subscribe(listener: () => void): () => void;
  /** Each other participant's audio level now (0–1), for the active speaker. */
  audioLevels(): Promise<Map<string, number>>;
  /** Closes every link; nothing is sent or received any more. */
  close(): void;
}
