import { useEffect, useRef } from "react";

/**
 * A `<video>` showing one track (never played aloud: audio goes through {@link TrackAudio}).
 * Decorative for assistive technology: the tile around it carries the person's name and state.
 */
export function TrackVideo({
  track,
  className,
}: {
  track: MediaStreamTrack;
  className?: string | undefined;
}) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const video = ref.current;
    if (!video) return;
    video.srcObject = new MediaStream([track]);
    video.play().catch(() => undefined);
    return () => {
      video.srcObject = null;
    };
  }, [track]);
  return <video ref={ref} className={className} autoPlay playsInline muted aria-hidden="true" />;
}

/** Plays another participant's audio track (an element of its own, so a tile without video still sounds). */
export function TrackAudio({ track }: { track: MediaStreamTrack }) {
  const ref = useRef<HTMLAudioElement>(null);
  useEffect(() => {
    const audio = ref.current;
    if (!audio) return;
    audio.srcObject = new MediaStream([track]);
    audio.play().catch(() => undefined);
    return () => {
      audio.srcObject = null;
    };
  }, [track]);
  return <audio ref={ref} autoPlay />;
}
