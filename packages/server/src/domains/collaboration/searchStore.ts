import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Database } from "../../platform/db/database.ts";
import { requireTenant, type Scope } from "../../platform/scope.ts";
import { users } from "../identity/index.ts";
import type { MessageWithAuthor } from "./store.ts";
import {
  channelMembers,
  channels,
  messageTerms,
  messages,
  searchKeys,
  teamMembers,
  teams,
} from "./tables.ts";

/** SQL of the blind index and of finding candidates in it. */
export function createSearchStore(database: Database) {
  const db = () => database.current();
  return {
    async searchKey(scope: Scope): Promise<string | undefined> {
      const row = (
        await db()
          .select()
          .from(searchKeys)
          .where(eq(searchKeys.tenantId, requireTenant(scope)))
      )[0];
      return row?.keyEnc;
    },
    /** Stores a new search key unless another request stored one first; returns the one kept. */
    async putSearchKey(scope: Scope, keyEnc: string, at: Date): Promise<string> {
      await db()
        .insert(searchKeys)
        .values({ tenantId: requireTenant(scope), keyEnc, createdAt: at })
        .onConflictDoNothing();
      return (await this.searchKey(scope)) ?? keyEnc;
    },
    async replaceTerms(scope: Scope, messageId: string, channelId: string, terms: string[]) {
      const tenantId = requireTenant(scope);
      await db()
        .delete(messageTerms)
        .where(and(eq(messageTerms.tenantId, tenantId), eq(messageTerms.messageId, messageId)));
      if (terms.length > 0)
        await db()
          .insert(messageTerms)
          .values(terms.map((term) => ({ tenantId, messageId, channelId, term })));
    },
    /**
     * Live messages holding every one of the blind terms, in channels the person can read
     * (standard channels of their teams, private channels they are in), newest first.
     */
    async candidates(
      scope: Scope,
      userId: string,
      terms: string[],
      limit: number,
    ): Promise<
      (MessageWithAuthor & {
        channelName: string;
        teamId: string | null;
        teamName: string | null;
      })[]
    > {
      const tenantId = requireTenant(scope);
      const matching = db()
        .select({ id: messageTerms.messageId })
        .from(messageTerms)
        .where(and(eq(messageTerms.tenantId, tenantId), inArray(messageTerms.term, terms)))
        .groupBy(messageTerms.messageId)
        .having(sql`count(*) = ${terms.length}`);
      const rows = await db()
        .select({
          message: messages,
          authorName: users.displayName,
          channelName: channels.name,
          teamId: teams.id,
          teamName: teams.name,
        })
        .from(messages)
        .innerJoin(users, eq(users.id, messages.authorId))
        .innerJoin(channels, eq(channels.id, messages.channelId))
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
            eq(messages.tenantId, tenantId),
            isNull(messages.deletedAt),
            inArray(messages.id, matching),
            sql`((${channels.kind} = 'standard' and ${teamMembers.userId} is not null) or ${channelMembers.userId} is not null)`,
          ),
        )
        .orderBy(desc(messages.createdAt), desc(messages.id))
        .limit(limit);
      return rows.map((r) => ({
        ...r.message,
        authorName: r.authorName,
        channelName: r.channelName,
        teamId: r.teamId,
        teamName: r.teamName,
      }));
    },
  };
}

export type SearchStore = ReturnType<typeof createSearchStore>;
