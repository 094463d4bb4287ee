import {
  AuditSubscribePayload,
  PingPayload,
  type PongPayload,
  type SubscribedPayload,
  UnsubscribePayload,
} from "@engawa/shared";
import type { Static } from "typebox";
import { defineMessage, type ConnectionView } from "../../gateway/defineMessage.ts";
import type { Resolved } from "../../gateway/defineRoute.ts";

async function connectionTenant(connection: ConnectionView): Promise<Resolved<null>> {
  return {
    target: { kind: "Tenant", id: connection.principal.tenant.id },
    value: null,
    tenantId: connection.principal.tenant.id,
  };
}

/** Every WebSocket message type a client may send. */
export const realtimeMessages = [
  defineMessage({
    type: "session.ping",
    action: "realtime.ping",
    summary: "Keep the connection alive; answers with the server time",
    payload: PingPayload,
    resource: connectionTenant,
    handler: async (ctx): Promise<Static<typeof PongPayload>> => ({
      at: ctx.services.clock.now().toISOString(),
    }),
  }),
  defineMessage({
    type: "audit.subscribe",
    action: "audit.read",
    summary: "Receive the organisation's new audit events as they are recorded",
    payload: AuditSubscribePayload,
    resource: connectionTenant,
    handler: async (ctx): Promise<Static<typeof SubscribedPayload>> => {
      ctx.connection.subscribe("audit");
      return { topic: "audit" };
    },
  }),
  defineMessage({
    type: "realtime.unsubscribe",
    action: "realtime.unsubscribe",
    summary: "Stop receiving a topic",
    payload: UnsubscribePayload,
    resource: connectionTenant,
    handler: async (ctx): Promise<Static<typeof SubscribedPayload>> => {
      ctx.connection.unsubscribe(ctx.payload.topic);
      return { topic: ctx.payload.topic };
    },
  }),
];
