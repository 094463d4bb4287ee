import { PGlite, types, type QueryOptions } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PgliteStatements } from "./pgliteStatements.ts";

/** The parsers drizzle's PGlite driver passes (dates and intervals left as text). */
const DRIZZLE_ARRAY_MODE: QueryOptions = {
  rowMode: "array",
  parsers: {
    [types.TIMESTAMP]: (value) => value,
    [types.TIMESTAMPTZ]: (value) => value,
  },
};

describe("PGlite queries as named prepared statements", () => {
  let client: PGlite;
  let statements: PgliteStatements;
  const preparedNames = async () =>
    (
      await client.query<{ name: string }>("select name from pg_prepared_statements order by name")
    ).rows.map((row) => row.name);

  beforeAll(async () => {
    client = await PGlite.create();
    await client.exec(`
      create table notes (
        id int primary key, body text, done bool, at timestamptz, meta jsonb, raw bytea,
        tags text[], ref uuid
      )`);
    statements = new PgliteStatements(client);
  });
  afterAll(async () => {
    await client.close();
  });

  it("answers exactly as PGlite's own query, for every kind of value and both row modes", async () => {
    const insert =
      "insert into notes (id, body, done, at, meta, raw, tags, ref) values ($1, $2, $3, $4, $5, $6, $7, $8) returning id";
    await statements.query(insert, [
      1,
      "診療予定 and a plan",
      true,
      new Date("2026-11-20T09:00:00.000Z"),
      { ward: "東3", beds: [1, 2] },
      new Uint8Array([0, 1, 254, 255]),
      ["a", 'b"c', null],
      "6ea07a1e-6973-494a-a1e8-2cf1563a834d",
    ]);
    await client.query(insert, [2, null, false, null, null, null, null, null]);
    const select = "select * from notes where id = any($1::int[]) order by id";
    for (const options of [undefined, DRIZZLE_ARRAY_MODE, { rowMode: "object" as const }]) {
      const ours = await statements.query(select, [[1, 2]], options);
      const theirs = await client.query(select, [[1, 2]], options);
      expect(ours).toEqual(theirs);
    }
    // Counts and commands: a write without rows, an update of two, a select of none.
    for (const [sql, params] of [
      ["update notes set body = body where id = any($1::int[])", [[1, 2]]],
      ["delete from notes where id = $1", [-1]],
      ["select id from notes where id = $1", [-1]],
      ["insert into notes (id) values ($1)", [3]],
    ] as const) {
      const ours = await statements.query(sql, [...params]);
      if (sql.startsWith("insert")) await client.query("delete from notes where id = 3");
      expect(ours).toEqual(await client.query(sql, [...params]));
    }
    const [row] = (await statements.query<Record<string, unknown>>(select, [[1]])).rows;
    expect(row).toMatchObject({
      body: "診療予定 and a plan",
      done: true,
      meta: { ward: "東3", beds: [1, 2] },
      tags: ["a", 'b"c', null],
    });
    expect((row?.at as Date).toISOString()).toBe("2026-11-20T09:00:00.000Z");
    expect([...(row?.raw as Uint8Array)]).toEqual([0, 1, 254, 255]);
  });

  it("parses a text once and reuses it, however often it runs", async () => {
    const text = "select count(*)::int as n from notes where done = $1";
    const before = await preparedNames();
    for (let i = 0; i < 5; i += 1) await statements.query(text, [true]);
    const after = await preparedNames();
    expect(after.length).toBe(before.length + 1);
    expect((await statements.query<{ n: number }>(text, [false])).rows).toEqual([{ n: 1 }]);
    expect(await preparedNames()).toEqual(after);
  });

  it("reports a database error with its code and the query, and the statement still works", async () => {
    const insert = "insert into notes (id, body) values ($1, $2)";
    await statements.query(insert, [10, "first"]);
    const error = await statements.query(insert, [10, "again"]).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "23505", query: insert, params: [10, "again"] });
    await statements.query(insert, [11, "next"]);
    const rows = await client.query("select id from notes where id in (10, 11) order by id");
    expect(rows.rows).toEqual([{ id: 10 }, { id: 11 }]);
  });

  it("a statement that does not parse is refused and nothing is kept for it", async () => {
    const size = statements.size;
    await expect(statements.query("selec nothing", [])).rejects.toMatchObject({ code: "42601" });
    expect(statements.size).toBe(size);
  });

  it("keeps statements across a rollback, and a query outside waits for the open transaction", async () => {
    const insert = "insert into notes (id, body) values ($1, $2)";
    const count = "select count(*)::int as n from notes where id >= 100";
    let release = () => undefined as void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const committed = statements.transaction(async (tx) => {
      await tx.query(insert, [100, "in a transaction"]);
      await held;
      await tx.query(insert, [101, "still in it"]);
    });
    // Issued while the transaction is open: it must see both rows or neither, never one.
    const outside = statements.query<{ n: number }>(count, []);
    release();
    await committed;
    expect((await outside).rows).toEqual([{ n: 2 }]);

    const names = await preparedNames();
    await statements
      .transaction(async (tx) => {
        await tx.query(insert, [102, "rolled back"]);
        await tx.query("select $1::int / 0", [1]);
      })
      .catch(() => undefined);
    expect((await statements.query<{ n: number }>(count, [])).rows).toEqual([{ n: 2 }]);
    // The text that failed was prepared (then failed to execute); nothing was lost by the rollback.
    expect((await preparedNames()).length).toBe(names.length + 1);
  });

  it("inside a transaction that failed, a new text is refused like any other statement", async () => {
    const error = await statements
      .transaction(async (tx) => {
        await tx.query("select 1 / $1::int", [0]).catch(() => undefined);
        await tx.query("select $1::text as fresh_text", ["x"]);
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "25P02" });
    expect((await statements.query("select $1::text as fresh_text", ["y"])).rows).toEqual([
      { fresh_text: "y" },
    ]);
  });

  it("prepares again a statement the backend lost (deallocated, or its columns changed)", async () => {
    const text = "select id, body from notes where id = $1";
    expect((await statements.query(text, [1])).rows).toHaveLength(1);
    await client.exec("DEALLOCATE ALL");
    expect((await statements.query(text, [1])).rows).toHaveLength(1);
    // In a transaction the failure aborts it, as any failed statement would; the next use works.
    await client.exec("DEALLOCATE ALL");
    await expect(statements.transaction((tx) => tx.query(text, [1]))).rejects.toMatchObject({
      code: "26000",
    });
    const rows = await statements.transaction((tx) => tx.query(text, [1]));
    expect(rows.rows).toHaveLength(1);
    const wide = "select * from notes where id = $1";
    await statements.query(wide, [1]);
    await client.exec("alter table notes add column extra text");
    expect((await statements.query<{ extra: unknown }>(wide, [1])).rows[0]?.extra).toBeNull();
  });

  it("closes the least recently used statement beyond its capacity, and can prepare it again", async () => {
    const small = new PgliteStatements(client, 2);
    const texts = [1, 2, 3, 4].map((n) => `select ${n} + $1::int as sum`);
    const before = (await preparedNames()).length;
    for (const text of texts) await small.query(text, [1]);
    expect(small.size).toBe(2);
    // Two kept, and the second evicted is closed with the next one prepared.
    expect((await preparedNames()).length).toBe(before + 3);
    await small.query(texts[0] ?? "", [1]);
    expect((await preparedNames()).length).toBe(before + 3);
    expect((await small.query(texts[0] ?? "", [41])).rows).toEqual([{ sum: 42 }]);
  });
});
