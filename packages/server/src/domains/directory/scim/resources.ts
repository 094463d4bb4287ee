import type { Resolved } from "../../../gateway/defineRoute.ts";
import type { Services } from "../../../gateway/services.ts";
import { ownTenant } from "../../../gateway/resources.ts";
import { AppError } from "../../../platform/errors.ts";
import type { Scope } from "../../../platform/scope.ts";
import type { Principal, UserRow } from "../../identity/index.ts";
import type { GroupRow } from "../store.ts";

/**
 * Resource loaders of SCIM routes. The tenant is the one the bearer token belongs to (SCIM URLs
 * name none); a user or group is looked up only within it, so another tenant's id — or a deleted
 * user — is a 404 that the gateway records as a denial. Other principals (a signed-in user who
 * calls a SCIM URL) get the stand-in tenant, which policy refuses.
 */
interface Parts {
  principal: Principal;
  scope: Scope;
  services: Services;
}

const notFound = (): AppError => new AppError("not_found", "Not found.");

export async function scimUser(parts: Parts, id: string): Promise<Resolved<UserRow | null>> {
  const tenant = await ownTenant(parts);
  if (parts.principal.kind !== "scim_client") return { ...tenant, value: null };
  const user = await parts.services.directory.users.find(parts.scope, id);
  if (!user) throw notFound();
  return { ...tenant, value: user };
}

export async function scimGroup(parts: Parts, id: string): Promise<Resolved<GroupRow | null>> {
  const tenant = await ownTenant(parts);
  if (parts.principal.kind !== "scim_client") return { ...tenant, value: null };
  const group = await parts.services.directory.groups.find(parts.scope, id);
  if (!group) throw notFound();
  return { ...tenant, value: group };
}

export function required<T>(value: T | null): T {
  if (value === null) throw notFound();
  return value;
}
