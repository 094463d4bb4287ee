import { canonicalJson } from "../../platform/crypto/canonicalJson.ts";
import { sha256Hex } from "../../platform/crypto/tokens.ts";

/** The `prev_hash` of a chain's first event. */
export const GENESIS_HASH = "0".repeat(64);

/** What an event says: every column except its place in the chain (seq, prev_hash, hash). */
export interface EventContent {
  chain: string;
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
}

/** An event with its place in the chain. */
export interface ChainedFields extends EventContent {
  seq: number;
  prevHash: string;
}

/**
 * SHA-256 over the RFC 8785 encoding of the event's content, timestamps fixed to millisecond
 * ISO 8601 in UTC, so PGlite, PostgreSQL and an auditor's own script compute the same value.
 */
export function contentHash(content: EventContent): string {
  return sha256Hex(
    canonicalJson({
      v: 1,
      chain: content.chain,
      id: content.id,
      tenantId: content.tenantId,
      occurredAt: content.occurredAt.toISOString(),
      actorType: content.actorType,
      actorId: content.actorId,
      action: content.action,
      targetType: content.targetType,
      targetId: content.targetId,
      outcome: content.outcome,
      ip: content.ip,
      userAgent: content.userAgent,
      requestId: content.requestId,
      count: content.count,
      detailsEnc: content.detailsEnc,
    }),
  );
}

/**
 * An event's hash: `sha256(prev_hash "|" seq "|" content_hash)` in lower-case hex. The database
 * computes the same expression when it appends (see store.ts), so the link is made under the chain
 * head's row lock in one statement. Changing, removing or inserting any event breaks every later link.
 */
export function linkHash(prevHash: string, seq: number, content: string): string {
  return sha256Hex(`${prevHash}|${seq}|${content}`);
}

export function eventHash(fields: ChainedFields): string {
  return linkHash(fields.prevHash, fields.seq, contentHash(fields));
}
