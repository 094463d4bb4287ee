import type { ServerResponse } from "node:http";
import type { FastifyRequest } from "fastify";
import type { WebSocket } from "ws";
import { defineRoute } from "../../gateway/defineRoute.ts";
import { readMeetingCookie, readSessionCookie } from "../../gateway/cookies.ts";
import { AppError } from "../../platform/errors.ts";
import { currentRequest } from "../../platform/context.ts";

export const realtimeRoutes = [
  defineRoute({
    method: "GET",
    url: "/api/ws",
    summary:
      "The real-time connection (WebSocket); see the message catalogue in docs/ARCHITECTURE.md",
    action: "realtime.connect",
    websocket: true,
    raw: true,
    schema: {},
    resource: async ({ principal }) => {
      if (principal.kind !== "user" && principal.kind !== "meeting_guest")
        return { target: { kind: "Tenant", id: "none" }, value: null };
      return {
        target: { kind: "Tenant", id: principal.tenant.id },
        value: null,
        tenantId: principal.tenant.id,
      };
    },
    handler: async (ctx) => {
      const principal = ctx.principal;
      // A meeting guest's connection re-reads their join with the meeting cookie (meetings/guests.ts).
      const token =
        principal.kind === "meeting_guest"
          ? readMeetingCookie(ctx.request, ctx.services.cookies)
          : readSessionCookie(ctx.request, ctx.services.cookies, "user");
      const socket = (ctx.request as unknown as { websocketSocket?: WebSocket }).websocketSocket;
      if (!socket) throw new AppError("invalid_request", "Open this address as a WebSocket.");
      if ((principal.kind !== "user" && principal.kind !== "meeting_guest") || !token) {
        socket.close(4401, "sign in first");
        return null;
      }
      releaseUpgrade(ctx.request, socket);
      ctx.services.realtime.accept(socket, principal, token, currentRequest());
      return null;
    },
  }),
];

/**
 * @fastify/websocket routes an upgrade through Fastify with a `ServerResponse` attached to the raw
 * socket, and its error listener on the WebSocket closes over the request and reply: both would
 * live as long as the connection (a few KB each, for nothing — the reply was hijacked). Detach the
 * response and drop that listener; the hub's own error listener ends the connection instead.
 */
function releaseUpgrade(request: FastifyRequest, socket: WebSocket): void {
  const raw = request.raw.socket as typeof request.raw.socket & { _httpMessage?: unknown };
  const response = raw._httpMessage as ServerResponse | null | undefined;
  if (response) response.detachSocket(raw);
  socket.removeAllListeners("error");
}
