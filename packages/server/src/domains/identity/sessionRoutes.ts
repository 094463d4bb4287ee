import {
  Ok,
  PasskeyAssertionRequest,
  PasskeyOptionsResponse,
  RevokedResponse,
  StepUpRequest,
  SessionListResponse,
  SessionParams,
  UserParams,
  PutWorkContextRequest,
  WorkContextResponse,
} from "@engawa/shared";
import { defineRoute } from "../../gateway/defineRoute.ts";
import { ownUser, tenantUser } from "../../gateway/resources.ts";
import { currentRequest } from "../../platform/context.ts";
import { AppError } from "../../platform/errors.ts";
import { ofKind } from "./routes.ts";

/**
 * "Your sessions" for every user, signing a user out everywhere for admins, and step-up: confirming
 * it is still you when a sensitive change answered `step_up_required`.
 */
export const sessionRoutes = [
  defineRoute({
    method: "POST",
    url: "/api/auth/step-up",
    summary: "Confirm it is still you (password, and a code when an app is set up)",
    action: "session.step_up",
    schema: { body: StepUpRequest, response: Ok },
    resource: ownUser,
    handler: async (ctx) => {
      await ctx.services.identity.stepUp(ofKind(ctx.principal, "user"), ctx.body);
      return { ok: true as const };
    },
  }),
  defineRoute({
    method: "POST",
    url: "/api/auth/step-up/passkey/options",
    summary: "A challenge for confirming it is you with one of your passkeys",
    action: "session.step_up",
    schema: { response: PasskeyOptionsResponse },
    resource: ownUser,
    handler: (ctx) => ctx.services.identity.stepUpPasskeyOptions(ofKind(ctx.principal, "user")),
  }),
  defineRoute({
    method: "POST",
    url: "/api/auth/step-up/passkey",
    summary: "Confirm it is you with a passkey",
    action: "session.step_up",
    schema: { body: PasskeyAssertionRequest, response: Ok },
    resource: ownUser,
    handler: async (ctx) => {
      await ctx.services.identity.stepUpWithPasskey(ofKind(ctx.principal, "user"), ctx.body);
      return { ok: true as const };
    },
  }),
  defineRoute({
    method: "PUT",
    url: "/api/me/work-context",
    summary:
      "Say where you are working (private room, shared space, public place): the label × context matrix decides what opens",
    action: "session.work_context.declare",
    schema: { body: PutWorkContextRequest, response: WorkContextResponse },
    resource: ownUser,
    handler: async (ctx) => {
      const declared = await ctx.services.identity.declareWorkContext(
        ofKind(ctx.principal, "user"),
        ctx.body.context,
        currentRequest().ip,
      );
      return {
        workContext: { context: declared.context, expiresAt: declared.expiresAt.toISOString() },
      };
    },
  }),
  defineRoute({
    method: "GET",
    url: "/api/me/sessions",
    summary: "The user's open sessions: browser, address, when signed in and last seen",
    action: "session.list",
    schema: { response: SessionListResponse },
    resource: ownUser,
    handler: async (ctx) => ({
      sessions: await ctx.services.identity.listSessions(ofKind(ctx.principal, "user")),
    }),
  }),
  defineRoute({
    method: "DELETE",
    url: "/api/me/sessions/:sessionId",
    summary: "End one of the user's sessions (sign that browser out)",
    action: "session.revoke",
    schema: { params: SessionParams, response: RevokedResponse },
    resource: ownUser,
    handler: async (ctx) => ({
      revoked: await ctx.services.identity.revokeOwnSessions(ofKind(ctx.principal, "user"), {
        sessionId: ctx.params.sessionId,
      }),
    }),
  }),
  defineRoute({
    method: "POST",
    url: "/api/me/sessions/revoke-others",
    summary: "End every session of the user but this one",
    action: "session.revoke",
    schema: { response: RevokedResponse },
    resource: ownUser,
    handler: async (ctx) => ({
      revoked: await ctx.services.identity.revokeOwnSessions(
        ofKind(ctx.principal, "user"),
        "others",
      ),
    }),
  }),
  defineRoute({
    method: "POST",
    url: "/api/t/:tenant/users/:userId/sessions/revoke",
    summary: "Sign a user out everywhere",
    action: "user.sessions.revoke",
    schema: { params: UserParams, response: RevokedResponse },
    resource: (parts) => tenantUser(parts, parts.params.tenant, parts.params.userId),
    handler: async (ctx) => {
      if (!ctx.resource) throw new AppError("not_found", "Not found.");
      return { revoked: await ctx.services.identity.revokeUserSessions(ctx.scope, ctx.resource) };
    },
  }),
];
