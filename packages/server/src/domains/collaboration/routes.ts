import {
  ReactionParams,
  InviteGuestRequest,
  InviteGuestResponse,
  UpdateTeamRequest,
  ChannelListResponse,
  ChannelMembersResponse,
  MarkNotificationsReadRequest,
  NotificationListResponse,
  ChannelMemberParams,
  ChannelParams,
  ChannelSummary,
  PinnedMessages,
  ChatListResponse,
  ChatSummary,
  PeopleQuery,
  PeopleResponse,
  ChatParams,
  CreateChatRequest,
  UpdateChatRequest,
  SearchQuery,
  SearchResponse,
  CreateChannelRequest,
  CreateTeamRequest,
  EditMessageRequest,
  MarkReadRequest,
  Message,
  MessagePage,
  MessageParams,
  MessageQuery,
  Ok,
  PostMessageRequest,
  PutTeamMemberRequest,
  TeamListResponse,
  TeamMemberParams,
  TeamParams,
  TeamResponse,
  TeamSummary,
  TenantSlugParams,
} from "@engawa/shared";
import { defineRoute } from "../../gateway/defineRoute.ts";
import { tenantBySlug } from "../../gateway/resources.ts";
import { AppError } from "../../platform/errors.ts";
import type { Principal } from "../identity/index.ts";
import { fileRoutes } from "./fileRoutes.ts";
import { labelRoutes } from "./labelRoutes.ts";
import { COLLABORATION_EVENTS } from "./events.ts";
import { presentTeam } from "./presenters.ts";
import { found, userOf } from "./routeHelpers.ts";
import { channelOf, messageOf, teamOf } from "./resources.ts";

const selfContext = (parts: { principal: Principal; params: { userId: string } }) => ({
  self: String(parts.principal.kind === "user" && parts.principal.user.id === parts.params.userId),
});

/** Teams and their members (Microsoft Teams' model: owners, members, guests). */
const teamRoutes = [
  defineRoute({
    method: "GET",
    url: "/api/t/:tenant/teams",
    summary: "The caller's teams, and the public teams they could join",
    action: "team.list",
    schema: { params: TenantSlugParams, response: TeamListResponse },
    resource: (parts) => tenantBySlug(parts, parts.params.tenant),
    handler: async (ctx) => {
      const user = userOf(ctx.principal);
      return {
        teams: await ctx.services.collaboration.listTeams(
          ctx.scope,
          user.id,
          user.role === "guest",
        ),
      };
    },
  }),
  defineRoute({
    method: "POST",
    url: "/api/t/:tenant/teams",
    summary: "Create a team (the caller is its owner; it starts with a General channel)",
    action: "team.create",
    status: 201,
    schema: { params: TenantSlugParams, body: CreateTeamRequest, response: TeamSummary },
    resource: (parts) => tenantBySlug(parts, parts.params.tenant),
    handler: (ctx) =>
      ctx.services.collaboration.createTeam(ctx.scope, userOf(ctx.principal).id, ctx.body),
  }),
  defineRoute({
    method: "GET",
    url: "/api/t/:tenant/teams/:teamId",
    summary: "A team and its members",
    action: "team.read",
    hideOnDeny: true,
    schema: { params: TeamParams, response: TeamResponse },
    resource: (parts) => teamOf(parts, parts.params.tenant, parts.params.teamId),
    handler: async (ctx) => {
      const team = found(ctx.resource);
      const members = await ctx.services.collaboration.teamMembers(ctx.scope, team.id);
      const mine = members.find((m) => m.userId === userOf(ctx.principal).id);
      return { team: presentTeam(team, mine?.role ?? null), members };
    },
  }),
  defineRoute({
    method: "PATCH",
    url: "/api/t/:tenant/teams/:teamId",
    summary: "Change a team's settings (whether guests may take part)",
    action: "team.update",
    hideOnDeny: true,
    schema: { params: TeamParams, body: UpdateTeamRequest, response: TeamSummary },
    resource: (parts) => teamOf(parts, parts.params.tenant, parts.params.teamId),
    handler: async (ctx) => {
      const team = found(ctx.resource);
      const role = await ctx.services.collaboration.store.teamRole(
        ctx.scope,
        team.id,
        userOf(ctx.principal).id,
      );
      return ctx.services.collaboration.updateTeam(ctx.scope, team, ctx.body, role);
    },
  }),
  defineRoute({
    method: "POST",
    url: "/api/t/:tenant/teams/:teamId/guests",
    summary: "Invite a guest into the team by a link (an existing guest is added at once)",
    action: "team.guest.invite",
    status: 201,
    hideOnDeny: true,
    schema: { params: TeamParams, body: InviteGuestRequest, response: InviteGuestResponse },
    resource: (parts) => teamOf(parts, parts.params.tenant, parts.params.teamId),
    handler: async (ctx) => {
      const team = found(ctx.resource);
      const tenant = await ctx.services.tenancy.store.bySlug(ctx.params.tenant);
      if (!tenant) throw new AppError("not_found", "Not found.");
      const { user, link } = await ctx.services.identity.inviteGuest(ctx.scope, tenant, ctx.body);
      await ctx.services.collaboration.putTeamMember(
        ctx.scope,
        team,
        { userId: user.id, tenantRole: user.role },
        "member",
        COLLABORATION_EVENTS.guestInvited,
      );
      return {
        userId: user.id,
        displayName: user.displayName,
        inviteUrl: link?.url ?? null,
        linkExpiresAt: link?.expiresAt.toISOString() ?? null,
        accessExpiresAt: (user.accessExpiresAt ?? new Date()).toISOString(),
      };
    },
  }),
  defineRoute({
    method: "POST",
    url: "/api/t/:tenant/teams/:teamId/join",
    summary: "Join a public team",
    action: "team.join",
    hideOnDeny: true,
    schema: { params: TeamParams, response: Ok },
    resource: (parts) => teamOf(parts, parts.params.tenant, parts.params.teamId),
    handler: async (ctx) => {
      const user = userOf(ctx.principal);
      await ctx.services.collaboration.putTeamMember(
        ctx.scope,
        found(ctx.resource),
        { userId: user.id, tenantRole: user.role },
        "member",
        COLLABORATION_EVENTS.teamJoined,
      );
      return { ok: true as const };
    },
  }),
  defineRoute({
    method: "PUT",
    url: "/api/t/:tenant/teams/:teamId/members/:userId",
    summary: "Add a person of the organisation to the team, or change their team role",
    action: "team.member.add",
    hideOnDeny: true,
    schema: { params: TeamMemberParams, body: PutTeamMemberRequest, response: Ok },
    resource: (parts) => teamOf(parts, parts.params.tenant, parts.params.teamId),
    handler: async (ctx) => {
      const member = await ctx.services.identity.store.user(ctx.scope, ctx.params.userId);
      if (!member || member.status === "disabled")
        throw new AppError("not_found", "No such person in this organisation.");
      await ctx.services.collaboration.putTeamMember(
        ctx.scope,
        found(ctx.resource),
        { userId: member.id, tenantRole: member.role },
        ctx.body.role,
      );
      return { ok: true as const };
    },
  }),
  defineRoute({
    method: "DELETE",
    url: "/api/t/:tenant/teams/:teamId/members/:userId",
    summary: "Remove a person from the team (or leave it)",
    action: "team.member.remove",
    hideOnDeny: true,
    schema: { params: TeamMemberParams, response: Ok },
    resource: (parts) => teamOf(parts, parts.params.tenant, parts.params.teamId),
    context: selfContext,
    handler: async (ctx) => {
      await ctx.services.collaboration.removeTeamMember(
        ctx.scope,
        found(ctx.resource),
        ctx.params.userId,
      );
      return { ok: true as const };
    },
  }),
];

/** Channels: standard (the whole team) and private (their own members). */
const channelRoutes = [
  defineRoute({
    method: "GET",
    url: "/api/t/:tenant/teams/:teamId/channels",
    summary: "The team's channels the caller can see, with unread counts",
    action: "channel.list",
    hideOnDeny: true,
    schema: { params: TeamParams, response: ChannelListResponse },
    resource: (parts) => teamOf(parts, parts.params.tenant, parts.params.teamId),
    handler: async (ctx) => ({
      channels: await ctx.services.collaboration.listChannels(
        ctx.scope,
        found(ctx.resource).id,
        userOf(ctx.principal).id,
      ),
    }),
  }),
  defineRoute({
    method: "POST",
    url: "/api/t/:tenant/teams/:teamId/channels",
    summary: "Create a standard or private channel",
    action: "channel.create",
    status: 201,
    hideOnDeny: true,
    schema: { params: TeamParams, body: CreateChannelRequest, response: ChannelSummary },
    resource: (parts) => teamOf(parts, parts.params.tenant, parts.params.teamId),
    handler: (ctx) =>
      ctx.services.collaboration.createChannel(
        ctx.scope,
        found(ctx.resource),
        userOf(ctx.principal).id,
        ctx.body,
      ),
  }),
  defineRoute({
    method: "PUT",
    url: "/api/t/:tenant/channels/:channelId/members/:userId",
    summary: "Add a member of the team to a private channel, or a person to a group chat",
    action: "channel.member.add",
    hideOnDeny: true,
    schema: { params: ChannelMemberParams, response: Ok },
    resource: (parts) => channelOf(parts, parts.params.tenant, parts.params.channelId),
    handler: async (ctx) => {
      const caller = userOf(ctx.principal);
      await ctx.services.collaboration.addChannelMember(
        ctx.scope,
        found(ctx.resource),
        { id: caller.id, role: caller.role },
        ctx.params.userId,
      );
      return { ok: true as const };
    },
  }),
  defineRoute({
    method: "DELETE",
    url: "/api/t/:tenant/channels/:channelId/members/:userId",
    summary:
      "Remove a person from a private channel (or leave it, or a chat); they stop receiving it at once",
    action: "channel.member.remove",
    hideOnDeny: true,
    schema: { params: ChannelMemberParams, response: Ok },
    resource: (parts) => channelOf(parts, parts.params.tenant, parts.params.channelId),
    context: selfContext,
    handler: async (ctx) => {
      await ctx.services.collaboration.removeChannelMember(
        ctx.scope,
        found(ctx.resource),
        ctx.params.userId,
      );
      return { ok: true as const };
    },
  }),
  defineRoute({
    method: "POST",
    url: "/api/t/:tenant/channels/:channelId/read",
    summary: "Move the caller's read marker forward",
    action: "channel.mark_read",
    hideOnDeny: true,
    schema: { params: ChannelParams, body: MarkReadRequest, response: Ok },
    resource: (parts) => channelOf(parts, parts.params.tenant, parts.params.channelId),
    handler: async (ctx) => {
      await ctx.services.collaboration.markRead(
        ctx.scope,
        found(ctx.resource),
        userOf(ctx.principal).id,
        ctx.body.seq,
      );
      return { ok: true as const };
    },
  }),
];

/**
 * Messages: post, read (catch up or scroll back), edit (history kept), react, pin, delete
 * (tombstone).
 */
const messageRoutes = [
  defineRoute({
    method: "GET",
    url: "/api/t/:tenant/channels/:channelId/messages",
    summary: "Messages of a channel: changes after a sequence number, or a page before a position",
    action: "channel.read",
    hideOnDeny: true,
    schema: { params: ChannelParams, querystring: MessageQuery, response: MessagePage },
    resource: (parts) => channelOf(parts, parts.params.tenant, parts.params.channelId),
    handler: async (ctx) => ({
      ...(await ctx.services.collaboration.listMessages(ctx.scope, found(ctx.resource), ctx.query)),
      watermark: ctx.sessionControls.watermark,
    }),
  }),
  defineRoute({
    method: "POST",
    url: "/api/t/:tenant/channels/:channelId/messages",
    summary: "Post a message, or reply in a thread",
    action: "channel.message.post",
    status: 201,
    hideOnDeny: true,
    schema: { params: ChannelParams, body: PostMessageRequest, response: Message },
    resource: (parts) => channelOf(parts, parts.params.tenant, parts.params.channelId),
    handler: (ctx) => {
      const user = userOf(ctx.principal);
      return ctx.services.collaboration.postMessage(
        ctx.scope,
        found(ctx.resource),
        { id: user.id, displayName: user.displayName },
        ctx.body,
      );
    },
  }),
  defineRoute({
    method: "PATCH",
    url: "/api/t/:tenant/messages/:messageId",
    summary: "Edit one's message (the earlier text is kept; 'edited' is shown)",
    action: "message.edit",
    hideOnDeny: true,
    schema: { params: MessageParams, body: EditMessageRequest, response: Message },
    resource: (parts) => messageOf(parts, parts.params.tenant, parts.params.messageId),
    handler: (ctx) =>
      ctx.services.collaboration.editMessage(ctx.scope, found(ctx.resource), ctx.body),
  }),
  ...(["PUT", "DELETE"] as const).map((method) =>
    defineRoute({
      method,
      url: "/api/t/:tenant/messages/:messageId/reactions/:reaction",
      summary: method === "PUT" ? "React to a message" : "Take back one's reaction to a message",
      action: "message.react",
      hideOnDeny: true,
      schema: { params: ReactionParams, response: Message },
      resource: (parts) => messageOf(parts, parts.params.tenant, parts.params.messageId),
      handler: (ctx) =>
        ctx.services.collaboration.react(
          ctx.scope,
          found(ctx.resource),
          userOf(ctx.principal).id,
          ctx.params.reaction,
          method === "PUT",
        ),
    }),
  ),
  ...(["PUT", "DELETE"] as const).map((method) =>
    defineRoute({
      method,
      url: "/api/t/:tenant/messages/:messageId/pin",
      summary:
        method === "PUT"
          ? "Pin a message to its channel (for everyone in it)"
          : "Unpin a message from its channel",
      action: "message.pin",
      hideOnDeny: true,
      schema: { params: MessageParams, response: Message },
      resource: (parts) => messageOf(parts, parts.params.tenant, parts.params.messageId),
      handler: (ctx) =>
        ctx.services.collaboration.pin(
          ctx.scope,
          found(ctx.resource),
          userOf(ctx.principal).id,
          method === "PUT",
        ),
    }),
  ),
  defineRoute({
    method: "GET",
    url: "/api/t/:tenant/channels/:channelId/pins",
    summary: "A channel's pinned messages, newest pin first",
    action: "channel.read",
    hideOnDeny: true,
    schema: { params: ChannelParams, response: PinnedMessages },
    resource: (parts) => channelOf(parts, parts.params.tenant, parts.params.channelId),
    handler: (ctx) => ctx.services.collaboration.pins(ctx.scope, found(ctx.resource)),
  }),
  defineRoute({
    method: "DELETE",
    url: "/api/t/:tenant/messages/:messageId",
    summary: "Delete a message (a tombstone stays in its place)",
    action: "message.delete",
    hideOnDeny: true,
    schema: { params: MessageParams, response: Message },
    resource: (parts) => messageOf(parts, parts.params.tenant, parts.params.messageId),
    handler: (ctx) => ctx.services.collaboration.deleteMessage(ctx.scope, found(ctx.resource)),
  }),
];

/** 1:1 and group chats outside teams; their messages use the channel routes above. */
const chatRoutes = [
  defineRoute({
    method: "GET",
    url: "/api/t/:tenant/chats",
    summary: "The caller's chats, newest activity first",
    action: "chat.list",
    schema: { params: TenantSlugParams, response: ChatListResponse },
    resource: (parts) => tenantBySlug(parts, parts.params.tenant),
    handler: async (ctx) => ({
      chats: await ctx.services.collaboration.listChats(ctx.scope, userOf(ctx.principal).id),
    }),
  }),
  defineRoute({
    method: "POST",
    url: "/api/t/:tenant/chats",
    summary: "Start a chat (an existing 1:1 chat with the same person is answered instead)",
    action: "chat.create",
    schema: { params: TenantSlugParams, body: CreateChatRequest, response: ChatSummary },
    resource: (parts) => tenantBySlug(parts, parts.params.tenant),
    handler: (ctx) => {
      const user = userOf(ctx.principal);
      return ctx.services.collaboration.createChat(
        ctx.scope,
        { id: user.id, role: user.role },
        ctx.body,
      );
    },
  }),
  defineRoute({
    method: "PATCH",
    url: "/api/t/:tenant/chats/:chatId",
    summary: "Name or rename a group chat (an empty topic shows the members' names instead)",
    action: "chat.update",
    hideOnDeny: true,
    schema: { params: ChatParams, body: UpdateChatRequest, response: ChatSummary },
    resource: (parts) => channelOf(parts, parts.params.tenant, parts.params.chatId),
    handler: (ctx) =>
      ctx.services.collaboration.renameChat(
        ctx.scope,
        found(ctx.resource),
        userOf(ctx.principal).id,
        ctx.body.topic,
      ),
  }),
];

/** Finding people to chat with (members cannot read the admins' user list). */
const peopleRoute = defineRoute({
  method: "GET",
  url: "/api/t/:tenant/people",
  summary: "Find people to chat with by name or e-mail (guests: only people of their teams)",
  action: "people.search",
  schema: { params: TenantSlugParams, querystring: PeopleQuery, response: PeopleResponse },
  resource: (parts) => tenantBySlug(parts, parts.params.tenant),
  handler: async (ctx) => {
    const user = userOf(ctx.principal);
    return {
      people: await ctx.services.collaboration.searchPeople(
        ctx.scope,
        { id: user.id, role: user.role },
        ctx.query.query,
        ctx.query.limit,
      ),
    };
  },
});

/** Who can read a channel (the composer offers them for @mentions); the Activity feed. */
const activityRoutes = [
  defineRoute({
    method: "GET",
    url: "/api/t/:tenant/channels/:channelId/members",
    summary: "The people who can read a channel (whom its messages may mention)",
    action: "channel.read",
    hideOnDeny: true,
    schema: { params: ChannelParams, response: ChannelMembersResponse },
    resource: (parts) => channelOf(parts, parts.params.tenant, parts.params.channelId),
    handler: async (ctx) => ({
      members: await ctx.services.collaboration.channelMembers(ctx.scope, found(ctx.resource)),
    }),
  }),
  defineRoute({
    method: "GET",
    url: "/api/t/:tenant/notifications",
    summary: "The caller's Activity feed (mentions), newest first, with the unread count",
    action: "notification.list",
    schema: { params: TenantSlugParams, response: NotificationListResponse },
    resource: (parts) => tenantBySlug(parts, parts.params.tenant),
    handler: (ctx) => {
      if (ctx.principal.kind !== "user")
        throw new AppError("forbidden", "You do not have permission to do this.");
      return ctx.services.collaboration.listNotifications(ctx.scope, ctx.principal);
    },
  }),
  defineRoute({
    method: "POST",
    url: "/api/t/:tenant/notifications/read",
    summary: "Mark entries of the caller's Activity feed read (some, or all)",
    action: "notification.mark_read",
    schema: { params: TenantSlugParams, body: MarkNotificationsReadRequest, response: Ok },
    resource: (parts) => tenantBySlug(parts, parts.params.tenant),
    handler: async (ctx) => {
      if (!ctx.body.ids && !ctx.body.all)
        throw new AppError("invalid_request", "Say which entries to mark read, or all.", {
          field: "ids",
        });
      await ctx.services.collaboration.markNotificationsRead(
        ctx.scope,
        userOf(ctx.principal).id,
        ctx.body.all ? null : (ctx.body.ids ?? []),
      );
      return { ok: true as const };
    },
  }),
];

const searchRoute = defineRoute({
  method: "GET",
  url: "/api/t/:tenant/search",
  summary: "Search the messages the caller may read (Japanese and English), newest first",
  action: "search.messages",
  schema: { params: TenantSlugParams, querystring: SearchQuery, response: SearchResponse },
  resource: (parts) => tenantBySlug(parts, parts.params.tenant),
  handler: async (ctx) => {
    if (ctx.principal.kind !== "user")
      throw new AppError("forbidden", "You do not have permission to do this.");
    return {
      results: await ctx.services.collaboration.search(
        ctx.scope,
        ctx.principal,
        ctx.query.q,
        ctx.query.limit ?? 20,
      ),
    };
  },
});

export const collaborationRoutes = [
  ...teamRoutes,
  ...channelRoutes,
  ...chatRoutes,
  peopleRoute,
  ...messageRoutes,
  ...activityRoutes,
  ...fileRoutes,
  ...labelRoutes,
  searchRoute,
];
