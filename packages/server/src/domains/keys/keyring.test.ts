import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends } from "../../../test/database.ts";
import { seedWorld, type World } from "../../../test/fixtures.ts";
import { createTestApp, type TestApp } from "../../../test/testApp.ts";
import { masterKeyFromBytes } from "../../platform/crypto/masterKey.ts";
import { scopeFor } from "../../platform/scope.ts";
import { Keyring } from "./keyring.ts";

describe.each(backends())("the keyring on %s", (backend) => {
  let t: TestApp;
  let world: World;
  beforeAll(async () => {
    t = await createTestApp(backend);
    world = await seedWorld(t.services);
  });
  afterAll(async () => t.close());

  const scopeA = () => scopeFor({ type: "system", reason: "keyring test" }, world.a.id);
  const scopeB = () => scopeFor({ type: "system", reason: "keyring test" }, world.b.id);

  it("encrypts under the tenant's keys; another tenant's scope or context cannot decrypt", async () => {
    const sealed = await t.services.keyring.encrypt(
      scopeA(),
      "general",
      Buffer.from("カルテ 123"),
      "doc|1",
    );
    expect(sealed).not.toContain("カルテ");
    expect(
      (await t.services.keyring.decrypt(scopeA(), "general", sealed, "doc|1")).toString(),
    ).toBe("カルテ 123");
    await expect(
      t.services.keyring.decrypt(scopeB(), "general", sealed, "doc|1"),
    ).rejects.toThrow();
    await expect(
      t.services.keyring.decrypt(scopeA(), "general", sealed, "doc|2"),
    ).rejects.toThrow();
  });

  it("rotates a KEK by re-wrapping data keys: old ciphertext still decrypts, also in a fresh process", async () => {
    const sealed = await t.services.keyring.encrypt(
      scopeA(),
      "general",
      Buffer.from("before rotation"),
      "doc|r",
    );
    const wrappedBefore = await t.db.privileged(
      "SELECT id, wrapped FROM data_keys WHERE owner = $1 ORDER BY id",
      [world.a.id],
    );
    const result = await t.services.keyring.rotate(scopeA());
    expect(result.keyVersion).toBe(2);
    expect(result.rewrappedDataKeys).toBe(wrappedBefore.length);
    const wrappedAfter = await t.db.privileged(
      "SELECT id, wrapped FROM data_keys WHERE owner = $1 AND id = ANY($2::uuid[]) ORDER BY id",
      [world.a.id, wrappedBefore.map((r) => r.id)],
    );
    expect(wrappedAfter.map((r) => r.wrapped)).not.toEqual(wrappedBefore.map((r) => r.wrapped));
    const keks = await t.db.privileged(
      "SELECT version, status FROM key_encryption_keys WHERE owner = $1",
      [world.a.id],
    );
    expect(keks).toEqual([{ version: 2, status: "active" }]);
    const fresh = new Keyring(t.services.database, masterKeyFromBytes(t.masterKey), t.clock);
    expect((await fresh.decrypt(scopeA(), "general", sealed, "doc|r")).toString()).toBe(
      "before rotation",
    );
    const after = await fresh.encrypt(scopeA(), "general", Buffer.from("after"), "doc|s");
    expect(after.split(".")[0]).not.toBe(sealed.split(".")[0]);
  });

  it("cannot unwrap anything with a different master key", async () => {
    const sealed = await t.services.keyring.encrypt(scopeB(), "general", Buffer.from("x"), "doc|m");
    const wrong = new Keyring(
      t.services.database,
      masterKeyFromBytes(Buffer.alloc(32, 7)),
      t.clock,
    );
    await expect(wrong.decrypt(scopeB(), "general", sealed, "doc|m")).rejects.toThrow(/master key/);
  });
});
