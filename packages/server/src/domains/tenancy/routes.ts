import { TenantSettings, TenantSettingsResponse, TenantSlugParams } from "@engawa/shared";
import { defineRoute } from "../../gateway/defineRoute.ts";
import { tenantBySlug } from "../../gateway/resources.ts";

export const tenancyRoutes = [
  defineRoute({
    method: "GET",
    url: "/api/t/:tenant/settings",
    summary: "The organisation's settings (session limits)",
    action: "tenant.settings.read",
    schema: { params: TenantSlugParams, response: TenantSettingsResponse },
    resource: (parts) => tenantBySlug(parts, parts.params.tenant),
    handler: async (ctx) => ({ settings: await ctx.services.tenancy.settings(ctx.scope) }),
  }),
  defineRoute({
    method: "PUT",
    url: "/api/t/:tenant/settings",
    summary: "Change the organisation's settings",
    action: "tenant.settings.update",
    schema: { params: TenantSlugParams, body: TenantSettings, response: TenantSettingsResponse },
    resource: (parts) => tenantBySlug(parts, parts.params.tenant),
    handler: async (ctx) => {
      const settings = await ctx.services.tenancy.updateSettings(ctx.scope, ctx.body);
      // Guests shut out now lose their open connections at once.
      if (settings.guestAccess === false) await ctx.services.identity.guestAccessChanged(ctx.scope);
      return { settings };
    },
  }),
];
