import { useSyncExternalStore, type MouseEvent } from "react";

/**
 * A tiny history-API router: the app has a handful of fixed paths, so a dependency would cost
 * more than it gives. The server answers every non-API path with index.html.
 */
const NAVIGATE_EVENT = "engawa:navigate";

/** The parts of the address the pages read (path, `?query`, `#fragment`). */
export interface AppLocation {
  pathname: string;
  search: string;
  hash: string;
}

let snapshot: AppLocation = read();
let inAppNavigations = 0;

/** Whether the user has moved between pages in this tab (so focus should follow the new page). */
export function hasNavigatedInApp(): boolean {
  return inAppNavigations > 0;
}

function read(): AppLocation {
  const { pathname, search, hash } = window.location;
  const trimmed = pathname.length > 1 ? pathname.replace(/\/+$/, "") : pathname;
  return { pathname: trimmed || "/", search, hash };
}

function subscribe(onChange: () => void): () => void {
  const update = () => {
    const next = read();
    if (
      next.pathname !== snapshot.pathname ||
      next.search !== snapshot.search ||
      next.hash !== snapshot.hash
    ) {
      snapshot = next;
    }
    onChange();
  };
  const onPop = () => {
    inAppNavigations += 1;
    update();
  };
  window.addEventListener("popstate", onPop);
  window.addEventListener(NAVIGATE_EVENT, update);
  return () => {
    window.removeEventListener("popstate", onPop);
    window.removeEventListener(NAVIGATE_EVENT, update);
  };
}

/** The current location; re-renders on navigation and on the browser's back/forward. */
export function useLocation(): AppLocation {
  return useSyncExternalStore(subscribe, () => snapshot);
}

/** Goes to a same-origin path without reloading the page. */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (options.replace) window.history.replaceState(null, "", to);
  else window.history.pushState(null, "", to);
  inAppNavigations += 1;
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
  window.scrollTo(0, 0);
}

/**
 * Click handler for an `<a href>`: plain left clicks navigate in-app; modified clicks (new tab,
 * new window) are left to the browser so links keep behaving like links.
 */
export function linkClickHandler(href: string) {
  return (event: MouseEvent<HTMLElement>) => {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(href);
  };
}

/** Builds `path?key=value…`, leaving out empty values. */
export function withQuery(path: string, query: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value) params.set(key, value);
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/** Reads `key=value` from a `#fragment` (link tokens travel there: never sent to any server). */
export function fragmentParam(hash: string, key: string): string | null {
  return new URLSearchParams(hash.replace(/^#/, "")).get(key);
}
