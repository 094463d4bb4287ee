import type { KeyRotationResponse } from "@engawa/shared";
import type { Database } from "../../platform/db/database.ts";
import { DEPLOYMENT_OWNER, scopeFor, type Scope } from "../../platform/scope.ts";
import type { AuditLog } from "../audit/index.ts";
import type { Keyring } from "../keys/index.ts";
import type { Tenancy, TenantRow } from "../tenancy/index.ts";

/**
 * `keys rotate`: a new key-encryption key for a tenant (or for every tenant and the deployment),
 * re-wrapping data keys without re-encrypting content, recorded in each tenant's own chain.
 */
export class KeyRotation {
  private readonly database: Database;
  private readonly keyring: Keyring;
  private readonly audit: AuditLog;
  private readonly tenancy: Tenancy;

  constructor(database: Database, keyring: Keyring, audit: AuditLog, tenancy: Tenancy) {
    this.database = database;
    this.keyring = keyring;
    this.audit = audit;
    this.tenancy = tenancy;
  }

  async rotateTenant(scope: Scope, tenant: TenantRow): Promise<KeyRotationResponse> {
    const tenantScope = scopeFor(scope.actor, tenant.id);
    return this.database.transaction(async () => {
      const result = await this.keyring.rotate(tenantScope);
      await this.audit.append(tenantScope, {
        action: "tenant.keys.rotate",
        outcome: "allow",
        target: { type: "tenant", id: tenant.id },
        details: { keyVersion: result.keyVersion, rewrappedDataKeys: result.rewrappedDataKeys },
      });
      return {
        tenantId: tenant.id,
        keyVersion: result.keyVersion,
        rewrappedDataKeys: result.rewrappedDataKeys,
      };
    });
  }

  /** Every tenant's keys, then the deployment's own. */
  async rotateAll(scope: Scope): Promise<KeyRotationResponse[]> {
    const results: KeyRotationResponse[] = [];
    for (const tenant of await this.tenancy.store.all())
      results.push(await this.rotateTenant(scope, tenant));
    const deploymentScope = scopeFor(scope.actor, null);
    const own = await this.database.transaction(async () => {
      const result = await this.keyring.rotate(deploymentScope);
      await this.audit.append(deploymentScope, {
        action: "deployment.keys.rotate",
        outcome: "allow",
        details: { keyVersion: result.keyVersion, rewrappedDataKeys: result.rewrappedDataKeys },
      });
      return result;
    });
    results.push({
      tenantId: DEPLOYMENT_OWNER,
      keyVersion: own.keyVersion,
      rewrappedDataKeys: own.rewrappedDataKeys,
    });
    return results;
  }
}
