import {
  EnrolledResponse,
  MeResponse,
  MfaStatusResponse,
  Ok,
  PasskeyAssertionRequest,
  PasskeyOptionsResponse,
  PasskeyParams,
  PasskeyRegisterRequest,
  PasskeySignInOptionsRequest,
  PasskeySignInRequest,
  RecoveryCodeRequest,
  RecoveryCodesResponse,
  TotpCodeRequest,
  TotpSetupResponse,
  UserParams,
} from "@engawa/shared";
import { setSessionCookie } from "../../gateway/cookies.ts";
import { defineRoute, type RequestParts, type RouteSchemas } from "../../gateway/defineRoute.ts";
import { ownUser, tenantUser } from "../../gateway/resources.ts";
import { currentRequest } from "../../platform/context.ts";
import { AppError } from "../../platform/errors.ts";
import type { Enrolled } from "./commands/mfaEnrollment.ts";
import type { SignedIn } from "./commands/signIn.ts";
import { startSession } from "./browserSession.ts";
import { describeMe, ofKind } from "./routes.ts";

/** A sign-in step finished: the session has a new token (and cookie) from now on. */
async function renewed(parts: RequestParts<RouteSchemas>, signedIn: SignedIn) {
  setSessionCookie(
    parts.reply,
    parts.services.cookies,
    "user",
    signedIn.token,
    signedIn.maxAgeSeconds,
  );
  return describeMe(parts, ofKind(signedIn.principal, "user"));
}

async function enrolled(
  parts: RequestParts<RouteSchemas> & { principal: Parameters<typeof ofKind>[0] },
  result: Enrolled,
) {
  const me = result.signedIn
    ? await renewed(parts, result.signedIn)
    : await describeMe(parts, ofKind(parts.principal, "user"));
  return { me, recoveryCodes: result.recoveryCodes };
}

/**
 * Second factors (ARCHITECTURE.md, Sessions): the sign-in steps after the password, passwordless
 * passkey sign-in, and each user's own authenticator app, passkeys and recovery codes.
 */
export const mfaRoutes = [
  defineRoute({
    method: "POST",
    url: "/api/auth/second-factor/totp",
    summary: "Finish signing in with a code from the authenticator app",
    action: "mfa.verify",
    schema: { body: TotpCodeRequest, response: MeResponse },
    resource: ownUser,
    handler: async (ctx) =>
      renewed(
        ctx,
        await ctx.services.identity.verifyTotp(ofKind(ctx.principal, "user"), ctx.body.code),
      ),
  }),
  defineRoute({
    method: "POST",
    url: "/api/auth/second-factor/recovery-code",
    summary: "Finish signing in with a recovery code (each works once)",
    action: "mfa.verify",
    schema: { body: RecoveryCodeRequest, response: MeResponse },
    resource: ownUser,
    handler: async (ctx) =>
      renewed(
        ctx,
        await ctx.services.identity.verifyRecoveryCode(
          ofKind(ctx.principal, "user"),
          ctx.body.code,
        ),
      ),
  }),
  defineRoute({
    method: "POST",
    url: "/api/auth/second-factor/passkey/options",
    summary: "A challenge for finishing the sign-in with one of the user's passkeys",
    action: "mfa.verify",
    schema: { response: PasskeyOptionsResponse },
    resource: ownUser,
    handler: (ctx) => ctx.services.identity.passkeyFactorOptions(ofKind(ctx.principal, "user")),
  }),
  defineRoute({
    method: "POST",
    url: "/api/auth/second-factor/passkey",
    summary: "Finish signing in with a passkey",
    action: "mfa.verify",
    schema: { body: PasskeyAssertionRequest, response: MeResponse },
    resource: ownUser,
    handler: async (ctx) =>
      renewed(
        ctx,
        await ctx.services.identity.verifyPasskeyFactor(ofKind(ctx.principal, "user"), ctx.body),
      ),
  }),
  defineRoute({
    method: "POST",
    url: "/api/auth/passkey/options",
    summary: "A challenge for signing in with a passkey alone",
    public:
      "passkey sign-in form: the answer is a single-use challenge, the same for any organisation ID",
    schema: { body: PasskeySignInOptionsRequest, response: PasskeyOptionsResponse },
    handler: (ctx) => ctx.services.identity.passkeySignInOptions(ctx.body.tenant),
  }),
  defineRoute({
    method: "POST",
    url: "/api/auth/passkey",
    summary: "Sign in with a passkey alone (phishing-resistant, user verification required)",
    public: "passkey sign-in form: the signed challenge is the credential",
    schema: { body: PasskeySignInRequest, response: MeResponse },
    handler: async (ctx) => {
      const principal = await startSession(ctx, "user", () =>
        ctx.services.identity.passkeySignIn(ctx.body, currentRequest()),
      );
      return describeMe(ctx, ofKind(principal, "user"));
    },
  }),
  defineRoute({
    method: "GET",
    url: "/api/me/mfa",
    summary: "The user's authenticator app, passkeys and recovery codes left",
    action: "mfa.read",
    schema: { response: MfaStatusResponse },
    resource: ownUser,
    handler: (ctx) => ctx.services.identity.mfaStatus(ofKind(ctx.principal, "user")),
  }),
  defineRoute({
    method: "POST",
    url: "/api/me/mfa/totp",
    summary: "Start setting up an authenticator app: a new secret and its QR code link",
    action: "mfa.enroll",
    schema: { response: TotpSetupResponse },
    resource: ownUser,
    handler: (ctx) => ctx.services.identity.startTotp(ofKind(ctx.principal, "user")),
  }),
  defineRoute({
    method: "POST",
    url: "/api/me/mfa/totp/confirm",
    summary: "Finish setting up the authenticator app with a code from it",
    action: "mfa.enroll",
    schema: { body: TotpCodeRequest, response: EnrolledResponse },
    resource: ownUser,
    handler: async (ctx) =>
      enrolled(
        ctx,
        await ctx.services.identity.confirmTotp(ofKind(ctx.principal, "user"), ctx.body.code),
      ),
  }),
  defineRoute({
    method: "DELETE",
    url: "/api/me/mfa/totp",
    summary: "Remove the authenticator app",
    action: "mfa.remove",
    schema: { response: Ok },
    resource: ownUser,
    handler: async (ctx) => {
      await ctx.services.identity.removeTotp(ofKind(ctx.principal, "user"));
      return { ok: true as const };
    },
  }),
  defineRoute({
    method: "POST",
    url: "/api/me/mfa/passkeys/options",
    summary: "A challenge for registering a new passkey",
    action: "mfa.enroll",
    schema: { response: PasskeyOptionsResponse },
    resource: ownUser,
    handler: (ctx) =>
      ctx.services.identity.passkeyRegistrationOptions(ofKind(ctx.principal, "user")),
  }),
  defineRoute({
    method: "POST",
    url: "/api/me/mfa/passkeys",
    summary: "Register a passkey",
    action: "mfa.enroll",
    status: 201,
    schema: { body: PasskeyRegisterRequest, response: EnrolledResponse },
    resource: ownUser,
    handler: async (ctx) =>
      enrolled(
        ctx,
        await ctx.services.identity.registerPasskey(ofKind(ctx.principal, "user"), ctx.body),
      ),
  }),
  defineRoute({
    method: "DELETE",
    url: "/api/me/mfa/passkeys/:passkeyId",
    summary: "Remove one of the user's passkeys",
    action: "mfa.remove",
    schema: { params: PasskeyParams, response: Ok },
    resource: ownUser,
    handler: async (ctx) => {
      await ctx.services.identity.removePasskey(
        ofKind(ctx.principal, "user"),
        ctx.params.passkeyId,
      );
      return { ok: true as const };
    },
  }),
  defineRoute({
    method: "POST",
    url: "/api/me/mfa/recovery-codes",
    summary: "Replace the recovery codes with ten new ones (shown once)",
    action: "mfa.recovery_codes.regenerate",
    schema: { response: RecoveryCodesResponse },
    resource: ownUser,
    handler: async (ctx) => ({
      codes: await ctx.services.identity.regenerateRecoveryCodes(ofKind(ctx.principal, "user")),
    }),
  }),
  defineRoute({
    method: "POST",
    url: "/api/me/mfa/notice/dismiss",
    summary: "Dismiss the notice that a recovery code was used",
    action: "mfa.notice.dismiss",
    schema: { response: Ok },
    resource: ownUser,
    handler: async (ctx) => {
      await ctx.services.identity.dismissRecoveryNotice(ofKind(ctx.principal, "user"));
      return { ok: true as const };
    },
  }),
  defineRoute({
    method: "POST",
    url: "/api/t/:tenant/users/:userId/mfa/reset",
    summary: "Remove a user's second factors (lost phone); their sessions end",
    action: "user.mfa.reset",
    schema: { params: UserParams, response: Ok },
    resource: (parts) => tenantUser(parts, parts.params.tenant, parts.params.userId),
    handler: async (ctx) => {
      if (!ctx.resource) throw new AppError("not_found", "Not found.");
      await ctx.services.identity.resetMfa(ctx.scope, ctx.resource);
      return { ok: true as const };
    },
  }),
];
