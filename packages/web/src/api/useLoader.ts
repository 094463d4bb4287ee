import { useCallback, useEffect, useEffectEvent, useState } from "react";
import { isAbort } from "./client.ts";

/** What a page renders from: the data, the failure, and whether a request is in flight. */
export interface Loaded<T> {
  data: T | null;
  error: unknown;
  loading: boolean;
  /** Fetches again (after a change the page made). */
  reload: () => void;
}

/**
 * Loads data for a page and reloads on demand. A response that arrives after the page moved on
 * (unmount, newer request) is dropped, so stale data never overwrites fresh data.
 */
export function useLoader<T>(load: (signal: AbortSignal) => Promise<T>): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [generation, setGeneration] = useState(0);
  const run = useEffectEvent((signal: AbortSignal) => load(signal));

  useEffect(() => {
    const controller = new AbortController();
    run(controller.signal)
      .then((value) => {
        if (controller.signal.aborted) return;
        setData(value);
        setError(null);
      })
      .catch((failure: unknown) => {
        if (controller.signal.aborted || isAbort(failure)) return;
        setError(failure);
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [generation]);

  const reload = useCallback(() => {
    setLoading(true);
    setGeneration((value) => value + 1);
  }, []);
  return { data, error, loading, reload };
}
