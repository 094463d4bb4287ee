import type { ChannelSummary, Message, TeamRole, TeamSummary } from "@engawa/shared";
import type { MessageExtras } from "./commands/messageExtras.ts";
import type { ChannelRow, MessageWithAuthor, TeamRow } from "./store.ts";

export function presentTeam(team: TeamRow, role: string | null): TeamSummary {
  return {
    id: team.id,
    name: team.name,
    description: team.description,
    visibility: team.visibility === "public" ? "public" : "private",
    myRole: (role as TeamRole | null) ?? null,
    allowGuests: team.allowGuests,
    labelId: team.labelId,
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
    labelId: channel.labelId,
  };
}

/**
 * A message as readers see it; `body` is the decrypted text (null for a tombstone, which shows no
 * files, mentions, reactions or pin).
 */
export function presentMessage(
  row: MessageWithAuthor,
  body: string | null,
  extras: MessageExtras,
): Message {
  const gone = row.deletedAt !== null;
  return {
    id: row.id,
    channelId: row.channelId,
    seq: row.seq,
    position: row.position,
    threadRootId: row.threadRootId,
    author: { id: row.authorId, displayName: row.authorName },
    body: gone ? null : body,
    createdAt: row.createdAt.toISOString(),
    editedAt: row.editedAt?.toISOString() ?? null,
    deletedAt: row.deletedAt?.toISOString() ?? null,
    replyCount: extras.replyCount,
    mentions: gone ? [] : extras.mentions,
    mentionsChannel: gone ? false : row.mentionsChannel,
    attachments: gone ? [] : extras.attachments,
    reactions: gone ? [] : extras.reactions,
    pinned:
      gone || !row.pinnedAt || !row.pinnedBy
        ? null
        : {
            by: { id: row.pinnedBy, displayName: extras.pinnedByName ?? "" },
            at: row.pinnedAt.toISOString(),
          },
  };
}
