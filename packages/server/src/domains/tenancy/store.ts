import { asc, eq } from "drizzle-orm";
import type { Database } from "../../platform/db/database.ts";
import { requireTenant, type Scope } from "../../platform/scope.ts";
import { deploymentSetup, tenants } from "./tables.ts";

export type TenantRow = typeof tenants.$inferSelect;
export type SetupRow = typeof deploymentSetup.$inferSelect;

/**
 * SQL for tenants. Reading one's own tenant takes a tenant scope; the deployment-wide list and
 * look-ups by slug (sign-in, routing) return only names, slugs and status — no content.
 */
export function createTenantStore(database: Database) {
  const db = () => database.current();
  return {
    async bySlug(slug: string): Promise<TenantRow | undefined> {
      return (await db().select().from(tenants).where(eq(tenants.slug, slug)))[0];
    },
    async byId(id: string): Promise<TenantRow | undefined> {
      return (await db().select().from(tenants).where(eq(tenants.id, id)))[0];
    },
    async all(): Promise<TenantRow[]> {
      return db().select().from(tenants).orderBy(asc(tenants.createdAt), asc(tenants.slug));
    },
    async insert(row: TenantRow): Promise<void> {
      await db().insert(tenants).values(row);
    },
    async own(scope: Scope): Promise<TenantRow | undefined> {
      return (
        await db()
          .select()
          .from(tenants)
          .where(eq(tenants.id, requireTenant(scope)))
      )[0];
    },
    async updateSettings(scope: Scope, settings: Record<string, unknown>): Promise<void> {
      await db()
        .update(tenants)
        .set({ settings })
        .where(eq(tenants.id, requireTenant(scope)));
    },
    async setup(): Promise<SetupRow | undefined> {
      return (
        await db()
          .select()
          .from(deploymentSetup)
          .where(eq(deploymentSetup.id, "setup"))
          .for("update")
      )[0];
    },
    async saveSetup(row: Omit<SetupRow, "id">): Promise<void> {
      await db()
        .insert(deploymentSetup)
        .values({ id: "setup", ...row })
        .onConflictDoUpdate({ target: deploymentSetup.id, set: row });
    },
  };
}

export type TenantStore = ReturnType<typeof createTenantStore>;
