import type { WebSocket } from "ws";
import { defineRoute } from "../../gateway/defineRoute.ts";
import { readSessionCookie } from "../../gateway/cookies.ts";
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
      if (principal.kind !== "user") return { target: { kind: "Tenant", id: "none" }, value: null };
      return {
        target: { kind: "Tenant", id: principal.tenant.id },
        value: null,
        tenantId: principal.tenant.id,
      };
    },
    handler: async (ctx) => {
      const token = readSessionCookie(ctx.request, ctx.services.cookies, "user");
      const socket = (ctx.request as unknown as { websocketSocket?: WebSocket }).websocketSocket;
      if (!socket) throw new AppError("invalid_request", "Open this address as a WebSocket.");
      if (ctx.principal.kind !== "user" || !token) {
        socket.close(4401, "sign in first");
        return null;
      }
      ctx.services.realtime.accept(socket, ctx.principal, token, currentRequest());
      return null;
    },
  }),
];
