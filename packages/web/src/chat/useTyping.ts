import { useCallback, useEffect, useRef, useState } from "react";
import { useChatConnection } from "./ChatConnectionContext.tsx";
import type { Typist } from "./chatConnection.ts";

/** How long a typing signal is shown without a new one. */
const SHOWN_MS = 6_000;
/** At most one signal this often while someone types. */
const SIGNAL_EVERY_MS = 3_000;

/**
 * Typing in one channel: who else is typing now (each shown for a few seconds after their last
 * signal, or until their message arrives: `posted`), and `typed()` for the composer to call on
 * every change (sent at most every 3 s).
 */
export function useTyping(
  channelId: string,
  selfId: string,
): {
  typists: Typist[];
  typed: () => void;
  posted: (userId: string) => void;
} {
  const connection = useChatConnection();
  const [typists, setTypists] = useState<Map<string, { user: Typist; until: number }>>(
    () => new Map(),
  );
  const lastSent = useRef(0);

  useEffect(() => {
    const stop = connection.onTyping(channelId, (user) =>
      setTypists((current) =>
        new Map(current).set(user.id, { user, until: Date.now() + SHOWN_MS }),
      ),
    );
    const timer = window.setInterval(() => {
      setTypists((current) => {
        const now = Date.now();
        const kept = [...current].filter(([, entry]) => entry.until > now);
        return kept.length === current.size ? current : new Map(kept);
      });
    }, 1_000);
    return () => {
      stop();
      window.clearInterval(timer);
      setTypists(new Map());
    };
  }, [connection, channelId]);

  const typed = useCallback(() => {
    const now = Date.now();
    if (now - lastSent.current < SIGNAL_EVERY_MS) return;
    lastSent.current = now;
    connection.typing(channelId);
  }, [connection, channelId]);

  /**
   * Someone's message arrived: they are no longer typing it. One's own message ends one's own
   * signal too, so typing the next one says so at once (not up to 3 s later).
   */
  const posted = useCallback(
    (userId: string) => {
      if (userId === selfId) lastSent.current = 0;
      setTypists((current) => {
        if (!current.has(userId)) return current;
        const next = new Map(current);
        next.delete(userId);
        return next;
      });
    },
    [selfId],
  );

  return { typists: [...typists.values()].map((entry) => entry.user), typed, posted };
}
