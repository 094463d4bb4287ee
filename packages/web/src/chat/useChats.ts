import { useCallback, useEffect, useEffectEvent, useRef, useState } from "react";
import type { ChatSummary } from "@engawa/shared";
import type { ChatApi } from "./chatApi.ts";
import { useChatConnection } from "./ChatConnectionContext.tsx";

/**
 * How often the list is read again. A chat someone starts with this person is announced
 * (`chat.added`); the timer is a safety net for anything a connection missed.
 */
const REFRESH_MS = 20_000;
/** The list is re-read this long after a live message in a chat (order and unread counts). */
const CHANGE_DELAY_MS = 500;

/** The person's chats for the sidebar. */
export interface ChatList {
  /** Newest activity first (as the server orders them); null until the first read. */
  chats: ChatSummary[] | null;
  failure: unknown;
  reload: () => Promise<void>;
  /** A chat was started or opened from elsewhere: show it at once. */
  added: (chat: ChatSummary) => void;
  /** The open chat was read: its badge goes at once (the server agrees on the next read). */
  markedRead: (chatId: string) => void;
}

/**
 * One's 1:1 and group chats. Every chat is followed on the page's connection from its last
 * sequence number, so a message in any of them re-reads the list: it moves to the top and its
 * unread count comes from the server, never guessed. Read again when someone starts a chat with
 * the person (`chat.added`) or a chat's name or people change (`directory.changed`), every
 * {@link REFRESH_MS} and after a reconnect.
 */
export function useChats(api: ChatApi, openChatId: string | null): ChatList {
  const connection = useChatConnection();
  const [chats, setChats] = useState<ChatSummary[] | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const generation = useRef(0);

  const reload = useCallback(async () => {
    const mine = ++generation.current;
    await api.chats().then(
      (read) => {
        if (mine !== generation.current) return;
        setChats(read.chats);
        setFailure(null);
      },
      (error: unknown) => setFailure(error),
    );
  }, [api]);

  const added = useCallback((chat: ChatSummary) => {
    setChats((current) => [chat, ...(current ?? []).filter((c) => c.id !== chat.id)]);
  }, []);
  const markedRead = useCallback((chatId: string) => {
    setChats((current) => current?.map((c) => (c.id === chatId ? { ...c, unread: 0 } : c)) ?? null);
  }, []);

  const refresh = useEffectEvent(() => void reload());
  useEffect(() => {
    refresh();
    const timer = window.setInterval(() => refresh(), REFRESH_MS);
    const stopResume = connection.onResumed(() => refresh());
    const stopAdded = connection.onChatAdded(() => refresh());
    // A chat was named, or someone joined or left one (`directory.changed`).
    const stopDirectory = connection.onDirectoryChanged(() => refresh());
    return () => {
      window.clearInterval(timer);
      stopResume();
      stopAdded();
      stopDirectory();
    };
  }, [connection]);

  const timer = useRef<number | undefined>(undefined);
  const changed = useEffectEvent((chatId: string) => {
    // The open chat is marked read as its messages arrive; the list still re-reads for the order.
    if (chatId === openChatId) markedRead(chatId);
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => refresh(), CHANGE_DELAY_MS);
  });
  const follows = useRef(new Map<string, () => void>());
  useEffect(() => {
    const current = follows.current;
    const visible = new Map((chats ?? []).map((c) => [c.id, c]));
    for (const [chatId, unfollow] of current)
      if (!visible.has(chatId)) {
        unfollow();
        current.delete(chatId);
      }
    for (const [chatId, chat] of visible)
      if (!current.has(chatId))
        current.set(
          chatId,
          connection.follow(chatId, chat.lastSeq, {
            onMessage: () => changed(chatId),
            onAccessLost: () => {
              current.delete(chatId);
              refresh();
            },
          }),
        );
  }, [chats, connection]);
  useEffect(() => {
    const current = follows.current;
    return () => {
      for (const unfollow of current.values()) unfollow();
      current.clear();
      window.clearTimeout(timer.current);
    };
  }, []);

  return { chats, failure, reload, added, markedRead };
}
