import { useEffect, useSyncExternalStore } from "react";
import type { PresenceState } from "@engawa/shared";
import { useChatConnection } from "./ChatConnectionContext.tsx";

/**
 * The presence of these people, kept current over the chat connection; re-renders on every change.
 * Someone the server does not let the reader see is simply "offline".
 */
export function usePresence(userIds: readonly string[]): (userId: string) => PresenceState {
  const connection = useChatConnection();
  const key = [...new Set(userIds)].sort().join(",");
  useEffect(() => connection.watchPresence(key === "" ? [] : key.split(",")), [connection, key]);
  useSyncExternalStore(
    (onChange) => connection.subscribePresence(onChange),
    () => connection.getPresenceVersion(),
  );
  return (userId) => connection.presenceOf(userId);
}
