import { Type, type Static } from "typebox";
import { Timestamp, Uuid } from "./common.ts";

export const AUDIT_OUTCOMES = ["allow", "deny", "error"] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export const ACTOR_TYPES = [
  "user",
  "operator",
  "system",
  "anonymous",
  "local_admin",
  "scim_client",
] as const;
export type ActorType = (typeof ACTOR_TYPES)[number];

export const AuditEvent = Type.Object({
  id: Type.String(),
  seq: Type.Integer(),
  occurredAt: Timestamp,
  actor: Type.Object({
    type: Type.Enum(ACTOR_TYPES),
    id: Type.Union([Type.String(), Type.Null()]),
    label: Type.Union([Type.String(), Type.Null()]),
  }),
  action: Type.String(),
  target: Type.Union([Type.Object({ type: Type.String(), id: Type.String() }), Type.Null()]),
  outcome: Type.Enum(AUDIT_OUTCOMES),
  ip: Type.Union([Type.String(), Type.Null()]),
  userAgent: Type.Union([Type.String(), Type.Null()]),
  requestId: Type.Union([Type.String(), Type.Null()]),
  /** How many identical events this row stands for (floods of denials are counted). */
  count: Type.Integer(),
  details: Type.Record(Type.String(), Type.Unknown()),
});
export type AuditEvent = Static<typeof AuditEvent>;

export const AuditQuery = Type.Object(
  {
    actorId: Type.Optional(Uuid),
    /** Events by or about this id (actor or target), e.g. everything concerning one user. */
    involving: Type.Optional(Uuid),
    actorType: Type.Optional(Type.Enum(ACTOR_TYPES)),
    /** An action name, or a prefix ending in a dot (`user.`). */
    action: Type.Optional(Type.String({ minLength: 1, maxLength: 100, pattern: "^[a-z_.]+$" })),
    outcome: Type.Optional(Type.Enum(AUDIT_OUTCOMES)),
    from: Type.Optional(Timestamp),
    to: Type.Optional(Timestamp),
    /** Return events with a sequence number below this (paging backwards). */
    before: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  { additionalProperties: false },
);
export type AuditQuery = Static<typeof AuditQuery>;

export const AuditListResponse = Type.Object({
  events: Type.Array(AuditEvent),
  /** Pass as `before` to get the next (older) page; null at the start of the log. */
  nextBefore: Type.Union([Type.Integer(), Type.Null()]),
});
export type AuditListResponse = Static<typeof AuditListResponse>;

export const AuditExportQuery = Type.Object(
  {
    ...AuditQuery.properties,
    format: Type.Union([Type.Literal("csv"), Type.Literal("jsonl")]),
  },
  { additionalProperties: false },
);
export type AuditExportQuery = Static<typeof AuditExportQuery>;

/**
 * A signed audit checkpoint: the chain head at `seq` signed with the deployment's Ed25519
 * audit key. Keep a copy: `engawa audit verify --checkpoint FILE` detects any rewrite of the
 * chain up to that point, even one that recomputed every later hash.
 */
export const AuditCheckpoint = Type.Object({
  type: Type.Literal("engawa.audit.checkpoint"),
  version: Type.Literal(1),
  chain: Type.String(),
  tenant: Type.Union([Type.Object({ id: Type.String(), slug: Type.String() }), Type.Null()]),
  seq: Type.Integer(),
  hash: Type.String(),
  createdAt: Timestamp,
  keyId: Type.String(),
  /** Ed25519 public key, base64url (raw 32 bytes). */
  publicKey: Type.String(),
  /** Ed25519 signature over the RFC 8785 encoding of every other field, base64url. */
  signature: Type.String(),
});
export type AuditCheckpoint = Static<typeof AuditCheckpoint>;

export const AuditCheckpointResponse = Type.Object({ checkpoint: AuditCheckpoint });
export type AuditCheckpointResponse = Static<typeof AuditCheckpointResponse>;
