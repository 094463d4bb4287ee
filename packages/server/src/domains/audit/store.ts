import { type SQL, and, asc, desc, eq, gte, like, lt, lte, or, sql } from "drizzle-orm";
import type { AuditQuery } from "@engawa/shared";
import type { Database } from "../../platform/db/database.ts";
import { chainOf, type Scope } from "../../platform/scope.ts";
import { GENESIS_HASH, type EventContent } from "./chain.ts";
import { auditChainHeads, auditCheckpoints, auditEvents } from "./tables.ts";

export type AuditRow = typeof auditEvents.$inferSelect;
export type CheckpointRow = typeof auditCheckpoints.$inferSelect;

/** SQL of the audit log. Reads are limited to the scope's chain. */
export function createAuditStore(database: Database) {
  const db = () => database.current();
  return {
    /**
     * Appends an event in one statement: it locks the chain head row (SELECT … FOR UPDATE, held
     * until the transaction ends, so two appends never share a previous hash), takes the next
     * sequence number, computes the link `sha256(prev_hash "|" seq "|" content_hash)` — the same
     * expression as chain.ts's `linkHash` — inserts the event and moves the head, and returns the
     * event's place in the chain. A chain's first event creates its head row.
     */
    async append(
      content: EventContent,
      contentHash: string,
    ): Promise<{ seq: number; prevHash: string; hash: string }> {
      for (let attempt = 0; attempt < 2; attempt += 1) {
        const result = await db().execute(sql`
          WITH previous AS (
            SELECT chain, seq, hash FROM audit_chain_heads WHERE chain = ${content.chain} FOR UPDATE
          ),
          head AS (
            UPDATE audit_chain_heads h
               SET seq = previous.seq + 1,
                   hash = encode(sha256(convert_to(previous.hash || '|' || (previous.seq + 1)::text || '|' || ${contentHash}, 'UTF8')), 'hex')
              FROM previous
             WHERE h.chain = previous.chain
            RETURNING h.seq, h.hash, previous.hash AS prev_hash
          )
          INSERT INTO audit_events (chain, seq, id, tenant_id, occurred_at, actor_type, actor_id, action,
            target_type, target_id, outcome, ip, user_agent, request_id, count, details_enc, prev_hash, hash)
          SELECT ${content.chain}, head.seq, ${content.id}, ${content.tenantId}, ${content.occurredAt.toISOString()}::timestamptz,
            ${content.actorType}, ${content.actorId}, ${content.action}, ${content.targetType}, ${content.targetId},
            ${content.outcome}, ${content.ip}, ${content.userAgent}, ${content.requestId}, ${content.count},
            ${content.detailsEnc}, head.prev_hash, head.hash
          FROM head
          RETURNING seq, prev_hash, hash`);
        const row = (
          result as { rows: { seq: number | string; prev_hash: string; hash: string }[] }
        ).rows[0];
        if (row) return { seq: Number(row.seq), prevHash: row.prev_hash, hash: row.hash };
        await db()
          .insert(auditChainHeads)
          .values({ chain: content.chain, seq: 0, hash: GENESIS_HASH })
          .onConflictDoNothing();
      }
      throw new Error(`audit chain head ${content.chain} cannot be created`);
    },
    async head(chain: string): Promise<{ seq: number; hash: string } | undefined> {
      return (await db().select().from(auditChainHeads).where(eq(auditChainHeads.chain, chain)))[0];
    },
    async chains(): Promise<string[]> {
      return (await db().select({ chain: auditChainHeads.chain }).from(auditChainHeads)).map(
        (r) => r.chain,
      );
    },
    /** Newest first, filtered; at most `limit` rows. */
    async list(scope: Scope, query: AuditQuery, limit: number): Promise<AuditRow[]> {
      return db()
        .select()
        .from(auditEvents)
        .where(and(...filters(scope, query)))
        .orderBy(desc(auditEvents.seq))
        .limit(limit);
    },
    /** A page of a chain in sequence order, for verification and export. */
    async pageBySeq(
      chain: string,
      afterSeq: number,
      limit: number,
      extra: SQL[] = [],
    ): Promise<AuditRow[]> {
      return db()
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.chain, chain), sql`${auditEvents.seq} > ${afterSeq}`, ...extra))
        .orderBy(asc(auditEvents.seq))
        .limit(limit);
    },
    filters,
    async eventAt(chain: string, seq: number): Promise<AuditRow | undefined> {
      return (
        await db()
          .select()
          .from(auditEvents)
          .where(and(eq(auditEvents.chain, chain), eq(auditEvents.seq, seq)))
      )[0];
    },
    async latestCheckpoint(chain: string): Promise<CheckpointRow | undefined> {
      const rows = await db()
        .select()
        .from(auditCheckpoints)
        .where(eq(auditCheckpoints.chain, chain))
        .orderBy(desc(auditCheckpoints.seq))
        .limit(1);
      return rows[0];
    },
    async insertCheckpoint(row: CheckpointRow): Promise<void> {
      await db().insert(auditCheckpoints).values(row).onConflictDoNothing();
    },
  };
}

export type AuditStore = ReturnType<typeof createAuditStore>;

function filters(scope: Scope, query: AuditQuery): SQL[] {
  const where: SQL[] = [eq(auditEvents.chain, chainOf(scope.tenantId))];
  if (query.actorId) where.push(eq(auditEvents.actorId, query.actorId));
  if (query.actorType) where.push(eq(auditEvents.actorType, query.actorType));
  if (query.involving) {
    const about = or(
      eq(auditEvents.actorId, query.involving),
      eq(auditEvents.targetId, query.involving),
    );
    if (about) where.push(about);
  }
  if (query.action) {
    where.push(
      query.action.endsWith(".")
        ? like(auditEvents.action, `${query.action.replaceAll("_", "\\_")}%`)
        : eq(auditEvents.action, query.action),
    );
  }
  if (query.outcome) where.push(eq(auditEvents.outcome, query.outcome));
  if (query.from) where.push(gte(auditEvents.occurredAt, new Date(query.from)));
  if (query.to) where.push(lte(auditEvents.occurredAt, new Date(query.to)));
  if (query.before) where.push(lt(auditEvents.seq, query.before));
  return where;
}
