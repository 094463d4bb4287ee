import type { Message, PinnedMessages } from "@engawa/shared";

/**
 * A channel's pins as the Pinned panel shows them: the list the server gave, kept current by live
 * changes of messages. Plain data and functions, so the rules can be read and tested in one place.
 */
export interface PinList {
  /** Pinned live messages, newest pin first. */
  messages: Message[];
  /** The channel's sequence number when the list was read: older changes are already in it. */
  lastSeq: number;
}

const newestPinFirst = (a: Message, b: Message) =>
  (b.pinned?.at ?? "").localeCompare(a.pinned?.at ?? "") || b.id.localeCompare(a.id);

/**
 * The list after one change of a message (pinned, unpinned, edited, deleted). A change the list
 * already reflects — at or before its sequence number, or older than the copy it holds — changes
 * nothing; a pinned message comes in at its place, an unpinned or deleted one leaves.
 */
export function withPinChange(list: PinList, message: Message): PinList {
  if (message.seq <= list.lastSeq) return list;
  const held = list.messages.find((m) => m.id === message.id);
  if (held && held.seq >= message.seq) return list;
  const others = list.messages.filter((m) => m.id !== message.id);
  if (!message.pinned || message.deletedAt !== null) return { ...list, messages: others };
  return { ...list, messages: [...others, message].sort(newestPinFirst) };
}

/** The list the server gave, with the live changes heard while it was being read. */
export function fromPinsRead(read: PinnedMessages, heard: readonly Message[]): PinList {
  return heard.reduce(withPinChange, { messages: read.messages, lastSeq: read.lastSeq });
}
