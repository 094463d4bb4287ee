import { and, eq, inArray } from "drizzle-orm";
import type { Database } from "../../platform/db/database.ts";
import { dataKeys, keyEncryptionKeys, signingKeys } from "./tables.ts";

export type KekRow = typeof keyEncryptionKeys.$inferSelect;
export type DataKeyRow = typeof dataKeys.$inferSelect;
export type SigningKeyRow = typeof signingKeys.$inferSelect;

/**
 * SQL for the keyring. Key material here is always wrapped; the rows are scoped by `owner`
 * (a tenant id or `deployment`), which the keyring passes from its caller's scope.
 */
export function createKeyStore(database: Database) {
  const db = () => database.current();
  return {
    async activeKek(owner: string): Promise<KekRow | undefined> {
      const rows = await db()
        .select()
        .from(keyEncryptionKeys)
        .where(and(eq(keyEncryptionKeys.owner, owner), eq(keyEncryptionKeys.status, "active")));
      return rows[0];
    },
    async kekById(id: string): Promise<KekRow | undefined> {
      return (await db().select().from(keyEncryptionKeys).where(eq(keyEncryptionKeys.id, id)))[0];
    },
    async keksOf(owner: string): Promise<KekRow[]> {
      return db().select().from(keyEncryptionKeys).where(eq(keyEncryptionKeys.owner, owner));
    },
    async owners(): Promise<string[]> {
      const rows = await db()
        .selectDistinct({ owner: keyEncryptionKeys.owner })
        .from(keyEncryptionKeys);
      return rows.map((r) => r.owner);
    },
    async insertKek(row: KekRow): Promise<void> {
      await db().insert(keyEncryptionKeys).values(row);
    },
    async retireKeks(ids: string[]): Promise<void> {
      if (ids.length === 0) return;
      await db()
        .update(keyEncryptionKeys)
        .set({ status: "retired" })
        .where(inArray(keyEncryptionKeys.id, ids));
    },
    /** Removes retired KEKs once nothing is wrapped by them any more. */
    async deleteKeks(ids: string[]): Promise<void> {
      if (ids.length === 0) return;
      await db().delete(keyEncryptionKeys).where(inArray(keyEncryptionKeys.id, ids));
    },
    async dataKey(id: string): Promise<DataKeyRow | undefined> {
      return (await db().select().from(dataKeys).where(eq(dataKeys.id, id)))[0];
    },
    async activeDataKey(owner: string, purpose: string): Promise<DataKeyRow | undefined> {
      const rows = await db()
        .select()
        .from(dataKeys)
        .where(
          and(
            eq(dataKeys.owner, owner),
            eq(dataKeys.purpose, purpose),
            eq(dataKeys.status, "active"),
          ),
        );
      return rows[0];
    },
    async dataKeysOf(owner: string): Promise<DataKeyRow[]> {
      return db().select().from(dataKeys).where(eq(dataKeys.owner, owner));
    },
    async insertDataKey(row: DataKeyRow): Promise<void> {
      await db().insert(dataKeys).values(row);
    },
    async rewrapDataKey(id: string, kekId: string, wrapped: string): Promise<void> {
      await db().update(dataKeys).set({ kekId, wrapped }).where(eq(dataKeys.id, id));
    },
    async setDataKeyStatus(ids: string[], status: string): Promise<void> {
      if (ids.length === 0) return;
      await db().update(dataKeys).set({ status }).where(inArray(dataKeys.id, ids));
    },
    async activeSigningKey(purpose: string): Promise<SigningKeyRow | undefined> {
      const rows = await db()
        .select()
        .from(signingKeys)
        .where(and(eq(signingKeys.purpose, purpose), eq(signingKeys.status, "active")));
      return rows[0];
    },
    async signingKey(id: string): Promise<SigningKeyRow | undefined> {
      return (await db().select().from(signingKeys).where(eq(signingKeys.id, id)))[0];
    },
    async insertSigningKey(row: SigningKeyRow): Promise<void> {
      await db().insert(signingKeys).values(row);
    },
  };
}

export type KeyStore = ReturnType<typeof createKeyStore>;
