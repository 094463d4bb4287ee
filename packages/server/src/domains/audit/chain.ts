import { canonicalJson } from "../../platform/crypto/canonicalJson.ts";
import { sha256Hex } from "../../platform/crypto/tokens.ts";

/** The `prev_hash` of a chain's first event. */
export const GENESIS_HASH = "0".repeat(64);

/** The columns an event's hash covers: all of them except the hash itself. */
export interface ChainedFields {
  chain: string;
  seq: number;
  id: string;
  tenantId: string | null;
  occurredAt: Date;
  actorType: string;
  actorId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  outcome: string;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  count: number;
  detailsEnc: string;
  prevHash: string;
}

/**
 * SHA-256 over the RFC 8785 encoding of the event, with the timestamp fixed to millisecond
 * ISO 8601 in UTC, so PGlite and PostgreSQL (and an auditor's own script) compute the same hash.
 * The previous hash is inside the encoding: changing or removing any event breaks every later link.
 */
export function eventHash(fields: ChainedFields): string {
  return sha256Hex(
    canonicalJson({
      v: 1,
      chain: fields.chain,
      seq: fields.seq,
      id: fields.id,
      tenantId: fields.tenantId,
      occurredAt: fields.occurredAt.toISOString(),
      actorType: fields.actorType,
      actorId: fields.actorId,
      action: fields.action,
      targetType: fields.targetType,
      targetId: fields.targetId,
      outcome: fields.outcome,
      ip: fields.ip,
      userAgent: fields.userAgent,
      requestId: fields.requestId,
      count: fields.count,
      detailsEnc: fields.detailsEnc,
      prevHash: fields.prevHash,
    }),
  );
}
