import { Readable } from "node:stream";
import {
  ChannelParams,
  FileDetail,
  FileListResponse,
  FileParams,
  FileSummary,
  FileVersionQuery,
  Ok,
  UploadQuery,
} from "@engawa/shared";
import type { FastifyReply } from "fastify";
import { defineRoute } from "../../gateway/defineRoute.ts";
import { AppError } from "../../platform/errors.ts";
import { contentDisposition } from "./fileNames.ts";
import { found, userOf, userPrincipalOf } from "./routeHelpers.ts";
import { channelOf, fileOf, fileToManage } from "./resources.ts";

/**
 * A stored file goes out as a download, never as a page: `attachment` with its name (RFC 6266),
 * the sniffed type (nosniff is on every reply), no caching by shared caches, and a sandboxing CSP
 * should a browser render it anyway.
 */
function sendFile(
  reply: FastifyReply,
  file: { name: string; size: number | null; contentType: string; body: Readable },
  disposition: "attachment" | "inline",
) {
  if (file.size !== null) void reply.header("content-length", String(file.size));
  return reply
    .header("content-type", file.contentType)
    .header("content-disposition", contentDisposition(file.name, disposition))
    .header("cache-control", "private, no-store")
    .header("content-security-policy", "default-src 'none'; sandbox")
    .send(file.body);
}

/** Files shared in channels and chats: upload (streamed, encrypted), list, versions, download. */
export const fileRoutes = [
  defineRoute({
    method: "POST",
    url: "/api/t/:tenant/channels/:channelId/files",
    summary:
      "Upload a file (the body is its bytes, application/octet-stream); the same name again adds a version",
    action: "file.upload",
    status: 201,
    hideOnDeny: true,
    streamBody: true,
    schema: { params: ChannelParams, querystring: UploadQuery, response: FileSummary },
    resource: (parts) => channelOf(parts, parts.params.tenant, parts.params.channelId),
    handler: async (ctx) => {
      const body: unknown = ctx.request.body;
      if (!(body instanceof Readable))
        throw new AppError(
          "unsupported_media_type",
          "Send the file's bytes as application/octet-stream.",
        );
      const user = userOf(ctx.principal);
      const length = Number(ctx.request.headers["content-length"]);
      try {
        return await ctx.services.collaboration.uploadFile(
          ctx.scope,
          found(ctx.resource),
          { id: user.id, displayName: user.displayName },
          {
            name: ctx.query.name,
            body,
            declaredLength: Number.isFinite(length) ? length : null,
          },
        );
      } catch (error) {
        // A refused upload may still be arriving: end the connection after the answer.
        void ctx.reply.header("connection", "close");
        throw error;
      }
    },
  }),
  defineRoute({
    method: "GET",
    url: "/api/t/:tenant/channels/:channelId/files",
    summary: "The files shared in a channel or chat, newest first, and the upload limit",
    action: "file.list",
    hideOnDeny: true,
    schema: { params: ChannelParams, response: FileListResponse },
    resource: (parts) => channelOf(parts, parts.params.tenant, parts.params.channelId),
    handler: (ctx) =>
      ctx.services.collaboration.listFiles(
        ctx.scope,
        found(ctx.resource),
        userPrincipalOf(ctx.principal),
      ),
  }),
  defineRoute({
    method: "GET",
    url: "/api/t/:tenant/files/:fileId",
    summary: "A file and its versions",
    action: "file.read",
    hideOnDeny: true,
    schema: { params: FileParams, response: FileDetail },
    resource: (parts) => fileOf(parts, parts.params.tenant, parts.params.fileId),
    handler: (ctx) => ctx.services.collaboration.fileDetail(ctx.scope, found(ctx.resource)),
  }),
  defineRoute({
    method: "GET",
    url: "/api/t/:tenant/files/:fileId/content",
    summary: "Download a file (its newest version, or ?version=n), decrypted as it streams",
    action: "file.download",
    hideOnDeny: true,
    raw: true,
    schema: { params: FileParams, querystring: FileVersionQuery },
    resource: (parts) => fileOf(parts, parts.params.tenant, parts.params.fileId),
    handler: async (ctx) =>
      sendFile(
        ctx.reply,
        await ctx.services.collaboration.openFile(
          ctx.scope,
          found(ctx.resource),
          ctx.query.version,
          "content",
        ),
        "attachment",
      ),
  }),
  defineRoute({
    method: "GET",
    url: "/api/t/:tenant/files/:fileId/thumbnail",
    summary: "An image's preview (WebP made by Engawa), for showing in the conversation",
    action: "file.read",
    hideOnDeny: true,
    raw: true,
    schema: { params: FileParams, querystring: FileVersionQuery },
    resource: (parts) => fileOf(parts, parts.params.tenant, parts.params.fileId),
    handler: async (ctx) =>
      sendFile(
        ctx.reply,
        await ctx.services.collaboration.openFile(
          ctx.scope,
          found(ctx.resource),
          ctx.query.version,
          "thumbnail",
        ),
        "inline",
      ),
  }),
  defineRoute({
    method: "DELETE",
    url: "/api/t/:tenant/files/:fileId",
    summary:
      "Delete a file with every version (its uploader or a team owner); messages that carried it show it gone",
    action: "file.delete",
    hideOnDeny: true,
    schema: { params: FileParams, response: Ok },
    resource: (parts) => fileToManage(parts, parts.params.tenant, parts.params.fileId),
    handler: async (ctx) => {
      await ctx.services.collaboration.deleteFile(
        ctx.scope,
        found(ctx.resource),
        userOf(ctx.principal).id,
      );
      return { ok: true as const };
    },
  }),
];
