import { Readable } from "node:stream";
import {
  SignInLogExportQuery,
  SignInLogQuery,
  SignInLogResponse,
  TenantSlugParams,
} from "@engawa/shared";
import { defineRoute } from "../../gateway/defineRoute.ts";
import { tenantBySlug } from "../../gateway/resources.ts";
import { signInCsvHeader, signInCsvRow, signInLog, signInLogEntries } from "./signInLog.ts";

/** The sign-in log for admins: the same permission as the audit log it is read from. */
export const signInLogRoutes = [
  defineRoute({
    method: "GET",
    url: "/api/t/:tenant/sign-ins",
    summary: "The organisation's sign-in log, newest first, filtered",
    action: "audit.read",
    auditAllow: true,
    schema: { params: TenantSlugParams, querystring: SignInLogQuery, response: SignInLogResponse },
    resource: (parts) => tenantBySlug(parts, parts.params.tenant),
    handler: (ctx) => signInLog(ctx.services.audit, ctx.scope, ctx.query),
  }),
  defineRoute({
    method: "GET",
    url: "/api/t/:tenant/sign-ins/export",
    summary: "Export the sign-in log (CSV or JSON Lines), oldest first",
    action: "audit.export",
    auditAllow: true,
    raw: true,
    schema: { params: TenantSlugParams, querystring: SignInLogExportQuery },
    resource: (parts) => tenantBySlug(parts, parts.params.tenant),
    handler: async (ctx) => {
      const { format, ...filters } = ctx.query;
      const entries = signInLogEntries(ctx.services.audit, ctx.scope, filters);
      const stamp = ctx.services.clock.now().toISOString().slice(0, 10);
      const name = `sign-ins-${ctx.params.tenant}-${stamp}.${format === "csv" ? "csv" : "jsonl"}`;
      async function* lines(): AsyncGenerator<string> {
        if (format === "csv") yield `\uFEFF${signInCsvHeader()}`;
        for await (const entry of entries)
          yield format === "csv" ? signInCsvRow(entry) : `${JSON.stringify(entry)}\n`;
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
];
