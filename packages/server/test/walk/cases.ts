import { randomUUID } from "node:crypto";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import type { InjectOptions } from "fastify";
import { WEB_DIST } from "../../src/gateway/webClient.ts";
import { scopeFor } from "../../src/platform/scope.ts";
import { PASSWORD, type World } from "../fixtures.ts";
import type { TestApp } from "../testApp.ts";
import type { Who } from "./principals.ts";
import { GROUP_SCHEMA, PATCH_SCHEMA, USER_SCHEMA } from "../scimClient.ts";

export interface WalkRequest {
  method: InjectOptions["method"];
  url: string;
  body?: unknown;
}

export interface WalkContext {
  t: TestApp;
  world: World;
}

/**
 * How to exercise one route with real resources: `prepare` makes what the request acts on (fresh
 * each time, because the positive control may change it) and returns a schema-valid request.
 */
export interface HttpCase {
  prepare: (ctx: WalkContext) => Promise<WalkRequest>;
  /** The principal whose request must succeed (the positive control). */
  allowed: Who;
  status: number;
  /** Same-tenant principals without the grant: 403 (404 where the route hides existence). */
  denied: Who[];
  /** Tenant-scoped: a principal of another tenant gets 404. */
  crossTenant: boolean;
}

async function invitedUser(ctx: WalkContext, role: "member" | "owner" = "member"): Promise<string> {
  const scope = scopeFor({ type: "system", reason: "walk fixture" }, ctx.world.a.id);
  const invitation = await ctx.t.services.identity.invite(scope, {
    email: `${randomUUID()}@acme.example`,
    displayName: "Walk",
    role,
  });
  return invitation.user.id;
}

async function activeMember(ctx: WalkContext): Promise<string> {
  const scope = scopeFor({ type: "system", reason: "walk fixture" }, ctx.world.a.id);
  const passwordHash = await ctx.t.services.identity.hashNewPassword(PASSWORD);
  const user = await ctx.t.services.identity.createActiveUser(scope, {
    email: `${randomUUID()}@acme.example`,
    displayName: "Walk",
    role: "member",
    passwordHash,
  });
  return user.id;
}

async function invitationToken(ctx: WalkContext): Promise<string> {
  const scope = scopeFor({ type: "system", reason: "walk fixture" }, ctx.world.a.id);
  const invitation = await ctx.t.services.identity.invite(scope, {
    email: `${randomUUID()}@acme.example`,
    displayName: "Walk",
    role: "member",
  });
  return new URL(invitation.inviteUrl).hash.replace("#token=", "");
}

const fixtureScope = (ctx: WalkContext) =>
  scopeFor({ type: "system", reason: "walk fixture" }, ctx.world.a.id);

/** A user of acme as the provisioning client would have created it. */
async function provisionedUser(ctx: WalkContext): Promise<string> {
  const user = await ctx.t.services.identity.provisionUser(fixtureScope(ctx), {
    email: `${randomUUID()}@acme.example`,
    displayName: "Provisioned",
    active: true,
  });
  return user.id;
}

async function provisionedGroup(ctx: WalkContext): Promise<string> {
  const group = await ctx.t.services.directory.groups.create(fixtureScope(ctx), {
    schemas: [GROUP_SCHEMA],
    displayName: `Group ${randomUUID()}`,
  });
  return group.id;
}

async function scimTokenId(ctx: WalkContext): Promise<string> {
  const created = await ctx.t.services.directory.tokens.create(fixtureScope(ctx), "Walk IdP");
  return created.token.id;
}

function firstAsset(): string {
  const dir = path.join(WEB_DIST, "assets");
  if (!existsSync(dir))
    throw new Error("The web client is not built: run `npm run build` first (npm test does).");
  const name = readdirSync(dir)[0];
  if (!name) throw new Error("web/dist/assets is empty");
  return name;
}

const tenantAdmin = {
  allowed: "admin" as Who,
  denied: ["member", "guest", "operator"] as Who[],
  crossTenant: true,
};
const asOwner = {
  allowed: "owner" as Who,
  denied: ["member", "guest", "operator"] as Who[],
  crossTenant: true,
};
/** The tenant's provisioning client; signed-in people (even admins) and operators are refused by policy. */
const scimClient = {
  allowed: "scim" as Who,
  denied: ["admin", "member", "operator"] as Who[],
  crossTenant: false,
};
const scimItem = { ...scimClient, crossTenant: true };
const operatorOnly = {
  allowed: "operator" as Who,
  denied: ["owner", "admin", "member"] as Who[],
  crossTenant: false,
};

/** Every HTTP route of the public server. The walk fails if a route is missing here. */
export const HTTP_CASES: Record<string, HttpCase> = {
  "GET /healthz": {
    prepare: async () => ({ method: "GET", url: "/healthz" }),
    allowed: "anonymous",
    status: 200,
    denied: [],
    crossTenant: false,
  },
  "GET /api/openapi.json": {
    prepare: async () => ({ method: "GET", url: "/api/openapi.json" }),
    allowed: "anonymous",
    status: 200,
    denied: [],
    crossTenant: false,
  },
  "GET /api/setup": {
    prepare: async () => ({ method: "GET", url: "/api/setup" }),
    allowed: "anonymous",
    status: 200,
    denied: [],
    crossTenant: false,
  },
  "POST /api/setup": {
    // Setup ran in the walk's beforeAll (the positive control); afterwards the same valid request is refused.
    prepare: async () => ({
      method: "POST",
      url: "/api/setup",
      body: {
        token: "x".repeat(43),
        operator: { email: "second@engawa.example", displayName: "Second", password: PASSWORD },
        tenant: { name: "Second", slug: "second" },
        owner: { email: "owner@second.example", displayName: "Owner" },
      },
    }),
    allowed: "anonymous",
    status: 409,
    denied: [],
    crossTenant: false,
  },
  "POST /api/auth/sign-in": {
    prepare: async (ctx) => ({
      method: "POST",
      url: "/api/auth/sign-in",
      body: { tenant: "acme", email: ctx.world.a.users.guest.email, password: PASSWORD },
    }),
    allowed: "anonymous",
    status: 200,
    denied: [],
    crossTenant: false,
  },
  "POST /api/auth/sign-out": {
    prepare: async () => ({ method: "POST", url: "/api/auth/sign-out" }),
    allowed: "guest",
    status: 200,
    denied: ["operator"],
    crossTenant: false,
  },
  "GET /api/me": {
    prepare: async () => ({ method: "GET", url: "/api/me" }),
    allowed: "member",
    status: 200,
    denied: ["operator"],
    crossTenant: false,
  },
  "POST /api/operator/auth/sign-in": {
    prepare: async (ctx) => ({
      method: "POST",
      url: "/api/operator/auth/sign-in",
      body: { email: ctx.world.operator.email, password: PASSWORD },
    }),
    allowed: "anonymous",
    status: 200,
    denied: [],
    crossTenant: false,
  },
  "POST /api/operator/auth/sign-out": {
    prepare: async () => ({ method: "POST", url: "/api/operator/auth/sign-out" }),
    ...operatorOnly,
    status: 200,
  },
  "GET /api/operator/me": {
    prepare: async () => ({ method: "GET", url: "/api/operator/me" }),
    ...operatorOnly,
    status: 200,
  },
  "POST /api/invitations/inspect": {
    prepare: async (ctx) => ({
      method: "POST",
      url: "/api/invitations/inspect",
      body: { token: await invitationToken(ctx) },
    }),
    allowed: "anonymous",
    status: 200,
    denied: [],
    crossTenant: false,
  },
  "POST /api/invitations/accept": {
    prepare: async (ctx) => ({
      method: "POST",
      url: "/api/invitations/accept",
      body: { token: await invitationToken(ctx), displayName: "Accepted", password: PASSWORD },
    }),
    allowed: "anonymous",
    status: 200,
    denied: [],
    crossTenant: false,
  },
  "GET /api/t/:tenant/users": {
    prepare: async () => ({ method: "GET", url: "/api/t/acme/users" }),
    ...tenantAdmin,
    status: 200,
  },
  "POST /api/t/:tenant/users": {
    prepare: async () => ({
      method: "POST",
      url: "/api/t/acme/users",
      body: { email: `${randomUUID()}@acme.example`, displayName: "New", role: "member" },
    }),
    ...tenantAdmin,
    status: 201,
  },
  "POST /api/t/:tenant/users/:userId/invitation": {
    prepare: async (ctx) => ({
      method: "POST",
      url: `/api/t/acme/users/${await invitedUser(ctx)}/invitation`,
    }),
    ...tenantAdmin,
    status: 200,
  },
  "PUT /api/t/:tenant/users/:userId/role": {
    prepare: async (ctx) => ({
      method: "PUT",
      url: `/api/t/acme/users/${await activeMember(ctx)}/role`,
      body: { role: "guest" },
    }),
    ...tenantAdmin,
    status: 200,
  },
  "POST /api/t/:tenant/users/:userId/disable": {
    prepare: async (ctx) => ({
      method: "POST",
      url: `/api/t/acme/users/${await activeMember(ctx)}/disable`,
    }),
    ...tenantAdmin,
    status: 200,
  },
  "POST /api/t/:tenant/users/:userId/enable": {
    prepare: async (ctx) => {
      const id = await activeMember(ctx);
      const scope = scopeFor({ type: "system", reason: "walk fixture" }, ctx.world.a.id);
      const user = await ctx.t.services.identity.store.user(scope, id);
      if (user) await ctx.t.services.identity.disable(scope, user);
      return { method: "POST", url: `/api/t/acme/users/${id}/enable` };
    },
    ...tenantAdmin,
    status: 200,
  },
  "GET /api/t/:tenant/settings": {
    prepare: async () => ({ method: "GET", url: "/api/t/acme/settings" }),
    ...tenantAdmin,
    status: 200,
  },
  "PUT /api/t/:tenant/settings": {
    prepare: async () => ({
      method: "PUT",
      url: "/api/t/acme/settings",
      body: { sessionIdleMinutes: 30, sessionAbsoluteHours: 12 },
    }),
    ...asOwner,
    status: 200,
  },
  "GET /api/t/:tenant/audit": {
    prepare: async () => ({ method: "GET", url: "/api/t/acme/audit?limit=5" }),
    ...tenantAdmin,
    status: 200,
  },
  "GET /api/t/:tenant/audit/export": {
    prepare: async () => ({ method: "GET", url: "/api/t/acme/audit/export?format=jsonl" }),
    ...tenantAdmin,
    status: 200,
  },
  "GET /api/t/:tenant/audit/checkpoint": {
    prepare: async () => ({ method: "GET", url: "/api/t/acme/audit/checkpoint" }),
    ...tenantAdmin,
    status: 200,
  },
  "GET /api/operator/tenants": {
    prepare: async () => ({ method: "GET", url: "/api/operator/tenants" }),
    ...operatorOnly,
    status: 200,
  },
  "POST /api/operator/tenants": {
    prepare: async () => {
      const slug = `t-${randomUUID().slice(0, 8)}`;
      return {
        method: "POST",
        url: "/api/operator/tenants",
        body: {
          name: "Walk Org",
          slug,
          owner: { email: `owner@${slug}.example`, displayName: "Owner" },
        },
      };
    },
    ...operatorOnly,
    status: 201,
  },
  "POST /api/operator/tenants/:tenantId/owner-invitation": {
    prepare: async (ctx) => {
      const slug = `t-${randomUUID().slice(0, 8)}`;
      const created = await ctx.t.services.deployment.tenants.create(
        scopeFor({ type: "system", reason: "walk fixture" }, null),
        {
          name: "Pending Org",
          slug,
          owner: { email: `owner@${slug}.example`, displayName: "Owner" },
        },
      );
      return { method: "POST", url: `/api/operator/tenants/${created.tenant.id}/owner-invitation` };
    },
    // The tenant is not theirs: tenant users get 404 here, as for any other tenant's resource.
    allowed: "operator",
    denied: [],
    crossTenant: true,
    status: 200,
  },
  "POST /api/operator/tenants/:tenantId/keys/rotate": {
    prepare: async (ctx) => ({
      method: "POST",
      url: `/api/operator/tenants/${ctx.world.a.id}/keys/rotate`,
    }),
    ...operatorOnly,
    status: 200,
  },
  "GET /api/ws": {
    // Without an upgrade header the route answers 400; the WebSocket handshake itself is walked separately.
    prepare: async () => ({ method: "GET", url: "/api/ws" }),
    allowed: "member",
    status: 400,
    denied: ["operator"],
    crossTenant: false,
  },
  "GET /api/t/:tenant/scim-tokens": {
    prepare: async () => ({ method: "GET", url: "/api/t/acme/scim-tokens" }),
    ...tenantAdmin,
    status: 200,
  },
  "POST /api/t/:tenant/scim-tokens": {
    prepare: async () => ({
      method: "POST",
      url: "/api/t/acme/scim-tokens",
      body: { name: "IdP" },
    }),
    ...tenantAdmin,
    status: 201,
  },
  "POST /api/t/:tenant/scim-tokens/:tokenId/rotate": {
    prepare: async (ctx) => ({
      method: "POST",
      url: `/api/t/acme/scim-tokens/${await scimTokenId(ctx)}/rotate`,
    }),
    ...tenantAdmin,
    status: 200,
  },
  "POST /api/t/:tenant/scim-tokens/:tokenId/revoke": {
    prepare: async (ctx) => ({
      method: "POST",
      url: `/api/t/acme/scim-tokens/${await scimTokenId(ctx)}/revoke`,
    }),
    ...tenantAdmin,
    status: 200,
  },
  "GET /scim/v2/ServiceProviderConfig": {
    prepare: async () => ({ method: "GET", url: "/scim/v2/ServiceProviderConfig" }),
    ...scimClient,
    status: 200,
  },
  "GET /scim/v2/ResourceTypes": {
    prepare: async () => ({ method: "GET", url: "/scim/v2/ResourceTypes" }),
    ...scimClient,
    status: 200,
  },
  "GET /scim/v2/Schemas": {
    prepare: async () => ({ method: "GET", url: "/scim/v2/Schemas" }),
    ...scimClient,
    status: 200,
  },
  "GET /scim/v2/Users": {
    prepare: async () => ({ method: "GET", url: "/scim/v2/Users?startIndex=1&count=10" }),
    ...scimClient,
    status: 200,
  },
  "POST /scim/v2/Users": {
    prepare: async () => ({
      method: "POST",
      url: "/scim/v2/Users",
      body: { schemas: [USER_SCHEMA], userName: `${randomUUID()}@acme.example` },
    }),
    ...scimClient,
    status: 201,
  },
  "GET /scim/v2/Users/:id": {
    prepare: async (ctx) => ({
      method: "GET",
      url: `/scim/v2/Users/${await provisionedUser(ctx)}`,
    }),
    ...scimItem,
    status: 200,
  },
  "PUT /scim/v2/Users/:id": {
    prepare: async (ctx) => ({
      method: "PUT",
      url: `/scim/v2/Users/${await provisionedUser(ctx)}`,
      body: { schemas: [USER_SCHEMA], userName: `${randomUUID()}@acme.example` },
    }),
    ...scimItem,
    status: 200,
  },
  "PATCH /scim/v2/Users/:id": {
    prepare: async (ctx) => ({
      method: "PATCH",
      url: `/scim/v2/Users/${await provisionedUser(ctx)}`,
      body: {
        schemas: [PATCH_SCHEMA],
        Operations: [{ op: "replace", path: "active", value: false }],
      },
    }),
    ...scimItem,
    status: 200,
  },
  "DELETE /scim/v2/Users/:id": {
    prepare: async (ctx) => ({
      method: "DELETE",
      url: `/scim/v2/Users/${await provisionedUser(ctx)}`,
    }),
    ...scimItem,
    status: 204,
  },
  "GET /scim/v2/Groups": {
    prepare: async () => ({ method: "GET", url: "/scim/v2/Groups" }),
    ...scimClient,
    status: 200,
  },
  "POST /scim/v2/Groups": {
    prepare: async () => ({
      method: "POST",
      url: "/scim/v2/Groups",
      body: { schemas: [GROUP_SCHEMA], displayName: `Group ${randomUUID()}` },
    }),
    ...scimClient,
    status: 201,
  },
  "GET /scim/v2/Groups/:id": {
    prepare: async (ctx) => ({
      method: "GET",
      url: `/scim/v2/Groups/${await provisionedGroup(ctx)}`,
    }),
    ...scimItem,
    status: 200,
  },
  "PUT /scim/v2/Groups/:id": {
    prepare: async (ctx) => ({
      method: "PUT",
      url: `/scim/v2/Groups/${await provisionedGroup(ctx)}`,
      body: { schemas: [GROUP_SCHEMA], displayName: `Group ${randomUUID()}` },
    }),
    ...scimItem,
    status: 200,
  },
  "PATCH /scim/v2/Groups/:id": {
    prepare: async (ctx) => ({
      method: "PATCH",
      url: `/scim/v2/Groups/${await provisionedGroup(ctx)}`,
      body: {
        schemas: [PATCH_SCHEMA],
        Operations: [
          { op: "add", path: "members", value: [{ value: await provisionedUser(ctx) }] },
        ],
      },
    }),
    ...scimItem,
    status: 200,
  },
  "DELETE /scim/v2/Groups/:id": {
    prepare: async (ctx) => ({
      method: "DELETE",
      url: `/scim/v2/Groups/${await provisionedGroup(ctx)}`,
    }),
    ...scimItem,
    status: 204,
  },
  "GET /assets/*": {
    prepare: async () => ({ method: "GET", url: `/assets/${firstAsset()}` }),
    allowed: "anonymous",
    status: 200,
    denied: [],
    crossTenant: false,
  },
  "GET /*": {
    prepare: async () => ({ method: "GET", url: "/admin/users" }),
    allowed: "anonymous",
    status: 200,
    denied: [],
    crossTenant: false,
  },
};

export { invitedUser, activeMember };
