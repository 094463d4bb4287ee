import type { IceServer } from "@engawa/shared";
import type { RemoteMedia } from "./transport.ts";

/**
 * Follows a received track into what the stage shows of its sender: the track while it lives,
 * and whether it carries anything now (`mute`/`unmute`: Chromium mutes a received video track
 * when its packets stop, e.g. the sender's camera went off). Returns false when the track was
 * already followed (a track is announced again when it resumes).
 */
export function followTrack(
  track: MediaStreamTrack,
  media: RemoteMedia,
  followed: WeakSet<MediaStreamTrack>,
  onChange: () => void,
  isClosed: () => boolean,
): boolean {
  if (followed.has(track)) return false;
  followed.add(track);
  const kind = track.kind === "audio" ? "audio" : "video";
  const update = () => {
    if (isClosed()) return;
    media[kind] = track.readyState === "ended" ? null : track;
    const on = track.readyState === "live" && !track.muted;
    if (kind === "audio") media.audioOn = on;
    else media.videoOn = on;
    onChange();
  };
  track.addEventListener("mute", update);
  track.addEventListener("unmute", update);
  track.addEventListener("ended", update);
  update();
  return true;
}

/** The room's ICE servers (STUN, TURN with time-limited credentials) as RTCPeerConnection takes them. */
export function rtcIceServers(iceServers: readonly IceServer[]): RTCIceServer[] {
  return iceServers.map((server) => ({
    urls: server.urls,
    ...(server.username !== undefined ? { username: server.username } : {}),
    ...(server.credential !== undefined ? { credential: server.credential } : {}),
  }));
}

/** A new RemoteMedia for a participant, before anything arrived. */
export function awaitingMedia(participantId: string): RemoteMedia {
  return {
    participantId,
    audio: null,
    video: null,
    audioOn: false,
    videoOn: false,
    state: "connecting",
  };
}

/** How a peer connection's state shows on the stage. */
export function linkState(pc: RTCPeerConnection): RemoteMedia["state"] {
  const state = pc.connectionState;
  return state === "connected" ? "connected" : state === "failed" ? "failed" : "connecting";
}
