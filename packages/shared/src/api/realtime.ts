import { Type, type Static } from "typebox";

/**
 * WebSocket frames. A client sends `{ id, type, payload }`; the server answers
 * `{ replyTo: id, ok: true, payload }` or `{ replyTo: id, ok: false, error }`, and pushes
 * `{ event, payload }` for subscriptions. Every `type` is declared with an action.
 */
export const ClientFrame = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 64 }),
    type: Type.String({ minLength: 1, maxLength: 64 }),
    payload: Type.Optional(Type.Unknown()),
  },
  { additionalProperties: false },
);
export type ClientFrame = Static<typeof ClientFrame>;

export const PingPayload = Type.Object({}, { additionalProperties: false });
export const PongPayload = Type.Object({ at: Type.String() });

export const AuditSubscribePayload = Type.Object({}, { additionalProperties: false });
export const UnsubscribePayload = Type.Object(
  { topic: Type.Union([Type.Literal("audit")]) },
  { additionalProperties: false },
);
export const SubscribedPayload = Type.Object({ topic: Type.String() });

export type PingPayload = Static<typeof PingPayload>;
export type UnsubscribePayload = Static<typeof UnsubscribePayload>;
