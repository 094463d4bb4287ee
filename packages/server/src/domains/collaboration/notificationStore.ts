import { aliasedTable, and, asc, desc, eq, inArray, isNull, ne, sql } from "drizzle-orm";
import type { Database } from "../../platform/db/database.ts";
import { requireTenant, type Scope } from "../../platform/scope.ts";
import { users } from "../identity/index.ts";
import type { ChannelRow } from "./store.ts";
import {
  channelMembers,
  channels,
  messageMentions,
  messages,
  notifications,
  teamMembers,
  teams,
} from "./tables.ts";

export type NotificationRow = typeof notifications.$inferSelect;

/** A reader of a channel: who a message there may mention. */
export interface ChannelReader {
  userId: string;
  displayName: string;
  tenantRole: string;
}

/** Most entries one Activity feed page shows. */
const FEED_MAX = 50;

/**
 * SQL for mentions and the Activity feed. Every query is limited to the scope's tenant, and the
 * feed to the one person it belongs to.
 */
export function createNotificationStore(database: Database) {
  const db = () => database.current();
  const actors = aliasedTable(users, "actors");
  const active = and(ne(users.status, "disabled"), isNull(users.deletedAt));

  return {
    /**
     * The people who can read a channel now: the whole team for a standard channel, the channel's
     * members who are still on the team for a private one, the members of a chat. Disabled and
     * deleted accounts are left out.
     */
    async channelReaders(scope: Scope, channel: ChannelRow): Promise<ChannelReader[]> {
      const tenantId = requireTenant(scope);
      const columns = {
        userId: users.id,
        displayName: users.displayName,
        tenantRole: users.role,
      };
      if (channel.kind === "standard" && channel.teamId)
        return db()
          .select(columns)
          .from(teamMembers)
          .innerJoin(users, eq(users.id, teamMembers.userId))
          .where(
            and(eq(teamMembers.tenantId, tenantId), eq(teamMembers.teamId, channel.teamId), active),
          )
          .orderBy(asc(users.displayName), asc(users.id));
      const onTeam =
        channel.kind === "private" && channel.teamId
          ? sql`exists (select 1 from ${teamMembers} tm where tm.team_id = ${channel.teamId}
                and tm.user_id = ${channelMembers.userId})`
          : sql`true`;
      return db()
        .select(columns)
        .from(channelMembers)
        .innerJoin(users, eq(users.id, channelMembers.userId))
        .where(
          and(
            eq(channelMembers.tenantId, tenantId),
            eq(channelMembers.channelId, channel.id),
            active,
            onTeam,
          ),
        )
        .orderBy(asc(users.displayName), asc(users.id));
    },

    /** Sets the people a message mentions (replacing earlier ones, for an edit). */
    async setMentions(scope: Scope, messageId: string, userIds: readonly string[]) {
      const tenantId = requireTenant(scope);
      await db()
        .delete(messageMentions)
        .where(
          and(eq(messageMentions.tenantId, tenantId), eq(messageMentions.messageId, messageId)),
        );
      await this.addMentions(scope, messageId, userIds);
    },

    /** Whom a message that mentions nobody yet (a new one) mentions. */
    async addMentions(scope: Scope, messageId: string, userIds: readonly string[]) {
      const tenantId = requireTenant(scope);
      if (userIds.length === 0) return;
      await db()
        .insert(messageMentions)
        .values(userIds.map((userId) => ({ messageId, userId, tenantId })));
    },

    /** The people mentioned by each of these messages, with their names. */
    async mentionsOf(scope: Scope, messageIds: readonly string[]) {
      if (messageIds.length === 0) return [];
      return db()
        .select({
          messageId: messageMentions.messageId,
          userId: messageMentions.userId,
          displayName: users.displayName,
        })
        .from(messageMentions)
        .innerJoin(users, eq(users.id, messageMentions.userId))
        .where(
          and(
            eq(messageMentions.tenantId, requireTenant(scope)),
            inArray(messageMentions.messageId, [...messageIds]),
          ),
        )
        .orderBy(asc(users.displayName), asc(users.id));
    },

    /** Adds Activity entries; a person is told of one message once (the first kind wins). */
    async insertNotifications(
      scope: Scope,
      rows: readonly Omit<NotificationRow, "tenantId" | "readAt">[],
    ): Promise<NotificationRow[]> {
      if (rows.length === 0) return [];
      const tenantId = requireTenant(scope);
      return db()
        .insert(notifications)
        .values(rows.map((row) => ({ ...row, tenantId, readAt: null })))
        .onConflictDoNothing()
        .returning();
    },

    /** A person's newest Activity entries, with where they point. */
    async feed(scope: Scope, userId: string, ids?: readonly string[]) {
      const tenantId = requireTenant(scope);
      return db()
        .select({
          notification: notifications,
          actorName: actors.displayName,
          channel: channels,
          teamName: teams.name,
          threadRootId: messages.threadRootId,
          bodyEnc: messages.bodyEnc,
          deletedAt: messages.deletedAt,
        })
        .from(notifications)
        .innerJoin(actors, eq(actors.id, notifications.actorId))
        .innerJoin(channels, eq(channels.id, notifications.channelId))
        .leftJoin(teams, eq(teams.id, channels.teamId))
        .innerJoin(messages, eq(messages.id, notifications.messageId))
        .where(
          and(
            eq(notifications.tenantId, tenantId),
            eq(notifications.userId, userId),
            ids ? inArray(notifications.id, [...ids]) : undefined,
          ),
        )
        .orderBy(desc(notifications.createdAt), desc(notifications.id))
        .limit(FEED_MAX);
    },

    /** Unread entries per channel of a person (the feed's badge counts only readable channels). */
    async unreadByChannel(scope: Scope, userId: string) {
      return db()
        .select({ channelId: notifications.channelId, n: sql<number>`count(*)::int` })
        .from(notifications)
        .where(
          and(
            eq(notifications.tenantId, requireTenant(scope)),
            eq(notifications.userId, userId),
            isNull(notifications.readAt),
          ),
        )
        .groupBy(notifications.channelId);
    },

    /** Marks the person's own entries read: these, or all. */
    async markRead(scope: Scope, userId: string, ids: readonly string[] | null, at: Date) {
      await db()
        .update(notifications)
        .set({ readAt: at })
        .where(
          and(
            eq(notifications.tenantId, requireTenant(scope)),
            eq(notifications.userId, userId),
            isNull(notifications.readAt),
            ids ? inArray(notifications.id, [...ids]) : undefined,
          ),
        );
    },
  };
}

export type NotificationStore = ReturnType<typeof createNotificationStore>;
