import { chmodSync, rmSync } from "node:fs";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import type { Config } from "./config/config.ts";
import { buildHttpApp, buildLocalAdminApp } from "./app.ts";
import { buildServices } from "./services.ts";
import type { Services } from "./gateway/services.ts";
import { loadOrCreateMasterKey } from "./platform/crypto/masterKey.ts";
import { openDatabase } from "./platform/db/open.ts";
import { createLogger, type Logger } from "./platform/log.ts";

export interface RunningServer {
  url: string;
  services: Services;
  app: FastifyInstance;
  setupLink: string | null;
  close(): Promise<void>;
}

/** Path of the admin socket through which the CLI reaches a running server. */
export function adminSocketPath(dataDir: string): string {
  return path.join(dataDir, "engawa.sock");
}

/**
 * Starts Engawa: opens (and migrates) the database, builds the services, listens on HTTP(S) and,
 * on the embedded database, on the admin socket; starts the background jobs (denial counting,
 * periodic audit checkpoints) and issues the first-run setup link while setup is pending.
 */
export async function startServer(
  config: Config,
  log: Logger = createLogger(config.logLevel),
): Promise<RunningServer> {
  const opened = await openDatabase(config);
  let admin: FastifyInstance | null = null;
  let app: FastifyInstance | null = null;
  try {
    const masterKey = loadOrCreateMasterKey(config.masterKey, config.dataDir);
    const services = await buildServices({ config, database: opened.database, masterKey, log });
    app = await buildHttpApp(services);
    await app.listen({ port: config.port, host: config.host });
    if (!config.databaseUrl) {
      const socket = adminSocketPath(config.dataDir);
      rmSync(socket, { force: true });
      admin = await buildLocalAdminApp(services);
      await admin.listen({ path: socket });
      chmodSync(socket, 0o600);
    }
    services.denials.start();
    const checkpointTimer = setInterval(
      () =>
        void services.deployment.integrity
          .checkpointAll()
          .catch((err: unknown) => log.error({ err }, "audit checkpoint failed")),
      config.auditCheckpointMinutes * 60_000,
    );
    checkpointTimer.unref();
    const setupLink = await services.deployment.setup.issueLink();
    const address = app.server.address();
    const port = typeof address === "object" && address ? address.port : config.port;
    const url =
      config.port === 0
        ? `${config.publicUrl.protocol}//localhost:${port}`
        : config.publicUrl.origin;
    const httpApp = app;
    const adminApp = admin;
    let closing: Promise<void> | null = null;
    return {
      url,
      services,
      app: httpApp,
      setupLink,
      close: () => {
        closing ??= (async () => {
          clearInterval(checkpointTimer);
          await adminApp?.close();
          await httpApp.close();
          await services.denials.stop();
          await services.deployment.integrity.checkpointAll().catch(() => 0);
          await opened.close();
        })();
        return closing;
      },
    };
  } catch (error) {
    await admin?.close().catch(() => undefined);
    await app?.close().catch(() => undefined);
    await opened.close();
    throw error;
  }
}
