import type { TenantRow } from "../domains/tenancy/index.ts";
import type { Principal, UserRow } from "../domains/identity/index.ts";
import { AppError } from "../platform/errors.ts";
import { scopeFor, type Scope } from "../platform/scope.ts";
import type { Resolved } from "./defineRoute.ts";
import type { Services } from "./services.ts";

/**
 * Resource loaders shared by routes. They load only what the decision needs, limited to the
 * caller's scope: a user of another tenant gets 404 (the other tenant's existence is not theirs to
 * learn), while an operator's request is resolved without reading tenant content and then denied
 * by policy.
 */
interface LoaderParts {
  principal: Principal;
  scope: Scope;
  services: Services;
}

const notFound = (): AppError => new AppError("not_found", "Not found.");

/** The caller's own tenant-user record (`/api/me`, sign-out); a stand-in for other principals. */
export async function ownUser({ principal }: LoaderParts): Promise<Resolved<null>> {
  if (principal.kind === "user") {
    const { user } = principal;
    return {
      target: { kind: "User", id: user.id, tenantId: user.tenantId, role: user.role },
      value: null,
    };
  }
  return {
    target: {
      kind: "User",
      id: `not-a-user:${principalId(principal)}`,
      tenantId: "none",
      role: "none",
    },
    value: null,
  };
}

/** The caller's own operator record; a stand-in for other principals. */
export async function ownOperator({ principal }: LoaderParts): Promise<Resolved<null>> {
  if (principal.kind === "operator")
    return { target: { kind: "Operator", id: principal.operator.id }, value: null };
  return {
    target: { kind: "Operator", id: `not-an-operator:${principalId(principal)}` },
    value: null,
  };
}

function principalId(principal: Principal): string {
  if (principal.kind === "user") return principal.user.id;
  if (principal.kind === "operator") return principal.operator.id;
  if (principal.kind === "scim_client") return principal.token.id;
  if (principal.kind === "meeting_guest") return principal.guest.participantId;
  return principal.label;
}

/**
 * The tenant a user or SCIM client belongs to (identity's `tenantOf`, repeated here because a value
 * import of identity from this module would close an import cycle through tenancy's routes).
 */
function tenantOf(principal: Principal): string | null {
  return principal.kind === "user" ||
    principal.kind === "scim_client" ||
    principal.kind === "meeting_guest"
    ? principal.tenant.id
    : null;
}

/** A tenant-bound principal (user, SCIM client) reaches only its own tenant; others are decided by policy. */
function reachable(principal: Principal, tenantId: string): boolean {
  const own = tenantOf(principal);
  return own === null || own === tenantId;
}

/**
 * The caller's own tenant, for routes whose tenant is implied by the credential (SCIM: RFC 7644
 * has no tenant in its URLs, the bearer token names it). Other principals get a stand-in that
 * policy denies.
 */
export async function ownTenant({ principal }: LoaderParts): Promise<Resolved<null>> {
  const tenantId = tenantOf(principal);
  if (tenantId) return { target: { kind: "Tenant", id: tenantId }, value: null, tenantId };
  return { target: { kind: "Tenant", id: `none:${principalId(principal)}` }, value: null };
}

/** The deployment itself (operator console, CLI). */
export async function deployment(): Promise<Resolved<null>> {
  return { target: { kind: "Deployment" }, value: null };
}

/**
 * The tenant named by `:tenant` (a slug). A user of another tenant — or a slug that does not
 * exist — is answered 404 alike.
 */
export async function tenantBySlug(parts: LoaderParts, slug: string): Promise<Resolved<TenantRow>> {
  const tenant = await parts.services.tenancy.store.bySlug(slug);
  if (!tenant) throw notFound();
  if (!reachable(parts.principal, tenant.id)) throw notFound();
  return { target: { kind: "Tenant", id: tenant.id }, value: tenant, tenantId: tenant.id };
}

/** The tenant named by `:tenantId` (operator console). */
export async function tenantById(parts: LoaderParts, id: string): Promise<Resolved<TenantRow>> {
  const tenant = await parts.services.tenancy.store.byId(id);
  if (!tenant) throw notFound();
  if (!reachable(parts.principal, tenant.id)) throw notFound();
  return { target: { kind: "Tenant", id: tenant.id }, value: tenant, tenantId: tenant.id };
}

/**
 * A user of the tenant in the URL. Only a member of that tenant reads the row; anyone else gets
 * a stand-in target that policy denies, so an operator learns nothing about the tenant's users.
 */
export async function tenantUser(
  parts: LoaderParts,
  slug: string,
  userId: string,
): Promise<Resolved<UserRow | null>> {
  const tenant = await tenantBySlug(parts, slug);
  if (parts.principal.kind !== "user") {
    return {
      target: { kind: "User", id: userId, tenantId: tenant.value.id, role: "unknown" },
      value: null,
      tenantId: tenant.value.id,
    };
  }
  const user = await parts.services.identity.store.user(
    scopeFor(parts.scope.actor, tenant.value.id),
    userId,
  );
  if (!user) throw notFound();
  return {
    target: { kind: "User", id: user.id, tenantId: user.tenantId, role: user.role },
    value: user,
    tenantId: tenant.value.id,
  };
}
