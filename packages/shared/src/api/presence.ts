import { Type, type Static } from "typebox";
import { Uuid } from "./common.ts";

/**
 * Presence: live state, never stored. A person is `online` while one of their open connections
 * says it is in use, `away` when all of them say they are idle, `offline` when none is left (after
 * a short grace period that rides over a reload).
 */
export const PresenceState = Type.Union([
  Type.Literal("online"),
  Type.Literal("away"),
  Type.Literal("offline"),
]);
export type PresenceState = Static<typeof PresenceState>;

/** The most people one connection may watch at once. */
export const PRESENCE_WATCH_LIMIT = 200;

/** WebSocket `presence.set`: this connection's client is in use (`online`) or idle (`away`). */
export const PresenceSetPayload = Type.Object(
  { state: Type.Union([Type.Literal("online"), Type.Literal("away")]) },
  { additionalProperties: false },
);
export type PresenceSetPayload = Static<typeof PresenceSetPayload>;

/**
 * WebSocket `presence.subscribe`: watch these people (replaces the connection's earlier set). The
 * reply gives each one's state now; someone the caller may not see is answered `offline`, like an
 * id nobody has.
 */
export const PresenceSubscribePayload = Type.Object(
  {
    userIds: Type.Array(Uuid, { maxItems: PRESENCE_WATCH_LIMIT, uniqueItems: true }),
  },
  { additionalProperties: false },
);
export type PresenceSubscribePayload = Static<typeof PresenceSubscribePayload>;

export const PresenceEntry = Type.Object({ userId: Uuid, state: PresenceState });
export type PresenceEntry = Static<typeof PresenceEntry>;

export const PresenceSnapshot = Type.Object({ presence: Type.Array(PresenceEntry) });
export type PresenceSnapshot = Static<typeof PresenceSnapshot>;

/** Server → client: a watched person's state changed. */
export interface PresenceChangedEvent {
  event: "presence.changed";
  payload: PresenceEntry;
}

/**
 * Server → client: the person's teams or channels changed (added, removed, a new channel in one of
 * their teams). Carries nothing: the client reads its lists again.
 */
export interface DirectoryChangedEvent {
  event: "directory.changed";
  payload: Record<string, never>;
}
