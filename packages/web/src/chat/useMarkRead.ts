import { useEffect, useEffectEvent, useRef, useState } from "react";
import type { ChatApi } from "./chatApi.ts";

/** Waits this long after the newest change before telling the server, so a burst is one call. */
const MARK_DELAY_MS = 400;

function pageVisible(): boolean {
  return document.visibilityState === "visible";
}

/**
 * Marks the open channel read up to the newest sequence number on screen — only while the page
 * is visible (a channel left open in a background tab is not "read"), and never backwards.
 * `onRead` clears the channel's badge at once.
 */
export function useMarkRead(
  api: ChatApi,
  channelId: string,
  seq: number | undefined,
  alreadyRead: number,
  onRead: (channelId: string) => void,
): void {
  const [visible, setVisible] = useState(pageVisible);
  const marked = useRef(alreadyRead);
  const read = useEffectEvent(() => onRead(channelId));

  useEffect(() => {
    const update = () => setVisible(pageVisible());
    document.addEventListener("visibilitychange", update);
    return () => document.removeEventListener("visibilitychange", update);
  }, []);

  useEffect(() => {
    if (seq === undefined || !visible) return;
    if (seq <= marked.current) {
      read();
      return;
    }
    const timer = window.setTimeout(() => {
      api.markRead(channelId, seq).then(
        () => {
          marked.current = Math.max(marked.current, seq);
          read();
        },
        () => undefined, // The next change tries again; unread badges are a convenience.
      );
    }, MARK_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [api, channelId, seq, visible]);
}
