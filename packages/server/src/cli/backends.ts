import type {
  LocalCheckpointResponse,
  LocalCreateTenantRequest,
  LocalCreateTenantResponse,
  LocalRiskListImportRequest,
  LocalRiskListImportResponse,
  LocalRiskListsResponse,
  LocalRotateResponse,
  LocalVerifyRequest,
  LocalVerifyResponse,
} from "@engawa/shared";
import type { Config } from "../config/config.ts";
import {
  createTenantTask,
  importRiskListTask,
  riskListsTask,
  rotateTask,
  verifyTask,
} from "../domains/deployment/cliTasks.ts";
import { buildServices } from "../services.ts";
import { loadOrCreateMasterKey } from "../platform/crypto/masterKey.ts";
import { openDatabase } from "../platform/db/open.ts";
import { isAlive, readLockHolder } from "../platform/db/lockFile.ts";
import { createLogger } from "../platform/log.ts";
import { scopeFor } from "../platform/scope.ts";
import { adminSocketPath } from "../server.ts";
import { callAdminSocket } from "./adminSocketClient.ts";

/** What the CLI asks of Engawa, through a running server or directly on the database. */
export interface CliBackend {
  readonly description: string;
  createTenant(input: LocalCreateTenantRequest): Promise<LocalCreateTenantResponse>;
  verify(input: LocalVerifyRequest): Promise<LocalVerifyResponse>;
  checkpoint(tenant: string): Promise<LocalCheckpointResponse>;
  rotate(tenant?: string): Promise<LocalRotateResponse>;
  importRiskList(input: LocalRiskListImportRequest): Promise<LocalRiskListImportResponse>;
  riskLists(): Promise<LocalRiskListsResponse>;
  close(): Promise<void>;
}

/**
 * On the embedded database, a running server owns the folder: the CLI then goes through its admin
 * socket. Otherwise (server stopped, or PostgreSQL) it opens the database itself.
 */
export async function openBackend(config: Config): Promise<CliBackend> {
  if (!config.databaseUrl) {
    const holder = readLockHolder(config.dataDir);
    if (holder !== null && holder !== process.pid && isAlive(holder))
      return socketBackend(adminSocketPath(config.dataDir), holder);
  }
  return directBackend(config);
}

function socketBackend(socket: string, pid: number): CliBackend {
  return {
    description: `through the running server (PID ${pid})`,
    createTenant: (input) => callAdminSocket(socket, "POST", "/local/tenants", input),
    verify: (input) => callAdminSocket(socket, "POST", "/local/audit/verify", input),
    checkpoint: (tenant) => callAdminSocket(socket, "POST", "/local/audit/checkpoint", { tenant }),
    rotate: (tenant) =>
      callAdminSocket(socket, "POST", "/local/keys/rotate", tenant === undefined ? {} : { tenant }),
    importRiskList: (input) => callAdminSocket(socket, "POST", "/local/risk-lists/import", input),
    riskLists: () => callAdminSocket(socket, "GET", "/local/risk-lists"),
    close: async () => undefined,
  };
}

async function directBackend(config: Config): Promise<CliBackend> {
  const opened = await openDatabase(config);
  try {
    const masterKey = loadOrCreateMasterKey(config.masterKey, config.dataDir);
    const services = await buildServices({
      config,
      database: opened.database,
      masterKey,
      log: createLogger("warn"),
    });
    const scope = scopeFor(
      { type: "local_admin", label: `cli on ${process.env.USER ?? "this host"}` },
      null,
    );
    return {
      description: config.databaseUrl ? "directly on PostgreSQL" : `directly on ${config.dataDir}`,
      createTenant: (input) =>
        createTenantTask(services.deployment, services.identity, config.publicUrl, scope, input),
      verify: (input) => verifyTask(services.deployment, input),
      checkpoint: async (tenant) => ({
        checkpoint: await services.deployment.integrity.checkpoint(tenant),
      }),
      rotate: (tenant) => rotateTask(services.deployment, services.tenancy, scope, tenant),
      importRiskList: (input) => importRiskListTask(services.risk, scope, input),
      riskLists: () => riskListsTask(services.risk),
      close: async () => {
        await services.denials.stop();
        await opened.close();
      },
    };
  } catch (error) {
    await opened.close();
    throw error;
  }
}
