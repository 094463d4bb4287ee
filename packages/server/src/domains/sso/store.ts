import { eq, lt } from "drizzle-orm";
import type { Database } from "../../platform/db/database.ts";
import { requireTenant, type Scope } from "../../platform/scope.ts";
import { ssoConnections, ssoLoginStates } from "./tables.ts";

export type SsoConnectionRow = typeof ssoConnections.$inferSelect;
export type SsoLoginStateRow = typeof ssoLoginStates.$inferSelect;

/**
 * SQL for single sign-on. Connections are read and written within a tenant scope. Sign-ins in
 * flight are looked up by the hash of their `state` value: that secret names the one row it may
 * reach (like a session token), and the row names its tenant.
 */
export function createSsoStore(database: Database) {
  const db = () => database.current();
  return {
    async connection(scope: Scope): Promise<SsoConnectionRow | undefined> {
      return (
        await db()
          .select()
          .from(ssoConnections)
          .where(eq(ssoConnections.tenantId, requireTenant(scope)))
      )[0];
    },
    /** Locks the tenant's connection row for a read-check-write (require SSO vs break-glass). */
    async lockConnection(scope: Scope): Promise<SsoConnectionRow | undefined> {
      return (
        await db()
          .select()
          .from(ssoConnections)
          .where(eq(ssoConnections.tenantId, requireTenant(scope)))
          .for("update")
      )[0];
    },
    async saveConnection(scope: Scope, row: Omit<SsoConnectionRow, "tenantId">): Promise<void> {
      const full = { ...row, tenantId: requireTenant(scope) };
      await db()
        .insert(ssoConnections)
        .values(full)
        .onConflictDoUpdate({ target: ssoConnections.tenantId, set: row });
    },
    async insertLoginState(scope: Scope, row: Omit<SsoLoginStateRow, "tenantId">): Promise<void> {
      await db()
        .insert(ssoLoginStates)
        .values({ ...row, tenantId: requireTenant(scope) });
    },
    /** Removes and returns the sign-in in flight named by the state's hash: single use. */
    async takeLoginState(stateHash: string): Promise<SsoLoginStateRow | undefined> {
      return (
        await db().delete(ssoLoginStates).where(eq(ssoLoginStates.stateHash, stateHash)).returning()
      )[0];
    },
    async deleteExpiredLoginStates(now: Date): Promise<void> {
      await db().delete(ssoLoginStates).where(lt(ssoLoginStates.expiresAt, now));
    },
  };
}

export type SsoStore = ReturnType<typeof createSsoStore>;
