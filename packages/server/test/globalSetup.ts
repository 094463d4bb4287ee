import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import type { TestProject } from "vitest/node";
import {
  migratePgliteClient,
  migratePostgresServer,
  quoteIdent,
} from "../src/platform/db/migrate.ts";

declare module "vitest" {
  export interface ProvidedContext {
    pgliteTemplate: string;
    postgres: { adminUrl: string; template: string; appRole: string } | null;
  }
}

/**
 * Prepares the databases once per run (ARCHITECTURE.md, PGlite in practice): a migrated PGlite
 * data folder dumped to a file that each test loads in ~0.4 s, and — when TEST_DATABASE_URL is
 * set — a migrated PostgreSQL template database plus a run-unique server role (role names are
 * cluster-wide) that has only SELECT and INSERT on the audit tables.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = mkdtempSync(path.join(tmpdir(), "engawa-test-"));
  const client = await PGlite.create();
  await migratePgliteClient(client);
  const dump = await client.dumpDataDir("none");
  const templateFile = path.join(dir, "template.tar");
  writeFileSync(templateFile, Buffer.from(await dump.arrayBuffer()));
  await client.close();
  project.provide("pgliteTemplate", templateFile);

  const adminUrl = process.env.TEST_DATABASE_URL;
  let cleanupPostgres = async (): Promise<void> => undefined;
  if (adminUrl) {
    const run = randomBytes(4).toString("hex");
    const template = `engawa_tpl_${run}`;
    const appRole = `engawa_app_${run}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE ROLE ${quoteIdent(appRole)} LOGIN`);
    await admin.query(`CREATE DATABASE ${quoteIdent(template)}`);
    await admin.end();
    await migratePostgresServer(withDatabase(adminUrl, template), appRole);
    project.provide("postgres", { adminUrl, template, appRole });
    cleanupPostgres = async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      const dbs = await c.query<{ datname: string }>(
        "SELECT datname FROM pg_database WHERE datname LIKE $1",
        [`engawa_%_${run}%`],
      );
      for (const { datname } of dbs.rows)
        await c.query(`DROP DATABASE IF EXISTS ${quoteIdent(datname)} WITH (FORCE)`);
      await c.query(`DROP ROLE IF EXISTS ${quoteIdent(appRole)}`);
      await c.end();
    };
  } else {
    project.provide("postgres", null);
  }

  return async () => {
    await cleanupPostgres();
    rmSync(dir, { recursive: true, force: true });
  };
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
