import {
  RevokedResponse,
  SessionListResponse,
  SessionParams,
  UserParams,
} from "@engawa/shared";
import { defineRoute } from "../../gateway/defineRoute.ts";
import { ownUser, tenantUser } from "../../gateway/resources.ts";
import { AppError } from "../../platform/errors.ts";
import { ofKind } from "./routes.ts";

/** "Your sessions" for every user, and signing a user out everywhere for admins. */
export const sessionRoutes = [
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
