import {
  AcceptTermsRequest,
  Ok,
  TenantSlugParams,
  TermsOfUseInput,
  TermsOfUseListResponse,
  TermsOfUseParams,
  TermsOfUseResponse,
} from "@engawa/shared";
import { defineRoute } from "../../gateway/defineRoute.ts";
import { tenantBySlug } from "../../gateway/resources.ts";
import { currentRequest } from "../../platform/context.ts";
import { ofKind } from "../identity/index.ts";

const BASE = "/api/t/:tenant/conditional-access/terms";

/**
 * Terms of use: the admins write them (with the policies, same actions); everyone reads the ones
 * asked of them and accepts — account steps outside every app, so a policy asking for terms can
 * always be satisfied.
 */
export const termsRoutes = [
  defineRoute({
    method: "GET",
    url: BASE,
    summary: "The organisation's terms of use, with their current versions",
    action: "conditional_access.read",
    schema: { params: TenantSlugParams, response: TermsOfUseListResponse },
    resource: (parts) => tenantBySlug(parts, parts.params.tenant),
    handler: async (ctx) => ({ terms: await ctx.services.conditionalAccess.terms.list(ctx.scope) }),
  }),
  defineRoute({
    method: "POST",
    url: BASE,
    summary: "Write new terms of use (version 1)",
    action: "conditional_access.update",
    status: 201,
    schema: { params: TenantSlugParams, body: TermsOfUseInput, response: TermsOfUseResponse },
    resource: (parts) => tenantBySlug(parts, parts.params.tenant),
    handler: async (ctx) => ({
      terms: await ctx.services.conditionalAccess.terms.save(
        ctx.scope,
        null,
        ctx.body,
        currentRequest(),
      ),
    }),
  }),
  defineRoute({
    method: "PUT",
    url: `${BASE}/:termsId`,
    summary: "Change terms of use: new words are a new version, which everyone accepts again",
    action: "conditional_access.update",
    schema: { params: TermsOfUseParams, body: TermsOfUseInput, response: TermsOfUseResponse },
    resource: (parts) => tenantBySlug(parts, parts.params.tenant),
    handler: async (ctx) => ({
      terms: await ctx.services.conditionalAccess.terms.save(
        ctx.scope,
        ctx.params.termsId,
        ctx.body,
        currentRequest(),
      ),
    }),
  }),
  defineRoute({
    method: "DELETE",
    url: `${BASE}/:termsId`,
    summary: "Delete terms of use no policy asks for",
    action: "conditional_access.update",
    schema: { params: TermsOfUseParams, response: Ok },
    resource: (parts) => tenantBySlug(parts, parts.params.tenant),
    handler: async (ctx) => {
      await ctx.services.conditionalAccess.terms.delete(
        ctx.scope,
        ctx.params.termsId,
        currentRequest(),
      );
      return { ok: true as const };
    },
  }),
  defineRoute({
    method: "GET",
    url: "/api/t/:tenant/terms/required",
    summary:
      "The terms of use the organisation's policies ask the caller to accept, not yet accepted",
    action: "terms.required",
    schema: { params: TenantSlugParams, response: TermsOfUseListResponse },
    resource: (parts) => tenantBySlug(parts, parts.params.tenant),
    handler: async (ctx) => {
      const { user } = ofKind(ctx.principal, "user");
      return {
        terms: await ctx.services.conditionalAccess.requiredTerms(ctx.scope, {
          id: user.id,
          role: user.role,
          acceptedTerms: user.acceptedTerms,
        }),
      };
    },
  }),
  defineRoute({
    method: "POST",
    url: "/api/t/:tenant/terms/:termsId/accept",
    summary: "Accept the version of the terms of use that was read",
    action: "terms.accept",
    schema: { params: TermsOfUseParams, body: AcceptTermsRequest, response: Ok },
    resource: (parts) => tenantBySlug(parts, parts.params.tenant),
    handler: async (ctx) => {
      await ctx.services.conditionalAccess.terms.accept(
        ctx.scope,
        ofKind(ctx.principal, "user").user.id,
        ctx.params.termsId,
        ctx.body.version,
        currentRequest(),
      );
      return { ok: true as const };
    },
  }),
];
