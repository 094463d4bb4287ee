import type { ChannelMembersResponse, MentionsInput, Message } from "@engawa/shared";

export type ChannelMember = ChannelMembersResponse["members"][number];

/** How the whole channel is named in text; either spelling is recognised, whatever the language. */
export const CHANNEL_TOKENS = ["@channel", "@チャネル"] as const;

/** Most suggestions the picker shows at once. */
const SUGGESTIONS_MAX = 8;

/** A suggestion of the mention picker: a person who can read the channel, or the whole channel. */
export type MentionCandidate =
  { kind: "user"; userId: string; displayName: string; guest: boolean } | { kind: "channel" };

/**
 * The "@…" being typed just before the caret, if any: it starts the text or follows white space
 * (so an e-mail address does not open the picker) and holds no space yet.
 */
export function activeMentionQuery(
  text: string,
  caret: number,
): { start: number; query: string } | null {
  const match = /(?:^|\s)@([^\s@]{0,40})$/u.exec(text.slice(0, caret));
  if (!match) return null;
  const query = match[1] ?? "";
  return { start: caret - query.length - 1, query };
}

/**
 * What the picker offers for a query: people whose name contains it (case and width folded, so
 * "ｓａｔｏ" finds "Sato"), the channel itself when the query could start its name; never oneself.
 */
export function mentionCandidates(
  query: string,
  members: readonly ChannelMember[],
  meId: string,
  channelWords: readonly string[],
): MentionCandidate[] {
  const q = fold(query);
  const people: MentionCandidate[] = members
    .filter((m) => m.userId !== meId && fold(m.displayName).includes(q))
    .map((m) => ({ kind: "user", userId: m.userId, displayName: m.displayName, guest: m.guest }));
  const channel = channelWords.some((word) => fold(word).startsWith(q));
  return [...(channel ? [{ kind: "channel" } as const] : []), ...people].slice(0, SUGGESTIONS_MAX);
}

/** Text with the typed "@query" replaced by the chosen name and a space; the caret goes after it. */
export function insertMention(
  text: string,
  at: { start: number; query: string },
  label: string,
): { text: string; caret: number } {
  const before = text.slice(0, at.start);
  const after = text.slice(at.start + 1 + at.query.length);
  const inserted = `@${label} `;
  return {
    text: before + inserted + after.replace(/^ /, ""),
    caret: before.length + inserted.length,
  };
}

/**
 * The mentions to send: the people picked whose "@name" is still in the text (deleting the name
 * un-mentions them), and the channel if it was picked and is still named.
 */
export function mentionsToSend(
  text: string,
  picked: ReadonlyMap<string, string>,
  channelPicked: boolean,
): MentionsInput | undefined {
  const users = [...picked].filter(([, name]) => text.includes(`@${name}`)).map(([id]) => id);
  const channel = channelPicked && CHANNEL_TOKENS.some((token) => text.includes(token));
  if (users.length === 0 && !channel) return undefined;
  return { ...(users.length > 0 ? { users } : {}), ...(channel ? { channel: true } : {}) };
}

/** The mentions a message already has, as an edit keeps them while their names stay in the text. */
export function existingMentions(message: Message): {
  picked: Map<string, string>;
  channel: boolean;
} {
  return {
    picked: new Map(message.mentions.map((m) => [m.id, m.displayName])),
    channel: message.mentionsChannel,
  };
}

/** A part of a message's text: plain, or a mention (of the reader, or of someone else). */
export interface TextSegment {
  text: string;
  mention: "me" | "other" | null;
}

/**
 * Splits a message's text so its mentions can be highlighted: "@name" of each person it mentions
 * and "@channel"/"@チャネル" when it mentions the channel. Longer names are matched first, so
 * "@Sato Hanako" is not cut short by "@Sato".
 */
export function mentionSegments(message: Message, meId: string): TextSegment[] {
  const body = message.body ?? "";
  const labels = new Map<string, "me" | "other">();
  for (const m of message.mentions) labels.set(`@${m.displayName}`, m.id === meId ? "me" : "other");
  if (message.mentionsChannel) for (const token of CHANNEL_TOKENS) labels.set(token, "me");
  if (labels.size === 0) return [{ text: body, mention: null }];
  const ordered = [...labels.keys()].sort((a, b) => b.length - a.length);
  const segments: TextSegment[] = [];
  let plain = "";
  let i = 0;
  while (i < body.length) {
    const label = ordered.find((l) => body.startsWith(l, i));
    if (!label) {
      plain += body[i];
      i += 1;
      continue;
    }
    if (plain) segments.push({ text: plain, mention: null });
    plain = "";
    segments.push({ text: label, mention: labels.get(label) ?? "other" });
    i += label.length;
  }
  if (plain) segments.push({ text: plain, mention: null });
  return segments;
}

/** Lower case and NFKC (full-width letters and half-width kana match their usual forms). */
function fold(text: string): string {
  return text.normalize("NFKC").toLocaleLowerCase();
}
