import { Type, type Static } from "typebox";
import { Timestamp, Uuid } from "./common.ts";

/**
 * One signed-in browser of the user, as the "your sessions" page lists it. The place is country
 * and region only (ARCHITECTURE.md, location rule); null until the address can be placed.
 */
export const SessionSummary = Type.Object({
  id: Uuid,
  /** The session this request came from. */
  current: Type.Boolean(),
  createdAt: Timestamp,
  lastSeenAt: Timestamp,
  ip: Type.Union([Type.String(), Type.Null()]),
  browser: Type.String(),
  os: Type.String(),
  methods: Type.String(),
  place: Type.Union([
    Type.Object({ country: Type.String(), region: Type.Union([Type.String(), Type.Null()]) }),
    Type.Null(),
  ]),
});
export type SessionSummary = Static<typeof SessionSummary>;

export const SessionListResponse = Type.Object({ sessions: Type.Array(SessionSummary) });
export type SessionListResponse = Static<typeof SessionListResponse>;

export const SessionParams = Type.Object({ sessionId: Uuid }, { additionalProperties: false });
export type SessionParams = Static<typeof SessionParams>;

export const RevokedResponse = Type.Object({ revoked: Type.Integer({ minimum: 0 }) });
export type RevokedResponse = Static<typeof RevokedResponse>;
