import { Type } from "typebox";
import { defineRoute } from "./defineRoute.ts";

export const HealthResponse = Type.Object({ status: Type.Literal("ok") });

export const systemRoutes = [
  defineRoute({
    method: "GET",
    url: "/healthz",
    summary: "Liveness: the process serves requests and its database answers",
    public: "health check for load balancers and monitoring",
    schema: { response: HealthResponse },
    handler: async (ctx) => {
      await ctx.services.tenancy.store.bySlug("healthz-probe");
      return { status: "ok" as const };
    },
  }),
  defineRoute({
    method: "GET",
    url: "/api/openapi.json",
    summary: "This API's OpenAPI 3 description, generated from the route declarations",
    public: "API description (contains no data)",
    raw: true,
    schema: {},
    handler: async (ctx) =>
      ctx.reply.type("application/json; charset=utf-8").send(ctx.request.server.swagger()),
  }),
];
