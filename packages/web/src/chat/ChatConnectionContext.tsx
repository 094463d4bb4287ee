import {
  createContext,
  useContext,
  useEffect,
  useEffectEvent,
  useState,
  useSyncExternalStore,
  type ReactNode,
} from "react";
import type { Message } from "@engawa/shared";
import { useUserSession } from "../api/session.tsx";
import { ChatConnection, type LiveStatus } from "./chatConnection.ts";
import { reportOwnPresence } from "./ownPresence.ts";

const ChatContext = createContext<ChatConnection | null>(null);

/**
 * Opens the chat's WebSocket while the chat page is shown, and closes it when the page goes
 * (other pages keep no socket open). A session that ends on the socket leaves for sign-in.
 */
export function ChatConnectionProvider({ children }: { children: ReactNode }) {
  const { sessionEnded } = useUserSession();
  const [connection] = useState(() => new ChatConnection());
  const ended = useEffectEvent(() => sessionEnded());
  useEffect(() => {
    connection.start(() => ended());
    const stopReporting = reportOwnPresence(connection);
    return () => {
      stopReporting();
      connection.stop();
    };
  }, [connection]);
  return <ChatContext.Provider value={connection}>{children}</ChatContext.Provider>;
}

/** The page's chat connection (inside ChatConnectionProvider). */
export function useChatConnection(): ChatConnection {
  const connection = useContext(ChatContext);
  if (!connection) throw new Error("useChatConnection outside ChatConnectionProvider");
  return connection;
}

/** The connection's status, re-rendering when it changes. */
export function useLiveStatus(): LiveStatus {
  const connection = useChatConnection();
  return useSyncExternalStore(
    (onChange) => connection.subscribeStatus(onChange),
    () => connection.getStatus(),
  );
}

/**
 * Follows one channel live from `fromSeq` (null: not yet — the first page is still loading).
 * The handlers may change on every render; the subscription stays.
 */
export function useChannelFollow(
  channelId: string,
  fromSeq: number | null,
  handlers: {
    onMessage: (message: Message) => void;
    onAccessLost: (reason: "access" | "conditions") => void;
  },
): void {
  const connection = useChatConnection();
  const onMessage = useEffectEvent(handlers.onMessage);
  const onAccessLost = useEffectEvent(handlers.onAccessLost);
  useEffect(() => {
    if (fromSeq === null) return;
    return connection.follow(channelId, fromSeq, {
      onMessage: (message) => onMessage(message),
      onAccessLost: (reason) => onAccessLost(reason),
    });
  }, [connection, channelId, fromSeq]);
}
