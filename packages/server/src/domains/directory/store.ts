import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Database } from "../../platform/db/database.ts";
import { requireTenant, type Scope } from "../../platform/scope.ts";
import { tenants } from "../tenancy/index.ts";
import { users } from "../identity/index.ts";
import { groupMembers, groups, scimTokens } from "./tables.ts";

export type ScimTokenRow = typeof scimTokens.$inferSelect;
export type GroupRow = typeof groups.$inferSelect;
export interface MemberRow {
  groupId: string;
  userId: string;
  displayName: string;
}

/**
 * SQL for SCIM tokens, groups and memberships. Tenant data is always filtered by the scope's
 * tenant; the look-up by a token's hash needs none (the secret names its one row).
 */
export function createDirectoryStore(database: Database) {
  const db = () => database.current();
  return {
    async tokens(scope: Scope): Promise<ScimTokenRow[]> {
      return db()
        .select()
        .from(scimTokens)
        .where(eq(scimTokens.tenantId, requireTenant(scope)))
        .orderBy(asc(scimTokens.createdAt), asc(scimTokens.id));
    },
    async token(scope: Scope, id: string): Promise<ScimTokenRow | undefined> {
      return (
        await db()
          .select()
          .from(scimTokens)
          .where(and(eq(scimTokens.tenantId, requireTenant(scope)), eq(scimTokens.id, id)))
      )[0];
    },
    async insertToken(scope: Scope, row: Omit<ScimTokenRow, "tenantId">): Promise<ScimTokenRow> {
      const full = { ...row, tenantId: requireTenant(scope) };
      await db().insert(scimTokens).values(full);
      return full;
    },
    async updateToken(
      scope: Scope,
      id: string,
      changes: Partial<Pick<ScimTokenRow, "tokenHash" | "rotatedAt" | "revokedAt">>,
    ): Promise<void> {
      await db()
        .update(scimTokens)
        .set(changes)
        .where(and(eq(scimTokens.tenantId, requireTenant(scope)), eq(scimTokens.id, id)));
    },
    /** A live token by its secret's hash, with its tenant (revoked tokens are not found). */
    async liveTokenByHash(
      tokenHash: string,
    ): Promise<{ token: ScimTokenRow; tenant: typeof tenants.$inferSelect } | undefined> {
      const rows = await db()
        .select({ token: scimTokens, tenant: tenants })
        .from(scimTokens)
        .innerJoin(tenants, eq(tenants.id, scimTokens.tenantId))
        .where(and(eq(scimTokens.tokenHash, tokenHash), isNull(scimTokens.revokedAt)));
      return rows[0];
    },
    async touchToken(id: string, at: Date): Promise<void> {
      await db().update(scimTokens).set({ lastUsedAt: at }).where(eq(scimTokens.id, id));
    },
    async groups(
      scope: Scope,
      page: { offset: number; limit: number; displayName?: string; externalId?: string },
    ): Promise<{ total: number; rows: GroupRow[] }> {
      const where = and(
        eq(groups.tenantId, requireTenant(scope)),
        page.displayName === undefined ? undefined : eq(groups.displayName, page.displayName),
        page.externalId === undefined ? undefined : eq(groups.externalId, page.externalId),
      );
      const [count] = await db()
        .select({ n: sql<number>`count(*)::int` })
        .from(groups)
        .where(where);
      const rows =
        page.limit === 0
          ? []
          : await db()
              .select()
              .from(groups)
              .where(where)
              .orderBy(asc(groups.createdAt), asc(groups.id))
              .offset(page.offset)
              .limit(page.limit);
      return { total: Number(count?.n ?? 0), rows };
    },
    async group(scope: Scope, id: string): Promise<GroupRow | undefined> {
      return (
        await db()
          .select()
          .from(groups)
          .where(and(eq(groups.tenantId, requireTenant(scope)), eq(groups.id, id)))
      )[0];
    },
    async groupByName(scope: Scope, displayName: string): Promise<GroupRow | undefined> {
      return (
        await db()
          .select()
          .from(groups)
          .where(
            and(eq(groups.tenantId, requireTenant(scope)), eq(groups.displayName, displayName)),
          )
      )[0];
    },
    /** The tenant's groups with how many members each has, by name (the policy form's list). */
    async groupSummaries(
      scope: Scope,
    ): Promise<{ id: string; displayName: string; memberCount: number }[]> {
      return db()
        .select({
          id: groups.id,
          displayName: groups.displayName,
          memberCount: sql<number>`(select count(*)::int from ${groupMembers} where ${groupMembers.groupId} = ${groups.id})`,
        })
        .from(groups)
        .where(eq(groups.tenantId, requireTenant(scope)))
        .orderBy(asc(groups.displayName), asc(groups.id));
    },
    /**
     * Group membership is a condition of conditional access (policies assign groups): a change
     * makes every process reload the tenant's compiled set, as a policy change does.
     */
    async bumpAccessPolicyVersion(scope: Scope): Promise<void> {
      await db()
        .update(tenants)
        .set({ accessPolicyVersion: sql`${tenants.accessPolicyVersion} + 1` })
        .where(eq(tenants.id, requireTenant(scope)));
    },
    async insertGroup(scope: Scope, row: Omit<GroupRow, "tenantId">): Promise<GroupRow> {
      const full = { ...row, tenantId: requireTenant(scope) };
      await db().insert(groups).values(full);
      return full;
    },
    async updateGroup(
      scope: Scope,
      id: string,
      changes: Partial<Pick<GroupRow, "displayName" | "externalId" | "updatedAt">>,
    ): Promise<void> {
      await db()
        .update(groups)
        .set(changes)
        .where(and(eq(groups.tenantId, requireTenant(scope)), eq(groups.id, id)));
    },
    async deleteGroup(scope: Scope, id: string): Promise<void> {
      const tenantId = requireTenant(scope);
      await db()
        .delete(groupMembers)
        .where(and(eq(groupMembers.tenantId, tenantId), eq(groupMembers.groupId, id)));
      await db()
        .delete(groups)
        .where(and(eq(groups.tenantId, tenantId), eq(groups.id, id)));
    },
    /** Members of the given groups who are not deleted, with their display names. */
    async members(scope: Scope, groupIds: string[]): Promise<MemberRow[]> {
      if (groupIds.length === 0) return [];
      return db()
        .select({
          groupId: groupMembers.groupId,
          userId: groupMembers.userId,
          displayName: users.displayName,
        })
        .from(groupMembers)
        .innerJoin(users, eq(users.id, groupMembers.userId))
        .where(
          and(
            eq(groupMembers.tenantId, requireTenant(scope)),
            inArray(groupMembers.groupId, groupIds),
            isNull(users.deletedAt),
          ),
        )
        .orderBy(asc(groupMembers.addedAt), asc(groupMembers.userId));
    },
    async addMembers(
      scope: Scope,
      groupId: string,
      userIds: string[],
      at: Date,
    ): Promise<string[]> {
      if (userIds.length === 0) return [];
      const tenantId = requireTenant(scope);
      const added = await db()
        .insert(groupMembers)
        .values(userIds.map((userId) => ({ groupId, userId, tenantId, addedAt: at })))
        .onConflictDoNothing()
        .returning({ userId: groupMembers.userId });
      return added.map((r) => r.userId);
    },
    /** Removes the given members (all of them when `userIds` is null). */
    async removeMembers(
      scope: Scope,
      groupId: string,
      userIds: string[] | null,
    ): Promise<string[]> {
      if (userIds !== null && userIds.length === 0) return [];
      const removed = await db()
        .delete(groupMembers)
        .where(
          and(
            eq(groupMembers.tenantId, requireTenant(scope)),
            eq(groupMembers.groupId, groupId),
            userIds === null ? undefined : inArray(groupMembers.userId, userIds),
          ),
        )
        .returning({ userId: groupMembers.userId });
      return removed.map((r) => r.userId);
    },
    /** Takes a user out of every group (SCIM DELETE of the user). */
    async removeUserEverywhere(scope: Scope, userId: string): Promise<void> {
      await db()
        .delete(groupMembers)
        .where(
          and(eq(groupMembers.tenantId, requireTenant(scope)), eq(groupMembers.userId, userId)),
        );
    },
  };
}

export type DirectoryStore = ReturnType<typeof createDirectoryStore>;
