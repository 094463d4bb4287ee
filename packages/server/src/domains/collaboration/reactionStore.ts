import { and, asc, eq, inArray } from "drizzle-orm";
import type { Database } from "../../platform/db/database.ts";
import { requireTenant, type Scope } from "../../platform/scope.ts";
import { users } from "../identity/index.ts";
import { messageReactions } from "./tables.ts";

/** SQL for reactions to messages, limited to the scope's tenant. */
export function createReactionStore(database: Database) {
  const db = () => database.current();
  return {
    /** Adds one person's reaction; true when it was new. */
    async add(scope: Scope, messageId: string, userId: string, reaction: string, at: Date) {
      const rows = await db()
        .insert(messageReactions)
        .values({ messageId, userId, reaction, tenantId: requireTenant(scope), createdAt: at })
        .onConflictDoNothing()
        .returning({ messageId: messageReactions.messageId });
      return rows.length > 0;
    },
    /** Takes one person's reaction back; true when there was one. */
    async remove(scope: Scope, messageId: string, userId: string, reaction: string) {
      const rows = await db()
        .delete(messageReactions)
        .where(
          and(
            eq(messageReactions.tenantId, requireTenant(scope)),
            eq(messageReactions.messageId, messageId),
            eq(messageReactions.userId, userId),
            eq(messageReactions.reaction, reaction),
          ),
        )
        .returning({ messageId: messageReactions.messageId });
      return rows.length > 0;
    },
    /** Every reaction to these messages, oldest first, with who gave it. */
    async of(scope: Scope, messageIds: readonly string[]) {
      if (messageIds.length === 0) return [];
      return db()
        .select({
          messageId: messageReactions.messageId,
          reaction: messageReactions.reaction,
          userId: messageReactions.userId,
          displayName: users.displayName,
        })
        .from(messageReactions)
        .innerJoin(users, eq(users.id, messageReactions.userId))
        .where(
          and(
            eq(messageReactions.tenantId, requireTenant(scope)),
            inArray(messageReactions.messageId, [...messageIds]),
          ),
        )
        .orderBy(asc(messageReactions.createdAt), asc(messageReactions.userId));
    },
  };
}

export type ReactionStore = ReturnType<typeof createReactionStore>;
