import {
  BreakGlassRequest,
  SignInMethodsQuery,
  SignInMethodsResponse,
  SsoCallbackQuery,
  SsoSettingsResponse,
  SsoStartQuery,
  TenantSlugParams,
  TestSsoConnectionRequest,
  TestSsoConnectionResponse,
  UpdateSsoSettingsRequest,
  UserParams,
  UserResponse,
} from "@engawa/shared";
import { defineRoute } from "../../gateway/defineRoute.ts";
import { tenantBySlug, tenantUser } from "../../gateway/resources.ts";
import { currentRequest } from "../../platform/context.ts";
import { AppError } from "../../platform/errors.ts";
import { signInVerifiedUser } from "../identity/index.ts";
import { clearBindingCookie, readBindingCookie, setBindingCookie } from "./bindingCookie.ts";
import { finishSignIn, LOGIN_STATE_TTL_MS, SsoRefusal, startSignIn } from "./signIn.ts";

/** Where a refused sign-in lands: the sign-in page, which explains the reason in words. */
function signInPage(refusal: SsoRefusal): string {
  const query = new URLSearchParams({ sso_error: refusal.reason });
  if (refusal.slug) query.set("tenant", refusal.slug);
  return `/sign-in?${query.toString()}`;
}

export const ssoRoutes = [
  defineRoute({
    method: "GET",
    url: "/api/auth/methods",
    summary: "Which sign-in methods an organisation offers (password, single sign-on)",
    public:
      "sign-in form: shows the right buttons; an unknown organisation looks like one without SSO",
    schema: { querystring: SignInMethodsQuery, response: SignInMethodsResponse },
    handler: (ctx) => ctx.services.sso.methods(ctx.query.tenant),
  }),
  defineRoute({
    method: "GET",
    url: "/api/auth/sso/start",
    summary: "Start single sign-on: redirects to the organisation's identity provider",
    public: "sign-in form: the browser is sent to the identity provider",
    raw: true,
    schema: { querystring: SsoStartQuery },
    handler: async (ctx) => {
      try {
        const started = await startSignIn(ctx.services.sso, ctx.query.tenant, currentRequest());
        setBindingCookie(
          ctx.reply,
          ctx.services.cookies,
          started.browserToken,
          LOGIN_STATE_TTL_MS / 1000,
        );
        return ctx.reply.redirect(started.authorizationUrl, 303);
      } catch (error) {
        if (error instanceof SsoRefusal) return ctx.reply.redirect(signInPage(error), 303);
        throw error;
      }
    },
  }),
  defineRoute({
    method: "GET",
    url: "/api/auth/sso/callback",
    summary: "The identity provider's answer (OIDC authorization response); signs the browser in",
    public: "redirect URI of the OIDC code flow: state, PKCE and the ID Token are the credentials",
    raw: true,
    schema: { querystring: SsoCallbackQuery },
    handler: async (ctx) => {
      const { sso } = ctx.services;
      const browserToken = readBindingCookie(ctx.request, ctx.services.cookies);
      clearBindingCookie(ctx.reply, ctx.services.cookies);
      const callbackUrl = new URL(sso.redirectUri);
      callbackUrl.search = new URL(ctx.request.url, "http://callback.invalid").search;
      try {
        const request = currentRequest();
        const verified = await finishSignIn(sso, ctx.query, callbackUrl, browserToken, request);
        await signInVerifiedUser(ctx, { ...verified, method: "oidc", request });
        return ctx.reply.redirect("/", 303);
      } catch (error) {
        if (error instanceof SsoRefusal) return ctx.reply.redirect(signInPage(error), 303);
        throw error;
      }
    },
  }),
  defineRoute({
    method: "GET",
    url: "/api/t/:tenant/sso",
    summary: "The organisation's single sign-on settings (the client secret only as set / not set)",
    action: "sso.settings.read",
    schema: { params: TenantSlugParams, response: SsoSettingsResponse },
    resource: (parts) => tenantBySlug(parts, parts.params.tenant),
    handler: async (ctx) => ({ sso: await ctx.services.sso.settings(ctx.scope) }),
  }),
  defineRoute({
    method: "PUT",
    url: "/api/t/:tenant/sso",
    summary: "Change the organisation's single sign-on settings",
    action: "sso.settings.update",
    schema: {
      params: TenantSlugParams,
      body: UpdateSsoSettingsRequest,
      response: SsoSettingsResponse,
    },
    resource: (parts) => tenantBySlug(parts, parts.params.tenant),
    handler: async (ctx) => ({ sso: await ctx.services.sso.update(ctx.scope, ctx.body) }),
  }),
  defineRoute({
    method: "POST",
    url: "/api/t/:tenant/sso/test",
    summary: "Fetch an issuer's discovery document, to check it before saving",
    action: "sso.connection.test",
    schema: {
      params: TenantSlugParams,
      body: TestSsoConnectionRequest,
      response: TestSsoConnectionResponse,
    },
    resource: (parts) => tenantBySlug(parts, parts.params.tenant),
    handler: (ctx) => ctx.services.sso.testConnection(ctx.body.issuer),
  }),
  defineRoute({
    method: "PUT",
    url: "/api/t/:tenant/users/:userId/break-glass",
    summary: "Flag a user as break-glass: keeps password sign-in when single sign-on is required",
    action: "user.break_glass.set",
    schema: { params: UserParams, body: BreakGlassRequest, response: UserResponse },
    resource: (parts) => tenantUser(parts, parts.params.tenant, parts.params.userId),
    handler: async (ctx) => {
      if (!ctx.resource) throw new AppError("not_found", "Not found.");
      return {
        user: await ctx.services.sso.setBreakGlass(ctx.scope, ctx.resource, ctx.body.breakGlass),
      };
    },
  }),
];
