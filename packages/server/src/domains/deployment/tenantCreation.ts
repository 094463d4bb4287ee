import type {
  CreateTenantRequest,
  TenantCreatedResponse,
  TenantStatus,
  TenantSummary,
} from "@engawa/shared";
import type { Database } from "../../platform/db/database.ts";
import { AppError } from "../../platform/errors.ts";
import { scopeFor, type Scope } from "../../platform/scope.ts";
import type { Identity } from "../identity/index.ts";
import type { Tenancy, TenantRow } from "../tenancy/index.ts";

export interface TenantCreationDeps {
  database: Database;
  tenancy: Tenancy;
  identity: Identity;
}

/**
 * Creating tenants and their owners (operator console, setup, CLI). Work on a tenant is done in
 * that tenant's scope with the operator as actor, so the tenant's own audit chain shows it.
 */
export class TenantCreation {
  private readonly deps: TenantCreationDeps;

  constructor(deps: TenantCreationDeps) {
    this.deps = deps;
  }

  /** Tenant, keys and an invited owner in one transaction; the owner's link is returned once. */
  async create(scope: Scope, input: CreateTenantRequest): Promise<TenantCreatedResponse> {
    const tenantScope = scopeFor(scope.actor, this.deps.tenancy.newTenantId());
    return this.deps.database.transaction(async () => {
      const tenant = await this.deps.tenancy.create(tenantScope, {
        name: input.name,
        slug: input.slug,
      });
      const invitation = await this.deps.identity.invite(tenantScope, {
        email: input.owner.email,
        displayName: input.owner.displayName,
        role: "owner",
      });
      return {
        tenant: { id: tenant.id, name: tenant.name, slug: tenant.slug },
        ownerInviteUrl: invitation.inviteUrl,
      };
    });
  }

  /** Like {@link create}, but the owner is active at once with a password hashed beforehand (CLI). */
  async createWithOwnerPassword(
    scope: Scope,
    input: CreateTenantRequest,
    passwordHash: string,
  ): Promise<TenantRow> {
    const tenantScope = scopeFor(scope.actor, this.deps.tenancy.newTenantId());
    return this.deps.database.transaction(async () => {
      const tenant = await this.deps.tenancy.create(tenantScope, {
        name: input.name,
        slug: input.slug,
      });
      await this.deps.identity.createActiveUser(tenantScope, {
        ...input.owner,
        role: "owner",
        passwordHash,
      });
      return tenant;
    });
  }

  /** Names and status of every tenant — no content (what an operator may see). */
  async list(scope: Scope): Promise<TenantSummary[]> {
    const [tenants, withOwner] = await Promise.all([
      this.deps.tenancy.store.all(),
      this.deps.identity.store.tenantsWithActiveOwner(scope),
    ]);
    return tenants.map((t) => ({
      id: t.id,
      name: t.name,
      slug: t.slug,
      status: t.status as TenantStatus,
      createdAt: t.createdAt.toISOString(),
      ownerPending: !withOwner.has(t.id),
    }));
  }

  /**
   * A new link for the owner an operator created, while the tenant has no active owner yet. Once
   * any owner is active the tenant runs its own accounts: an operator must never be able to reset
   * (and so take over) an owner account — including a co-owner the tenant invited itself.
   */
  async renewOwnerInvitation(
    scope: Scope,
    tenant: TenantRow,
  ): Promise<{ ownerInviteUrl: string; expiresAt: string }> {
    const tenantScope = scopeFor(scope.actor, tenant.id);
    return this.deps.database.transaction(async () => {
      await this.deps.identity.store.lockOwners(tenantScope);
      if ((await this.deps.identity.store.countActiveOwners(tenantScope)) > 0) {
        throw new AppError(
          "invalid_state",
          "This organisation's owner has already accepted the invitation.",
        );
      }
      // With no active owner, no tenant user can have invited anyone: every pending owner is one
      // that an operator or the CLI created.
      const owner = (await this.deps.identity.store.pendingOwners(tenantScope))[0];
      if (!owner)
        throw new AppError(
          "invalid_state",
          "This organisation has no owner waiting for an invitation.",
        );
      const invitation = await this.deps.identity.renewInvitation(tenantScope, owner);
      return { ownerInviteUrl: invitation.inviteUrl, expiresAt: invitation.expiresAt };
    });
  }
}
