import { and, asc, eq } from "drizzle-orm";
import type { Database } from "../../platform/db/database.ts";
import { requireTenant, type Scope } from "../../platform/scope.ts";
import { users } from "../identity/index.ts";
import { devices } from "./tables.ts";

export type DeviceRow = typeof devices.$inferSelect;
export type DeviceWithOwner = DeviceRow & { ownerName: string };

/** SQL for registered devices; every row by the scope's tenant. */
export function createDevicesStore(database: Database) {
  const db = () => database.current();
  const withOwner = {
    device: devices,
    ownerName: users.displayName,
  };
  const flatten = (rows: { device: DeviceRow; ownerName: string }[]): DeviceWithOwner[] =>
    rows.map((r) => ({ ...r.device, ownerName: r.ownerName }));
  return {
    async insert(scope: Scope, row: Omit<DeviceRow, "tenantId">): Promise<DeviceRow> {
      const [inserted] = await db()
        .insert(devices)
        .values({ ...row, tenantId: requireTenant(scope) })
        .returning();
      if (!inserted) throw new Error("device insert returned nothing");
      return inserted;
    },
    /** The device holding a key, in any tenant (a key is registered once). */
    async byThumbprint(thumbprint: string): Promise<DeviceRow | undefined> {
      return (await db().select().from(devices).where(eq(devices.thumbprint, thumbprint)))[0];
    },
    async byId(scope: Scope, id: string): Promise<DeviceWithOwner | undefined> {
      const rows = await db()
        .select(withOwner)
        .from(devices)
        .innerJoin(users, eq(users.id, devices.userId))
        .where(and(eq(devices.tenantId, requireTenant(scope)), eq(devices.id, id)));
      return flatten(rows)[0];
    },
    async ofUser(scope: Scope, userId: string): Promise<DeviceWithOwner[]> {
      const rows = await db()
        .select(withOwner)
        .from(devices)
        .innerJoin(users, eq(users.id, devices.userId))
        .where(and(eq(devices.tenantId, requireTenant(scope)), eq(devices.userId, userId)))
        .orderBy(asc(devices.createdAt), asc(devices.id));
      return flatten(rows);
    },
    async ofTenant(scope: Scope): Promise<DeviceWithOwner[]> {
      const rows = await db()
        .select(withOwner)
        .from(devices)
        .innerJoin(users, eq(users.id, devices.userId))
        .where(eq(devices.tenantId, requireTenant(scope)))
        .orderBy(asc(users.displayName), asc(devices.createdAt), asc(devices.id));
      return flatten(rows);
    },
    async setStatus(scope: Scope, id: string, status: string): Promise<boolean> {
      const rows = await db()
        .update(devices)
        .set({ status })
        .where(and(eq(devices.tenantId, requireTenant(scope)), eq(devices.id, id)))
        .returning({ id: devices.id });
      return rows.length > 0;
    },
    async touch(scope: Scope, id: string, at: Date): Promise<void> {
      await db()
        .update(devices)
        .set({ lastSeenAt: at })
        .where(and(eq(devices.tenantId, requireTenant(scope)), eq(devices.id, id)));
    },
    async remove(scope: Scope, id: string): Promise<void> {
      await db()
        .delete(devices)
        .where(and(eq(devices.tenantId, requireTenant(scope)), eq(devices.id, id)));
    },
  };
}

export type DevicesStore = ReturnType<typeof createDevicesStore>;
