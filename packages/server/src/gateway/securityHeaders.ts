import type { FastifyReply, FastifyRequest } from "fastify";

/**
 * Response headers for every reply. Scripts are strict (`'self'` only, no inline); styles allow
 * inline because Fluent UI's Griffel inserts `<style>` elements at run time (decision recorded in
 * docs/SECURITY.md). No framing at all (`frame-ancestors 'none'`), no MIME sniffing, no referrer at all
 * (links carry tokens only in fragments, but no referrer is simplest). HSTS only when Engawa itself speaks TLS.
 */
export function securityHeaders(tls: boolean) {
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(tls ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
  const apply = (reply: FastifyReply): void => {
    reply.header("content-security-policy", csp);
    reply.header("x-content-type-options", "nosniff");
    reply.header("referrer-policy", "no-referrer");
    reply.header("x-frame-options", "DENY");
    reply.header("cross-origin-opener-policy", "same-origin");
    reply.header("cross-origin-resource-policy", "same-origin");
    reply.header(
      "permissions-policy",
      "camera=(self), microphone=(self), display-capture=(self), geolocation=(), payment=()",
    );
    if (tls) reply.header("strict-transport-security", "max-age=31536000; includeSubDomains");
  };
  return {
    /** onRequest hook: every routed reply carries the headers. */
    hook: async (_request: FastifyRequest, reply: FastifyReply): Promise<void> => apply(reply),
    /** For replies Fastify makes before routing (a malformed URL): same headers. */
    apply,
  };
}
