import type { Message, MessagePage } from "@engawa/shared";
import { PAGE_SIZE } from "./chatApi.ts";

/**
 * What the page holds of one channel, as plain data changed only by the functions below (so
 * the rules of live updates can be read, and tested, in one place).
 */
export interface ChannelMessages {
  /** Top-level messages, oldest first (the newest is shown at the bottom). */
  messages: Message[];
  /** Whether older top-level messages may exist (the last page read was full). */
  hasOlder: boolean;
  /** The highest sequence number seen: what has been read when the channel is marked read. */
  lastSeq: number;
  /** The channel's sequence number when the first page was read; live changes follow from it. */
  baseSeq: number;
  /** A conditional-access policy asks for the viewer's name over the messages (first page's answer). */
  watermark: boolean;
  /**
   * Replies seen in live changes: id → still there (not deleted). With `baseSeq` this keeps the
   * reply counts right without asking the server again (see {@link withChange}).
   */
  replies: ReadonlyMap<string, boolean>;
}

/** One thread as the thread panel shows it. */
export interface ThreadMessages {
  rootId: string;
  /** Replies, oldest first. */
  replies: Message[];
  hasOlder: boolean;
  /** False until the first page of replies arrived (live replies may come before it). */
  loaded: boolean;
}

/**
 * Puts a message into a list ordered by position: a newer version (higher `seq`) replaces an
 * older one, an older version never replaces a newer (a page read while changes streamed in).
 */
export function upsert(list: readonly Message[], message: Message): Message[] {
  const index = list.findIndex((m) => m.id === message.id);
  if (index >= 0) {
    const existing = list[index];
    if (existing && existing.seq > message.seq) return [...list];
    const next = [...list];
    next[index] = message;
    return next;
  }
  const at = list.findIndex((m) => m.position > message.position);
  return at < 0 ? [...list, message] : [...list.slice(0, at), message, ...list.slice(at)];
}

function mergeAll(list: readonly Message[], incoming: readonly Message[]): Message[] {
  return incoming.reduce<Message[]>((acc, message) => upsert(acc, message), [...list]);
}

const maxSeq = (messages: readonly Message[], floor: number) =>
  messages.reduce((max, m) => Math.max(max, m.seq), floor);

/** The first page of a channel (the server sends it newest first). */
export function fromFirstPage(page: MessagePage): ChannelMessages {
  return {
    messages: mergeAll([], page.messages),
    hasOlder: page.messages.length >= PAGE_SIZE,
    lastSeq: maxSeq(page.messages, page.lastSeq),
    baseSeq: page.lastSeq,
    watermark: page.watermark,
    replies: new Map(),
  };
}

/** An older page, scrolled back to. */
export function withOlder(state: ChannelMessages, page: MessagePage): ChannelMessages {
  return {
    ...state,
    messages: mergeAll(state.messages, page.messages),
    hasOlder: page.messages.length >= PAGE_SIZE,
  };
}

/**
 * A live change. A top-level message is upserted (one older than the oldest shown waits for
 * "older messages"). A reply changes its root's reply count: it was counted in the first page's
 * counts when it is positioned at or before `baseSeq` (a message deleted before that cannot change
 * again, so a change to it means it was there) and otherwise only once seen live here.
 */
export function withChange(state: ChannelMessages, message: Message): ChannelMessages {
  const lastSeq = Math.max(state.lastSeq, message.seq);
  if (message.threadRootId === null) {
    const oldest = state.messages[0];
    const tooOld = state.hasOlder && oldest !== undefined && message.position < oldest.position;
    return {
      ...state,
      lastSeq,
      messages: tooOld ? state.messages : upsert(state.messages, message),
    };
  }
  const wasThere = state.replies.get(message.id) ?? message.position <= state.baseSeq;
  const isThere = message.deletedAt === null;
  const replies = new Map(state.replies).set(message.id, isThere);
  const delta = Number(isThere) - Number(wasThere);
  const rootId = message.threadRootId;
  const messages =
    delta === 0
      ? state.messages
      : state.messages.map((m) =>
          m.id === rootId ? { ...m, replyCount: Math.max(0, m.replyCount + delta) } : m,
        );
  return { ...state, lastSeq, replies, messages };
}

/** A thread being opened: empty until its first page arrives. */
export function openThread(rootId: string): ThreadMessages {
  return { rootId, replies: [], hasOlder: false, loaded: false };
}

/** A page of the thread's replies (first or older); live replies already shown stay. */
export function withThreadPage(thread: ThreadMessages, page: MessagePage): ThreadMessages {
  return {
    ...thread,
    replies: mergeAll(thread.replies, page.messages),
    hasOlder: page.messages.length >= PAGE_SIZE,
    loaded: true,
  };
}

/** A live change, if it belongs to this thread. */
export function withThreadChange(thread: ThreadMessages, message: Message): ThreadMessages {
  if (message.threadRootId !== thread.rootId) return thread;
  return { ...thread, replies: upsert(thread.replies, message) };
}
