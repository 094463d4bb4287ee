import { randomUUID } from "node:crypto";
import type { MentionsInput, Notification, NotificationListResponse } from "@engawa/shared";
import type { Scope } from "../../../platform/scope.ts";
import type { NotificationRow } from "../notificationStore.ts";
import type { ChannelRow } from "../store.ts";
import type { CollaborationDeps } from "./deps.ts";

/** How much of a message an Activity entry shows. */
const EXCERPT_MAX = 200;

/** The AES-GCM associated data of a message body (as commands/messages.ts seals it). */
export const bodyContext = (messageId: string) => `message|${messageId}`;

/** Whom a message mentions, after dropping everyone who cannot read the channel. */
export interface ResolvedMentions {
  users: { id: string; displayName: string }[];
  channel: boolean;
  /** The channel's readers, read once when anything was mentioned (for @channel). */
  readers: { userId: string }[];
}

/**
 * Keeps only the mentioned people who may read the channel: a mention never tells someone outside
 * it that the message exists, and naming an unknown id reveals nothing (it is dropped, not refused).
 */
export async function resolveMentions(
  deps: CollaborationDeps,
  scope: Scope,
  channel: ChannelRow,
  input: MentionsInput | undefined,
): Promise<ResolvedMentions> {
  const wanted = new Set(input?.users ?? []);
  const everyone = input?.channel === true;
  if (wanted.size === 0 && !everyone) return { users: [], channel: false, readers: [] };
  const readers = await deps.notificationStore.channelReaders(scope, channel);
  return {
    users: readers
      .filter((r) => wanted.has(r.userId))
      .map((r) => ({ id: r.userId, displayName: r.displayName })),
    channel: everyone,
    readers,
  };
}

/**
 * Writes the Activity entries of a message's mentions: "mention" for each person named, and for
 * @channel "channel_mention" for every other reader. The author is never told of their own
 * message, and nobody twice of one message (an edit that adds a mention tells only the new one).
 */
export async function recordMentionNotifications(
  deps: CollaborationDeps,
  scope: Scope,
  message: { id: string; channelId: string; authorId: string },
  mentions: ResolvedMentions,
): Promise<NotificationRow[]> {
  const now = deps.clock.now();
  const told = new Set<string>([message.authorId]);
  const rows: Omit<NotificationRow, "tenantId" | "readAt">[] = [];
  const add = (userId: string, kind: Notification["kind"]) => {
    if (told.has(userId)) return;
    told.add(userId);
    rows.push({
      id: randomUUID(),
      userId,
      kind,
      channelId: message.channelId,
      messageId: message.id,
      actorId: message.authorId,
      createdAt: now,
    });
  };
  for (const user of mentions.users) add(user.id, "mention");
  if (mentions.channel)
    for (const reader of mentions.readers) add(reader.userId, "channel_mention");
  return deps.notificationStore.insertNotifications(scope, rows);
}

type FeedRow = Awaited<ReturnType<CollaborationDeps["notificationStore"]["feed"]>>[number];

/** Activity entries as their owner sees them (text decrypted now, or empty once deleted). */
export async function presentNotifications(
  deps: CollaborationDeps,
  scope: Scope,
  userId: string,
  ids?: readonly string[],
): Promise<Notification[]> {
  return presentRows(deps, scope, await deps.notificationStore.feed(scope, userId, ids));
}

function presentRows(
  deps: CollaborationDeps,
  scope: Scope,
  rows: readonly FeedRow[],
): Promise<Notification[]> {
  return Promise.all(
    rows.map(async (row) => {
      const excerpt =
        row.bodyEnc && !row.deletedAt
          ? (
              await deps.keyring.decrypt(
                scope,
                "general",
                row.bodyEnc,
                bodyContext(row.notification.messageId),
              )
            )
              .toString("utf8")
              .slice(0, EXCERPT_MAX)
          : "";
      return {
        id: row.notification.id,
        kind: row.notification.kind === "channel_mention" ? "channel_mention" : "mention",
        actor: { id: row.notification.actorId, displayName: row.actorName },
        channel: {
          id: row.channel.id,
          name: row.channel.name,
          teamId: row.channel.teamId,
          teamName: row.teamName,
        },
        messageId: row.notification.messageId,
        threadRootId: row.threadRootId,
        excerpt,
        createdAt: row.notification.createdAt.toISOString(),
        readAt: row.notification.readAt?.toISOString() ?? null,
      } satisfies Notification;
    }),
  );
}

/**
 * The person's Activity feed: their newest entries and unread count, both limited to channels
 * they may still read now (someone removed from a private channel keeps no window into it).
 */
export async function listNotifications(
  deps: CollaborationDeps,
  scope: Scope,
  userId: string,
  mayRead: (channelId: string) => Promise<boolean>,
): Promise<NotificationListResponse> {
  const readable = new Map<string, boolean>();
  const check = async (channelId: string) => {
    if (!readable.has(channelId)) readable.set(channelId, await mayRead(channelId));
    return readable.get(channelId) === true;
  };
  // Only entries of readable channels are decrypted at all.
  const rows: FeedRow[] = [];
  for (const row of await deps.notificationStore.feed(scope, userId))
    if (await check(row.channel.id)) rows.push(row);
  const notifications = await presentRows(deps, scope, rows);
  let unread = 0;
  for (const row of await deps.notificationStore.unreadByChannel(scope, userId))
    if (await check(row.channelId)) unread += row.n;
  return { notifications, unread };
}
