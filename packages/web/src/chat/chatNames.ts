import type { ChatSummary } from "@engawa/shared";

/**
 * What a chat is called in the list and its heading: its topic, else the other people's names
 * ("佐藤 花子、鈴木 一郎" / "Sato Hanako, Suzuki Ichiro"), else (nobody else left) one's own.
 */
export function chatTitle(
  chat: Pick<ChatSummary, "topic" | "members">,
  meId: string,
  /** Between two names: "、" in Japanese, ", " in English (i18n `chats.nameSeparator`). */
  separator: string,
): string {
  const topic = chat.topic.trim();
  if (topic) return topic;
  const others = chat.members.filter((m) => m.userId !== meId).map((m) => m.displayName);
  const names = others.length > 0 ? others : chat.members.map((m) => m.displayName);
  return names.join(separator);
}

/** The other people of a chat, for its subtitle and the screen reader's description. */
export function chatOthers(chat: Pick<ChatSummary, "members">, meId: string): string[] {
  return chat.members.filter((m) => m.userId !== meId).map((m) => m.displayName);
}

/**
 * A 1:1 chat: two people and no name (the server's rule too). It stays theirs: bringing in a third
 * person starts a group chat, so the two's history is not shown to them.
 */
export function isDirectChat(chat: Pick<ChatSummary, "topic" | "members">): boolean {
  return chat.members.length === 2 && chat.topic.trim() === "";
}
