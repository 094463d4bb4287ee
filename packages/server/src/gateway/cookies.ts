import type { FastifyReply, FastifyRequest } from "fastify";
import { isLoopbackHost, type Config } from "../config/config.ts";
import type { SessionKind } from "./defineRoute.ts";

/**
 * Session cookies: `__Host-` prefixed (so no subdomain or path can shadow them), `Secure`,
 * HttpOnly and SameSite=Lax. Chromium honours `Secure` on http://localhost as a secure context;
 * only an explicit ENGAWA_ALLOW_INSECURE_HTTP drops the prefix and the flag.
 */
export interface CookiePolicy {
  secure: boolean;
  names: Record<SessionKind, string>;
}

export function cookiePolicy(config: Config): CookiePolicy {
  const secure =
    config.publicUrl.protocol === "https:" ||
    isLoopbackHost(config.publicUrl.hostname) ||
    !config.allowInsecureHttp;
  const prefix = secure ? "__Host-" : "";
  return {
    secure,
    names: { user: `${prefix}engawa_session`, operator: `${prefix}engawa_operator` },
  };
}

export function readSessionCookie(
  request: FastifyRequest,
  policy: CookiePolicy,
  kind: SessionKind,
): string | null {
  const value = request.cookies[policy.names[kind]];
  return value && /^[A-Za-z0-9_-]{20,100}$/.test(value) ? value : null;
}

export function setSessionCookie(
  reply: FastifyReply,
  policy: CookiePolicy,
  kind: SessionKind,
  token: string,
  maxAgeSeconds: number,
): void {
  reply.setCookie(policy.names[kind], token, {
    path: "/",
    httpOnly: true,
    secure: policy.secure,
    sameSite: "lax",
    maxAge: maxAgeSeconds,
  });
}

export function clearSessionCookie(
  reply: FastifyReply,
  policy: CookiePolicy,
  kind: SessionKind,
): void {
  reply.clearCookie(policy.names[kind], {
    path: "/",
    httpOnly: true,
    secure: policy.secure,
    sameSite: "lax",
  });
}
