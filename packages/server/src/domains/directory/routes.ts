import {
  CreateScimTokenRequest,
  GroupsResponse,
  ScimTokenListResponse,
  ScimTokenParams,
  ScimTokenResponse,
  ScimTokenSecretResponse,
  TenantSlugParams,
} from "@engawa/shared";
import { defineRoute } from "../../gateway/defineRoute.ts";
import { tenantBySlug } from "../../gateway/resources.ts";

/** The admin page's routes for SCIM tokens ("Provisioning (SCIM)") and the groups it provisioned. */
export const scimTokenRoutes = [
  defineRoute({
    method: "GET",
    url: "/api/t/:tenant/groups",
    summary:
      "The organisation's groups (provisioned over SCIM) and their sizes, for policy assignments",
    action: "group.list",
    schema: { params: TenantSlugParams, response: GroupsResponse },
    resource: (parts) => tenantBySlug(parts, parts.params.tenant),
    handler: async (ctx) => ({
      groups: await ctx.services.directory.store.groupSummaries(ctx.scope),
    }),
  }),
  defineRoute({
    method: "GET",
    url: "/api/t/:tenant/scim-tokens",
    summary: "The organisation's SCIM tokens (never their secrets) and the SCIM base URL",
    action: "scim.token.list",
    schema: { params: TenantSlugParams, response: ScimTokenListResponse },
    resource: (parts) => tenantBySlug(parts, parts.params.tenant),
    handler: async (ctx) => ({
      baseUrl: ctx.services.directory.baseUrl,
      tokens: await ctx.services.directory.tokens.list(ctx.scope),
    }),
  }),
  defineRoute({
    method: "POST",
    url: "/api/t/:tenant/scim-tokens",
    summary: "Create a SCIM token; its secret is returned once",
    action: "scim.token.create",
    status: 201,
    schema: {
      params: TenantSlugParams,
      body: CreateScimTokenRequest,
      response: ScimTokenSecretResponse,
    },
    resource: (parts) => tenantBySlug(parts, parts.params.tenant),
    handler: (ctx) => ctx.services.directory.tokens.create(ctx.scope, ctx.body.name),
  }),
  defineRoute({
    method: "POST",
    url: "/api/t/:tenant/scim-tokens/:tokenId/rotate",
    summary: "Replace a SCIM token's secret; the old secret stops working at once",
    action: "scim.token.rotate",
    schema: { params: ScimTokenParams, response: ScimTokenSecretResponse },
    resource: (parts) => tenantBySlug(parts, parts.params.tenant),
    handler: (ctx) => ctx.services.directory.tokens.rotate(ctx.scope, ctx.params.tokenId),
  }),
  defineRoute({
    method: "POST",
    url: "/api/t/:tenant/scim-tokens/:tokenId/revoke",
    summary: "Revoke a SCIM token",
    action: "scim.token.revoke",
    schema: { params: ScimTokenParams, response: ScimTokenResponse },
    resource: (parts) => tenantBySlug(parts, parts.params.tenant),
    handler: async (ctx) => ({
      token: await ctx.services.directory.tokens.revoke(ctx.scope, ctx.params.tokenId),
    }),
  }),
];
