import type { IceServer, MediaMode } from "@engawa/shared";
import { MeshTransport } from "./mesh.ts";
import type { MediaTransport, SignalSender } from "./transport.ts";

/**
 * The transport for a room's media mode: the peer-to-peer mesh for `p2p`. A room that runs
 * through the SFU (`sfu`, Janus) has no transport in this client yet (null): the stage says so
 * and the room's controls keep working. An SFU transport (publish, subscribe to `feeds`, over
 * `meeting.media.*`) implements {@link MediaTransport} and is returned here.
 */
export function transportFor(
  mode: MediaMode,
  self: string,
  iceServers: readonly IceServer[],
  send: SignalSender,
): MediaTransport | null {
  return mode === "p2p" ? new MeshTransport(self, iceServers, send) : null;
}
