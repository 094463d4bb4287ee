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
  /** The meeting cookie of someone without an account (meetings/guests.ts). */
  meeting: string;
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
    // `__Host-` requires Path=/; this one is for /api only, so `__Secure-` (still Secure-only).
    meeting: `${secure ? "__Secure-" : ""}engawa_meeting`,
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

/** The meeting cookie's value (the knock's ticket), or null when absent or malformed. */
export function readMeetingCookie(request: FastifyRequest, policy: CookiePolicy): string | null {
  const value = request.cookies[policy.meeting];
  return value && /^[A-Za-z0-9_-]{43}$/.test(value) ? value : null;
}

/**
 * The meeting cookie of an admitted anonymous joiner: HttpOnly (page scripts never read it),
 * SameSite=Strict (never sent from another site), Secure like the session cookies, sent only to
 * /api (the WebSocket and the meeting's chat), and gone when the meeting is over.
 */
export function setMeetingCookie(
  reply: FastifyReply,
  policy: CookiePolicy,
  ticket: string,
  maxAgeSeconds: number,
): void {
  reply.setCookie(policy.meeting, ticket, {
    path: "/api",
    httpOnly: true,
    secure: policy.secure,
    sameSite: "strict",
    maxAge: maxAgeSeconds,
  });
}

export function clearMeetingCookie(reply: FastifyReply, policy: CookiePolicy): void {
  reply.clearCookie(policy.meeting, {
    path: "/api",
    httpOnly: true,
    secure: policy.secure,
    sameSite: "strict",
  });
}
