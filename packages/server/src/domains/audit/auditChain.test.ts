import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends } from "../../../test/database.ts";
import { seedWorld, type World } from "../../../test/fixtures.ts";
import { createTestApp, type TestApp } from "../../../test/testApp.ts";
import { scopeFor } from "../../platform/scope.ts";
import { eventHash } from "./chain.ts";
import type { AuditRow } from "./store.ts";

describe.each(backends())("the audit chain on %s", (backend) => {
  let t: TestApp;
  let world: World;

  beforeAll(async () => {
    t = await createTestApp(backend);
    world = await seedWorld(t.services);
  });
  afterAll(async () => t.close());

  const verify = (
    checkpoints = [] as Awaited<
      ReturnType<TestApp["services"]["deployment"]["integrity"]["checkpoint"]>
    >[],
  ) =>
    t.services.deployment.integrity.verify({
      tenantSlug: "acme",
      checkpoints: checkpoints.filter((c) => c !== null),
    });

  it("chains concurrent appends without gaps or forks", async () => {
    const scope = scopeFor({ type: "system", reason: "concurrency test" }, world.b.id);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t.services.audit.append(scope, {
          action: "test.concurrent",
          outcome: "allow",
          details: { i },
        }),
      ),
    );
    const [report] = await t.services.deployment.integrity.verify({ tenantSlug: "beta" });
    expect(report).toMatchObject({ ok: true, firstBad: null });
    expect(report?.events).toBeGreaterThanOrEqual(20);
  });

  it("stores details encrypted: no plaintext in the table", async () => {
    const scope = scopeFor({ type: "system", reason: "encryption test" }, world.a.id);
    await t.services.audit.append(scope, {
      action: "test.secret",
      outcome: "allow",
      details: { note: "患者名 山田太郎 secret-marker-42" },
    });
    const rows = await t.db.privileged(
      "SELECT details_enc FROM audit_events WHERE action = 'test.secret'",
    );
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain("secret-marker-42");
    expect(JSON.stringify(rows)).not.toContain("山田");
    const listed = await t.services.audit.list(scope, { action: "test.secret" });
    expect(listed.events[0]?.details).toEqual({ note: "患者名 山田太郎 secret-marker-42" });
  });

  it("detects an edited event, and a rewrite of the whole tail against an earlier checkpoint", async () => {
    expect((await verify())[0]).toMatchObject({ ok: true });
    const checkpoint = await t.services.deployment.integrity.checkpoint("acme");
    expect(checkpoint).not.toBeNull();
    expect((await verify([checkpoint]))[0]).toMatchObject({ ok: true, checkpointsChecked: 1 });

    // An attacker with a privileged connection edits event 2 of acme's chain.
    const target = (
      await t.db.privileged("SELECT id FROM audit_events WHERE chain = $1 AND seq = 2", [
        world.a.id,
      ])
    )[0];
    await t.db.privileged("ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only");
    await t.db.privileged("UPDATE audit_events SET outcome = 'deny' WHERE chain = $1 AND seq = 2", [
      world.a.id,
    ]);
    const edited = (await verify())[0];
    expect(edited).toMatchObject({
      ok: false,
      tenant: { slug: "acme" },
      firstBad: { seq: 2, eventId: target?.id },
    });
    expect(edited?.firstBad?.problem).toMatch(/altered/);

    // They then recompute every hash from event 2 on, and the head: the chain is consistent again…
    const rows = (
      await t.db.privileged("SELECT * FROM audit_events WHERE chain = $1 ORDER BY seq", [
        world.a.id,
      ])
    ).map(toRow);
    let prev = rows[0]?.hash ?? "";
    for (const row of rows.slice(1)) {
      const hash = eventHash({ ...row, prevHash: prev });
      await t.db.privileged(
        "UPDATE audit_events SET prev_hash = $1, hash = $2 WHERE chain = $3 AND seq = $4",
        [prev, hash, row.chain, row.seq],
      );
      prev = hash;
    }
    await t.db.privileged("UPDATE audit_chain_heads SET hash = $1 WHERE chain = $2", [
      prev,
      world.a.id,
    ]);
    await t.db.privileged("ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only");
    expect((await verify())[0]).toMatchObject({ ok: true });
    // …but not with the checkpoint taken before.
    const caught = (await verify([checkpoint]))[0];
    expect(caught).toMatchObject({ ok: false, tenant: { slug: "acme" } });
    expect(caught?.firstBad?.problem).toMatch(/checkpoint/);
  });

  it("refuses UPDATE and DELETE of audit rows through the server's own connection", async () => {
    const db = t.services.database.current();
    const { sql } = await import("drizzle-orm");
    const refused = async (statement: ReturnType<typeof sql>): Promise<string> => {
      try {
        await db.execute(statement);
        return "not refused";
      } catch (error) {
        return String((error as { cause?: Error }).cause?.message ?? (error as Error).message);
      }
    };
    expect(await refused(sql`UPDATE audit_events SET outcome = 'allow'`)).toMatch(
      /append-only|permission denied/,
    );
    expect(await refused(sql`DELETE FROM audit_events`)).toMatch(/append-only|permission denied/);
    expect(await refused(sql`DELETE FROM audit_checkpoints`)).toMatch(
      /append-only|permission denied/,
    );
    if (backend === "postgres") {
      // Not only the trigger: the server's role lacks the privileges themselves.
      const role = new URL(t.db.url ?? "").username;
      const [privileges] = await t.db.privileged(
        "SELECT has_table_privilege($1, 'audit_events', 'UPDATE') AS upd, has_table_privilege($1, 'audit_events', 'DELETE') AS del, has_table_privilege($1, 'audit_events', 'INSERT') AS ins",
        [role],
      );
      expect(privileges).toEqual({ upd: false, del: false, ins: true });
      expect(await refused(sql`UPDATE audit_events SET outcome = 'allow'`)).toMatch(
        /permission denied/,
      );
      expect(
        await refused(sql`ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only`),
      ).toMatch(/must be owner|permission denied/);
      expect(await refused(sql`TRUNCATE audit_events`)).toMatch(/permission denied/);
    }
  });

  it("counts a flood of identical anonymous denials as one event per window", async () => {
    const before = await t.db.privileged(
      "SELECT count(*)::int AS n FROM audit_events WHERE action = 'user.list' AND actor_type = 'system'",
    );
    for (let i = 0; i < 25; i += 1) await t.app.inject({ method: "GET", url: "/api/t/acme/users" });
    const during = await t.db.privileged(
      "SELECT count(*)::int AS n FROM audit_events WHERE action = 'user.list' AND actor_type = 'system'",
    );
    expect(Number(during[0]?.n) - Number(before[0]?.n)).toBe(1);
    t.clock.advance(61_000);
    await t.services.denials.flush(false);
    const rows = await t.db.privileged(
      "SELECT count FROM audit_events WHERE action = 'user.list' AND actor_type = 'system' ORDER BY seq DESC LIMIT 1",
    );
    expect(rows[0]?.count).toBe(24);
  });
});

function toRow(r: Record<string, unknown>): AuditRow {
  return {
    chain: String(r.chain),
    seq: Number(r.seq),
    id: String(r.id),
    tenantId: (r.tenant_id as string | null) ?? null,
    occurredAt: new Date(r.occurred_at as string),
    actorType: String(r.actor_type),
    actorId: (r.actor_id as string | null) ?? null,
    action: String(r.action),
    targetType: (r.target_type as string | null) ?? null,
    targetId: (r.target_id as string | null) ?? null,
    outcome: String(r.outcome),
    ip: (r.ip as string | null) ?? null,
    userAgent: (r.user_agent as string | null) ?? null,
    requestId: (r.request_id as string | null) ?? null,
    count: Number(r.count),
    detailsEnc: String(r.details_enc),
    prevHash: String(r.prev_hash),
    hash: String(r.hash),
  };
}
