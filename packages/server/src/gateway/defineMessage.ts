import type { Static, TSchema } from "typebox";
import type { ActionName } from "@engawa/shared";
import type { Principal } from "../domains/identity/index.ts";
import type { RequestInfo } from "../platform/context.ts";
import type { Scope } from "../platform/scope.ts";
import type { Resolved } from "./defineRoute.ts";
import type { Services } from "./services.ts";

/** Who may hold a real-time connection: a user, or an admitted meeting guest (meetings only). */
export type RealtimePrincipal = Extract<Principal, { kind: "user" | "meeting_guest" }>;

/**
 * An open real-time connection as message handlers see it. A user's by default; the meeting
 * room's messages see `RoomConnectionView`, which may be a meeting guest's.
 */
export interface ConnectionView<
  P extends RealtimePrincipal = Extract<Principal, { kind: "user" }>,
> {
  id: string;
  principal: P;
  /** The address and client the connection was opened from (conditional access reads them). */
  info: RequestInfo;
  subscribe(topic: string): void;
  unsubscribe(topic: string): void;
  /** Per-connection state of a domain's feeds (e.g. the last sequence sent per channel). */
  state: Map<string, unknown>;
  /** Sends a server event on this connection (dropped when it has closed). */
  send(frame: { event: string; payload: unknown } | PreparedFrame): void;
}

/**
 * A server frame serialized once: an event for a fan-out that sends the same bytes on many
 * connections (it must then carry nothing particular to one connection), or any frame waiting in
 * the hub's outbox.
 */
export class PreparedFrame {
  readonly data: Buffer;
  #wire: Buffer | null = null;

  constructor(frame: object) {
    this.data = Buffer.from(JSON.stringify(frame), "utf8");
  }

  /** The whole WebSocket frame around `data`, made on first use and shared by every recipient. */
  wire(make: (payload: Buffer) => Buffer): Buffer {
    this.#wire ??= make(this.data);
    return this.#wire;
  }
}

/** A connection of a user or of an admitted meeting guest (the meeting room's messages). */
export type RoomConnectionView = ConnectionView<RealtimePrincipal>;

export interface MessageContext<
  S extends TSchema,
  R,
  P extends RealtimePrincipal = Extract<Principal, { kind: "user" }>,
> {
  connection: ConnectionView<P>;
  principal: P;
  scope: Scope;
  payload: Static<S>;
  resource: R;
  services: Services;
}

export interface MessageSpec<
  S extends TSchema,
  R,
  P extends RealtimePrincipal = Extract<Principal, { kind: "user" }>,
> {
  type: string;
  action: ActionName;
  summary: string;
  payload: S;
  /**
   * True for the meeting room's messages, which an admitted meeting guest may send too (if Cedar
   * permits it); any other message type is a user's only, whatever a policy says.
   */
  guests?: boolean;
  /** What the message acts on (usually the connection's tenant). */
  resource: (
    connection: ConnectionView<P>,
    payload: Static<S>,
    services: Services,
  ) => Promise<Resolved<R>>;
  /** Cedar context attributes, from the payload (the action catalogue names them). */
  context?: (payload: Static<S>) => Record<string, string>;
  handler: (ctx: MessageContext<S, R, P>) => Promise<unknown>;
}

export type AnyMessage = MessageSpec<TSchema, unknown, RealtimePrincipal>;

/**
 * Declares a WebSocket message type with the action it performs (ARCHITECTURE.md, the one rule:
 * every inbound message type is an action). The connection's session is re-checked and Cedar
 * decides before each handler runs.
 */
export function defineMessage<S extends TSchema, R>(
  spec: Omit<MessageSpec<S, R>, "guests">,
): AnyMessage {
  if (!/^[a-z]+(\.[a-z_]+)+$/.test(spec.type))
    throw new Error(`message type "${spec.type}" must look like "area.verb"`);
  return { ...spec, guests: false } as unknown as AnyMessage;
}

/**
 * A message type of the meeting room, which an admitted meeting guest may send as well as a user:
 * its loader and handler see a `RoomConnectionView`. Cedar still decides each frame.
 */
export function defineRoomMessage<S extends TSchema, R>(
  spec: Omit<MessageSpec<S, R, RealtimePrincipal>, "guests">,
): AnyMessage {
  const message = defineMessage(spec as unknown as Omit<MessageSpec<S, R>, "guests">);
  return { ...message, guests: true };
}
