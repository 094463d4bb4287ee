import {
  ActivitySubscribePayload,
  ChannelSubscribePayload,
  ChannelTypingPayload,
  ChannelUnsubscribePayload,
  PresenceSetPayload,
  PresenceSubscribePayload,
} from "@engawa/shared";
import { defineMessage, type ConnectionView } from "../../gateway/defineMessage.ts";
import { scopeOf } from "../identity/index.ts";
import { channelFor } from "./resources.ts";

/**
 * WebSocket message types of channels: follow one live (catching up first), stop following; and
 * follow one's own Activity feed (new mentions); presence (say one's own, watch others').
 */
const connectionTenant = async (connection: ConnectionView) => ({
  target: { kind: "Tenant" as const, id: connection.principal.tenant.id },
  value: null,
  tenantId: connection.principal.tenant.id,
});

export const collaborationMessages = [
  defineMessage({
    type: "activity.subscribe",
    action: "notification.list",
    summary: "Receive one's new Activity entries (mentions) as they happen",
    payload: ActivitySubscribePayload,
    resource: connectionTenant,
    handler: async (ctx) => ctx.services.collaboration.activity.follow(ctx.connection),
  }),
  defineMessage({
    type: "presence.set",
    action: "presence.set",
    summary: "Say whether this client is in use (online) or idle (away)",
    payload: PresenceSetPayload,
    resource: connectionTenant,
    handler: async (ctx) =>
      ctx.services.collaboration.presence.set(ctx.connection, ctx.payload.state),
  }),
  defineMessage({
    type: "presence.subscribe",
    action: "presence.read",
    summary:
      "Watch people's presence (replaces this connection's list): their states now, then presence.changed",
    payload: PresenceSubscribePayload,
    resource: connectionTenant,
    handler: (ctx) =>
      ctx.services.collaboration.presence.watch(ctx.connection, ctx.payload.userIds),
  }),
  defineMessage({
    type: "channel.subscribe",
    action: "channel.read",
    summary: "Follow a channel live; with afterSeq, first receive every change after it, in order",
    payload: ChannelSubscribePayload,
    resource: (connection, payload, services) =>
      channelFor(
        services,
        scopeOf(connection.principal),
        payload.channelId,
        connection.principal.user.id,
      ),
    handler: (ctx) =>
      ctx.services.collaboration.feed.follow(
        ctx.connection,
        ctx.payload.channelId,
        ctx.payload.afterSeq,
      ),
  }),
  defineMessage({
    type: "channel.typing",
    action: "channel.message.post",
    summary: "Say one is typing in a channel (its other followers see it for a few seconds)",
    payload: ChannelTypingPayload,
    resource: (connection, payload, services) =>
      channelFor(
        services,
        scopeOf(connection.principal),
        payload.channelId,
        connection.principal.user.id,
      ),
    handler: async (ctx) => {
      ctx.services.collaboration.feed.typing(ctx.connection, ctx.payload.channelId);
      return { channelId: ctx.payload.channelId };
    },
  }),
  defineMessage({
    type: "channel.unsubscribe",
    action: "channel.read",
    summary: "Stop following a channel",
    payload: ChannelUnsubscribePayload,
    resource: (connection, payload, services) =>
      channelFor(
        services,
        scopeOf(connection.principal),
        payload.channelId,
        connection.principal.user.id,
      ),
    handler: async (ctx) => {
      ctx.services.collaboration.feed.unfollow(ctx.connection, ctx.payload.channelId);
      return { channelId: ctx.payload.channelId };
    },
  }),
];
