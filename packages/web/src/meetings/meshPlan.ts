/**
 * The pure part of the peer-to-peer mesh: who is polite in each pair, and which peer connections
 * to open and close when the room changes. Kept apart from RTCPeerConnection so it is tested
 * without a browser.
 */

/**
 * "Perfect negotiation" (W3C webrtc-pc §10.7; MDN "Establishing a connection: the perfect
 * negotiation pattern") needs exactly one polite peer in each pair: the one that rolls back its
 * own offer when two offers cross. Both sides compute it from the two participant ids alone, so
 * they always agree: the greater id is polite.
 */
export function isPolite(self: string, other: string): boolean {
  return self > other;
}

/** The peer connections to open and to close so that there is one to each other participant. */
export function diffPeers(
  open: Iterable<string>,
  inRoom: readonly { participantId: string }[],
  self: string,
): { added: string[]; removed: string[] } {
  const current = new Set(open);
  const wanted = new Set(inRoom.map((peer) => peer.participantId).filter((id) => id !== self));
  return {
    added: [...wanted].filter((id) => !current.has(id)).sort(),
    removed: [...current].filter((id) => !wanted.has(id)).sort(),
  };
}
