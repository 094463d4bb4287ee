import { and, asc, desc, eq, gt, inArray, isNull, lt, or, sql } from "drizzle-orm";
import { preparedQuery, type Database } from "../../platform/db/database.ts";
import { requireTenant, type Scope } from "../../platform/scope.ts";
import { users } from "../identity/index.ts";
import {
  channelMembers,
  channels,
  files,
  messageAttachments,
  messageEdits,
  messageTerms,
  messages,
  readMarkers,
  teamMembers,
  teams,
} from "./tables.ts";

export type TeamRow = typeof teams.$inferSelect;
export type ChannelRow = typeof channels.$inferSelect;
export type MessageRow = typeof messages.$inferSelect;
/** A message as posted: its sequence number (and position) are taken when it is stored. */
export type NewMessage = Pick<
  MessageRow,
  "id" | "channelId" | "threadRootId" | "authorId" | "bodyEnc" | "mentionsChannel" | "createdAt"
>;
export interface MessageWithAuthor extends MessageRow {
  authorName: string;
}

/** What a person may do in a channel: their team role and, for a private channel, their own. */
export interface ChannelAccessRow {
  channel: ChannelRow;
  teamRole: string | null;
  channelRole: string | null;
  /** The sensitivity label of the channel's team (none for a chat or an unlabelled team). */
  teamLabelId: string | null;
}

/**
 * A person's read marker in a channel and the messages after it that are not their own or
 * deleted (for selects joined with `read_markers` of that person).
 */
function readState(userId: string) {
  return {
    readSeq: sql<number>`coalesce(${readMarkers.seq}, 0)::int`,
    unread: sql<number>`(select count(*)::int from ${messages} m where m.channel_id = ${channels.id}
      and m.position > coalesce(${readMarkers.seq}, 0) and m.deleted_at is null
      and m.author_id <> ${userId})`,
  };
}

/**
 * A person's team role as it counts now: a guest of a team that no longer allows guests has none
 * (the team's switch shuts its guests out at once, without removing them).
 */
const effectiveTeamRole = sql<string | null>`case when ${teamMembers.role} = 'guest'
  and not ${teams.allowGuests} then null else ${teamMembers.role} end`;

/**
 * SQL for teams, channels and messages. Every query is limited to the scope's tenant; access
 * rules (who may read which channel) are the policy's, fed by {@link ChannelAccessRow}.
 */
export function createCollaborationStore(database: Database) {
  const db = () => database.current();
  /** Every request on a channel (each post) reads the channel and the person's roles: built once. */
  const channelWithRoles = preparedQuery((d) => {
    const userId = sql.placeholder("userId");
    return d
      .select({
        channel: channels,
        teamRole: effectiveTeamRole,
        channelRole: channelMembers.role,
        teamLabelId: teams.labelId,
      })
      .from(channels)
      .leftJoin(teams, eq(teams.id, channels.teamId))
      .leftJoin(
        teamMembers,
        and(eq(teamMembers.teamId, channels.teamId), eq(teamMembers.userId, userId)),
      )
      .leftJoin(
        channelMembers,
        and(eq(channelMembers.channelId, channels.id), eq(channelMembers.userId, userId)),
      )
      .where(
        and(
          eq(channels.tenantId, sql.placeholder("tenantId")),
          eq(channels.id, sql.placeholder("channelId")),
        ),
      )
      .prepare("collaboration_channel_with_roles");
  });
  const messageColumns = { message: messages, authorName: users.displayName };
  const withAuthor = (rows: { message: MessageRow; authorName: string }[]): MessageWithAuthor[] =>
    rows.map((r) => ({ ...r.message, authorName: r.authorName }));

  return {
    async insertTeam(scope: Scope, row: Omit<TeamRow, "tenantId">): Promise<TeamRow> {
      const full = { ...row, tenantId: requireTenant(scope) };
      await db().insert(teams).values(full);
      return full;
    },
    async team(scope: Scope, id: string): Promise<TeamRow | undefined> {
      return (
        await db()
          .select()
          .from(teams)
          .where(and(eq(teams.tenantId, requireTenant(scope)), eq(teams.id, id)))
      )[0];
    },
    /**
     * How many of the tenant's teams, channels and files carry one of these labels (a label in use
     * is kept).
     */
    async labelled(scope: Scope, labelIds: string[]): Promise<number> {
      if (labelIds.length === 0) return 0;
      const tenantId = requireTenant(scope);
      const counts = await Promise.all(
        [teams, channels, files].map(async (table) => {
          const [row] = await db()
            .select({ count: sql<number>`count(*)::int` })
            .from(table)
            .where(and(eq(table.tenantId, tenantId), inArray(table.labelId, labelIds)));
          return Number(row?.count ?? 0);
        }),
      );
      return counts.reduce((a, b) => a + b, 0);
    },
    async updateTeam(
      scope: Scope,
      id: string,
      changes: Partial<Pick<TeamRow, "allowGuests" | "labelId">>,
    ): Promise<TeamRow> {
      const rows = await db()
        .update(teams)
        .set(changes)
        .where(and(eq(teams.tenantId, requireTenant(scope)), eq(teams.id, id)))
        .returning();
      const row = rows[0];
      if (!row) throw new Error(`team ${id} vanished`);
      return row;
    },
    /** The labels of a channel and of its team (null where none). */
    async channelLabels(
      scope: Scope,
      channelId: string,
    ): Promise<{ teamLabelId: string | null; channelLabelId: string | null }> {
      const [row] = await db()
        .select({ teamLabelId: teams.labelId, channelLabelId: channels.labelId })
        .from(channels)
        .leftJoin(teams, eq(teams.id, channels.teamId))
        .where(and(eq(channels.tenantId, requireTenant(scope)), eq(channels.id, channelId)));
      return row ?? { teamLabelId: null, channelLabelId: null };
    },
    async setChannelLabel(scope: Scope, id: string, labelId: string | null): Promise<void> {
      await db()
        .update(channels)
        .set({ labelId })
        .where(and(eq(channels.tenantId, requireTenant(scope)), eq(channels.id, id)));
    },
    async teamsFor(
      scope: Scope,
      userId: string,
      includePublic: boolean,
    ): Promise<{ team: TeamRow; role: string | null }[]> {
      const rows = await db()
        .select({ team: teams, role: effectiveTeamRole })
        .from(teams)
        .leftJoin(
          teamMembers,
          and(eq(teamMembers.teamId, teams.id), eq(teamMembers.userId, userId)),
        )
        .where(
          and(
            eq(teams.tenantId, requireTenant(scope)),
            includePublic
              ? or(sql`${effectiveTeamRole} is not null`, eq(teams.visibility, "public"))
              : sql`${effectiveTeamRole} is not null`,
          ),
        )
        .orderBy(asc(teams.name), asc(teams.id));
      return rows;
    },
    async teamRole(scope: Scope, teamId: string, userId: string): Promise<string | null> {
      const row = (
        await db()
          .select({ role: effectiveTeamRole })
          .from(teamMembers)
          .innerJoin(teams, eq(teams.id, teamMembers.teamId))
          .where(
            and(
              eq(teamMembers.tenantId, requireTenant(scope)),
              eq(teamMembers.teamId, teamId),
              eq(teamMembers.userId, userId),
            ),
          )
      )[0];
      return row?.role ?? null;
    },
    async teamMembers(scope: Scope, teamId: string) {
      return db()
        .select({
          userId: teamMembers.userId,
          role: teamMembers.role,
          displayName: users.displayName,
        })
        .from(teamMembers)
        .innerJoin(users, eq(users.id, teamMembers.userId))
        .where(and(eq(teamMembers.tenantId, requireTenant(scope)), eq(teamMembers.teamId, teamId)))
        .orderBy(asc(users.displayName), asc(users.id));
    },
    async putTeamMember(scope: Scope, teamId: string, userId: string, role: string, at: Date) {
      await db()
        .insert(teamMembers)
        .values({ teamId, userId, role, tenantId: requireTenant(scope), addedAt: at })
        .onConflictDoUpdate({ target: [teamMembers.teamId, teamMembers.userId], set: { role } });
    },
    /** Removes a person from a team and from its private channels; true when they were in it. */
    async removeTeamMember(scope: Scope, teamId: string, userId: string): Promise<boolean> {
      const tenantId = requireTenant(scope);
      const privateChannels = db()
        .select({ id: channels.id })
        .from(channels)
        .where(and(eq(channels.tenantId, tenantId), eq(channels.teamId, teamId)));
      await db()
        .delete(channelMembers)
        .where(
          and(
            eq(channelMembers.tenantId, tenantId),
            eq(channelMembers.userId, userId),
            inArray(channelMembers.channelId, privateChannels),
          ),
        );
      const removed = await db()
        .delete(teamMembers)
        .where(
          and(
            eq(teamMembers.tenantId, tenantId),
            eq(teamMembers.teamId, teamId),
            eq(teamMembers.userId, userId),
          ),
        )
        .returning({ userId: teamMembers.userId });
      return removed.length > 0;
    },
    async countTeamOwners(scope: Scope, teamId: string): Promise<number> {
      const rows = await db()
        .select({ n: sql<number>`count(*)::int` })
        .from(teamMembers)
        .where(
          and(
            eq(teamMembers.tenantId, requireTenant(scope)),
            eq(teamMembers.teamId, teamId),
            eq(teamMembers.role, "owner"),
          ),
        );
      return rows[0]?.n ?? 0;
    },
    async insertChannel(scope: Scope, row: Omit<ChannelRow, "tenantId" | "lastSeq" | "labelId">) {
      const full: ChannelRow = {
        ...row,
        tenantId: requireTenant(scope),
        lastSeq: 0,
        labelId: null,
      };
      await db().insert(channels).values(full);
      return full;
    },
    /** A channel with the person's team role and (private channels) channel role. */
    async channelAccess(
      scope: Scope,
      channelId: string,
      userId: string,
    ): Promise<ChannelAccessRow | undefined> {
      const rows = await channelWithRoles(db()).execute({
        tenantId: requireTenant(scope),
        channelId,
        userId,
      });
      return rows[0];
    },
    /** The team's channels the person can see, with their read marker and unread count. */
    async channelsFor(scope: Scope, teamId: string, userId: string) {
      const tenantId = requireTenant(scope);
      return db()
        .select({
          channel: channels,
          channelRole: channelMembers.role,
          ...readState(userId),
        })
        .from(channels)
        .leftJoin(
          channelMembers,
          and(eq(channelMembers.channelId, channels.id), eq(channelMembers.userId, userId)),
        )
        .leftJoin(
          readMarkers,
          and(eq(readMarkers.channelId, channels.id), eq(readMarkers.userId, userId)),
        )
        .where(
          and(
            eq(channels.tenantId, tenantId),
            eq(channels.teamId, teamId),
            or(eq(channels.kind, "standard"), sql`${channelMembers.role} is not null`),
          ),
        )
        .orderBy(asc(channels.createdAt), asc(channels.id));
    },
    async putChannelMember(
      scope: Scope,
      channelId: string,
      userId: string,
      role: string,
      at: Date,
    ) {
      await db()
        .insert(channelMembers)
        .values({ channelId, userId, role, tenantId: requireTenant(scope), addedAt: at })
        .onConflictDoNothing();
    },
    async renameChannel(scope: Scope, channelId: string, name: string): Promise<void> {
      await db()
        .update(channels)
        .set({ name })
        .where(and(eq(channels.tenantId, requireTenant(scope)), eq(channels.id, channelId)));
    },
    async removeChannelMember(scope: Scope, channelId: string, userId: string): Promise<boolean> {
      const removed = await db()
        .delete(channelMembers)
        .where(
          and(
            eq(channelMembers.tenantId, requireTenant(scope)),
            eq(channelMembers.channelId, channelId),
            eq(channelMembers.userId, userId),
          ),
        )
        .returning({ userId: channelMembers.userId });
      return removed.length > 0;
    },
    /** Takes the channel's next sequence number (row-locked until the transaction ends). */
    async nextSeq(scope: Scope, channelId: string): Promise<number> {
      const rows = await db()
        .update(channels)
        .set({ lastSeq: sql`${channels.lastSeq} + 1` })
        .where(and(eq(channels.tenantId, requireTenant(scope)), eq(channels.id, channelId)))
        .returning({ seq: channels.lastSeq });
      const seq = rows[0]?.seq;
      if (seq === undefined) throw new Error(`channel ${channelId} vanished`);
      return seq;
    },
    /**
     * Stores a new message under the channel's next sequence number, with its blind search terms,
     * in one statement, and answers the number. Taking the number locks the channel's row until
     * the transaction ends, and every post to the channel waits for that lock: done in one
     * statement, a post holds it for that statement only (or, inside a larger transaction, until
     * the commit that follows), not across a round trip to the server per row written — on
     * PostgreSQL, where each round trip waits for a turn of a busy event loop, that wait was what
     * bounded a channel's posts per second. (A child row may be inserted beside its parent in one
     * statement: the foreign keys are checked at the statement's end.)
     */
    async insertSequencedMessage(
      scope: Scope,
      row: NewMessage,
      terms: readonly string[],
    ): Promise<number> {
      const tenantId = requireTenant(scope);
      const termList = sql.join(
        terms.map((term) => sql`${term}`),
        sql`, `,
      );
      const result = await db().execute(sql`
        WITH next AS (
          UPDATE ${channels} SET last_seq = last_seq + 1
           WHERE tenant_id = ${tenantId} AND id = ${row.channelId}
          RETURNING last_seq
        ), message AS (
          INSERT INTO ${messages} (id, tenant_id, channel_id, position, seq, thread_root_id, author_id,
            body_enc, mentions_channel, created_at)
          SELECT ${row.id}, ${tenantId}, ${row.channelId}, next.last_seq, next.last_seq,
            ${row.threadRootId}, ${row.authorId}, ${row.bodyEnc}, ${row.mentionsChannel},
            ${row.createdAt.toISOString()}::timestamptz
            FROM next
          RETURNING id, seq
        ), terms AS (
          INSERT INTO ${messageTerms} (tenant_id, message_id, channel_id, term)
          SELECT ${tenantId}, message.id, ${row.channelId}, term
            FROM message, unnest(ARRAY[${termList}]::text[]) AS term
        )
        SELECT seq FROM message`);
      const seq = (result as { rows: { seq: number | string }[] }).rows[0]?.seq;
      if (seq === undefined) throw new Error(`channel ${row.channelId} vanished`);
      return Number(seq);
    },
    async message(scope: Scope, id: string): Promise<MessageWithAuthor | undefined> {
      const rows = await db()
        .select(messageColumns)
        .from(messages)
        .innerJoin(users, eq(users.id, messages.authorId))
        .where(and(eq(messages.tenantId, requireTenant(scope)), eq(messages.id, id)));
      return withAuthor(rows)[0];
    },
    async updateMessage(
      scope: Scope,
      id: string,
      changes: Pick<MessageRow, "seq" | "bodyEnc"> &
        Partial<
          Pick<MessageRow, "editedAt" | "deletedAt" | "mentionsChannel" | "pinnedAt" | "pinnedBy">
        >,
    ): Promise<void> {
      await db()
        .update(messages)
        .set(changes)
        .where(and(eq(messages.tenantId, requireTenant(scope)), eq(messages.id, id)));
    },
    /** Gives a message a new change number without changing its text (a reaction, say). */
    async touchMessage(scope: Scope, id: string, seq: number): Promise<void> {
      await db()
        .update(messages)
        .set({ seq })
        .where(and(eq(messages.tenantId, requireTenant(scope)), eq(messages.id, id)));
    },
    async insertEdit(scope: Scope, row: Omit<typeof messageEdits.$inferSelect, "tenantId">) {
      await db()
        .insert(messageEdits)
        .values({ ...row, tenantId: requireTenant(scope) });
    },
    /** Forgets a message's earlier versions (it was deleted). */
    async deleteEdits(scope: Scope, messageId: string): Promise<void> {
      await db()
        .delete(messageEdits)
        .where(
          and(
            eq(messageEdits.tenantId, requireTenant(scope)),
            eq(messageEdits.messageId, messageId),
          ),
        );
    },
    /** Messages changed after `afterSeq`, oldest change first (catching up, resume). */
    async changedAfter(scope: Scope, channelId: string, afterSeq: number, limit: number) {
      const rows = await db()
        .select(messageColumns)
        .from(messages)
        .innerJoin(users, eq(users.id, messages.authorId))
        .where(
          and(
            eq(messages.tenantId, requireTenant(scope)),
            eq(messages.channelId, channelId),
            gt(messages.seq, afterSeq),
          ),
        )
        .orderBy(asc(messages.seq))
        .limit(limit);
      return withAuthor(rows);
    },
    /** Top-level messages (or one thread's replies) before a position, newest first. */
    async page(
      scope: Scope,
      channelId: string,
      options: { before: number | null; thread: string | null; limit: number },
    ) {
      const rows = await db()
        .select(messageColumns)
        .from(messages)
        .innerJoin(users, eq(users.id, messages.authorId))
        .where(
          and(
            eq(messages.tenantId, requireTenant(scope)),
            eq(messages.channelId, channelId),
            options.thread
              ? eq(messages.threadRootId, options.thread)
              : isNull(messages.threadRootId),
            options.before !== null ? lt(messages.position, options.before) : undefined,
          ),
        )
        .orderBy(desc(messages.position))
        .limit(options.limit);
      return withAuthor(rows);
    },
    /** How many live replies each of these thread roots has. */
    async replyCounts(scope: Scope, rootIds: string[]): Promise<Map<string, number>> {
      if (rootIds.length === 0) return new Map();
      const rows = await db()
        .select({ root: messages.threadRootId, n: sql<number>`count(*)::int` })
        .from(messages)
        .where(
          and(
            eq(messages.tenantId, requireTenant(scope)),
            inArray(messages.threadRootId, rootIds),
            isNull(messages.deletedAt),
          ),
        )
        .groupBy(messages.threadRootId);
      return new Map(rows.map((r) => [r.root ?? "", r.n]));
    },
    async channelLastSeq(scope: Scope, channelId: string): Promise<number> {
      const row = (
        await db()
          .select({ seq: channels.lastSeq })
          .from(channels)
          .where(and(eq(channels.tenantId, requireTenant(scope)), eq(channels.id, channelId)))
      )[0];
      return row?.seq ?? 0;
    },
    /** Moves the person's read marker forward (never back). */
    async markRead(scope: Scope, channelId: string, userId: string, seq: number): Promise<void> {
      await db()
        .insert(readMarkers)
        .values({ channelId, userId, seq, tenantId: requireTenant(scope) })
        .onConflictDoUpdate({
          target: [readMarkers.channelId, readMarkers.userId],
          set: { seq: sql`greatest(${readMarkers.seq}, excluded.seq)` },
        });
    },
    /** The chats a person is in, with their read marker and unread count, newest activity first. */
    async chatsFor(scope: Scope, userId: string) {
      const tenantId = requireTenant(scope);
      return (
        db()
          .select({
            channel: channels,
            ...readState(userId),
          })
          .from(channels)
          .innerJoin(
            channelMembers,
            and(eq(channelMembers.channelId, channels.id), eq(channelMembers.userId, userId)),
          )
          .leftJoin(
            readMarkers,
            and(eq(readMarkers.channelId, channels.id), eq(readMarkers.userId, userId)),
          )
          .where(and(eq(channels.tenantId, tenantId), eq(channels.kind, "chat")))
          // Newest activity: the latest message's time (the highest position, by the unique
          // index), else when the chat was started. Sequence numbers are per chat, not a clock.
          .orderBy(
            desc(sql`coalesce((select m.created_at from ${messages} m where m.channel_id = ${channels.id}
            order by m.position desc limit 1), ${channels.createdAt})`),
            desc(channels.id),
          )
      );
    },
    /**
     * The newest message not deleted of each channel (one statement for a whole list), with its
     * author's name and whether it carries files; the text is still sealed.
     */
    async newestMessages(scope: Scope, channelIds: string[]) {
      if (channelIds.length === 0) return [];
      return db()
        .selectDistinctOn([messages.channelId], {
          channelId: messages.channelId,
          id: messages.id,
          authorId: messages.authorId,
          authorName: users.displayName,
          bodyEnc: messages.bodyEnc,
          createdAt: messages.createdAt,
          withFiles: sql<boolean>`exists (select 1 from ${messageAttachments} a where a.message_id = ${messages.id})`,
        })
        .from(messages)
        .innerJoin(users, eq(users.id, messages.authorId))
        .where(
          and(
            eq(messages.tenantId, requireTenant(scope)),
            inArray(messages.channelId, channelIds),
            isNull(messages.deletedAt),
          ),
        )
        .orderBy(messages.channelId, desc(messages.position));
    },
    async channelMemberNames(scope: Scope, channelIds: string[]) {
      if (channelIds.length === 0) return [];
      return db()
        .select({
          channelId: channelMembers.channelId,
          userId: channelMembers.userId,
          displayName: users.displayName,
        })
        .from(channelMembers)
        .innerJoin(users, eq(users.id, channelMembers.userId))
        .where(
          and(
            eq(channelMembers.tenantId, requireTenant(scope)),
            inArray(channelMembers.channelId, channelIds),
          ),
        )
        .orderBy(asc(users.displayName), asc(users.id));
    },
    /** The 1:1 chat of two people, if they have one. */
    async directChat(scope: Scope, a: string, b: string): Promise<ChannelRow | undefined> {
      const tenantId = requireTenant(scope);
      const rows = await db()
        .select()
        .from(channels)
        .where(
          and(
            eq(channels.tenantId, tenantId),
            eq(channels.kind, "chat"),
            sql`(select count(*) from ${channelMembers} cm where cm.channel_id = ${channels.id}) = 2`,
            sql`exists (select 1 from ${channelMembers} cm where cm.channel_id = ${channels.id} and cm.user_id = ${a})`,
            sql`exists (select 1 from ${channelMembers} cm where cm.channel_id = ${channels.id} and cm.user_id = ${b})`,
          ),
        )
        .limit(1);
      return rows[0];
    },
    /**
     * Whether two people are on at least one team together (what a guest may chat across); a
     * team that turned guests off does not count for its guests.
     */
    async shareATeam(scope: Scope, a: string, b: string): Promise<boolean> {
      const rows = await db().execute(
        sql`select 1 from ${teamMembers} x join ${teamMembers} y on y.team_id = x.team_id
            join ${teams} tm on tm.id = x.team_id
            where x.tenant_id = ${requireTenant(scope)} and x.user_id = ${a} and y.user_id = ${b}
              and (tm.allow_guests or (x.role <> 'guest' and y.role <> 'guest')) limit 1`,
      );
      return (Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows).length > 0;
    },
    /**
     * Who of `ids` the viewer shares a team with (both counted as the team counts them now: a
     * guest of a team that turned guests off is not on it) or, unless `teamsOnly`, a chat. The
     * viewer is always among them. Presence is shown only to these people.
     */
    async sharingWith(
      scope: Scope,
      viewerId: string,
      ids: readonly string[],
      teamsOnly: boolean,
    ): Promise<Set<string>> {
      const found = new Set<string>(ids.includes(viewerId) ? [viewerId] : []);
      if (ids.length === 0) return found;
      const tenantId = requireTenant(scope);
      const list = sql.join(
        ids.map((id) => sql`${id}`),
        sql`, `,
      );
      const byTeam = sql`select y.user_id as id from ${teamMembers} x
          join ${teams} t on t.id = x.team_id
          join ${teamMembers} y on y.team_id = x.team_id
          where x.tenant_id = ${tenantId} and x.user_id = ${viewerId} and y.user_id in (${list})
            and (x.role <> 'guest' or t.allow_guests) and (y.role <> 'guest' or t.allow_guests)`;
      const byChat = sql`select b.user_id as id from ${channelMembers} a
          join ${channels} c on c.id = a.channel_id and c.kind = 'chat'
          join ${channelMembers} b on b.channel_id = a.channel_id
          where c.tenant_id = ${tenantId} and a.user_id = ${viewerId} and b.user_id in (${list})`;
      const rows = await db().execute(teamsOnly ? byTeam : sql`${byTeam} union ${byChat}`);
      const found2 = Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows;
      for (const row of found2 as { id: string }[]) found.add(row.id);
      return found;
    },
    /** The people on a team (whom a new standard channel concerns). */
    async teamMemberIds(scope: Scope, teamId: string): Promise<string[]> {
      const rows = await db()
        .select({ userId: teamMembers.userId })
        .from(teamMembers)
        .where(and(eq(teamMembers.tenantId, requireTenant(scope)), eq(teamMembers.teamId, teamId)));
      return rows.map((r) => r.userId);
    },
    /**
     * Someone a chat may be started with: an active person of the tenant (not invited-only, not
     * disabled or deleted) whose guest period, if any, has not ended — the people search's rule.
     */
    async isReachableUser(scope: Scope, userId: string, now: Date): Promise<boolean> {
      const row = (
        await db()
          .select({ id: users.id })
          .from(users)
          .where(
            and(
              eq(users.tenantId, requireTenant(scope)),
              eq(users.id, userId),
              eq(users.status, "active"),
              isNull(users.deletedAt),
              or(isNull(users.accessExpiresAt), gt(users.accessExpiresAt, now)),
            ),
          )
      )[0];
      return row !== undefined;
    },
  };
}

export type CollaborationStore = ReturnType<typeof createCollaborationStore>;
