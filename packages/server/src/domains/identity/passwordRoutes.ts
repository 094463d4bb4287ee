import {
  ChangePasswordRequest,
  MeResponse,
  TemporaryPasswordResponse,
  UserParams,
} from "@engawa/shared";
import { setSessionCookie } from "../../gateway/cookies.ts";
import { defineRoute } from "../../gateway/defineRoute.ts";
import { ownUser, tenantUser } from "../../gateway/resources.ts";
import { currentRequest } from "../../platform/context.ts";
import { AppError } from "../../platform/errors.ts";
import { describeMe, ofKind } from "./routes.ts";

/** Changing one's own password, and an admin's temporary password for a user. */
export const passwordRoutes = [
  defineRoute({
    method: "POST",
    url: "/api/me/password",
    summary: "Change one's password (with the current one); other sessions end",
    action: "password.change",
    schema: { body: ChangePasswordRequest, response: MeResponse },
    resource: ownUser,
    handler: async (ctx) => {
      const principal = ofKind(ctx.principal, "user");
      const signedIn = await ctx.services.identity.changePassword(
        principal,
        ctx.body,
        currentRequest(),
      );
      if (!signedIn) return describeMe(ctx, principal);
      setSessionCookie(
        ctx.reply,
        ctx.services.cookies,
        "user",
        signedIn.token,
        signedIn.maxAgeSeconds,
      );
      return describeMe(ctx, ofKind(signedIn.principal, "user"));
    },
  }),
  defineRoute({
    method: "POST",
    url: "/api/t/:tenant/users/:userId/password/reset",
    summary: "Give a user a temporary password (shown once) to change at their next sign-in",
    action: "user.password.reset",
    schema: { params: UserParams, response: TemporaryPasswordResponse },
    resource: (parts) => tenantUser(parts, parts.params.tenant, parts.params.userId),
    handler: async (ctx) => {
      if (!ctx.resource) throw new AppError("not_found", "Not found.");
      return {
        temporaryPassword: await ctx.services.identity.resetPassword(
          ctx.scope,
          ctx.resource,
          currentRequest(),
        ),
      };
    },
  }),
];
