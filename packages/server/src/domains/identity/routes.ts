import {
  AcceptInviteRequest,
  AcceptInviteResponse,
  ChangeRoleRequest,
  InvitationResponse,
  InvitationTokenRequest,
  InviteInfoResponse,
  InviteUserRequest,
  MeResponse,
  Ok,
  OperatorMeResponse,
  OperatorSignInRequest,
  SignInRequest,
  TenantSlugParams,
  UserListResponse,
  UserParams,
  UserResponse,
} from "@engawa/shared";
import { clearSessionCookie } from "../../gateway/cookies.ts";
import { defineRoute, type RequestParts, type RouteSchemas } from "../../gateway/defineRoute.ts";
import { ownOperator, ownUser, tenantBySlug, tenantUser } from "../../gateway/resources.ts";
import { AppError } from "../../platform/errors.ts";
import { currentRequest } from "../../platform/context.ts";
import { presentMe, presentOperatorMe } from "./presenters.ts";
import type { SessionKind } from "./sessions.ts";
import { startSession } from "./browserSession.ts";
import type { Principal } from "./principal.ts";
import type { Scope } from "../../platform/scope.ts";
import type { UserRow } from "./store.ts";
import type { Services } from "../../gateway/services.ts";

/** `/api/me`'s answer: the user, their session and the state of their sign-in methods. */
export async function describeMe(
  parts: RequestParts<RouteSchemas>,
  principal: Extract<Principal, { kind: "user" }>,
) {
  return presentMe(
    principal,
    await parts.services.identity.security(principal),
    parts.services.clock.now(),
    currentRequest().ip,
  );
}

/** Ends the caller's session and clears its cookie. */
async function endSession(
  parts: RequestParts<RouteSchemas> & { principal: Principal; scope: Scope },
  kind: SessionKind,
) {
  await parts.services.identity.signOut(parts.principal, parts.scope);
  clearSessionCookie(parts.reply, parts.services.cookies, kind);
  return { ok: true as const };
}

export function ofKind<K extends Principal["kind"]>(
  principal: Principal,
  kind: K,
): Extract<Principal, { kind: K }> {
  if (principal.kind !== kind)
    throw new AppError("forbidden", "You do not have permission to do this.");
  return principal as Extract<Principal, { kind: K }>;
}

function requireUser(user: UserRow | null): UserRow {
  if (!user) throw new AppError("not_found", "Not found.");
  return user;
}

/**
 * The lock-out guard for people (conditional access, zero-trust-anchors.md §8.1): disabling or
 * demoting an administrator is refused when the blocking access policies would then shut out
 * every administrator left. (Provisioning from the identity provider is not refused: the
 * organisation's directory decides who works there.)
 */
async function refuseLockout(
  ctx: { services: Services; scope: Scope },
  userId: string,
  newRole: string | null,
): Promise<void> {
  const problem = await ctx.services.conditionalAccess.lockoutWithout(ctx.scope, userId, newRole);
  if (problem) throw new AppError("would_lock_out_admins", problem);
}

export const identityRoutes = [
  defineRoute({
    method: "POST",
    url: "/api/auth/sign-in",
    summary: "Sign in to an organisation with e-mail and password",
    public: "sign-in form",
    schema: { body: SignInRequest, response: MeResponse },
    handler: async (ctx) => {
      const principal = await startSession(ctx, "user", () =>
        ctx.services.identity.signIn(ctx.body, currentRequest()),
      );
      return describeMe(ctx, ofKind(principal, "user"));
    },
  }),
  defineRoute({
    method: "POST",
    url: "/api/auth/sign-out",
    summary: "Sign out",
    action: "session.sign_out",
    schema: { response: Ok },
    resource: ownUser,
    handler: (ctx) => endSession(ctx, "user"),
  }),
  defineRoute({
    method: "GET",
    url: "/api/me",
    summary: "The signed-in user, their organisation and session",
    action: "session.read",
    schema: { response: MeResponse },
    resource: ownUser,
    handler: async (ctx) => describeMe(ctx, ofKind(ctx.principal, "user")),
  }),
  defineRoute({
    method: "POST",
    url: "/api/operator/auth/sign-in",
    summary: "Operator sign-in",
    public: "operator sign-in form",
    schema: { body: OperatorSignInRequest, response: OperatorMeResponse },
    handler: async (ctx) => {
      const principal = await startSession(ctx, "operator", () =>
        ctx.services.identity.operatorSignIn(ctx.body, currentRequest()),
      );
      return presentOperatorMe(ofKind(principal, "operator"));
    },
  }),
  defineRoute({
    method: "POST",
    url: "/api/operator/auth/sign-out",
    summary: "Operator sign-out",
    action: "operator.session.sign_out",
    schema: { response: Ok },
    resource: ownOperator,
    handler: (ctx) => endSession(ctx, "operator"),
  }),
  defineRoute({
    method: "GET",
    url: "/api/operator/me",
    summary: "The signed-in operator",
    action: "operator.session.read",
    schema: { response: OperatorMeResponse },
    resource: ownOperator,
    handler: async (ctx) => presentOperatorMe(ofKind(ctx.principal, "operator")),
  }),
  defineRoute({
    method: "POST",
    url: "/api/invitations/inspect",
    summary: "What an invitation link is for (organisation, e-mail, role)",
    public: "invitation link: the token in the body is the credential",
    schema: { body: InvitationTokenRequest, response: InviteInfoResponse },
    handler: (ctx) => ctx.services.identity.inspectInvitation(ctx.body.token),
  }),
  defineRoute({
    method: "POST",
    url: "/api/invitations/accept",
    summary: "Accept an invitation: set name and password",
    public: "invitation link: the token in the body is the credential",
    schema: { body: AcceptInviteRequest, response: AcceptInviteResponse },
    handler: (ctx) => ctx.services.identity.acceptInvitation(ctx.body),
  }),
  defineRoute({
    method: "GET",
    url: "/api/t/:tenant/users",
    summary: "The organisation's users",
    action: "user.list",
    schema: { params: TenantSlugParams, response: UserListResponse },
    resource: (parts) => tenantBySlug(parts, parts.params.tenant),
    handler: async (ctx) => ({ users: await ctx.services.identity.listUsers(ctx.scope) }),
  }),
  defineRoute({
    method: "POST",
    url: "/api/t/:tenant/users",
    summary: "Invite a user; returns a one-time link to copy to them",
    action: "user.invite",
    status: 201,
    schema: { params: TenantSlugParams, body: InviteUserRequest, response: InvitationResponse },
    resource: (parts) => tenantBySlug(parts, parts.params.tenant),
    context: (parts) => ({ role: parts.body.role }),
    handler: (ctx) => ctx.services.identity.invite(ctx.scope, ctx.body),
  }),
  defineRoute({
    method: "POST",
    url: "/api/t/:tenant/users/:userId/invitation",
    summary: "A new invitation link for a user who has not accepted yet",
    action: "user.invite.renew",
    schema: { params: UserParams, response: InvitationResponse },
    resource: (parts) => tenantUser(parts, parts.params.tenant, parts.params.userId),
    handler: (ctx) => ctx.services.identity.renewInvitation(ctx.scope, requireUser(ctx.resource)),
  }),
  defineRoute({
    method: "POST",
    url: "/api/t/:tenant/users/:userId/guest-renewal",
    summary: "Extend a guest account by the organisation's guest period, from now",
    action: "user.guest.renew",
    schema: { params: UserParams, response: UserResponse },
    resource: (parts) => tenantUser(parts, parts.params.tenant, parts.params.userId),
    handler: async (ctx) => {
      const tenant = await ctx.services.tenancy.store.bySlug(ctx.params.tenant);
      if (!tenant) throw new AppError("not_found", "Not found.");
      return {
        user: await ctx.services.identity.renewGuest(ctx.scope, tenant, requireUser(ctx.resource)),
      };
    },
  }),
  defineRoute({
    method: "PUT",
    url: "/api/t/:tenant/users/:userId/role",
    summary: "Change a user's role",
    action: "user.role.change",
    schema: { params: UserParams, body: ChangeRoleRequest, response: UserResponse },
    resource: (parts) => tenantUser(parts, parts.params.tenant, parts.params.userId),
    context: (parts) => ({ role: parts.body.role }),
    handler: async (ctx) => {
      const user = requireUser(ctx.resource);
      await refuseLockout(ctx, user.id, ctx.body.role);
      return { user: await ctx.services.identity.changeRole(ctx.scope, user, ctx.body.role) };
    },
  }),
  defineRoute({
    method: "POST",
    url: "/api/t/:tenant/users/:userId/disable",
    summary: "Disable a user and end their sessions",
    action: "user.disable",
    schema: { params: UserParams, response: UserResponse },
    resource: (parts) => tenantUser(parts, parts.params.tenant, parts.params.userId),
    handler: async (ctx) => {
      const user = requireUser(ctx.resource);
      if (user.status === "active") await refuseLockout(ctx, user.id, null);
      return { user: await ctx.services.identity.disable(ctx.scope, user) };
    },
  }),
  defineRoute({
    method: "POST",
    url: "/api/t/:tenant/users/:userId/enable",
    summary: "Re-enable a disabled user",
    action: "user.enable",
    schema: { params: UserParams, response: UserResponse },
    resource: (parts) => tenantUser(parts, parts.params.tenant, parts.params.userId),
    handler: async (ctx) => ({
      user: await ctx.services.identity.enable(ctx.scope, requireUser(ctx.resource)),
    }),
  }),
];
