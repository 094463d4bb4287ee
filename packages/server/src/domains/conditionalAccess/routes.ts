import {
  CaPoliciesResponse,
  LabelsResponse,
  PutLabelsRequest,
  CaPolicyInput,
  CaPolicyParams,
  CaPolicyResponse,
  NamedLocationInput,
  NamedLocationParams,
  NamedLocationResponse,
  NamedLocationsResponse,
  Ok,
  TenantSlugParams,
  WhatIfRequest,
  WhatIfResponse,
} from "@engawa/shared";
import { defineRoute } from "../../gateway/defineRoute.ts";
import { tenantBySlug } from "../../gateway/resources.ts";
import { currentRequest } from "../../platform/context.ts";
import { AppError } from "../../platform/errors.ts";
import { presentLocation, presentPolicy, presentWhatIf } from "./presenters.ts";

const BASE = "/api/t/:tenant/conditional-access";

export const conditionalAccessRoutes = [
  defineRoute({
    method: "GET",
    url: `${BASE}/policies`,
    summary: "Conditional-access policies with their report-only results of the last 30 days",
    action: "conditional_access.read",
    schema: { params: TenantSlugParams, response: CaPoliciesResponse },
    resource: (parts) => tenantBySlug(parts, parts.params.tenant),
    handler: async (ctx) => ({
      policies: (await ctx.services.conditionalAccess.policies(ctx.scope)).map(presentPolicy),
    }),
  }),
  defineRoute({
    method: "POST",
    url: `${BASE}/policies`,
    summary: "Create a conditional-access policy (refused if it would block every administrator)",
    action: "conditional_access.update",
    status: 201,
    schema: { params: TenantSlugParams, body: CaPolicyInput, response: CaPolicyResponse },
    resource: (parts) => tenantBySlug(parts, parts.params.tenant),
    handler: async (ctx) => ({
      policy: presentPolicy(
        await ctx.services.conditionalAccess.savePolicy(
          ctx.scope,
          null,
          ctx.body,
          currentRequest(),
        ),
      ),
    }),
  }),
  defineRoute({
    method: "PUT",
    url: `${BASE}/policies/:policyId`,
    summary: "Change a conditional-access policy (refused if it would block every administrator)",
    action: "conditional_access.update",
    schema: { params: CaPolicyParams, body: CaPolicyInput, response: CaPolicyResponse },
    resource: (parts) => tenantBySlug(parts, parts.params.tenant),
    handler: async (ctx) => ({
      policy: presentPolicy(
        await ctx.services.conditionalAccess.savePolicy(
          ctx.scope,
          ctx.params.policyId,
          ctx.body,
          currentRequest(),
        ),
      ),
    }),
  }),
  defineRoute({
    method: "DELETE",
    url: `${BASE}/policies/:policyId`,
    summary: "Delete a conditional-access policy",
    action: "conditional_access.update",
    schema: { params: CaPolicyParams, response: Ok },
    resource: (parts) => tenantBySlug(parts, parts.params.tenant),
    handler: async (ctx) => {
      await ctx.services.conditionalAccess.deletePolicy(
        ctx.scope,
        ctx.params.policyId,
        currentRequest(),
      );
      return { ok: true as const };
    },
  }),
  defineRoute({
    method: "GET",
    url: `${BASE}/locations`,
    summary: "Named locations: address ranges (trusted or not) and countries",
    action: "conditional_access.read",
    schema: { params: TenantSlugParams, response: NamedLocationsResponse },
    resource: (parts) => tenantBySlug(parts, parts.params.tenant),
    handler: async (ctx) => ({
      locations: (await ctx.services.conditionalAccess.locations(ctx.scope)).map(presentLocation),
    }),
  }),
  defineRoute({
    method: "POST",
    url: `${BASE}/locations`,
    summary: "Create a named location",
    action: "conditional_access.update",
    status: 201,
    schema: { params: TenantSlugParams, body: NamedLocationInput, response: NamedLocationResponse },
    resource: (parts) => tenantBySlug(parts, parts.params.tenant),
    handler: async (ctx) => ({
      location: presentLocation(
        await ctx.services.conditionalAccess.saveLocation(
          ctx.scope,
          null,
          ctx.body,
          currentRequest(),
        ),
      ),
    }),
  }),
  defineRoute({
    method: "PUT",
    url: `${BASE}/locations/:locationId`,
    summary: "Change a named location",
    action: "conditional_access.update",
    schema: {
      params: NamedLocationParams,
      body: NamedLocationInput,
      response: NamedLocationResponse,
    },
    resource: (parts) => tenantBySlug(parts, parts.params.tenant),
    handler: async (ctx) => ({
      location: presentLocation(
        await ctx.services.conditionalAccess.saveLocation(
          ctx.scope,
          ctx.params.locationId,
          ctx.body,
          currentRequest(),
        ),
      ),
    }),
  }),
  defineRoute({
    method: "DELETE",
    url: `${BASE}/locations/:locationId`,
    summary: "Delete a named location no policy uses",
    action: "conditional_access.update",
    schema: { params: NamedLocationParams, response: Ok },
    resource: (parts) => tenantBySlug(parts, parts.params.tenant),
    handler: async (ctx) => {
      await ctx.services.conditionalAccess.deleteLocation(
        ctx.scope,
        ctx.params.locationId,
        currentRequest(),
      );
      return { ok: true as const };
    },
  }),
  defineRoute({
    method: "GET",
    url: "/api/t/:tenant/labels",
    summary: "The organisation's sensitivity labels, least sensitive first",
    action: "label.list",
    schema: { params: TenantSlugParams, response: LabelsResponse },
    resource: (parts) => tenantBySlug(parts, parts.params.tenant),
    handler: (ctx) => ctx.services.conditionalAccess.labels(ctx.scope),
  }),
  defineRoute({
    method: "PUT",
    url: "/api/t/:tenant/labels",
    summary:
      "Replace the organisation's sensitivity labels (least sensitive first); a label on a team cannot be removed",
    action: "label.update",
    schema: { params: TenantSlugParams, body: PutLabelsRequest, response: LabelsResponse },
    resource: (parts) => tenantBySlug(parts, parts.params.tenant),
    handler: (ctx) =>
      ctx.services.conditionalAccess.saveLabels(
        ctx.scope,
        ctx.body,
        async (ids) =>
          (await ctx.services.collaboration.store.labelled(ctx.scope, ids)) +
          (await ctx.services.meetings.labelled(ctx.scope, ids)),
        currentRequest(),
      ),
  }),
  defineRoute({
    method: "POST",
    url: `${BASE}/what-if`,
    summary:
      "What-If: which policies would apply to a sign-in, their results, and for each that would not, the first condition that did not hold",
    action: "conditional_access.what_if",
    schema: { params: TenantSlugParams, body: WhatIfRequest, response: WhatIfResponse },
    resource: (parts) => tenantBySlug(parts, parts.params.tenant),
    handler: async (ctx) => {
      const user = await ctx.services.identity.store.user(ctx.scope, ctx.body.userId);
      if (!user)
        throw new AppError("invalid_request", "No such person in this organisation.", {
          field: "userId",
        });
      return presentWhatIf(
        await ctx.services.conditionalAccess.whatIf(
          ctx.scope,
          { id: user.id, role: user.role },
          ctx.body,
        ),
      );
    },
  }),
];
