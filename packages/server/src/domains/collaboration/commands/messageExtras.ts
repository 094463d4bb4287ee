import { REACTIONS, type Attachment, type Message } from "@engawa/shared";
import type { Scope } from "../../../platform/scope.ts";
import type { CollaborationDeps } from "./deps.ts";
import { attachmentsOf } from "./files.ts";

/** What a message shows besides its own row and text. */
export interface MessageExtras {
  replyCount: number;
  attachments: Attachment[];
  mentions: Message["mentions"];
  reactions: Message["reactions"];
  /** The name of whoever pinned the message (null when it is not pinned). */
  pinnedByName: string | null;
}

/**
 * Reads, in one query each, what these messages show besides their text: reply counts (top-level
 * messages), files, mentions, reactions and who pinned them. A tombstone shows none of them (the presenter drops
 * them), so nothing is read for it but its reply count.
 */
export async function extrasOf(
  deps: CollaborationDeps,
  scope: Scope,
  rows: readonly {
    id: string;
    threadRootId: string | null;
    deletedAt: Date | null;
    pinnedBy: string | null;
  }[],
): Promise<(messageId: string) => MessageExtras> {
  const live = rows.filter((r) => !r.deletedAt).map((r) => r.id);
  const pinners = new Map(rows.flatMap((r) => (r.pinnedBy ? [[r.id, r.pinnedBy] as const] : [])));
  const pinnerNames = await deps.pinStore.pinnerNames(scope, [...new Set(pinners.values())]);
  const counts = await deps.store.replyCounts(
    scope,
    rows.filter((r) => r.threadRootId === null).map((r) => r.id),
  );
  const attachments = await attachmentsOf(deps, scope, live);
  const mentions = groupBy(await deps.notificationStore.mentionsOf(scope, live), (row) => ({
    id: row.userId,
    displayName: row.displayName,
  }));
  type Reactors = { id: string; displayName: string }[];
  const reactions = new Map<string, Map<string, Reactors>>();
  for (const row of await deps.reactionStore.of(scope, live)) {
    const byReaction = reactions.get(row.messageId) ?? new Map<string, Reactors>();
    byReaction.set(row.reaction, [
      ...(byReaction.get(row.reaction) ?? []),
      { id: row.userId, displayName: row.displayName },
    ]);
    reactions.set(row.messageId, byReaction);
  }
  return (messageId) => ({
    replyCount: counts.get(messageId) ?? 0,
    attachments: attachments.get(messageId) ?? [],
    mentions: mentions.get(messageId) ?? [],
    reactions: REACTIONS.flatMap((reaction) => {
      const given = reactions.get(messageId)?.get(reaction);
      return given ? [{ reaction, users: given }] : [];
    }),
    pinnedByName: pinnerNames.get(pinners.get(messageId) ?? "") ?? null,
  });
}

function groupBy<R extends { messageId: string }, T>(rows: R[], pick: (row: R) => T) {
  const byMessage = new Map<string, T[]>();
  for (const row of rows)
    byMessage.set(row.messageId, [...(byMessage.get(row.messageId) ?? []), pick(row)]);
  return byMessage;
}
