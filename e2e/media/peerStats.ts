import type { Page } from "playwright-core";

/**
 * An init script that records every RTCPeerConnection the page makes (before any of its scripts
 * run), so a test reads WebRTC's own statistics: what a person really receives, not what the
 * page says.
 */
export const RECORD_PEER_CONNECTIONS = () => {
  const peers: RTCPeerConnection[] = [];
  (window as unknown as { engawaPeers: RTCPeerConnection[] }).engawaPeers = peers;
  window.RTCPeerConnection = new Proxy(window.RTCPeerConnection, {
    construct(target, args: [RTCConfiguration?]) {
      const pc = new target(...args);
      peers.push(pc);
      return pc;
    },
  });
};

/** One open peer connection of a page, as the SFU test looks at it. */
export interface ConnectionReport {
  /** The connection's place among those the page made (stable while the page lives). */
  index: number;
  /**
   * It only receives (every transceiver `recvonly`): a subscription to the SFU. A peer-to-peer
   * link both sends and receives.
   */
  receiveOnly: boolean;
  /** Inbound video bytes so far. */
  videoBytes: number;
  /** Inbound video frames decoded so far. */
  framesDecoded: number;
}

/** Every open peer connection of a page (recorded by {@link RECORD_PEER_CONNECTIONS}). */
export function connectionsOf(page: Page): Promise<ConnectionReport[]> {
  return page.evaluate(async () => {
    const peers = (window as unknown as { engawaPeers: RTCPeerConnection[] }).engawaPeers;
    const reports: ConnectionReport[] = [];
    for (const [index, pc] of peers.entries()) {
      if (pc.connectionState === "closed") continue;
      const report = {
        index,
        receiveOnly:
          pc.getTransceivers().length > 0 &&
          pc.getTransceivers().every((t) => t.currentDirection === "recvonly"),
        videoBytes: 0,
        framesDecoded: 0,
      };
      (await pc.getStats()).forEach(
        (entry: {
          type?: string;
          kind?: string;
          bytesReceived?: number;
          framesDecoded?: number;
        }) => {
          if (entry.type !== "inbound-rtp" || entry.kind !== "video") return;
          report.videoBytes += entry.bytesReceived ?? 0;
          report.framesDecoded += entry.framesDecoded ?? 0;
        },
      );
      reports.push(report);
    }
    return reports;
  });
}
