import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { inject } from "vitest";
import { Database } from "../src/platform/db/database.ts";
import { quoteIdent } from "../src/platform/db/migrate.ts";
import { withDatabase } from "./globalSetup.ts";

export type Backend = "pglite" | "postgres";

/** The backends this run covers: PGlite always, PostgreSQL when TEST_DATABASE_URL is set. */
export function backends(): Backend[] {
  return inject("postgres") ? ["pglite", "postgres"] : ["pglite"];
}

export interface TestDatabase {
  backend: Backend;
  /** The server's connection (on PostgreSQL: the run's restricted server role). */
  database: Database;
  /** A privileged connection (superuser), for what an attacker with database access could do. */
  privileged(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  /** Connection string of this database for child processes (PostgreSQL only). */
  url: string | null;
  ownerUrl: string | null;
  close(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file. PGlite lives in memory unless `pgliteDir` names
 * a folder (a data folder on disk, as the embedded server keeps it).
 */
export async function createTestDatabase(
  backend: Backend,
  pgliteDir?: string,
): Promise<TestDatabase> {
  if (backend === "pglite") {
    const blob = new Blob([readFileSync(inject("pgliteTemplate"))]);
    const client = await PGlite.create({
      loadDataDir: blob,
      ...(pgliteDir ? { dataDir: pgliteDir } : {}),
    });
    const database = Database.fromPglite(client);
    return {
      backend,
      database,
      privileged: async (sql, params) =>
        (await client.query<Record<string, unknown>>(sql, params)).rows,
      url: null,
      ownerUrl: null,
      close: () => database.close(),
    };
  }
  const settings = inject("postgres");
  if (!settings) throw new Error("TEST_DATABASE_URL is not set");
  const name = `${settings.template.replace("engawa_tpl_", "engawa_t_")}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: settings.adminUrl });
  await admin.connect();
  await admin.query(
    `CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(settings.template)}`,
  );
  await admin.end();
  const ownerUrl = withDatabase(settings.adminUrl, name);
  const appUrl = new URL(ownerUrl);
  appUrl.username = settings.appRole;
  appUrl.password = "";
  const database = Database.fromPostgres(appUrl.toString(), { max: 5 });
  const owner = new pg.Pool({ connectionString: ownerUrl, max: 1 });
  // Like the server's own pool: an idle client ended by the server (the run's teardown drops every
  // test database WITH (FORCE)) must not surface as an unhandled error.
  owner.on("error", () => undefined);
  return {
    backend,
    database,
    privileged: async (sql, params) =>
      (await owner.query<Record<string, unknown>>(sql, params)).rows,
    url: appUrl.toString(),
    ownerUrl,
    close: async () => {
      await database.close();
      await owner.end();
      const c = new pg.Client({ connectionString: settings.adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
      await c.end();
    },
  };
}
