import { ConfigError, loadConfig } from "./config/config.ts";
import { DataDirLockedError } from "./platform/db/lockFile.ts";
import { createLogger } from "./platform/log.ts";
import { startServer } from "./server.ts";

/** `npm start` / `engawa start`: runs the server until SIGINT or SIGTERM. */
export async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const log = createLogger(config.logLevel);
  try {
    const server = await startServer(config, log);
    const where = config.databaseUrl
      ? "PostgreSQL (DATABASE_URL)"
      : `embedded database in ${config.dataDir}`;
    console.log(`\nEngawa is running at ${server.url} — ${where}`);
    if (server.setupLink) {
      console.log(
        "\nFirst-run setup: open this one-time link to create the first operator and organisation",
      );
      console.log("(valid for 24 hours; restarting Engawa issues a new one):\n");
      console.log(`  ${server.setupLink}\n`);
    }
    const stop = (signal: string) => {
      log.info({ signal }, "shutting down");
      void server.close().then(() => process.exit(0));
    };
    process.once("SIGINT", () => stop("SIGINT"));
    process.once("SIGTERM", () => stop("SIGTERM"));
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      console.error(error.message);
      process.exit(3);
    }
    log.fatal({ err: error }, "Engawa could not start");
    process.exit(1);
  }
}

if (import.meta.main) await main();
