import { fileURLToPath } from "node:url";
import { type PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/node-postgres";
import { migrate as migratePostgres } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";

export const MIGRATIONS_FOLDER = fileURLToPath(new URL("../../migrations", import.meta.url));

/** Tables the server role may only read and append to (MHLW 6.0 シス17②: logs cannot be altered). */
export const APPEND_ONLY_TABLES = ["audit_events", "audit_checkpoints"] as const;

export async function migratePgliteClient(client: PGlite): Promise<void> {
  await migratePglite(drizzlePglite(client), { migrationsFolder: MIGRATIONS_FOLDER });
}

/**
 * Migrates a PostgreSQL server as the owner role, then grants the server's own role what it needs:
 * everything on ordinary tables, but only SELECT and INSERT on the audit tables, so that
 * "append-only" holds even against the application (ARCHITECTURE.md, Database roles).
 */
export async function migratePostgresServer(
  ownerUrl: string,
  appRole: string | null,
): Promise<void> {
  const pool = new pg.Pool({
    connectionString: ownerUrl,
    max: 1,
    application_name: "engawa-migrate",
  });
  try {
    await migratePostgres(drizzlePostgres(pool), { migrationsFolder: MIGRATIONS_FOLDER });
    const owner = (await pool.query<{ user: string }>("select current_user as user")).rows[0]?.user;
    if (appRole && appRole !== owner) await grantServerRole(pool, appRole);
  } finally {
    await pool.end();
  }
}

async function grantServerRole(pool: pg.Pool, role: string): Promise<void> {
  const ident = quoteIdent(role);
  const appendOnly = APPEND_ONLY_TABLES.map(quoteIdent).join(", ");
  await pool.query(`GRANT USAGE ON SCHEMA public TO ${ident}`);
  await pool.query(
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${ident}`,
  );
  await pool.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${ident}`);
  await pool.query(`REVOKE UPDATE, DELETE, TRUNCATE ON ${appendOnly} FROM ${ident}`);
}

/** The role a connection string logs in as (the server's role). */
export function roleOfUrl(url: string): string | null {
  const user = decodeURIComponent(new URL(url).username);
  return user === "" ? null : user;
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
