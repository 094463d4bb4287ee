import type { ChatConnection } from "./chatConnection.ts";

/** Input-less time after which the window says it is idle ("away"). */
const IDLE_MS = 5 * 60_000;
/** How often idleness is checked. */
const CHECK_MS = 15_000;
const INPUT_EVENTS = ["pointerdown", "pointermove", "keydown", "wheel", "touchstart"] as const;

/**
 * Tells the server whether this window is in use: away after {@link IDLE_MS} without input or while
 * the tab is hidden, online again at the next input in a visible tab.
 */
export function reportOwnPresence(connection: ChatConnection): () => void {
  let lastInput = Date.now();
  const check = () =>
    connection.setOwnPresence(
      document.visibilityState === "hidden" || Date.now() - lastInput >= IDLE_MS
        ? "away"
        : "online",
    );
  const onInput = () => {
    lastInput = Date.now();
    if (document.visibilityState !== "hidden") connection.setOwnPresence("online");
  };
  for (const name of INPUT_EVENTS) window.addEventListener(name, onInput, { passive: true });
  document.addEventListener("visibilitychange", check);
  const timer = window.setInterval(check, CHECK_MS);
  check();
  return () => {
    for (const name of INPUT_EVENTS) window.removeEventListener(name, onInput);
    document.removeEventListener("visibilitychange", check);
    window.clearInterval(timer);
  };
}
