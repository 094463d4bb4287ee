import { and, asc, count, eq, gt, isNotNull, isNull, lt, sql } from "drizzle-orm";
import type { Database } from "../../platform/db/database.ts";
import { requireTenant, type Scope } from "../../platform/scope.ts";
import { passkeys, recoveryCodes, totpFactors, users, webauthnChallenges } from "./tables.ts";

export type TotpRow = typeof totpFactors.$inferSelect;
export type PasskeyRow = typeof passkeys.$inferSelect;
export type ChallengeRow = typeof webauthnChallenges.$inferSelect;

/**
 * SQL for second factors: authenticator apps, recovery codes, passkeys and WebAuthn challenges.
 * Every read and write is limited to the scope's tenant; the one exception is finding a passkey
 * by its credential id at passwordless sign-in, which also names the tenant being signed in to.
 */
export function createMfaStore(database: Database) {
  const db = () => database.current();
  const ofUser = <T extends { tenantId: unknown; userId: unknown }>(
    table: T,
    scope: Scope,
    userId: string,
  ) => and(eq(table.tenantId as never, requireTenant(scope)), eq(table.userId as never, userId));
  return {
    async totp(scope: Scope, userId: string): Promise<TotpRow | undefined> {
      return (
        await db()
          .select()
          .from(totpFactors)
          .where(ofUser(totpFactors, scope, userId))
      )[0];
    },
    /** Stores a new unconfirmed secret, replacing an earlier unconfirmed one. */
    async putPendingTotp(scope: Scope, userId: string, secretEnc: string, at: Date) {
      await db()
        .delete(totpFactors)
        .where(and(ofUser(totpFactors, scope, userId), isNull(totpFactors.confirmedAt)));
      await db()
        .insert(totpFactors)
        .values({ userId, tenantId: requireTenant(scope), secretEnc, createdAt: at });
    },
    /**
     * Accepts a time step once: true when `step` is newer than every step used before (RFC 6238
     * §5.2, no replay), and marks the factor confirmed if it was not yet.
     */
    async useTotpStep(scope: Scope, userId: string, step: number, at: Date): Promise<boolean> {
      const rows = await db()
        .update(totpFactors)
        .set({
          lastUsedStep: step,
          confirmedAt: sql`coalesce(${totpFactors.confirmedAt}, ${at.toISOString()}::timestamptz)`,
        })
        .where(and(ofUser(totpFactors, scope, userId), lt(totpFactors.lastUsedStep, step)))
        .returning({ userId: totpFactors.userId });
      return rows.length === 1;
    },
    async deleteTotp(scope: Scope, userId: string): Promise<boolean> {
      const rows = await db()
        .delete(totpFactors)
        .where(ofUser(totpFactors, scope, userId))
        .returning({ userId: totpFactors.userId });
      return rows.length > 0;
    },

    async replaceRecoveryCodes(
      scope: Scope,
      userId: string,
      codes: { id: string; codeHash: string }[],
      at: Date,
    ): Promise<void> {
      await db()
        .delete(recoveryCodes)
        .where(ofUser(recoveryCodes, scope, userId));
      if (codes.length === 0) return;
      await db()
        .insert(recoveryCodes)
        .values(
          codes.map((c) => ({ ...c, userId, tenantId: requireTenant(scope), createdAt: at })),
        );
    },
    /** Marks an unused code used; false when no such unused code exists. */
    async useRecoveryCode(
      scope: Scope,
      userId: string,
      codeHash: string,
      at: Date,
    ): Promise<boolean> {
      const rows = await db()
        .update(recoveryCodes)
        .set({ usedAt: at })
        .where(
          and(
            ofUser(recoveryCodes, scope, userId),
            eq(recoveryCodes.codeHash, codeHash),
            isNull(recoveryCodes.usedAt),
          ),
        )
        .returning({ id: recoveryCodes.id });
      return rows.length === 1;
    },
    async recoveryCounts(
      scope: Scope,
      userId: string,
    ): Promise<{ remaining: number; total: number }> {
      const rows = await db()
        .select({ total: count(), used: count(recoveryCodes.usedAt) })
        .from(recoveryCodes)
        .where(ofUser(recoveryCodes, scope, userId));
      const total = Number(rows[0]?.total ?? 0);
      return { total, remaining: total - Number(rows[0]?.used ?? 0) };
    },

    /** What second factors a user has, in one statement (every sign-in asks). */
    async factorSummary(
      scope: Scope,
      userId: string,
    ): Promise<{ totpConfirmed: boolean; passkeys: number; recoveryRemaining: number }> {
      const tenantId = requireTenant(scope);
      const result = await db().execute(sql`
        SELECT
          EXISTS (SELECT 1 FROM totp_factors
                   WHERE tenant_id = ${tenantId} AND user_id = ${userId} AND confirmed_at IS NOT NULL) AS totp,
          (SELECT count(*) FROM passkeys
            WHERE tenant_id = ${tenantId} AND user_id = ${userId})::int AS passkeys,
          (SELECT count(*) FROM recovery_codes
            WHERE tenant_id = ${tenantId} AND user_id = ${userId} AND used_at IS NULL)::int AS recovery`);
      const row = (result as { rows: { totp: boolean; passkeys: number; recovery: number }[] })
        .rows[0];
      return {
        totpConfirmed: row?.totp === true,
        passkeys: Number(row?.passkeys ?? 0),
        recoveryRemaining: Number(row?.recovery ?? 0),
      };
    },
    async passkeysOf(scope: Scope, userId: string): Promise<PasskeyRow[]> {
      return db()
        .select()
        .from(passkeys)
        .where(ofUser(passkeys, scope, userId))
        .orderBy(asc(passkeys.createdAt));
    },
    async insertPasskey(scope: Scope, row: Omit<PasskeyRow, "tenantId">): Promise<void> {
      await db()
        .insert(passkeys)
        .values({ ...row, tenantId: requireTenant(scope) });
    },
    async deletePasskey(scope: Scope, userId: string, id: string): Promise<boolean> {
      const rows = await db()
        .delete(passkeys)
        .where(and(ofUser(passkeys, scope, userId), eq(passkeys.id, id)))
        .returning({ id: passkeys.id });
      return rows.length > 0;
    },
    async deletePasskeysOf(scope: Scope, userId: string): Promise<number> {
      const rows = await db()
        .delete(passkeys)
        .where(ofUser(passkeys, scope, userId))
        .returning({ id: passkeys.id });
      return rows.length;
    },
    /** The tenant's passkey with this credential id (passwordless sign-in names the tenant). */
    async passkeyByCredential(tenantId: string, credentialId: string) {
      return (
        await db()
          .select()
          .from(passkeys)
          .where(and(eq(passkeys.tenantId, tenantId), eq(passkeys.credentialId, credentialId)))
      )[0];
    },
    async passkeyUsed(id: string, signCount: number, at: Date): Promise<void> {
      await db().update(passkeys).set({ signCount, lastUsedAt: at }).where(eq(passkeys.id, id));
    },

    async insertChallenge(row: ChallengeRow): Promise<void> {
      await db().insert(webauthnChallenges).values(row);
    },
    /** Takes a challenge once: unused, unexpired, for this purpose and tenant. */
    async takeChallenge(
      id: string,
      purpose: string,
      tenantId: string,
      at: Date,
    ): Promise<ChallengeRow | undefined> {
      const rows = await db()
        .update(webauthnChallenges)
        .set({ usedAt: at })
        .where(
          and(
            eq(webauthnChallenges.id, id),
            eq(webauthnChallenges.purpose, purpose),
            eq(webauthnChallenges.tenantId, tenantId),
            isNull(webauthnChallenges.usedAt),
            gt(webauthnChallenges.expiresAt, at),
          ),
        )
        .returning();
      return rows[0];
    },
    /** Challenges are worthless once used or expired; drop them. */
    async pruneChallenges(at: Date): Promise<void> {
      await db()
        .delete(webauthnChallenges)
        .where(
          sql`${webauthnChallenges.expiresAt} < ${at.toISOString()}::timestamptz or ${isNotNull(webauthnChallenges.usedAt)}`,
        );
    },

    async setRecoveryNotice(scope: Scope, userId: string, at: Date | null): Promise<void> {
      await db()
        .update(users)
        .set({ recoveryNoticeAt: at })
        .where(and(eq(users.tenantId, requireTenant(scope)), eq(users.id, userId)));
    },
  };
}

export type MfaStore = ReturnType<typeof createMfaStore>;
