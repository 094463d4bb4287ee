import {
  bigint,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/**
 * The audit log: append-only (the server's role has only SELECT and INSERT, and a trigger refuses
 * UPDATE and DELETE), one hash chain per tenant plus one for the deployment. `details_enc` is
 * encrypted under the chain owner's keys, so crypto-shredding a tenant erases its details.
 */
export const auditEvents = pgTable(
  "audit_events",
  {
    chain: text("chain").notNull(),
    seq: bigint("seq", { mode: "number" }).notNull(),
    id: uuid("id").notNull().unique(),
    tenantId: uuid("tenant_id"),
    occurredAt: timestamptz("occurred_at").notNull(),
    actorType: text("actor_type").notNull(),
    actorId: text("actor_id"),
    action: text("action").notNull(),
    targetType: text("target_type"),
    targetId: text("target_id"),
    outcome: text("outcome").notNull(),
    ip: text("ip"),
    userAgent: text("user_agent"),
    requestId: text("request_id"),
    count: integer("count").notNull(),
    detailsEnc: text("details_enc").notNull(),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.chain, t.seq] }),
    index("audit_events_chain_time").on(t.chain, t.occurredAt),
    index("audit_events_chain_actor").on(t.chain, t.actorId),
  ],
);

/** The last link of each chain. Appends lock this row, so two writers never share a previous hash. */
export const auditChainHeads = pgTable("audit_chain_heads", {
  chain: text("chain").primaryKey(),
  seq: bigint("seq", { mode: "number" }).notNull(),
  hash: text("hash").notNull(),
});

export const auditCheckpoints = pgTable(
  "audit_checkpoints",
  {
    id: uuid("id").primaryKey(),
    chain: text("chain").notNull(),
    seq: bigint("seq", { mode: "number" }).notNull(),
    hash: text("hash").notNull(),
    createdAt: timestamptz("created_at").notNull(),
    keyId: text("key_id").notNull(),
    signature: text("signature").notNull(),
  },
  (t) => [unique("audit_checkpoints_chain_seq").on(t.chain, t.seq)],
);
