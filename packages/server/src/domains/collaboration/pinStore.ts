import { and, desc, eq, inArray, isNotNull, isNull } from "drizzle-orm";
import type { Database } from "../../platform/db/database.ts";
import { requireTenant, type Scope } from "../../platform/scope.ts";
import { users } from "../identity/index.ts";
import type { MessageWithAuthor } from "./store.ts";
import { messages } from "./tables.ts";

/** SQL for pinned messages (`messages.pinned_at`, `pinned_by`), limited to the scope's tenant. */
export function createPinStore(database: Database) {
  const db = () => database.current();
  return {
    /**
     * Pins (`pin` given) or unpins a live message; true when that changed something. The row is
     * re-checked in the statement, so a message deleted meanwhile is never pinned.
     */
    async set(scope: Scope, id: string, pin: { at: Date; by: string } | null): Promise<boolean> {
      const rows = await db()
        .update(messages)
        .set(pin ? { pinnedAt: pin.at, pinnedBy: pin.by } : { pinnedAt: null, pinnedBy: null })
        .where(
          and(
            eq(messages.tenantId, requireTenant(scope)),
            eq(messages.id, id),
            isNull(messages.deletedAt),
            pin ? isNull(messages.pinnedAt) : isNotNull(messages.pinnedAt),
          ),
        )
        .returning({ id: messages.id });
      return rows.length > 0;
    },
    /** A channel's pinned live messages, newest pin first. */
    async ofChannel(scope: Scope, channelId: string, limit: number): Promise<MessageWithAuthor[]> {
      const rows = await db()
        .select({ message: messages, authorName: users.displayName })
        .from(messages)
        .innerJoin(users, eq(users.id, messages.authorId))
        .where(
          and(
            eq(messages.tenantId, requireTenant(scope)),
            eq(messages.channelId, channelId),
            isNotNull(messages.pinnedAt),
            isNull(messages.deletedAt),
          ),
        )
        .orderBy(desc(messages.pinnedAt), desc(messages.id))
        .limit(limit);
      return rows.map((r) => ({ ...r.message, authorName: r.authorName }));
    },
    /** The names of the people who pinned these messages, by person. */
    async pinnerNames(scope: Scope, userIds: readonly string[]): Promise<Map<string, string>> {
      if (userIds.length === 0) return new Map();
      const rows = await db()
        .select({ id: users.id, displayName: users.displayName })
        .from(users)
        .where(and(eq(users.tenantId, requireTenant(scope)), inArray(users.id, [...userIds])));
      return new Map(rows.map((r) => [r.id, r.displayName]));
    },
  };
}

export type PinStore = ReturnType<typeof createPinStore>;
