import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from "fastify";
import { isActionName } from "@engawa/shared";
import type { WebSocket } from "ws";
import type { AnyRoute } from "./defineRoute.ts";
import type { createEnforcer } from "./enforce.ts";

type Enforcer = ReturnType<typeof createEnforcer>;

/**
 * Refuses to start with a route that did not come through `defineRoute` (ARCHITECTURE.md, the one
 * rule: a route without a declared action or public reason stops the server from starting).
 */
export function refuseUndeclaredRoutes(app: FastifyInstance): void {
  app.addHook("onRoute", (options) => {
    const declared = (options.config as { engawa?: AnyRoute } | undefined)?.engawa;
    if (!declared) {
      throw new Error(
        `Route ${String(options.method)} ${options.url} declares neither an action nor a public reason; declare it with defineRoute().`,
      );
    }
  });
}

/** Registers declared routes with the enforce pipeline and their OpenAPI description. */
export function registerRoutes(
  app: FastifyInstance,
  routes: readonly AnyRoute[],
  enforcer: Enforcer,
): void {
  for (const route of routes) {
    assertDeclared(route);
    const schema: Record<string, unknown> = {
      summary: route.summary,
      tags: [route.url.split("/")[2] ?? "web"],
      ...(route.kind === "protected"
        ? { "x-engawa-action": route.action }
        : { "x-engawa-public": route.reason }),
    };
    if (route.schema.params) schema.params = route.schema.params;
    if (route.schema.querystring) schema.querystring = route.schema.querystring;
    if (route.schema.body) schema.body = route.schema.body;
    if (route.schema.response) schema.response = { [route.status ?? 200]: route.schema.response };
    const options: RouteOptions = {
      method: route.method,
      url: route.url,
      schema,
      config: { engawa: route } as RouteOptions["config"],
      preHandler: enforcer.preHandler,
      handler: enforcer.handler,
    };
    if (route.websocket) {
      Object.assign(options, {
        wsHandler: (socket: WebSocket, request: FastifyRequest) => {
          // Hold incoming frames until the hub has attached its listeners (it resumes the socket).
          socket.pause();
          (request as FastifyRequest & { websocketSocket?: WebSocket }).websocketSocket = socket;
          void enforcer
            .handler(request, undefined as unknown as FastifyReply)
            .catch(() => socket.close(1011, "refused"));
        },
      });
    }
    app.route(options);
  }
}

/** A declaration must name a catalogued action, or be public with a reason. */
function assertDeclared(route: AnyRoute): void {
  const where = `${route.method} ${route.url}`;
  if (route.kind === "protected" && !isActionName(route.action)) {
    throw new Error(
      `Route ${where} declares the action "${String(route.action)}", which is not in the action catalogue.`,
    );
  }
  if (route.kind === "public" && !route.reason?.trim())
    throw new Error(`Route ${where} is public without a reason.`);
  if (route.kind !== "protected" && route.kind !== "public") {
    throw new Error(
      `Route ${where} declares neither an action nor a public reason; declare it with defineRoute().`,
    );
  }
}
