import type { IceServer, MediaMode } from "@engawa/shared";
import { MeshTransport } from "./mesh.ts";
import { SfuTransport } from "./sfu.ts";
import type { SfuSignalling } from "./sfuSignalling.ts";
import type { MediaTransport, SignalSender } from "./transport.ts";

/** What a transport needs to signal: to one other participant (the mesh), or to the SFU. */
export interface Signalling {
  peer: SignalSender;
  sfu: SfuSignalling;
}

/**
 * The transport for a room's media mode: the peer-to-peer mesh for `p2p`, the SFU's publisher and
 * subscriptions for `sfu`.
 */
export function transportFor(
  mode: MediaMode,
  self: string,
  iceServers: readonly IceServer[],
  signalling: Signalling,
): MediaTransport {
  return mode === "p2p"
    ? new MeshTransport(self, iceServers, signalling.peer)
    : new SfuTransport(self, iceServers, signalling.sfu);
}
