import type { InboundSample } from "./sfuSubscription.ts";

/**
 * Packets within this long mean "on". A shared screen that does not change sends a frame only now
 * and then (Chromium repeats the last one about once a second), so one quiet sample is not "off".
 */
const RECENT_MS = 2_500;

export interface Arrivals {
  audioPackets: number;
  videoPackets: number;
  /** When the count last grew (performance.now()). */
  audioAt: number;
  videoAt: number;
}
const NOTHING_YET: Arrivals = {
  audioPackets: 0,
  videoPackets: 0,
  audioAt: -Infinity,
  videoAt: -Infinity,
};

/** The arrivals after a new sample of the statistics taken at `now`. */
export function arrivalsAfter(
  before: Arrivals | undefined,
  sample: Pick<InboundSample, "audioPackets" | "videoPackets">,
  now: number,
): Arrivals {
  const last = before ?? NOTHING_YET;
  return {
    audioPackets: sample.audioPackets,
    videoPackets: sample.videoPackets,
    audioAt: sample.audioPackets > last.audioPackets ? now : last.audioAt,
    videoAt: sample.videoPackets > last.videoPackets ? now : last.videoAt,
  };
}

/** Whether packets of this kind arrived lately: the sender's microphone or camera is on. */
export function sending(arrivals: Arrivals, kind: "audio" | "video", now: number): boolean {
  return now - (kind === "audio" ? arrivals.audioAt : arrivals.videoAt) < RECENT_MS;
}
