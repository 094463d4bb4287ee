import { and, asc, eq, gt, isNull } from "drizzle-orm";
import type { DeviceComplianceRules, DevicePosture } from "@engawa/shared";
import type { Database } from "../../platform/db/database.ts";
import { requireTenant, type Scope } from "../../platform/scope.ts";
import { users } from "../identity/index.ts";
import { deviceComplianceRules, deviceEnrolments, devices } from "./tables.ts";

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
    /** A device by id in any tenant: an agent names its device, not its tenant. */
    async byIdAnywhere(id: string): Promise<DeviceRow | undefined> {
      return (await db().select().from(devices).where(eq(devices.id, id)))[0];
    },
    async setPosture(scope: Scope, id: string, posture: DevicePosture, at: Date): Promise<void> {
      await db()
        .update(devices)
        .set({ posture, postureAt: at, lastSeenAt: at })
        .where(and(eq(devices.tenantId, requireTenant(scope)), eq(devices.id, id)));
    },
    async insertEnrolment(
      scope: Scope,
      row: { codeHash: string; userId: string; expiresAt: Date; browserDeviceId: string | null },
    ): Promise<void> {
      await db()
        .insert(deviceEnrolments)
        .values({ ...row, tenantId: requireTenant(scope) });
    },
    /** Uses an enrolment code once, if it is unused and unexpired: whose it was. */
    async takeEnrolment(
      codeHash: string,
      now: Date,
    ): Promise<{ tenantId: string; userId: string; browserDeviceId: string | null } | undefined> {
      const rows = await db()
        .update(deviceEnrolments)
        .set({ usedAt: now })
        .where(
          and(
            eq(deviceEnrolments.codeHash, codeHash),
            isNull(deviceEnrolments.usedAt),
            gt(deviceEnrolments.expiresAt, now),
          ),
        )
        .returning({
          tenantId: deviceEnrolments.tenantId,
          userId: deviceEnrolments.userId,
          browserDeviceId: deviceEnrolments.browserDeviceId,
        });
      return rows[0];
    },
    async link(scope: Scope, browserId: string, computerId: string): Promise<void> {
      await db()
        .update(devices)
        .set({ linkedDeviceId: computerId })
        .where(and(eq(devices.tenantId, requireTenant(scope)), eq(devices.id, browserId)));
    },
    async rules(scope: Scope): Promise<DeviceComplianceRules | undefined> {
      const rows = await db()
        .select({ rules: deviceComplianceRules.rules })
        .from(deviceComplianceRules)
        .where(eq(deviceComplianceRules.tenantId, requireTenant(scope)));
      return rows[0]?.rules;
    },
    async putRules(scope: Scope, rules: DeviceComplianceRules, at: Date): Promise<void> {
      const tenantId = requireTenant(scope);
      await db()
        .insert(deviceComplianceRules)
        .values({ tenantId, rules, updatedAt: at })
        .onConflictDoUpdate({
          target: deviceComplianceRules.tenantId,
          set: { rules, updatedAt: at },
        });
    },
    async remove(scope: Scope, id: string): Promise<void> {
      await db()
        .delete(devices)
        .where(and(eq(devices.tenantId, requireTenant(scope)), eq(devices.id, id)));
    },
  };
}

export type DevicesStore = ReturnType<typeof createDevicesStore>;
