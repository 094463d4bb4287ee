import { useEffect, useEffectEvent, useState, useSyncExternalStore } from "react";
import { nextSpeaker, type Speaker } from "./activeSpeaker.ts";
import { LocalMedia, type LocalMediaState } from "./localMedia.ts";
import type { MeetingDoor } from "./anonymousDoor.ts";
import type { MeetingApi } from "./meetingApi.ts";
import { MeetingSession, type SessionState } from "./meetingSession.ts";
import type { MediaTransport, RemoteMedia } from "./transport.ts";

interface Store<T> {
  get(): T;
  subscribe(listener: () => void): () => void;
}

const noSubscription = () => () => undefined;

/** A store's value, re-rendering when it changes. */
function useStore<T>(store: Store<T>): T {
  return useSyncExternalStore(
    (listener) => store.subscribe(listener),
    () => store.get(),
  );
}

/**
 * One's camera and microphone for as long as the meeting page is open: asked for once (the
 * browser's prompt) and released when the page goes.
 */
export function useLocalMedia(): { media: LocalMedia; state: LocalMediaState } {
  const [media] = useState(() => new LocalMedia());
  useEffect(() => {
    void media.start();
    return () => media.stop();
  }, [media]);
  return { media, state: useStore(media) };
}

/** The meeting session for a join code, disposed (one leaves) when the page goes. */
export function useMeetingSession(
  api: MeetingApi,
  code: string,
  onSessionEnded: () => void,
  door: MeetingDoor | null = null,
): { session: MeetingSession; state: SessionState } {
  // The page is keyed by its join link: the session lives as long as the page.
  const [session] = useState(() => new MeetingSession(api, code, door));
  const ended = useEffectEvent(() => onSessionEnded());
  useEffect(() => {
    session.start(() => ended());
    return () => session.dispose();
  }, [session]);
  return { session, state: useStore(session) };
}

const EMPTY: ReadonlyMap<string, RemoteMedia> = new Map();

/** The other participants' media, as the transport delivers it. */
export function useRemoteMedia(transport: MediaTransport | null): ReadonlyMap<string, RemoteMedia> {
  return useSyncExternalStore(
    transport ? (listener) => transport.subscribe(listener) : noSubscription,
    () => (transport ? transport.remote() : EMPTY),
  );
}

/** How often audio levels are sampled for the active speaker. */
const LEVEL_SAMPLE_MS = 400;

/** One's own microphone level (0–1, RMS) through WebAudio, or 0 while muted. */
function micLevel(analyser: AnalyserNode | null, buffer: Float32Array<ArrayBuffer>): number {
  if (!analyser) return 0;
  analyser.getFloatTimeDomainData(buffer);
  let sum = 0;
  for (const sample of buffer) sum += sample * sample;
  return Math.sqrt(sum / buffer.length);
}

/**
 * Who speaks now, by participant id: the others' levels from the transport's statistics
 * (`audioLevel` of inbound audio), one's own from the microphone through WebAudio.
 */
export function useActiveSpeaker(
  transport: MediaTransport | null,
  self: string | null,
  mic: MediaStreamTrack | null,
): string | null {
  const [speaker, setSpeaker] = useState<Speaker | null>(null);
  useEffect(() => {
    let context: AudioContext | null = null;
    let analyser: AnalyserNode | null = null;
    if (mic && typeof AudioContext !== "undefined") {
      context = new AudioContext();
      analyser = context.createAnalyser();
      analyser.fftSize = 1024;
      context.createMediaStreamSource(new MediaStream([mic])).connect(analyser);
    }
    const buffer = new Float32Array(1024);
    let stopped = false;
    let last: Speaker | null = null;
    const timer = window.setInterval(() => {
      void (async () => {
        const levels = transport ? await transport.audioLevels() : new Map<string, number>();
        if (self && mic?.enabled) levels.set(self, micLevel(analyser, buffer));
        if (stopped) return;
        const next = nextSpeaker(levels, last, performance.now());
        if (next?.id !== last?.id) setSpeaker(next);
        last = next;
      })();
    }, LEVEL_SAMPLE_MS);
    return () => {
      stopped = true;
      window.clearInterval(timer);
      void context?.close();
    };
  }, [transport, self, mic]);
  return speaker?.id ?? null;
}
