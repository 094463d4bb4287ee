import { useCallback, useRef, useState } from "react";
import type { SearchView } from "../pages/teams/SearchPanel.tsx";
import type { ChatApi } from "./chatApi.ts";

/**
 * A message search and its results (null: no search shown). A newer search replaces an older one
 * still running, so results never arrive out of order.
 */
export function useMessageSearch(api: ChatApi): {
  view: SearchView | null;
  search: (query: string) => void;
  close: () => void;
} {
  const [view, setView] = useState<SearchView | null>(null);
  const running = useRef<AbortController | null>(null);
  const search = useCallback(
    (query: string) => {
      running.current?.abort();
      const controller = new AbortController();
      running.current = controller;
      setView({ query, results: null, failure: null });
      api.search(query, controller.signal).then(
        (reply) => {
          if (!controller.signal.aborted) setView({ query, results: reply.results, failure: null });
        },
        (error: unknown) => {
          if (!controller.signal.aborted) setView({ query, results: [], failure: error });
        },
      );
    },
    [api],
  );
  const close = useCallback(() => {
    running.current?.abort();
    setView(null);
  }, []);
  return { view, search, close };
}
