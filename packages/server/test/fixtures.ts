import type { TenantRole } from "@engawa/shared";
import type { Services } from "../src/gateway/services.ts";
import { scopeFor, systemScope } from "../src/platform/scope.ts";

export const PASSWORD = "correct horse battery staple";

export interface SeededUser {
  id: string;
  email: string;
  role: TenantRole;
}

export interface SeededTenant {
  id: string;
  slug: string;
  users: Record<"owner" | "admin" | "member" | "guest", SeededUser>;
}

export interface World {
  operator: { id: string; email: string };
  a: SeededTenant;
  b: SeededTenant;
}

const localAdmin = scopeFor({ type: "local_admin", label: "test fixture" }, null);

/**
 * Two tenants (`acme`, `beta`), each with an owner, an admin, a member and a guest who can sign
 * in with {@link PASSWORD}, and one operator — built through the services, as the CLI would.
 */
export async function seedWorld(services: Services): Promise<World> {
  const hash = await services.identity.hashNewPassword(PASSWORD);
  const operator = await services.identity.prepareOperator({
    email: "operator@engawa.example",
    displayName: "Operator",
    password: PASSWORD,
  });
  await services.identity.insertOperator(systemScope("test fixture"), operator);
  const a = await seedTenant(services, "acme", "Acme Hospital", hash);
  const b = await seedTenant(services, "beta", "Beta School", hash);
  return { operator: { id: operator.id, email: operator.email }, a, b };
}

async function seedTenant(
  services: Services,
  slug: string,
  name: string,
  passwordHash: string,
): Promise<SeededTenant> {
  const tenant = await services.deployment.tenants.createWithOwnerPassword(
    localAdmin,
    { name, slug, owner: { email: `owner@${slug}.example`, displayName: `${name} Owner` } },
    passwordHash,
  );
  const scope = scopeFor({ type: "local_admin", label: "test fixture" }, tenant.id);
  const users = {} as SeededTenant["users"];
  for (const role of ["admin", "member", "guest"] as const) {
    const user = await services.identity.createActiveUser(scope, {
      email: `${role}@${slug}.example`,
      displayName: `${role} of ${slug}`,
      role,
      passwordHash,
    });
    users[role] = { id: user.id, email: user.email, role };
  }
  const owner = await services.identity.store.userByEmail(scope, `owner@${slug}.example`);
  if (!owner) throw new Error("owner missing");
  users.owner = { id: owner.id, email: owner.email, role: "owner" };
  return { id: tenant.id, slug, users };
}
