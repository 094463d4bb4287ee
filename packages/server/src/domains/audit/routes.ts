import { Readable } from "node:stream";
import {
  AuditCheckpointResponse,
  AuditExportQuery,
  AuditListResponse,
  AuditQuery,
  TenantSlugParams,
} from "@engawa/shared";
import { defineRoute } from "../../gateway/defineRoute.ts";
import { tenantBySlug } from "../../gateway/resources.ts";
import { AppError } from "../../platform/errors.ts";
import { csvHeader, csvRow, jsonLine } from "./exportFormats.ts";

const AuditListParams = TenantSlugParams;

export const auditRoutes = [
  defineRoute({
    method: "GET",
    url: "/api/t/:tenant/audit",
    summary: "The organisation's audit log, newest first, filtered",
    action: "audit.read",
    auditAllow: true,
    schema: { params: AuditListParams, querystring: AuditQuery, response: AuditListResponse },
    resource: (parts) => tenantBySlug(parts, parts.params.tenant),
    handler: (ctx) => ctx.services.audit.list(ctx.scope, ctx.query),
  }),
  defineRoute({
    method: "GET",
    url: "/api/t/:tenant/audit/export",
    summary: "Export the audit log (CSV or JSON Lines), oldest first, with the same filters",
    action: "audit.export",
    auditAllow: true,
    raw: true,
    schema: { params: AuditListParams, querystring: AuditExportQuery },
    resource: (parts) => tenantBySlug(parts, parts.params.tenant),
    handler: async (ctx) => {
      const { format, ...filters } = ctx.query;
      const events = ctx.services.audit.iterate(ctx.scope, filters);
      const stamp = ctx.services.clock.now().toISOString().slice(0, 10);
      const name = `audit-${ctx.params.tenant}-${stamp}.${format === "csv" ? "csv" : "jsonl"}`;
      async function* lines(): AsyncGenerator<string> {
        if (format === "csv") yield `\uFEFF${csvHeader()}`;
        for await (const event of events) yield format === "csv" ? csvRow(event) : jsonLine(event);
      }
      return ctx.reply
        .header(
          "content-type",
          format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8",
        )
        .header("content-disposition", `attachment; filename="${name}"`)
        .header("cache-control", "no-store")
        .send(Readable.from(lines()));
    },
  }),
  defineRoute({
    method: "GET",
    url: "/api/t/:tenant/audit/checkpoint",
    summary:
      "A signed checkpoint of the organisation's audit chain, to keep for later verification",
    action: "audit.checkpoint.read",
    auditAllow: true,
    schema: { params: AuditListParams, response: AuditCheckpointResponse },
    resource: (parts) => tenantBySlug(parts, parts.params.tenant),
    handler: async (ctx) => {
      const checkpoint = await ctx.services.deployment.integrity.latestCheckpoint(ctx.resource.id);
      if (!checkpoint) throw new AppError("not_found", "The audit log is empty.");
      return { checkpoint };
    },
  }),
];
