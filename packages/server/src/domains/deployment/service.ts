import type { Clock } from "../../platform/clock.ts";
import type { Database } from "../../platform/db/database.ts";
import type { AuditLog, Checkpoints } from "../audit/index.ts";
import type { Identity } from "../identity/index.ts";
import type { Keyring } from "../keys/index.ts";
import type { Tenancy } from "../tenancy/index.ts";
import { AuditIntegrity } from "./auditIntegrity.ts";
import { KeyRotation } from "./keyRotation.ts";
import { FirstRunSetup } from "./setup.ts";
import { TenantCreation } from "./tenantCreation.ts";

export interface DeploymentDeps {
  database: Database;
  tenancy: Tenancy;
  identity: Identity;
  audit: AuditLog;
  checkpoints: Checkpoints;
  keyring: Keyring;
  clock: Clock;
  publicUrl: URL;
}

/** What the people who run the deployment do: setup, tenants, keys, audit integrity. */
export class Deployment {
  readonly tenants: TenantCreation;
  readonly setup: FirstRunSetup;
  readonly integrity: AuditIntegrity;
  readonly keys: KeyRotation;

  constructor(deps: DeploymentDeps) {
    this.tenants = new TenantCreation(deps);
    this.setup = new FirstRunSetup({ ...deps, tenants: this.tenants });
    this.integrity = new AuditIntegrity(deps.audit, deps.checkpoints, deps.tenancy);
    this.keys = new KeyRotation(deps.database, deps.keyring, deps.audit, deps.tenancy);
  }
}
