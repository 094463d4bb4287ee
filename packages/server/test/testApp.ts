import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import { buildHttpApp, buildLocalAdminApp } from "../src/app.ts";
import { loadConfig } from "../src/config/config.ts";
import { AccessEngine } from "../src/domains/access/index.ts";
import type { Services } from "../src/gateway/services.ts";
import { buildServices } from "../src/services.ts";
import { ManualClock } from "../src/platform/clock.ts";
import { masterKeyFromBytes } from "../src/platform/crypto/masterKey.ts";
import { createTestDatabase, type Backend, type TestDatabase } from "./database.ts";

export interface TestApp {
  app: FastifyInstance;
  services: Services;
  db: TestDatabase;
  clock: ManualClock;
  masterKey: Buffer;
  /** The admin socket's app (the CLI's way in), built on demand. */
  localAdmin(): Promise<FastifyInstance>;
  close(): Promise<void>;
}

let sharedEngine: AccessEngine | null = null;

/** One Cedar engine per worker: preparsing the policies once is enough. */
export function testAccessEngine(): AccessEngine {
  sharedEngine ??= new AccessEngine();
  return sharedEngine;
}

export const TEST_PUBLIC_URL = "http://localhost:8080";

/**
 * A complete Engawa (services + HTTP app, not listening) on a fresh database of the given backend,
 * with a clock the test moves. Requests go through `app.inject`, the same pipeline as the network.
 */
export async function createTestApp(
  backend: Backend,
  env: Record<string, string> = {},
  /** A database made by the test itself (e.g. PGlite in a folder on disk). */
  given?: TestDatabase,
): Promise<TestApp> {
  const db = given ?? (await createTestDatabase(backend));
  const masterKey = randomBytes(32);
  // Uploaded files go to a folder of this app's own, removed when it closes (unless the test
  // names one, as the at-rest test does to scan it).
  const filesDir = env.ENGAWA_FILES_DIR ?? mkdtempSync(path.join(tmpdir(), "engawa-files-"));
  const config = loadConfig({
    ENGAWA_PUBLIC_URL: TEST_PUBLIC_URL,
    ENGAWA_LOG_LEVEL: "silent",
    ENGAWA_DATA_DIR: "/nonexistent-engawa-test",
    ENGAWA_MASTER_KEY: masterKey.toString("hex"),
    ENGAWA_FILES_DIR: filesDir,
    ...env,
  });
  const clock = new ManualClock("2026-11-20T09:00:00.000Z");
  const services = await buildServices({
    config,
    database: db.database,
    masterKey: masterKeyFromBytes(masterKey),
    clock,
    access: testAccessEngine(),
  });
  const app = await buildHttpApp(services);
  let admin: FastifyInstance | null = null;
  return {
    app,
    services,
    db,
    clock,
    masterKey,
    localAdmin: async () => (admin ??= await buildLocalAdminApp(services)),
    close: async () => {
      await admin?.close();
      await app.close();
      await services.denials.stop();
      await db.close();
      if (!env.ENGAWA_FILES_DIR) rmSync(filesDir, { recursive: true, force: true });
    },
  };
}
