import type { FastifyReply, FastifyRequest } from "fastify";
import type { CookiePolicy } from "../../gateway/cookies.ts";

/**
 * The cookie that binds a sign-in in flight to the browser that started it (OIDC Core §15.5.2,
 * RFC 6749 §10.12: without it, an attacker could have a victim's browser finish the attacker's
 * sign-in — login CSRF). `__Host-`, HttpOnly, Secure like the session cookie; SameSite=Lax,
 * because the provider sends the browser back with a cross-site top-level GET.
 */
const nameOf = (policy: CookiePolicy): string => `${policy.secure ? "__Host-" : ""}engawa_sso`;

export function setBindingCookie(
  reply: FastifyReply,
  policy: CookiePolicy,
  token: string,
  maxAgeSeconds: number,
): void {
  reply.setCookie(nameOf(policy), token, {
    path: "/",
    httpOnly: true,
    secure: policy.secure,
    sameSite: "lax",
    maxAge: maxAgeSeconds,
  });
}

export function readBindingCookie(request: FastifyRequest, policy: CookiePolicy): string | null {
  const value = request.cookies[nameOf(policy)];
  return value && /^[A-Za-z0-9_-]{20,100}$/.test(value) ? value : null;
}

export function clearBindingCookie(reply: FastifyReply, policy: CookiePolicy): void {
  reply.clearCookie(nameOf(policy), {
    path: "/",
    httpOnly: true,
    secure: policy.secure,
    sameSite: "lax",
  });
}
