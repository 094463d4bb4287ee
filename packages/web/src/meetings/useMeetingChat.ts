import { useCallback, useEffect, useState } from "react";
import { isAbort } from "../api/client.ts";
import {
  EMPTY_CHAT,
  markRead,
  olderCursor,
  unreadCount,
  withMessage,
  withPage,
  type ChatLog,
} from "./meetingChat.ts";
import type { MeetingApi } from "./meetingApi.ts";
import type { MeetingSession, Room } from "./meetingSession.ts";

/** The meeting's chat as the stage uses it (see {@link useMeetingChat}). */
export interface MeetingChat {
  log: ChatLog;
  /** Others' messages not yet seen with the chat open (the toggle's badge). */
  unread: number;
  /** One's own seat in the room: one's messages are named as one's own. */
  participantId: string | null;
  /** Why the first page could not be read; null once it was (or while it is on its way). */
  failure: unknown;
  retry: () => void;
  /** The chat is open: what it shows has been seen. */
  markRead: () => void;
  loadOlder: () => Promise<void>;
  /** Writes with one's own seat; rejects with the server's refusal (the composer shows it). */
  send: (body: string) => Promise<void>;
}

/**
 * A meeting's chat for the whole meeting page, so that it survives the stage while a dropped
 * connection is re-established: the first page is read on entering the room and again on each
 * re-entry (what was said while away), live messages come from the session (`meeting.chat`), and
 * what one has seen is remembered. Nobody reads it before being let in: the server refuses anyone
 * in the lobby, and this asks only once one has a seat.
 */
export function useMeetingChat(
  api: MeetingApi,
  session: Pick<MeetingSession, "onChat">,
  room: Room | null,
): MeetingChat {
  const meetingId = room?.meetingId ?? null;
  const participantId = room?.participantId ?? null;
  const [log, setLog] = useState<ChatLog>(EMPTY_CHAT);
  const [failure, setFailure] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (!meetingId) return;
    return session.onChat((message) => {
      if (message.meetingId === meetingId) setLog((current) => withMessage(current, message));
    });
  }, [session, meetingId]);

  useEffect(() => {
    if (!meetingId || !participantId) return;
    const controller = new AbortController();
    api.chat(meetingId, undefined, controller.signal).then(
      ({ messages }) => {
        setFailure(null);
        setLog((current) => withPage(current, messages, "first"));
      },
      (error: unknown) => {
        if (!isAbort(error)) setFailure(error);
      },
    );
    return () => controller.abort();
  }, [api, meetingId, participantId, attempt]);

  const seen = useCallback(() => setLog(markRead), []);
  const retry = useCallback(() => {
    setFailure(null);
    setAttempt((value) => value + 1);
  }, []);

  return {
    log,
    unread: unreadCount(log, participantId),
    participantId,
    failure,
    retry,
    markRead: seen,
    loadOlder: async () => {
      if (!meetingId) return;
      const { messages } = await api.chat(meetingId, olderCursor(log));
      setLog((current) => withPage(current, messages, "older"));
    },
    send: async (body) => {
      if (!meetingId || !participantId) return;
      const { message } = await api.postChat(meetingId, participantId, body);
      setLog((current) => withMessage(current, message));
    },
  };
}
