import { readSessionCookie, setSessionCookie } from "../../gateway/cookies.ts";
import type { RequestParts, RouteSchemas } from "../../gateway/defineRoute.ts";
import type { RequestInfo } from "../../platform/context.ts";
import type { TenantRow } from "../tenancy/index.ts";
import type { SignedIn, SignInMethod } from "./commands/startSession.ts";
import type { Principal } from "./principal.ts";
import type { SessionKind } from "./sessions.ts";
import type { UserRow } from "./store.ts";

/** Ends the session the browser still holds, if any, before a new sign-in: one session per cookie. */
async function endPreviousSession(
  parts: RequestParts<RouteSchemas>,
  kind: SessionKind,
): Promise<void> {
  const token = readSessionCookie(parts.request, parts.services.cookies, kind);
  if (!token) return;
  const previous = await parts.services.identity.sessions.authenticate(token, kind);
  if (previous.status === "ok")
    await parts.services.identity.endSession(previous.principal, "replaced_by_sign_in");
}

/** Ends the browser's previous session, signs in, and sets the new session's cookie. */
export async function startSession(
  parts: RequestParts<RouteSchemas>,
  kind: SessionKind,
  signIn: () => Promise<SignedIn>,
): Promise<Principal> {
  await endPreviousSession(parts, kind);
  const signedIn = await signIn();
  setSessionCookie(
    parts.reply,
    parts.services.cookies,
    kind,
    signedIn.token,
    signedIn.maxAgeSeconds,
  );
  return signedIn.principal;
}

/**
 * Signs a browser in as a user whose identity another domain has already verified (single
 * sign-on): the previous session of that browser ends, a normal user session starts through
 * {@link Identity.startVerifiedSession} (same cookie, limits and `auth.sign_in` event), and the
 * cookie is set on the reply. The caller has checked that the tenant and the user are active.
 */
export function signInVerifiedUser(
  parts: RequestParts<RouteSchemas>,
  input: {
    tenant: TenantRow;
    user: UserRow;
    method: SignInMethod;
    request: RequestInfo;
    details?: Record<string, unknown>;
  },
): Promise<Principal> {
  return startSession(parts, "user", () => parts.services.identity.startVerifiedSession(input));
}
