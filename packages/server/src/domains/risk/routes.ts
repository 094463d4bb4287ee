import {
  OwnSignInsResponse,
  RiskSettings,
  RiskSettingsResponse,
  RiskySignInsQuery,
  RiskySignInsResponse,
  RiskyUserResponse,
  RiskyUsersResponse,
  TenantSlugParams,
  UserParams,
} from "@engawa/shared";
import { defineRoute } from "../../gateway/defineRoute.ts";
import { ownUser, tenantBySlug, tenantUser } from "../../gateway/resources.ts";
import { currentRequest } from "../../platform/context.ts";
import { AppError } from "../../platform/errors.ts";
import {
  confirmCompromised,
  dismissUserRisk,
  ownSignIns,
  reportLeaked,
  riskySignIns,
  riskyUser,
  riskyUsers,
} from "./riskAdmin.ts";
import { checkRanges } from "./settingsCheck.ts";

export const riskRoutes = [
  defineRoute({
    method: "GET",
    url: "/api/me/sign-ins",
    summary:
      "The user's own sign-ins of the last 30 days: when, place, network, browser, what was asked",
    action: "risk.own_signins.read",
    schema: { response: OwnSignInsResponse },
    resource: ownUser,
    handler: async (ctx) => {
      const principal = ctx.principal;
      if (principal.kind !== "user") throw new AppError("not_found", "Not found.");
      return {
        signIns: await ownSignIns(ctx.services.risk.adminDeps, ctx.scope, principal.user.id),
      };
    },
  }),
  defineRoute({
    method: "GET",
    url: "/api/t/:tenant/risk/sign-ins",
    summary: "Sign-ins with their risk, detections and evidence (risky ones, or all with `all`)",
    action: "risk.signins.read",
    schema: {
      params: TenantSlugParams,
      querystring: RiskySignInsQuery,
      response: RiskySignInsResponse,
    },
    resource: (parts) => tenantBySlug(parts, parts.params.tenant),
    handler: async (ctx) => ({
      signIns: await riskySignIns(ctx.services.risk.adminDeps, ctx.scope, ctx.query),
    }),
  }),
  defineRoute({
    method: "GET",
    url: "/api/t/:tenant/risk/users",
    summary: "Users with open risk detections, highest risk first",
    action: "risk.users.read",
    schema: { params: TenantSlugParams, response: RiskyUsersResponse },
    resource: (parts) => tenantBySlug(parts, parts.params.tenant),
    handler: async (ctx) => ({ users: await riskyUsers(ctx.services.risk.adminDeps, ctx.scope) }),
  }),
  defineRoute({
    method: "GET",
    url: "/api/t/:tenant/risk/settings",
    summary: "Detection levels, the built-in risk policies and the organisation's address lists",
    action: "risk.settings.read",
    schema: { params: TenantSlugParams, response: RiskSettingsResponse },
    resource: (parts) => tenantBySlug(parts, parts.params.tenant),
    handler: async (ctx) => ({
      settings: await ctx.services.risk.settings(tenantScopeOf(ctx.scope)),
    }),
  }),
  defineRoute({
    method: "PUT",
    url: "/api/t/:tenant/risk/settings",
    summary: "Change the detection levels, the built-in risk policies and the address lists",
    action: "risk.settings.update",
    schema: { params: TenantSlugParams, body: RiskSettings, response: RiskSettingsResponse },
    resource: (parts) => tenantBySlug(parts, parts.params.tenant),
    handler: async (ctx) => {
      checkRanges(ctx.body);
      const settings = await ctx.services.risk.updateSettings(
        tenantScopeOf(ctx.scope),
        ctx.body,
        currentRequest(),
      );
      return { settings };
    },
  }),
  defineRoute({
    method: "POST",
    url: "/api/t/:tenant/risk/users/:userId/dismiss",
    summary: "Dismiss a user's risk: the detections were not an attack",
    action: "risk.user.dismiss",
    schema: { params: UserParams, response: RiskyUserResponse },
    resource: (parts) => tenantUser(parts, parts.params.tenant, parts.params.userId),
    handler: async (ctx) => {
      const user = required(ctx.resource);
      await dismissUserRisk(ctx.services.risk.adminDeps, ctx.scope, user.id, currentRequest());
      return { user: await riskyUser(ctx.services.risk.adminDeps, ctx.scope, user) };
    },
  }),
  defineRoute({
    method: "POST",
    url: "/api/t/:tenant/risk/users/:userId/confirm-compromised",
    summary: "Confirm a user compromised: every session ends and the user's risk becomes high",
    action: "risk.user.confirm_compromised",
    schema: { params: UserParams, response: RiskyUserResponse },
    resource: (parts) => tenantUser(parts, parts.params.tenant, parts.params.userId),
    handler: async (ctx) => {
      const user = required(ctx.resource);
      const request = currentRequest();
      const ended = await ctx.services.identity.revokeUserSessions(ctx.scope, user);
      await confirmCompromised(
        ctx.services.risk.adminDeps,
        tenantScopeOf(ctx.scope),
        user.id,
        ended,
        request,
      );
      return { user: await riskyUser(ctx.services.risk.adminDeps, ctx.scope, user) };
    },
  }),
  defineRoute({
    method: "POST",
    url: "/api/t/:tenant/risk/users/:userId/report-leaked",
    summary: "Report that a user's credentials were leaked (leaked credentials, high by default)",
    action: "risk.user.report_leaked",
    schema: { params: UserParams, response: RiskyUserResponse },
    resource: (parts) => tenantUser(parts, parts.params.tenant, parts.params.userId),
    handler: async (ctx) => {
      const user = required(ctx.resource);
      await reportLeaked(
        ctx.services.risk.adminDeps,
        tenantScopeOf(ctx.scope),
        user.id,
        currentRequest(),
      );
      return { user: await riskyUser(ctx.services.risk.adminDeps, ctx.scope, user) };
    },
  }),
];

function required<T>(resource: T | null | undefined): T {
  if (!resource) throw new AppError("not_found", "Not found.");
  return resource;
}

function tenantScopeOf<S extends { tenantId: string | null }>(scope: S): S & { tenantId: string } {
  if (!scope.tenantId) throw new AppError("not_found", "Not found.");
  return scope as S & { tenantId: string };
}
