import { useCallback, useEffect, useState } from "react";
import type { Notification } from "@engawa/shared";
import type { ChatApi } from "./chatApi.ts";
import { useChatConnection } from "./ChatConnectionContext.tsx";

export interface Activity {
  /** Newest first; null until the first read. */
  entries: Notification[] | null;
  unread: number;
  failure: unknown;
  /** The newest entry that arrived live (for a spoken announcement), if any. */
  latest: Notification | null;
  markRead: (ids: string[] | "all") => Promise<void>;
}

/**
 * One's Activity feed (mentions): read when the page opens and after every reconnect (entries may
 * have come meanwhile), and kept current by the live connection's `notification.created` events.
 */
export function useActivity(api: ChatApi): Activity {
  const connection = useChatConnection();
  const [entries, setEntries] = useState<Notification[] | null>(null);
  const [unread, setUnread] = useState(0);
  const [failure, setFailure] = useState<unknown>(null);
  const [latest, setLatest] = useState<Notification | null>(null);

  const load = useCallback(
    (signal?: AbortSignal) =>
      api.notifications(signal).then(
        (feed) => {
          setEntries(feed.notifications);
          setUnread(feed.unread);
          setFailure(null);
        },
        (error: unknown) => {
          if (!signal?.aborted) setFailure(error);
        },
      ),
    [api],
  );

  useEffect(() => {
    const controller = new AbortController();
    void load(controller.signal);
    const stopResume = connection.onResumed(() => void load());
    const stopActivity = connection.onActivity((entry) => {
      setEntries((current) =>
        current?.some((e) => e.id === entry.id) ? current : [entry, ...(current ?? [])],
      );
      setUnread((n) => n + 1);
      setLatest(entry);
    });
    return () => {
      controller.abort();
      stopResume();
      stopActivity();
    };
  }, [connection, load]);

  const markRead = useCallback(
    async (ids: string[] | "all") => {
      await api.markNotificationsRead(ids);
      const at = new Date().toISOString();
      setEntries(
        (current) =>
          current?.map((e) =>
            e.readAt === null && (ids === "all" || ids.includes(e.id)) ? { ...e, readAt: at } : e,
          ) ?? null,
      );
      await load();
    },
    [api, load],
  );

  return { entries, unread, failure, latest, markRead };
}
