import { and, asc, desc, eq, gt, inArray, isNotNull, isNull, ne, sql } from "drizzle-orm";
import type { RiskLevel, TenantRole, UserStatus } from "@engawa/shared";
import { preparedQuery, type Database } from "../../platform/db/database.ts";
import { requireTenant, type Scope } from "../../platform/scope.ts";
import { tenants } from "../tenancy/index.ts";
import { invitations, operators, passwordHistory, sessions, users } from "./tables.ts";
import { randomUUID } from "node:crypto";

export type UserRow = typeof users.$inferSelect;
export type OperatorRow = typeof operators.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;
export type InvitationRow = typeof invitations.$inferSelect;
export type TenantRow = typeof tenants.$inferSelect;

/**
 * SQL for accounts, invitations and sessions. Tenant data is always filtered by the scope's tenant.
 * Look-ups by a secret (a session token's hash, an invitation token's hash) need no tenant: the
 * secret itself names the one row it may reach.
 */
export function createIdentityStore(database: Database) {
  const db = () => database.current();
  /** Every signed-in request reads its session with this: built once. */
  const sessionByToken = preparedQuery((d) =>
    d
      .select({ session: sessions, user: users, tenant: tenants })
      .from(sessions)
      .leftJoin(users, eq(users.id, sessions.userId))
      .leftJoin(tenants, eq(tenants.id, users.tenantId))
      .where(eq(sessions.tokenHash, sql.placeholder("tokenHash")))
      .prepare("identity_session_by_token"),
  );
  return {
    async usersOf(scope: Scope): Promise<UserRow[]> {
      return db()
        .select()
        .from(users)
        .where(and(eq(users.tenantId, requireTenant(scope)), isNull(users.deletedAt)))
        .orderBy(asc(users.createdAt), asc(users.email));
    },
    /** Users of the tenant that are not deleted, a page at a time, optionally one e-mail only. */
    async livingUsers(
      scope: Scope,
      page: { offset: number; limit: number; email?: string },
    ): Promise<{ total: number; rows: UserRow[] }> {
      const where = and(
        eq(users.tenantId, requireTenant(scope)),
        isNull(users.deletedAt),
        page.email === undefined ? undefined : eq(users.email, page.email),
      );
      const [count] = await db()
        .select({ n: sql<number>`count(*)::int` })
        .from(users)
        .where(where);
      const rows =
        page.limit === 0
          ? []
          : await db()
              .select()
              .from(users)
              .where(where)
              .orderBy(asc(users.createdAt), asc(users.id))
              .offset(page.offset)
              .limit(page.limit);
      return { total: Number(count?.n ?? 0), rows };
    },
    /** The tenant's users among `ids` that are not deleted (group membership checks). */
    async livingUsersByIds(scope: Scope, ids: string[]): Promise<UserRow[]> {
      if (ids.length === 0) return [];
      return db()
        .select()
        .from(users)
        .where(
          and(
            eq(users.tenantId, requireTenant(scope)),
            isNull(users.deletedAt),
            inArray(users.id, ids),
          ),
        );
    },
    async user(scope: Scope, id: string): Promise<UserRow | undefined> {
      return (
        await db()
          .select()
          .from(users)
          .where(and(eq(users.tenantId, requireTenant(scope)), eq(users.id, id)))
      )[0];
    },
    async userByEmail(scope: Scope, email: string): Promise<UserRow | undefined> {
      return (
        await db()
          .select()
          .from(users)
          .where(and(eq(users.tenantId, requireTenant(scope)), eq(users.email, email)))
      )[0];
    },
    async insertUser(
      scope: Scope,
      row: Omit<
        UserRow,
        | "tenantId"
        | "recoveryNoticeAt"
        | "mustChangePassword"
        | "passwordChangedAt"
        | "deletedAt"
        | "accessExpiresAt"
        | "acceptedTerms"
      > & { accessExpiresAt?: Date | null },
    ): Promise<UserRow> {
      const full = {
        ...row,
        tenantId: requireTenant(scope),
        recoveryNoticeAt: null,
        mustChangePassword: false,
        passwordChangedAt: row.passwordHash ? row.createdAt : null,
        deletedAt: null,
        accessExpiresAt: row.accessExpiresAt ?? null,
        acceptedTerms: {},
      };
      await db().insert(users).values(full);
      return full;
    },
    async updateUser(
      scope: Scope,
      id: string,
      changes: Partial<{
        role: TenantRole;
        status: UserStatus;
        email: string;
        displayName: string;
        passwordHash: string;
        passwordChangedAt: Date;
        mustChangePassword: boolean;
        breakGlass: boolean;
        updatedAt: Date;
        deletedAt: Date | null;
        accessExpiresAt: Date | null;
      }>,
    ): Promise<void> {
      await db()
        .update(users)
        .set(changes)
        .where(and(eq(users.tenantId, requireTenant(scope)), eq(users.id, id)));
    },
    async countActiveOwners(scope: Scope): Promise<number> {
      const rows = await db()
        .select({ n: sql<number>`count(*)::int` })
        .from(users)
        .where(
          and(
            eq(users.tenantId, requireTenant(scope)),
            eq(users.role, "owner"),
            eq(users.status, "active"),
          ),
        );
      return Number(rows[0]?.n ?? 0);
    },
    /** Active owners flagged break-glass who can sign in with a password (SSO lock-out guard). */
    async countBreakGlassOwners(scope: Scope): Promise<number> {
      const rows = await db()
        .select({ n: sql<number>`count(*)::int` })
        .from(users)
        .where(
          and(
            eq(users.tenantId, requireTenant(scope)),
            eq(users.role, "owner"),
            eq(users.status, "active"),
            eq(users.breakGlass, true),
            isNotNull(users.passwordHash),
          ),
        );
      return Number(rows[0]?.n ?? 0);
    },
    /** Locks the tenant's owner rows, so two concurrent demotions cannot remove the last owner. */
    async lockOwners(scope: Scope): Promise<void> {
      await db()
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.tenantId, requireTenant(scope)), eq(users.role, "owner")))
        .for("update");
    },
    async insertInvitation(scope: Scope, row: Omit<InvitationRow, "tenantId">): Promise<void> {
      await db()
        .insert(invitations)
        .values({ ...row, tenantId: requireTenant(scope) });
    },
    /** Marks every open invitation of a user used, so only the newest link works. */
    async closeInvitations(scope: Scope, userId: string, at: Date): Promise<void> {
      await db()
        .update(invitations)
        .set({ usedAt: at })
        .where(
          and(
            eq(invitations.tenantId, requireTenant(scope)),
            eq(invitations.userId, userId),
            isNull(invitations.usedAt),
          ),
        );
    },
    async openInvitationByTokenHash(
      tokenHash: string,
      now: Date,
    ): Promise<{ invitation: InvitationRow; user: UserRow; tenant: TenantRow } | undefined> {
      const rows = await db()
        .select({ invitation: invitations, user: users, tenant: tenants })
        .from(invitations)
        .innerJoin(users, eq(users.id, invitations.userId))
        .innerJoin(tenants, eq(tenants.id, invitations.tenantId))
        .where(
          and(
            eq(invitations.tokenHash, tokenHash),
            isNull(invitations.usedAt),
            gt(invitations.expiresAt, now),
          ),
        );
      return rows[0];
    },
    async markInvitationUsed(scope: Scope, id: string, at: Date): Promise<void> {
      await db()
        .update(invitations)
        .set({ usedAt: at })
        .where(and(eq(invitations.tenantId, requireTenant(scope)), eq(invitations.id, id)));
    },
    /**
     * Per tenant, whether it has an active owner — a count, no content — for the operator's tenant
     * list. Only a deployment-level scope may ask.
     */
    async tenantsWithActiveOwner(scope: Scope): Promise<Set<string>> {
      if (scope.tenantId !== null)
        throw new Error("tenantsWithActiveOwner is a deployment-level query");
      const rows = await db()
        .selectDistinct({ tenantId: users.tenantId })
        .from(users)
        .where(and(eq(users.role, "owner"), eq(users.status, "active")));
      return new Set(rows.map((r) => r.tenantId));
    },
    /** The tenant's owners who have not accepted their invitation yet. */
    async pendingOwners(scope: Scope): Promise<UserRow[]> {
      return db()
        .select()
        .from(users)
        .where(
          and(
            eq(users.tenantId, requireTenant(scope)),
            eq(users.role, "owner"),
            eq(users.status, "invited"),
          ),
        )
        .orderBy(asc(users.createdAt));
    },
    /**
     * The organisation named at sign-in and the account with that e-mail in it, in one query (the
     * sign-in path runs it for every attempt).
     */
    async signInCandidate(
      slug: string,
      email: string,
    ): Promise<{ tenant: TenantRow; user: UserRow | null } | undefined> {
      const rows = await db()
        .select({ tenant: tenants, user: users })
        .from(tenants)
        .leftJoin(users, and(eq(users.tenantId, tenants.id), eq(users.email, email)))
        .where(eq(tenants.slug, slug));
      return rows[0];
    },
    async passwordHistory(scope: Scope, userId: string): Promise<string[]> {
      const rows = await db()
        .select({ hash: passwordHistory.passwordHash })
        .from(passwordHistory)
        .where(
          and(
            eq(passwordHistory.tenantId, requireTenant(scope)),
            eq(passwordHistory.userId, userId),
          ),
        )
        .orderBy(desc(passwordHistory.createdAt));
      return rows.map((r) => r.hash);
    },
    /** Keeps a replaced password's hash, and only the newest `keep` of them. */
    async rememberPassword(scope: Scope, userId: string, hash: string, at: Date, keep: number) {
      await db()
        .insert(passwordHistory)
        .values({
          id: randomUUID(),
          tenantId: requireTenant(scope),
          userId,
          passwordHash: hash,
          createdAt: at,
        });
      const old = await db()
        .select({ id: passwordHistory.id })
        .from(passwordHistory)
        .where(
          and(
            eq(passwordHistory.tenantId, requireTenant(scope)),
            eq(passwordHistory.userId, userId),
          ),
        )
        .orderBy(desc(passwordHistory.createdAt))
        .offset(keep);
      if (old.length > 0)
        await db()
          .delete(passwordHistory)
          .where(
            inArray(
              passwordHistory.id,
              old.map((r) => r.id),
            ),
          );
    },
    async tenantBySlug(slug: string): Promise<TenantRow | undefined> {
      return (await db().select().from(tenants).where(eq(tenants.slug, slug)))[0];
    },
    async operatorByEmail(email: string): Promise<OperatorRow | undefined> {
      return (await db().select().from(operators).where(eq(operators.email, email)))[0];
    },
    async operatorCount(): Promise<number> {
      const rows = await db()
        .select({ n: sql<number>`count(*)::int` })
        .from(operators);
      return Number(rows[0]?.n ?? 0);
    },
    async insertOperator(row: OperatorRow): Promise<void> {
      await db().insert(operators).values(row);
    },
    async insertSession(row: SessionRow): Promise<void> {
      await db().insert(sessions).values(row);
    },
    /**
     * A session with its user and the user's organisation, in one statement: every request
     * authenticates, so this is one read where a session and then its user were two.
     */
    async sessionWithUser(
      tokenHash: string,
    ): Promise<
      { session: SessionRow; user: UserRow | null; tenant: TenantRow | null } | undefined
    > {
      const rows = await sessionByToken(db()).execute({ tokenHash });
      return rows[0];
    },
    async userById(id: string): Promise<{ user: UserRow; tenant: TenantRow } | undefined> {
      const rows = await db()
        .select({ user: users, tenant: tenants })
        .from(users)
        .innerJoin(tenants, eq(tenants.id, users.tenantId))
        .where(eq(users.id, id));
      return rows[0];
    },
    async operatorById(id: string): Promise<OperatorRow | undefined> {
      return (await db().select().from(operators).where(eq(operators.id, id)))[0];
    },
    /** `workContextExpiresAt`: a declaration still held is renewed by the activity too. */
    async touchSession(
      id: string,
      lastSeenAt: Date,
      idleExpiresAt: Date,
      pauseSeconds: number,
      workContextExpiresAt?: Date,
    ): Promise<void> {
      await db()
        .update(sessions)
        .set({
          lastSeenAt,
          idleExpiresAt,
          longestPauseSeconds: sql`greatest(${sessions.longestPauseSeconds}, ${pauseSeconds})`,
          ...(workContextExpiresAt ? { workContextExpiresAt } : {}),
        })
        .where(and(eq(sessions.id, id), isNull(sessions.endedAt)));
    },
    /** The session's declared work context (zero-trust-anchors.md §8.7): the value, not a place. */
    async setWorkContext(
      id: string,
      value: { context: string; ip: string | null; expiresAt: Date },
    ): Promise<boolean> {
      const rows = await db()
        .update(sessions)
        .set({
          workContext: value.context,
          workContextIp: value.ip,
          workContextExpiresAt: value.expiresAt,
        })
        .where(and(eq(sessions.id, id), isNull(sessions.endedAt)))
        .returning({ id: sessions.id });
      return rows.length > 0;
    },
    /** A user's sessions that are still open (not ended, not expired), newest first. */
    async openSessionsOf(scope: Scope, userId: string, now: Date): Promise<SessionRow[]> {
      return db()
        .select()
        .from(sessions)
        .where(
          and(
            eq(sessions.tenantId, requireTenant(scope)),
            eq(sessions.userId, userId),
            isNull(sessions.endedAt),
            gt(sessions.idleExpiresAt, now),
            gt(sessions.absoluteExpiresAt, now),
          ),
        )
        .orderBy(desc(sessions.lastSeenAt));
    },
    /** Ends the given open sessions of a user; returns those that were open. */
    async endSessionsOf(
      scope: Scope,
      userId: string,
      ids: string[],
      at: Date,
      reason: string,
    ): Promise<string[]> {
      if (ids.length === 0) return [];
      const ended = await db()
        .update(sessions)
        .set({ endedAt: at, endReason: reason })
        .where(
          and(
            eq(sessions.tenantId, requireTenant(scope)),
            eq(sessions.userId, userId),
            inArray(sessions.id, ids),
            isNull(sessions.endedAt),
          ),
        )
        .returning({ id: sessions.id });
      return ended.map((r) => r.id);
    },
    /** Binds an open session of the user to a registered device; false if it has ended. */
    async bindSessionToDevice(
      scope: Scope,
      sessionId: string,
      userId: string,
      deviceId: string,
    ): Promise<boolean> {
      const rows = await db()
        .update(sessions)
        .set({ deviceId })
        .where(
          and(
            eq(sessions.tenantId, requireTenant(scope)),
            eq(sessions.id, sessionId),
            eq(sessions.userId, userId),
            isNull(sessions.endedAt),
          ),
        )
        .returning({ id: sessions.id });
      return rows.length > 0;
    },
    /** Ends every open session bound to a device; returns their ids. */
    async endDeviceSessions(
      scope: Scope,
      deviceId: string,
      at: Date,
      reason: string,
    ): Promise<string[]> {
      const ended = await db()
        .update(sessions)
        .set({ endedAt: at, endReason: reason })
        .where(
          and(
            eq(sessions.tenantId, requireTenant(scope)),
            eq(sessions.deviceId, deviceId),
            isNull(sessions.endedAt),
          ),
        )
        .returning({ id: sessions.id });
      return ended.map((r) => r.id);
    },
    /** Moves an open session to its next stage under a new token hash; undefined if it ended. */
    async advanceSession(
      id: string,
      changes: Pick<
        SessionRow,
        | "tokenHash"
        | "stage"
        | "methods"
        | "lastSeenAt"
        | "idleExpiresAt"
        | "absoluteExpiresAt"
        | "authenticatedAt"
      >,
    ): Promise<SessionRow | undefined> {
      const rows = await db()
        .update(sessions)
        .set({ ...changes, factorFailures: 0, longestPauseSeconds: 0 })
        .where(and(eq(sessions.id, id), isNull(sessions.endedAt)))
        .returning();
      return rows[0];
    },
    /** A step-up confirmation: the session counts as freshly authenticated from `at`. */
    async markAuthenticated(id: string, at: Date, methods?: string): Promise<boolean> {
      const rows = await db()
        .update(sessions)
        .set({
          authenticatedAt: at,
          factorFailures: 0,
          longestPauseSeconds: 0,
          ...(methods ? { methods } : {}),
        })
        .where(and(eq(sessions.id, id), isNull(sessions.endedAt)))
        .returning({ id: sessions.id });
      return rows.length > 0;
    },
    async countFactorFailure(id: string): Promise<number> {
      const rows = await db()
        .update(sessions)
        .set({ factorFailures: sql`${sessions.factorFailures} + 1` })
        .where(eq(sessions.id, id))
        .returning({ failures: sessions.factorFailures });
      return rows[0]?.failures ?? Number.MAX_SAFE_INTEGER;
    },
    async endSession(id: string, at: Date, reason: string): Promise<void> {
      await db()
        .update(sessions)
        .set({ endedAt: at, endReason: reason })
        .where(and(eq(sessions.id, id), isNull(sessions.endedAt)));
    },
    /** Ends every open session of a tenant user (disable, role change is not enough to end them). */
    async endUserSessions(
      scope: Scope,
      userId: string,
      at: Date,
      reason: string,
      exceptSessionId: string | null = null,
    ): Promise<string[]> {
      const ended = await db()
        .update(sessions)
        .set({ endedAt: at, endReason: reason })
        .where(
          and(
            eq(sessions.tenantId, requireTenant(scope)),
            eq(sessions.userId, userId),
            isNull(sessions.endedAt),
            exceptSessionId === null ? undefined : ne(sessions.id, exceptSessionId),
          ),
        )
        .returning({ id: sessions.id });
      return ended.map((r) => r.id);
    },
    /**
     * Raises the user risk the user's open sessions carry to `level` (never lowers it: a
     * remediation takes effect at the next sign-in); returns how many changed.
     */
    async raiseSessionRisk(
      scope: Scope,
      userId: string,
      level: RiskLevel,
      lower: readonly RiskLevel[],
    ): Promise<number> {
      if (lower.length === 0) return 0;
      const raised = await db()
        .update(sessions)
        .set({ userRisk: level })
        .where(
          and(
            eq(sessions.tenantId, requireTenant(scope)),
            eq(sessions.userId, userId),
            isNull(sessions.endedAt),
            inArray(sessions.userRisk, [...lower]),
          ),
        )
        .returning({ id: sessions.id });
      return raised.length;
    },
  };
}

export type IdentityStore = ReturnType<typeof createIdentityStore>;
