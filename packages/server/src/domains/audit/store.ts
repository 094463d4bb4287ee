import { and, asc, desc, eq, gte, like, lt, lte, sql, type SQL } from "drizzle-orm";
import type { AuditQuery } from "@engawa/shared";
import type { Database } from "../../platform/db/database.ts";
import { chainOf, type Scope } from "../../platform/scope.ts";
import { GENESIS_HASH } from "./chain.ts";
import { auditChainHeads, auditCheckpoints, auditEvents } from "./tables.ts";

export type AuditRow = typeof auditEvents.$inferSelect;
export type CheckpointRow = typeof auditCheckpoints.$inferSelect;

/** SQL of the audit log. Reads are limited to the scope's chain. */
export function createAuditStore(database: Database) {
  const db = () => database.current();
  return {
    /**
     * Takes the chain's next sequence number. The UPDATE locks the head row until the transaction
     * ends, so two appends never read the same previous hash; it returns the new number and the
     * previous event's hash. A chain's first event creates its head row.
     */
    async advanceHead(chain: string): Promise<{ seq: number; prevHash: string }> {
      for (let attempt = 0; attempt < 2; attempt += 1) {
        const rows = await db()
          .update(auditChainHeads)
          .set({ seq: sql`${auditChainHeads.seq} + 1` })
          .where(eq(auditChainHeads.chain, chain))
          .returning({ seq: auditChainHeads.seq, hash: auditChainHeads.hash });
        const head = rows[0];
        if (head) return { seq: Number(head.seq), prevHash: head.hash };
        await db()
          .insert(auditChainHeads)
          .values({ chain, seq: 0, hash: GENESIS_HASH })
          .onConflictDoNothing();
      }
      throw new Error(`audit chain head ${chain} cannot be created`);
    },
    /** Inserts the event and moves the head's hash to it, in one statement. */
    async append(row: AuditRow): Promise<void> {
      await db().execute(sql`
        WITH inserted AS (
          INSERT INTO audit_events (chain, seq, id, tenant_id, occurred_at, actor_type, actor_id, action,
            target_type, target_id, outcome, ip, user_agent, request_id, count, details_enc, prev_hash, hash)
          VALUES (${row.chain}, ${row.seq}, ${row.id}, ${row.tenantId}, ${row.occurredAt.toISOString()}::timestamptz,
            ${row.actorType}, ${row.actorId}, ${row.action}, ${row.targetType}, ${row.targetId}, ${row.outcome},
            ${row.ip}, ${row.userAgent}, ${row.requestId}, ${row.count}, ${row.detailsEnc}, ${row.prevHash}, ${row.hash})
          RETURNING chain, hash
        )
        UPDATE audit_chain_heads SET hash = inserted.hash FROM inserted WHERE audit_chain_heads.chain = inserted.chain`);
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
