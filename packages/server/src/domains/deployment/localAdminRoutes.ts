import {
  LocalCheckpointRequest,
  LocalCheckpointResponse,
  LocalCreateTenantRequest,
  LocalCreateTenantResponse,
  LocalRiskListImportRequest,
  LocalRiskListImportResponse,
  LocalRiskListsResponse,
  LocalRotateRequest,
  LocalRotateResponse,
  LocalStatusResponse,
  LocalVerifyRequest,
  LocalVerifyResponse,
} from "@engawa/shared";
import { defineRoute } from "../../gateway/defineRoute.ts";
import { deployment } from "../../gateway/resources.ts";
import {
  createTenantTask,
  importRiskListTask,
  riskListsTask,
  rotateTask,
  verifyTask,
} from "./cliTasks.ts";

/**
 * Routes of the admin socket (a Unix socket in the data folder, mode 0600): how the `engawa` CLI
 * talks to a running server. The caller is the local admin principal; the same gateway and policy
 * engine decide.
 */
export const localAdminRoutes = [
  defineRoute({
    method: "GET",
    url: "/local/status",
    summary: "The running server's state",
    action: "cli.status",
    schema: { response: LocalStatusResponse },
    resource: deployment,
    handler: async (ctx) => ({
      pid: process.pid,
      publicUrl: ctx.services.config.publicUrl.origin,
      database: ctx.services.database.kind,
    }),
  }),
  defineRoute({
    method: "POST",
    url: "/local/tenants",
    summary: "Create a tenant (engawa tenant create)",
    action: "cli.tenant.create",
    status: 201,
    schema: { body: LocalCreateTenantRequest, response: LocalCreateTenantResponse },
    resource: deployment,
    handler: (ctx) =>
      createTenantTask(
        ctx.services.deployment,
        ctx.services.identity,
        ctx.services.config.publicUrl,
        ctx.scope,
        ctx.body,
      ),
  }),
  defineRoute({
    method: "POST",
    url: "/local/audit/verify",
    summary: "Verify the audit chains (engawa audit verify)",
    action: "cli.audit.verify",
    schema: { body: LocalVerifyRequest, response: LocalVerifyResponse },
    resource: deployment,
    handler: (ctx) => verifyTask(ctx.services.deployment, ctx.body),
  }),
  defineRoute({
    method: "POST",
    url: "/local/audit/checkpoint",
    summary: "Sign and return a checkpoint (engawa audit checkpoint)",
    action: "cli.audit.checkpoint",
    schema: { body: LocalCheckpointRequest, response: LocalCheckpointResponse },
    resource: deployment,
    handler: async (ctx) => ({
      checkpoint: await ctx.services.deployment.integrity.checkpoint(ctx.body.tenant),
    }),
  }),
  defineRoute({
    method: "POST",
    url: "/local/keys/rotate",
    summary: "Rotate key-encryption keys (engawa keys rotate)",
    action: "cli.keys.rotate",
    schema: { body: LocalRotateRequest, response: LocalRotateResponse },
    resource: deployment,
    handler: (ctx) =>
      rotateTask(ctx.services.deployment, ctx.services.tenancy, ctx.scope, ctx.body.tenant),
  }),
  defineRoute({
    method: "POST",
    url: "/local/risk-lists/import",
    summary: "Replace a shipped risk address list from a file (engawa risk-lists import)",
    action: "cli.risk_lists.import",
    schema: { body: LocalRiskListImportRequest, response: LocalRiskListImportResponse },
    resource: deployment,
    handler: (ctx) => importRiskListTask(ctx.services.risk, ctx.scope, ctx.body),
  }),
  defineRoute({
    method: "GET",
    url: "/local/risk-lists",
    summary: "Each risk address list's entry count (engawa risk-lists show)",
    action: "cli.risk_lists.read",
    schema: { response: LocalRiskListsResponse },
    resource: deployment,
    handler: (ctx) => riskListsTask(ctx.services.risk),
  }),
];
