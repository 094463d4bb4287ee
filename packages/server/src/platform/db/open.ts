import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { Config } from "../../config/config.ts";
import { Database } from "./database.ts";
import { acquireDataDirLock } from "./lockFile.ts";
import { migratePgliteClient, migratePostgresServer, roleOfUrl } from "./migrate.ts";

export interface OpenedDatabase {
  database: Database;
  /** Closes the database and releases the data folder's lock. */
  close(): Promise<void>;
}

/**
 * Opens the configured database and brings its schema up to date: a PostgreSQL server
 * (`DATABASE_URL`, migrated as the owner role), or embedded PGlite under the data folder, which
 * this process then holds a lock on.
 */
export async function openDatabase(config: Config): Promise<OpenedDatabase> {
  if (config.databaseUrl) {
    await migratePostgresServer(
      config.databaseMigrationUrl ?? config.databaseUrl,
      roleOfUrl(config.databaseUrl),
    );
    const database = Database.fromPostgres(config.databaseUrl);
    return { database, close: () => database.close() };
  }
  const release = acquireDataDirLock(config.dataDir);
  try {
    const folder = path.join(config.dataDir, "pgdata");
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    const client = await PGlite.create({ dataDir: folder });
    await migratePgliteClient(client);
    const database = Database.fromPglite(client);
    return {
      database,
      close: async () => {
        try {
          await database.close();
        } finally {
          release();
        }
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}
