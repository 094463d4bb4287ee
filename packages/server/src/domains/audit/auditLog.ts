import { randomUUID } from "node:crypto";
import type { AuditEvent, AuditOutcome, AuditQuery } from "@engawa/shared";
import type { Clock } from "../../platform/clock.ts";
import { currentRequest, type RequestInfo } from "../../platform/context.ts";
import type { Database } from "../../platform/db/database.ts";
import { chainOf, type Actor, type Scope } from "../../platform/scope.ts";
import type { Keyring } from "../keys/index.ts";
import { contentHash, type EventContent } from "./chain.ts";
import { createAuditStore, type AuditRow, type AuditStore } from "./store.ts";

export interface AuditEntry {
  action: string;
  outcome: AuditOutcome;
  target?: { type: string; id: string } | null;
  /** Tenant-private details; encrypted under the chain owner's keys. */
  details?: Record<string, unknown>;
  /** How many identical events this entry stands for (aggregated denials). */
  count?: number;
  /** Overrides the request info of the current async flow. */
  request?: RequestInfo;
}

/** Listener for appended events (after commit): the real-time audit feed. */
export type AuditListener = (tenantId: string | null, event: AuditEvent) => void;

interface SealedDetails {
  actorLabel: string | null;
  details: Record<string, unknown>;
}

/**
 * The tamper-evident audit log (PRODUCT.md promise 6). Appends join the caller's transaction, so
 * an event is recorded exactly when the change it describes commits (ARCHITECTURE.md, Audit).
 */
export class AuditLog {
  readonly store: AuditStore;
  private readonly listeners = new Set<AuditListener>();

  private readonly database: Database;
  private readonly keyring: Keyring;
  private readonly clock: Clock;

  constructor(database: Database, keyring: Keyring, clock: Clock) {
    this.database = database;
    this.keyring = keyring;
    this.clock = clock;
    this.store = createAuditStore(database);
  }

  async append(scope: Scope, entry: AuditEntry): Promise<AuditEvent> {
    const request = entry.request ?? currentRequest();
    const chain = chainOf(scope.tenantId);
    const id = randomUUID();
    const sealed: SealedDetails = {
      actorLabel: actorLabel(scope.actor),
      details: entry.details ?? {},
    };
    const detailsEnc = await this.keyring.encryptJson(
      scope,
      "audit",
      sealed,
      detailsContext(chain, id),
    );
    const content: EventContent = {
      chain,
      id,
      tenantId: scope.tenantId,
      occurredAt: this.clock.now(),
      actorType: scope.actor.type,
      actorId: actorId(scope.actor),
      action: entry.action,
      targetType: entry.target?.type ?? null,
      targetId: entry.target?.id ?? null,
      outcome: entry.outcome,
      ip: request.ip ?? null,
      userAgent: request.userAgent?.slice(0, 512) ?? null,
      requestId: request.requestId ?? null,
      count: entry.count ?? 1,
      detailsEnc,
    };
    const place = await this.store.append(content, contentHash(content));
    const row: AuditRow = { ...content, ...place };
    const event = present(row, sealed);
    this.database.afterCommit(() => {
      for (const listener of this.listeners) listener(scope.tenantId, event);
    });
    return event;
  }

  /** Newest first, with details decrypted for the reader. */
  async list(
    scope: Scope,
    query: AuditQuery,
  ): Promise<{ events: AuditEvent[]; nextBefore: number | null }> {
    const limit = query.limit ?? 50;
    const rows = await this.store.list(scope, query, limit + 1);
    const page = rows.slice(0, limit);
    const events = await Promise.all(page.map((row) => this.decrypt(scope, row)));
    const last = page.at(-1);
    return { events, nextBefore: rows.length > limit && last ? last.seq : null };
  }

  /** Every matching event, oldest first, in pages (for exports of any size). */
  async *iterate(scope: Scope, query: AuditQuery, pageSize = 500): AsyncGenerator<AuditEvent> {
    const chain = chainOf(scope.tenantId);
    const extra = this.store.filters(scope, query);
    let after = 0;
    for (;;) {
      const rows = await this.store.pageBySeq(chain, after, pageSize, extra);
      for (const row of rows) yield await this.decrypt(scope, row);
      const last = rows.at(-1);
      if (!last || rows.length < pageSize) return;
      after = last.seq;
    }
  }

  onAppend(listener: AuditListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async decrypt(scope: Scope, row: AuditRow): Promise<AuditEvent> {
    try {
      const sealed = await this.keyring.decryptJson<SealedDetails>(
        scope,
        "audit",
        row.detailsEnc,
        detailsContext(row.chain, row.id),
      );
      return present(row, sealed);
    } catch {
      return present(row, { actorLabel: null, details: { unreadable: true } });
    }
  }
}

function detailsContext(chain: string, id: string): string {
  return `audit|${chain}|${id}`;
}

function actorId(actor: Actor): string | null {
  return actor.type === "user" || actor.type === "operator" || actor.type === "scim_client"
    ? actor.id
    : null;
}

function actorLabel(actor: Actor): string | null {
  switch (actor.type) {
    case "user":
    case "operator":
    case "local_admin":
    case "scim_client":
      return actor.label;
    case "system":
      return actor.reason;
    case "anonymous":
      return null;
  }
}

function present(row: AuditRow, sealed: SealedDetails): AuditEvent {
  return {
    id: row.id,
    seq: row.seq,
    occurredAt: row.occurredAt.toISOString(),
    actor: {
      type: row.actorType as AuditEvent["actor"]["type"],
      id: row.actorId,
      label: sealed.actorLabel,
    },
    action: row.action,
    target: row.targetType && row.targetId ? { type: row.targetType, id: row.targetId } : null,
    outcome: row.outcome as AuditOutcome,
    ip: row.ip,
    userAgent: row.userAgent,
    requestId: row.requestId,
    count: row.count,
    details: sealed.details,
  };
}
