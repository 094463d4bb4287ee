import {
  ChannelParams,
  ContentLabelResponse,
  FileParams,
  PutLabelRequest,
  TeamParams,
  TeamSummary,
} from "@engawa/shared";
import { defineRoute } from "../../gateway/defineRoute.ts";
import { channelOf, fileToManage, teamOf } from "./resources.ts";
import { found, userOf } from "./routeHelpers.ts";

/**
 * Sensitivity labels on content (issue "Conditional access"): a team, one of its channels, a shared
 * file. A channel's or file's own label only adds protection — decisions use the most sensitive of
 * its own and those of where it lives — so a label lower than the team's changes nothing.
 */
export const labelRoutes = [
  defineRoute({
    method: "PUT",
    url: "/api/t/:tenant/teams/:teamId/label",
    summary: "Put one of the organisation's sensitivity labels on the team, or take it off (null)",
    action: "team.label.set",
    hideOnDeny: true,
    schema: { params: TeamParams, body: PutLabelRequest, response: TeamSummary },
    resource: (parts) => teamOf(parts, parts.params.tenant, parts.params.teamId),
    handler: async (ctx) => {
      const team = found(ctx.resource);
      const labelId = ctx.body.labelId;
      await ctx.services.conditionalAccess.requireLabel(ctx.scope, labelId);
      const role = await ctx.services.collaboration.store.teamRole(
        ctx.scope,
        team.id,
        userOf(ctx.principal).id,
      );
      return ctx.services.collaboration.setTeamLabel(ctx.scope, team, labelId, role);
    },
  }),
  defineRoute({
    method: "PUT",
    url: "/api/t/:tenant/channels/:channelId/label",
    summary: "Put a sensitivity label on a team's channel, or take its own label off (null)",
    action: "channel.label.set",
    hideOnDeny: true,
    schema: { params: ChannelParams, body: PutLabelRequest, response: ContentLabelResponse },
    resource: (parts) => channelOf(parts, parts.params.tenant, parts.params.channelId),
    handler: async (ctx) => {
      await ctx.services.conditionalAccess.requireLabel(ctx.scope, ctx.body.labelId);
      return ctx.services.collaboration.setChannelLabel(
        ctx.scope,
        found(ctx.resource),
        ctx.body.labelId,
      );
    },
  }),
  defineRoute({
    method: "PUT",
    url: "/api/t/:tenant/files/:fileId/label",
    summary: "Put a sensitivity label on a shared file, or take its own label off (null)",
    action: "file.label.set",
    hideOnDeny: true,
    schema: { params: FileParams, body: PutLabelRequest, response: ContentLabelResponse },
    resource: (parts) => fileToManage(parts, parts.params.tenant, parts.params.fileId),
    handler: async (ctx) => {
      await ctx.services.conditionalAccess.requireLabel(ctx.scope, ctx.body.labelId);
      return ctx.services.collaboration.setFileLabel(
        ctx.scope,
        found(ctx.resource),
        ctx.body.labelId,
      );
    },
  }),
];
