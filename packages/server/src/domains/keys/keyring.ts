import { randomBytes, randomUUID } from "node:crypto";
import type { Clock } from "../../platform/clock.ts";
import type { Database } from "../../platform/db/database.ts";
import { open, seal } from "../../platform/crypto/envelope.ts";
import type { MasterKey } from "../../platform/crypto/masterKey.ts";
import { keyOwnerOf, type Scope } from "../../platform/scope.ts";
import { createKeyStore, type KekRow, type KeyStore } from "./store.ts";

/** What a data key is for. Each purpose has its own active key per owner. */
export type KeyPurpose = "audit" | "general" | "signing";
const PURPOSES: readonly KeyPurpose[] = ["audit", "general", "signing"];

export interface RotationResult {
  owner: string;
  keyVersion: number;
  rewrappedDataKeys: number;
}

/**
 * Envelope encryption (ARCHITECTURE.md, Data and keys): master key → per-owner key-encryption
 * key (KEK) → data keys → content. An owner is a tenant, or `deployment` for deployment-level
 * records. Rotation makes a new KEK version and re-wraps the data keys under it, without
 * re-encrypting content; new writes then use fresh data keys.
 */
export class Keyring {
  private readonly store: KeyStore;
  /** Unwrapped keys, by id, with their owner; dropped for an owner when it rotates. */
  private readonly plainDataKeys = new Map<string, { owner: string; key: Buffer }>();
  private readonly plainKeks = new Map<string, Buffer>();
  private readonly activeDataKeyIds = new Map<string, string>();

  private readonly database: Database;
  private readonly master: MasterKey;
  private readonly clock: Clock;

  constructor(database: Database, master: MasterKey, clock: Clock) {
    this.database = database;
    this.master = master;
    this.clock = clock;
    this.store = createKeyStore(database);
  }

  get masterKeyId(): string {
    return this.master.id;
  }

  /** Creates the owner's first KEK and data keys if it has none (tenant creation, first start). */
  async ensureKeys(scope: Scope): Promise<void> {
    const owner = keyOwnerOf(scope);
    await this.database.transaction(async () => {
      if (await this.store.activeKek(owner)) return;
      const kek = await this.createKek(owner, 1);
      for (const purpose of PURPOSES) await this.createDataKey(owner, purpose, kek);
    });
  }

  /** Encrypts under the scope owner's active data key for `purpose`; `context` is bound as AAD. */
  async encrypt(
    scope: Scope,
    purpose: KeyPurpose,
    plaintext: Buffer,
    context: string,
  ): Promise<string> {
    const owner = keyOwnerOf(scope);
    const id = await this.activeDataKeyId(owner, purpose);
    const key = await this.unwrapDataKey(id, owner);
    return `${id}.${seal(key, plaintext, `${owner}|${purpose}|${context}`)}`;
  }

  async decrypt(
    scope: Scope,
    purpose: KeyPurpose,
    sealed: string,
    context: string,
  ): Promise<Buffer> {
    const owner = keyOwnerOf(scope);
    const dot = sealed.indexOf(".");
    const dataKeyId = sealed.slice(0, dot);
    const key = await this.unwrapDataKey(dataKeyId, owner);
    return open(key, sealed.slice(dot + 1), `${owner}|${purpose}|${context}`);
  }

  async encryptJson(
    scope: Scope,
    purpose: KeyPurpose,
    value: unknown,
    context: string,
  ): Promise<string> {
    return this.encrypt(scope, purpose, Buffer.from(JSON.stringify(value), "utf8"), context);
  }

  async decryptJson<T>(
    scope: Scope,
    purpose: KeyPurpose,
    sealed: string,
    context: string,
  ): Promise<T> {
    return JSON.parse((await this.decrypt(scope, purpose, sealed, context)).toString("utf8")) as T;
  }

  /**
   * New KEK version; every data key of the owner is re-wrapped under it and the old KEKs are
   * deleted; fresh active data keys take over new writes (old ones still decrypt).
   */
  async rotate(scope: Scope): Promise<RotationResult> {
    const owner = keyOwnerOf(scope);
    const result = await this.database.transaction(async () => {
      const old = await this.store.keksOf(owner);
      if (old.length === 0) throw new Error(`no keys for ${owner}`);
      const version = Math.max(...old.map((k) => k.version)) + 1;
      await this.store.retireKeks(old.map((k) => k.id));
      const kek = await this.createKek(owner, version);
      const kekKey = await this.unwrapKek(kek);
      const existing = await this.store.dataKeysOf(owner);
      for (const row of existing) {
        const plain = await this.unwrapDataKey(row.id, owner);
        await this.store.rewrapDataKey(
          row.id,
          kek.id,
          seal(kekKey, plain, dataKeyAad(owner, row.purpose, row.id)),
        );
      }
      await this.store.setDataKeyStatus(
        existing.filter((r) => r.status === "active").map((r) => r.id),
        "decrypt_only",
      );
      for (const purpose of PURPOSES) await this.createDataKey(owner, purpose, kek);
      await this.store.deleteKeks(old.map((k) => k.id));
      return { owner, keyVersion: version, rewrappedDataKeys: existing.length };
    });
    this.forget(owner);
    return result;
  }

  /** Owners with keys (every tenant, and `deployment`). */
  owners(): Promise<string[]> {
    return this.store.owners();
  }

  /** Drops cached keys of an owner (after rotation or destruction). */
  forget(owner: string): void {
    for (const [id, entry] of this.plainDataKeys)
      if (entry.owner === owner) this.plainDataKeys.delete(id);
    for (const purpose of PURPOSES) this.activeDataKeyIds.delete(`${owner}|${purpose}`);
    this.plainKeks.clear();
  }

  private async activeDataKeyId(owner: string, purpose: KeyPurpose): Promise<string> {
    const cacheKey = `${owner}|${purpose}`;
    const cached = this.activeDataKeyIds.get(cacheKey);
    if (cached) return cached;
    const row = await this.store.activeDataKey(owner, purpose);
    if (!row) throw new Error(`no active ${purpose} data key for ${owner}`);
    this.activeDataKeyIds.set(cacheKey, row.id);
    return row.id;
  }

  private async createKek(owner: string, version: number): Promise<KekRow> {
    const id = randomUUID();
    const plain = randomBytes(32);
    const row: KekRow = {
      id,
      owner,
      version,
      wrapped: seal(this.master.key, plain, kekAad(owner, version, id)),
      masterKeyId: this.master.id,
      status: "active",
      createdAt: this.clock.now(),
    };
    await this.store.insertKek(row);
    this.plainKeks.set(id, plain);
    return row;
  }

  private async createDataKey(owner: string, purpose: KeyPurpose, kek: KekRow): Promise<void> {
    const id = randomUUID();
    const plain = randomBytes(32);
    const kekKey = await this.unwrapKek(kek);
    await this.store.insertDataKey({
      id,
      owner,
      purpose,
      kekId: kek.id,
      wrapped: seal(kekKey, plain, dataKeyAad(owner, purpose, id)),
      status: "active",
      createdAt: this.clock.now(),
    });
    this.plainDataKeys.set(id, { owner, key: plain });
  }

  private async unwrapKek(row: KekRow): Promise<Buffer> {
    const cached = this.plainKeks.get(row.id);
    if (cached) return cached;
    if (row.masterKeyId !== this.master.id) {
      throw new Error(
        `key-encryption key ${row.id} is wrapped by master key ${row.masterKeyId}, but the configured master key is ${this.master.id}`,
      );
    }
    const plain = open(this.master.key, row.wrapped, kekAad(row.owner, row.version, row.id));
    this.plainKeks.set(row.id, plain);
    return plain;
  }

  private async unwrapDataKey(id: string, owner: string): Promise<Buffer> {
    const cached = this.plainDataKeys.get(id);
    if (cached) {
      if (cached.owner !== owner) throw new Error(`data key ${id} does not belong to ${owner}`);
      return cached.key;
    }
    const row = await this.store.dataKey(id);
    if (!row || row.owner !== owner) throw new Error(`data key ${id} not found for ${owner}`);
    const kek = await this.store.kekById(row.kekId);
    if (!kek) throw new Error(`key-encryption key ${row.kekId} is missing`);
    const plain = open(
      await this.unwrapKek(kek),
      row.wrapped,
      dataKeyAad(row.owner, row.purpose, row.id),
    );
    this.plainDataKeys.set(id, { owner, key: plain });
    return plain;
  }
}

function kekAad(owner: string, version: number, id: string): string {
  return `kek|${owner}|${version}|${id}`;
}

function dataKeyAad(owner: string, purpose: string, id: string): string {
  return `dek|${owner}|${purpose}|${id}`;
}
