import {
  ScimGroup,
  ScimGroupList,
  ScimGroupRequest,
  ScimIdParams,
  ScimListQuery,
  ScimPatchRequest,
  ScimUser,
  ScimUserList,
  ScimUserRequest,
} from "@engawa/shared";
import type { FastifyReply } from "fastify";
import { defineRoute } from "../../gateway/defineRoute.ts";
import { ownTenant } from "../../gateway/resources.ts";
import { resourceTypes, schemas, serviceProviderConfig } from "./scim/discovery.ts";
import { required, scimGroup, scimUser } from "./scim/resources.ts";

/**
 * SCIM 2.0 endpoints (RFC 7644) under `/scim/v2`, authenticated by a tenant's bearer token and
 * decided by Cedar like every route. Answers are `application/scim+json` (RFC 7644 §3.1); a
 * created resource's URL is in `Location` (§3.3) and its version in `ETag` (§3.14).
 */
const BASE = "/scim/v2";

function scimReply<T extends object>(reply: FastifyReply, body: T, created = false): T {
  void reply.type("application/scim+json; charset=utf-8");
  if ("meta" in body && "id" in body) {
    const meta = body.meta as { location: string; version: string };
    void reply.header("etag", meta.version);
    if (created) void reply.header("location", meta.location);
  }
  return body;
}

const discovery = (url: string, summary: string, body: (base: string) => object) =>
  defineRoute({
    method: "GET",
    url: `${BASE}/${url}`,
    summary,
    action: "scim.discovery.read",
    schema: {},
    resource: ownTenant,
    handler: async (ctx) => scimReply(ctx.reply, body(ctx.services.directory.baseUrl)),
  });

export const scimRoutes = [
  discovery(
    "ServiceProviderConfig",
    "SCIM service provider configuration (RFC 7644 §5)",
    serviceProviderConfig,
  ),
  discovery("ResourceTypes", "SCIM resource types (RFC 7644 §6)", resourceTypes),
  discovery("Schemas", "SCIM schemas (RFC 7644 §7)", schemas),
  defineRoute({
    method: "GET",
    url: `${BASE}/Users`,
    summary: "SCIM: list users; filter userName eq, startIndex/count paging",
    action: "scim.users.read",
    schema: { querystring: ScimListQuery, response: ScimUserList },
    resource: ownTenant,
    handler: async (ctx) =>
      scimReply(ctx.reply, await ctx.services.directory.users.list(ctx.scope, ctx.query)),
  }),
  defineRoute({
    method: "POST",
    url: `${BASE}/Users`,
    summary: "SCIM: create a user (no password: they sign in through the identity provider)",
    action: "scim.users.write",
    status: 201,
    schema: { body: ScimUserRequest, response: ScimUser },
    resource: ownTenant,
    handler: async (ctx) =>
      scimReply(ctx.reply, await ctx.services.directory.users.create(ctx.scope, ctx.body), true),
  }),
  defineRoute({
    method: "GET",
    url: `${BASE}/Users/:id`,
    summary: "SCIM: one user",
    action: "scim.users.read",
    schema: { params: ScimIdParams, response: ScimUser },
    resource: (parts) => scimUser(parts, parts.params.id),
    handler: async (ctx) =>
      scimReply(ctx.reply, ctx.services.directory.users.present(required(ctx.resource))),
  }),
  defineRoute({
    method: "PUT",
    url: `${BASE}/Users/:id`,
    summary: "SCIM: replace a user",
    action: "scim.users.write",
    schema: { params: ScimIdParams, body: ScimUserRequest, response: ScimUser },
    resource: (parts) => scimUser(parts, parts.params.id),
    handler: async (ctx) =>
      scimReply(
        ctx.reply,
        await ctx.services.directory.users.replace(ctx.scope, required(ctx.resource), ctx.body),
      ),
  }),
  defineRoute({
    method: "PATCH",
    url: `${BASE}/Users/:id`,
    summary: "SCIM: change a user (active=false ends their sessions at once)",
    action: "scim.users.write",
    schema: { params: ScimIdParams, body: ScimPatchRequest, response: ScimUser },
    resource: (parts) => scimUser(parts, parts.params.id),
    handler: async (ctx) =>
      scimReply(
        ctx.reply,
        await ctx.services.directory.users.patch(ctx.scope, required(ctx.resource), ctx.body),
      ),
  }),
  defineRoute({
    method: "DELETE",
    url: `${BASE}/Users/:id`,
    summary: "SCIM: delete a user (disabled and hidden; kept for the audit log)",
    action: "scim.users.write",
    status: 204,
    schema: { params: ScimIdParams },
    resource: (parts) => scimUser(parts, parts.params.id),
    handler: async (ctx) => {
      await ctx.services.directory.users.delete(ctx.scope, required(ctx.resource));
      return undefined;
    },
  }),
  defineRoute({
    method: "GET",
    url: `${BASE}/Groups`,
    summary: "SCIM: list groups; filter displayName eq or externalId eq, paging",
    action: "scim.groups.read",
    schema: { querystring: ScimListQuery, response: ScimGroupList },
    resource: ownTenant,
    handler: async (ctx) =>
      scimReply(ctx.reply, await ctx.services.directory.groups.list(ctx.scope, ctx.query)),
  }),
  defineRoute({
    method: "POST",
    url: `${BASE}/Groups`,
    summary: "SCIM: create a group",
    action: "scim.groups.write",
    status: 201,
    schema: { body: ScimGroupRequest, response: ScimGroup },
    resource: ownTenant,
    handler: async (ctx) =>
      scimReply(ctx.reply, await ctx.services.directory.groups.create(ctx.scope, ctx.body), true),
  }),
  defineRoute({
    method: "GET",
    url: `${BASE}/Groups/:id`,
    summary: "SCIM: one group with its members",
    action: "scim.groups.read",
    schema: { params: ScimIdParams, response: ScimGroup },
    resource: (parts) => scimGroup(parts, parts.params.id),
    handler: async (ctx) =>
      scimReply(
        ctx.reply,
        await ctx.services.directory.groups.present(ctx.scope, required(ctx.resource)),
      ),
  }),
  defineRoute({
    method: "PUT",
    url: `${BASE}/Groups/:id`,
    summary: "SCIM: replace a group and its members",
    action: "scim.groups.write",
    schema: { params: ScimIdParams, body: ScimGroupRequest, response: ScimGroup },
    resource: (parts) => scimGroup(parts, parts.params.id),
    handler: async (ctx) =>
      scimReply(
        ctx.reply,
        await ctx.services.directory.groups.replace(ctx.scope, required(ctx.resource), ctx.body),
      ),
  }),
  defineRoute({
    method: "PATCH",
    url: `${BASE}/Groups/:id`,
    summary: "SCIM: change a group (add/remove/replace members, rename)",
    action: "scim.groups.write",
    schema: { params: ScimIdParams, body: ScimPatchRequest, response: ScimGroup },
    resource: (parts) => scimGroup(parts, parts.params.id),
    handler: async (ctx) =>
      scimReply(
        ctx.reply,
        await ctx.services.directory.groups.patch(ctx.scope, required(ctx.resource), ctx.body),
      ),
  }),
  defineRoute({
    method: "DELETE",
    url: `${BASE}/Groups/:id`,
    summary: "SCIM: delete a group",
    action: "scim.groups.write",
    status: 204,
    schema: { params: ScimIdParams },
    resource: (parts) => scimGroup(parts, parts.params.id),
    handler: async (ctx) => {
      await ctx.services.directory.groups.delete(ctx.scope, required(ctx.resource));
      return undefined;
    },
  }),
];
