import { AsyncLocalStorage } from "node:async_hooks";
import { type PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/node-postgres";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import pg from "pg";
import { PgliteStatements } from "./pgliteStatements.ts";

/** The query interface shared by the PGlite and node-postgres drivers, and their transactions. */
export type Db = PgDatabase<PgQueryResultHKT>;

export type DatabaseKind = "pglite" | "postgres";

/**
 * One database, embedded (PGlite) or a PostgreSQL server, with the same SQL on both.
 *
 * Transactions are carried in an AsyncLocalStorage: inside `transaction()`, `current()` returns
 * the transaction, so every store call made in that flow joins it. PGlite has a single
 * connection, and a query issued outside the open transaction would wait for it forever
 * (ARCHITECTURE.md, PGlite in practice).
 */
export class Database {
  readonly kind: DatabaseKind;
  private readonly base: Db;
  private readonly closeDriver: () => Promise<void>;
  private readonly tx = new AsyncLocalStorage<{ db: Db; afterCommit: (() => void)[] }>();

  private constructor(kind: DatabaseKind, base: Db, closeDriver: () => Promise<void>) {
    this.kind = kind;
    this.base = base;
    this.closeDriver = closeDriver;
  }

  /** Queries run as named prepared statements (pgliteStatements.ts: about half the CPU). */
  static fromPglite(client: PGlite): Database {
    const db = drizzlePglite({
      client: new PgliteStatements(client) as unknown as PGlite,
    }) as unknown as Db;
    return new Database("pglite", db, () => client.close());
  }

  /** A pool for the server's own role; migrations use a separate owner connection. */
  static fromPostgres(
    url: string,
    options: { max?: number; applicationName?: string } = {},
  ): Database {
    const pool = new pg.Pool({
      connectionString: url,
      max: options.max ?? 10,
      application_name: options.applicationName ?? "engawa",
    });
    pool.on("error", () => {
      // An idle client lost its connection; the pool replaces it. Queries report their own errors.
    });
    const db = drizzlePostgres(pool) as unknown as Db;
    return new Database("postgres", db, () => pool.end());
  }

  /** The open transaction of this async flow, or the base connection. */
  current(): Db {
    return this.tx.getStore()?.db ?? this.base;
  }

  inTransaction(): boolean {
    return this.tx.getStore() !== undefined;
  }

  /**
   * Runs `fn` in a transaction; a nested call joins the outer one. Never await slow work (password
   * hashing, network) inside: PGlite serialises everything behind an open transaction.
   */
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    if (this.inTransaction()) return fn();
    const afterCommit: (() => void)[] = [];
    const result = await this.base.transaction((tx) => this.tx.run({ db: tx, afterCommit }, fn));
    for (const callback of afterCommit) runDetached(callback);
    return result;
  }

  /**
   * Runs `callback` once the current transaction has committed (at once when there is none), so
   * that real-time fan-out never announces a change that was rolled back (ARCHITECTURE.md,
   * Conventions: fan-out happens only after commit).
   */
  afterCommit(callback: () => void): void {
    const store = this.tx.getStore();
    if (store) store.afterCommit.push(callback);
    else runDetached(callback);
  }

  async close(): Promise<void> {
    await this.closeDriver();
  }
}

/**
 * A query whose SQL drizzle builds once per connection or transaction handle (`prepare`), not on
 * every call: for the reads every request makes (its session, the channel it posts to) building
 * the SQL cost more than running it on PGlite. On PostgreSQL it is a named statement of each
 * pooled connection. Its values are placeholders (`sql.placeholder`), given to `execute`.
 */
export function preparedQuery<P>(build: (db: Db) => P): (db: Db) => P {
  const built = new WeakMap<Db, P>();
  return (db) => {
    let query = built.get(db);
    if (!query) {
      query = build(db);
      built.set(db, query);
    }
    return query;
  };
}

/** A failing after-commit callback must not turn a committed change into an error response. */
function runDetached(callback: () => void): void {
  try {
    callback();
  } catch (error) {
    process.emitWarning(`after-commit callback failed: ${(error as Error).message}`);
  }
}
