import type { AuditCheckpoint } from "@engawa/shared";
import { DEPLOYMENT_OWNER } from "../../platform/scope.ts";
import {
  verifyChain,
  type AuditLog,
  type ChainOwner,
  type ChainReport,
  type Checkpoints,
} from "../audit/index.ts";
import type { Tenancy } from "../tenancy/index.ts";

export interface VerifyReport extends ChainReport {
  tenant: { id: string; slug: string } | null;
}

/**
 * Verifying the audit chains and signing checkpoints, deployment-wide (CLI `audit verify` and
 * `audit checkpoint`, the periodic checkpoint job). Works on hashes and sequence numbers only;
 * nothing here decrypts a tenant's details.
 */
export class AuditIntegrity {
  private readonly audit: AuditLog;
  private readonly checkpoints: Checkpoints;
  private readonly tenancy: Tenancy;

  constructor(audit: AuditLog, checkpoints: Checkpoints, tenancy: Tenancy) {
    this.audit = audit;
    this.checkpoints = checkpoints;
    this.tenancy = tenancy;
  }

  /** Every chain (or one tenant's), checked against the checkpoints given for it. */
  async verify(
    options: { tenantSlug?: string; checkpoints?: AuditCheckpoint[] } = {},
  ): Promise<VerifyReport[]> {
    const owners = await this.owners(options.tenantSlug);
    const reports: VerifyReport[] = [];
    for (const owner of owners) {
      const relevant = (options.checkpoints ?? []).filter((c) => c.chain === owner.chain);
      reports.push({
        ...(await verifyChain(this.audit.store, owner.chain, relevant)),
        tenant: owner.tenant,
      });
    }
    const known = new Set(owners.map((o) => o.chain));
    for (const checkpoint of options.checkpoints ?? []) {
      const wanted = !options.tenantSlug || checkpoint.tenant?.slug === options.tenantSlug;
      if (wanted && !known.has(checkpoint.chain)) {
        reports.push({
          chain: checkpoint.chain,
          tenant: checkpoint.tenant,
          events: 0,
          ok: false,
          checkpointsChecked: 1,
          firstBad: {
            seq: checkpoint.seq,
            eventId: null,
            problem: "the checkpoint's chain does not exist any more",
          },
        });
      }
    }
    return reports;
  }

  /** Signs the head of one chain (a tenant's, or the deployment's when no slug is given). */
  async checkpoint(tenantSlug?: string): Promise<AuditCheckpoint | null> {
    const owner = tenantSlug
      ? (await this.owners(tenantSlug))[0]
      : { chain: DEPLOYMENT_OWNER, tenant: null };
    if (!owner) return null;
    return this.checkpoints.checkpoint(owner);
  }

  async latestCheckpoint(tenantId: string): Promise<AuditCheckpoint | null> {
    const tenant = await this.tenancy.store.byId(tenantId);
    if (!tenant) return null;
    return this.checkpoints.checkpoint({
      chain: tenant.id,
      tenant: { id: tenant.id, slug: tenant.slug },
    });
  }

  /** Periodic job: a checkpoint for every chain that moved since its last one. */
  async checkpointAll(): Promise<number> {
    let signed = 0;
    for (const owner of await this.owners()) {
      if (await this.checkpoints.checkpoint(owner)) signed += 1;
    }
    return signed;
  }

  private async owners(tenantSlug?: string): Promise<ChainOwner[]> {
    const chains = await this.audit.store.chains();
    const tenants = new Map((await this.tenancy.store.all()).map((t) => [t.id, t]));
    const owners: ChainOwner[] = chains.map((chain) => {
      const tenant = tenants.get(chain);
      return { chain, tenant: tenant ? { id: tenant.id, slug: tenant.slug } : null };
    });
    if (tenantSlug === undefined)
      return owners.sort((a, b) => (a.tenant?.slug ?? "").localeCompare(b.tenant?.slug ?? ""));
    return owners.filter((o) => o.tenant?.slug === tenantSlug);
  }
}
