import {
  CreateTenantRequest,
  KeyRotationResponse,
  OwnerInviteResponse,
  SetupRequest,
  SetupStatusResponse,
  TenantCreatedResponse,
  TenantIdParams,
  TenantListResponse,
} from "@engawa/shared";
import { defineRoute } from "../../gateway/defineRoute.ts";
import { deployment, tenantById } from "../../gateway/resources.ts";

export const deploymentRoutes = [
  defineRoute({
    method: "GET",
    url: "/api/setup",
    summary: "Whether first-run setup is still needed",
    public: "first-run setup page must know whether to show itself",
    schema: { response: SetupStatusResponse },
    handler: async (ctx) => ({ required: await ctx.services.deployment.setup.required() }),
  }),
  defineRoute({
    method: "POST",
    url: "/api/setup",
    summary: "First-run setup: the first operator, tenant and owner invitation",
    public: "first-run setup: the one-time token printed on the console is the credential",
    status: 201,
    schema: { body: SetupRequest, response: TenantCreatedResponse },
    handler: (ctx) => ctx.services.deployment.setup.complete(ctx.body),
  }),
  defineRoute({
    method: "GET",
    url: "/api/operator/tenants",
    summary: "Every tenant's name, ID and status (no content)",
    action: "tenant.list",
    schema: { response: TenantListResponse },
    resource: deployment,
    handler: async (ctx) => ({ tenants: await ctx.services.deployment.tenants.list(ctx.scope) }),
  }),
  defineRoute({
    method: "POST",
    url: "/api/operator/tenants",
    summary: "Create a tenant; returns its owner's one-time invitation link",
    action: "tenant.create",
    status: 201,
    schema: { body: CreateTenantRequest, response: TenantCreatedResponse },
    resource: deployment,
    handler: (ctx) => ctx.services.deployment.tenants.create(ctx.scope, ctx.body),
  }),
  defineRoute({
    method: "POST",
    url: "/api/operator/tenants/:tenantId/owner-invitation",
    summary: "A new invitation link for a tenant's owner who has not accepted yet",
    action: "tenant.owner_invite.renew",
    schema: { params: TenantIdParams, response: OwnerInviteResponse },
    resource: (parts) => tenantById(parts, parts.params.tenantId),
    handler: (ctx) => ctx.services.deployment.tenants.renewOwnerInvitation(ctx.scope, ctx.resource),
  }),
  defineRoute({
    method: "POST",
    url: "/api/operator/tenants/:tenantId/keys/rotate",
    summary:
      "Rotate the tenant's key-encryption key (re-wraps data keys; content is not re-encrypted)",
    action: "tenant.keys.rotate",
    schema: { params: TenantIdParams, response: KeyRotationResponse },
    resource: (parts) => tenantById(parts, parts.params.tenantId),
    handler: (ctx) => ctx.services.deployment.keys.rotateTenant(ctx.scope, ctx.resource),
  }),
];
