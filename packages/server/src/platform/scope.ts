import type { TenantRole } from "@engawa/shared";
import { AppError } from "./errors.ts";

/** Who is doing the work, as recorded in the audit log. */
export type Actor =
  | { type: "user"; id: string; tenantId: string; role: TenantRole; label: string }
  | { type: "operator"; id: string; label: string }
  | { type: "local_admin"; label: string }
  /** A tenant's SCIM provisioning client: `id` is the token's id, `label` its name. */
  | { type: "scim_client"; id: string; tenantId: string; label: string }
  | { type: "system"; reason: string }
  | { type: "anonymous" };

/**
 * Every store function takes a Scope (ARCHITECTURE.md, the one rule's second line of defence):
 * which tenant's data the work may touch (null: deployment-level data only) and who does it.
 * There is no "unscoped" value; system work names its reason with `systemScope`.
 */
export interface Scope {
  readonly tenantId: string | null;
  readonly actor: Actor;
}

export function scopeFor(actor: Actor, tenantId: string | null): Scope {
  return Object.freeze({ tenantId, actor });
}

/**
 * Work the system does on its own (start-up, jobs, the CLI on behalf of the host): named, and
 * audited as actor `system` with this reason in the tenant it touched.
 */
export function systemScope(reason: string, tenantId: string | null = null): Scope {
  if (reason.trim() === "") throw new Error("systemScope needs a reason");
  return scopeFor({ type: "system", reason }, tenantId);
}

/** The tenant a scope is limited to; throws if the work is not tenant-scoped. */
export function requireTenant(scope: Scope): string {
  if (scope.tenantId === null)
    throw new AppError("internal_error", "tenant data accessed without a tenant scope");
  return scope.tenantId;
}

/** Key owner of a scope: the tenant, or `deployment` for deployment-level data. */
export const DEPLOYMENT_OWNER = "deployment";
export function keyOwnerOf(scope: Scope): string {
  return scope.tenantId ?? DEPLOYMENT_OWNER;
}

/** The audit chain of a scope: one per tenant, one for the deployment. */
export function chainOf(tenantId: string | null): string {
  return tenantId ?? DEPLOYMENT_OWNER;
}
