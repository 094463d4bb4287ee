import { randomUUID } from "node:crypto";
import Fastify, { LogController, type FastifyInstance } from "fastify";
import fastifyCookie from "@fastify/cookie";
import fastifySwagger from "@fastify/swagger";
import fastifyWebsocket from "@fastify/websocket";
import type { Services } from "./gateway/services.ts";
import { createEnforcer } from "./gateway/enforce.ts";
import { errorHandler, sendError, toAppError } from "./gateway/errorReplies.ts";
import { refuseUndeclaredRoutes, registerRoutes } from "./gateway/httpAdapter.ts";
import { HTTP_ROUTES, LOCAL_ADMIN_ROUTES } from "./gateway/registry.ts";
import { securityHeaders } from "./gateway/securityHeaders.ts";
import { validatorCompiler } from "./gateway/validation.ts";
import type { AnyRoute } from "./gateway/defineRoute.ts";
import type { Principal } from "./domains/identity/index.ts";
import { AppError } from "./platform/errors.ts";

export const VERSION = "0.1.0";

/** Largest WebSocket frame a client may send. */
const WS_MAX_PAYLOAD = 64 * 1024;

/**
 * Builds the public HTTP server: every route from the registry, through the gateway. A route that
 * was not declared with an action or a public reason makes this throw — the server does not start.
 */
export async function buildHttpApp(
  services: Services,
  routes: readonly AnyRoute[] = HTTP_ROUTES,
): Promise<FastifyInstance> {
  const { config } = services;
  const headers = securityHeaders(config.tls !== null);
  const app = Fastify({
    loggerInstance: services.log,
    logController: new LogController({
      disableRequestLogging: config.logLevel !== "debug" && config.logLevel !== "trace",
    }),
    trustProxy: config.trustedProxies.length > 0 ? config.trustedProxies : false,
    bodyLimit: config.bodyLimit,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    return503OnClosing: true,
    // Errors Fastify raises before routing (a malformed URL) get the same headers and error shape.
    frameworkErrors: (error, request, reply) => {
      headers.apply(reply);
      sendError(reply, toAppError(error), request.id);
    },
    ...(config.tls ? { https: { cert: config.tls.cert, key: config.tls.key } } : {}),
  }) as unknown as FastifyInstance;
  await prepare(app, services);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "Engawa API",
        version: VERSION,
        description: "Every operation declares x-engawa-action or x-engawa-public.",
      },
    },
  });
  await app.register(fastifyWebsocket, {
    options: { maxPayload: WS_MAX_PAYLOAD },
    // A client's protocol error (an oversized frame, a bad close code) ends its connection; it is
    // not the server's fault, so it is not logged as an error.
    errorHandler: (error, socket) => {
      services.log.debug({ err: error }, "websocket closed on a client protocol error");
      socket.terminate();
    },
  });
  const enforcer = createEnforcer(services, services.cookies);
  app.addHook("onRequest", headers.hook);
  app.addHook("onRequest", enforcer.onRequest);
  refuseUndeclaredRoutes(app);
  registerRoutes(app, routes, enforcer);
  app.addHook("onClose", async () => {
    services.realtime.closeAll();
    await services.meetings.stop();
  });
  await app.ready();
  return app;
}

/**
 * The admin socket's server: the CLI's requests arrive as the local admin principal (whoever can
 * open the 0600 socket in the data folder is the host's administrator), then pass the same gateway.
 */
export async function buildLocalAdminApp(services: Services): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: services.log,
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: () => randomUUID(),
  }) as unknown as FastifyInstance;
  await prepare(app, services);
  const principal: Principal = {
    kind: "local_admin",
    label: `cli on ${process.env.USER ?? "this host"}`,
  };
  app.addHook("onRequest", async (request) => {
    (request as typeof request & { localAdmin?: Principal }).localAdmin = principal;
  });
  const enforcer = createEnforcer(services, services.cookies);
  app.addHook("onRequest", enforcer.onRequest);
  refuseUndeclaredRoutes(app);
  registerRoutes(app, LOCAL_ADMIN_ROUTES, enforcer);
  await app.ready();
  return app;
}

async function prepare(app: FastifyInstance, services: Services): Promise<void> {
  app.decorateRequest("engawa", null);
  app.removeContentTypeParser("text/plain");
  // SCIM clients send `application/scim+json` (RFC 7644 §3.1): parsed exactly like JSON.
  app.addContentTypeParser(
    "application/scim+json",
    { parseAs: "string" },
    app.getDefaultJsonParser("error", "error"),
  );
  // File uploads stream in unread (routes declared with `streamBody`); any other route refuses
  // an octet-stream body before reading it.
  app.addContentTypeParser("application/octet-stream", (request, payload, done) => {
    const route = (request.routeOptions.config as { engawa?: AnyRoute } | undefined)?.engawa;
    if (route?.streamBody) done(null, payload);
    else
      done(
        new AppError("unsupported_media_type", "Send the request body as application/json."),
        undefined,
      );
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setErrorHandler(errorHandler(services.log));
  app.setNotFoundHandler((request, reply) =>
    sendError(reply, new AppError("not_found", "Not found."), request.id),
  );
  await app.register(fastifyCookie);
}
