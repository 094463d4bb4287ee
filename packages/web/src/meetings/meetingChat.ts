import { MEETING_CHAT_PAGE, type MeetingChatMessage } from "@engawa/shared";

/**
 * What the stage holds of a meeting's chat, as plain data changed only by the functions below
 * (so the rules — pages and live messages merged, what counts as unread — are read and tested in
 * one place).
 */
export interface ChatLog {
  /** Oldest first (the newest is shown at the bottom), each message once. */
  messages: MeetingChatMessage[];
  /** Whether older messages may exist (the last page read was full). */
  hasOlder: boolean;
  /** False until the first page arrived (live messages may come before it). */
  loaded: boolean;
  /** The newest time one has seen with the chat open (ms since the epoch); -Infinity: none. */
  readUpTo: number;
}

export const EMPTY_CHAT: ChatLog = {
  messages: [],
  hasOlder: false,
  loaded: false,
  readUpTo: Number.NEGATIVE_INFINITY,
};

const time = (message: MeetingChatMessage) => Date.parse(message.createdAt);

/** The server's order, oldest first: by time, then by id (its page order, reversed). */
function before(a: MeetingChatMessage, b: MeetingChatMessage): number {
  return time(a) - time(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Adds messages not yet held (by id: a live message may also be on a page read after it). */
function merged(
  list: readonly MeetingChatMessage[],
  incoming: readonly MeetingChatMessage[],
): MeetingChatMessage[] {
  const known = new Set(list.map((message) => message.id));
  const added = incoming.filter((message) => !known.has(message.id));
  if (added.length === 0) return [...list];
  return [...list, ...added].sort(before);
}

/**
 * A page from the server (newest first). The first page (again after a reconnect: one misses what
 * was said while away) keeps what older pages already brought; an older page says whether there
 * are more before it.
 */
export function withPage(
  log: ChatLog,
  page: readonly MeetingChatMessage[],
  kind: "first" | "older",
): ChatLog {
  const full = page.length >= MEETING_CHAT_PAGE;
  return {
    ...log,
    messages: merged(log.messages, page),
    hasOlder: kind === "older" ? full : log.loaded ? log.hasOlder : full,
    loaded: true,
  };
}

/** A message heard live (`meeting.chat`) or one's own, as the server stored it. */
export function withMessage(log: ChatLog, message: MeetingChatMessage): ChatLog {
  const messages = merged(log.messages, [message]);
  return messages.length === log.messages.length ? log : { ...log, messages };
}

/** Where the next older page ends (the `before` of its request): the oldest message held. */
export function olderCursor(log: ChatLog): string | undefined {
  return log.messages[0]?.createdAt;
}

/** The chat is open: everything in it has been seen. The same log when nothing changed. */
export function markRead(log: ChatLog): ChatLog {
  const newest = log.messages.at(-1);
  if (!newest || time(newest) <= log.readUpTo) return log;
  return { ...log, readUpTo: time(newest) };
}

/**
 * Messages of others newer than what one has seen with the chat open — what was said before one
 * came in counts too, until one looks. One's own (by this seat) never counts.
 */
export function unreadCount(log: ChatLog, ownParticipantId: string | null): number {
  return log.messages.filter(
    (message) => message.participantId !== ownParticipantId && time(message) > log.readUpTo,
  ).length;
}
