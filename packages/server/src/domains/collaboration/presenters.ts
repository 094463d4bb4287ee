import type { Attachment, ChannelSummary, Message, TeamRole, TeamSummary } from "@engawa/shared";
import type { ChannelRow, MessageWithAuthor, TeamRow } from "./store.ts";

export function presentTeam(team: TeamRow, role: string | null): TeamSummary {
  return {
    id: team.id,
    name: team.name,
    description: team.description,
    visibility: team.visibility === "public" ? "public" : "private",
    myRole: (role as TeamRole | null) ?? null,
    allowGuests: team.allowGuests,
    createdAt: team.createdAt.toISOString(),
  };
}

export function presentChannel(
  channel: ChannelRow,
  readSeq: number,
  unread: number,
): ChannelSummary {
  if (channel.teamId === null)
    throw new Error(`channel ${channel.id} is a chat, not a team channel`);
  return {
    id: channel.id,
    teamId: channel.teamId,
    kind: channel.kind === "private" ? "private" : "standard",
    name: channel.name,
    lastSeq: channel.lastSeq,
    lastReadSeq: readSeq,
    unread,
  };
}

/**
 * A message as readers see it; `body` is the decrypted text (null for a tombstone), `mentions` the
 * people it names (a tombstone names nobody).
 */
export function presentMessage(
  row: MessageWithAuthor,
  body: string | null,
  replyCount: number,
  attachments: Attachment[] = [],
  mentions: Message["mentions"] = [],
): Message {
  return {
    id: row.id,
    channelId: row.channelId,
    seq: row.seq,
    position: row.position,
    threadRootId: row.threadRootId,
    author: { id: row.authorId, displayName: row.authorName },
    body: row.deletedAt ? null : body,
    createdAt: row.createdAt.toISOString(),
    editedAt: row.editedAt?.toISOString() ?? null,
    deletedAt: row.deletedAt?.toISOString() ?? null,
    replyCount,
    mentions: row.deletedAt ? [] : mentions,
    mentionsChannel: row.deletedAt ? false : row.mentionsChannel,
    attachments: row.deletedAt ? [] : attachments,
  };
}
