/**
 * Who is speaking, from audio levels (0–1, as WebRTC statistics report them: `audioLevel` of an
 * inbound-rtp or media-source entry, linear, 1 = full scale).
 */

/** A level above this is speech rather than background noise (about −26 dBFS). */
export const SPEAKING_LEVEL = 0.05;
/** The highlight stays this long after someone stops, so it does not flicker between words. */
export const SPEAKER_HOLD_MS = 1_500;

export interface Speaker {
  id: string;
  /** When they were last heard above the level (ms, any monotonic clock). */
  heardAt: number;
}

/**
 * The active speaker after a new sample: the loudest above the speaking level; otherwise the last
 * one, for a moment; otherwise nobody.
 */
export function nextSpeaker(
  levels: ReadonlyMap<string, number>,
  previous: Speaker | null,
  now: number,
): Speaker | null {
  let loudest: string | null = null;
  let loudestLevel = SPEAKING_LEVEL;
  for (const [id, level] of levels)
    if (level > loudestLevel) {
      loudest = id;
      loudestLevel = level;
    }
  if (loudest !== null) return { id: loudest, heardAt: now };
  if (previous && now - previous.heardAt < SPEAKER_HOLD_MS) return previous;
  return null;
}
