import { randomUUID } from "node:crypto";
import type { AuditCheckpoint } from "@engawa/shared";
import type { Clock } from "../../platform/clock.ts";
import { canonicalJson } from "../../platform/crypto/canonicalJson.ts";
import type { Database } from "../../platform/db/database.ts";
import { verifySignature, type CheckpointSigner } from "./signer.ts";
import type { AuditStore, CheckpointRow } from "./store.ts";

export interface ChainOwner {
  chain: string;
  tenant: { id: string; slug: string } | null;
}

/**
 * Signed checkpoints of the audit chains (ARCHITECTURE.md, Audit chain): the head's sequence
 * number and hash, signed with the deployment's Ed25519 key. Anyone who kept an earlier checkpoint
 * can detect a rewrite of the chain up to it, even one that recomputed every later hash.
 */
export class Checkpoints {
  private readonly database: Database;
  private readonly store: AuditStore;
  private readonly signer: CheckpointSigner;
  private readonly clock: Clock;

  constructor(database: Database, store: AuditStore, signer: CheckpointSigner, clock: Clock) {
    this.database = database;
    this.store = store;
    this.signer = signer;
    this.clock = clock;
  }

  /** Signs the chain's current head, unless the latest checkpoint already covers it. */
  async checkpoint(owner: ChainOwner): Promise<AuditCheckpoint | null> {
    const head = await this.store.head(owner.chain);
    if (!head || head.seq === 0) return null;
    const latest = await this.store.latestCheckpoint(owner.chain);
    if (latest && latest.seq >= head.seq) return this.present(owner, latest);
    const unsigned: Omit<AuditCheckpoint, "signature"> = {
      type: "engawa.audit.checkpoint",
      version: 1,
      chain: owner.chain,
      tenant: owner.tenant,
      seq: head.seq,
      hash: head.hash,
      createdAt: this.clock.now().toISOString(),
      ...(await this.signer.identity()),
    };
    const checkpoint: AuditCheckpoint = {
      ...unsigned,
      signature: await this.signer.sign(signingPayload(unsigned)),
    };
    await this.database.transaction(() =>
      this.store.insertCheckpoint({
        id: randomUUID(),
        chain: owner.chain,
        seq: checkpoint.seq,
        hash: checkpoint.hash,
        createdAt: new Date(checkpoint.createdAt),
        keyId: checkpoint.keyId,
        signature: checkpoint.signature,
      }),
    );
    return checkpoint;
  }

  async latest(owner: ChainOwner): Promise<AuditCheckpoint | null> {
    const row = await this.store.latestCheckpoint(owner.chain);
    return row ? this.present(owner, row) : null;
  }

  private async present(owner: ChainOwner, row: CheckpointRow): Promise<AuditCheckpoint> {
    return {
      type: "engawa.audit.checkpoint",
      version: 1,
      chain: row.chain,
      tenant: owner.tenant,
      seq: row.seq,
      hash: row.hash,
      createdAt: row.createdAt.toISOString(),
      keyId: row.keyId,
      publicKey: (await this.signer.publicKeyOf(row.keyId)) ?? "",
      signature: row.signature,
    };
  }
}

/** The bytes a checkpoint's signature covers: every field but the signature, RFC 8785-encoded. */
export function signingPayload(checkpoint: Omit<AuditCheckpoint, "signature">): string {
  const { type, version, chain, tenant, seq, hash, createdAt, keyId, publicKey } = checkpoint;
  return canonicalJson({ type, version, chain, tenant, seq, hash, createdAt, keyId, publicKey });
}

export function checkpointSignatureValid(checkpoint: AuditCheckpoint): boolean {
  return verifySignature(signingPayload(checkpoint), checkpoint.publicKey, checkpoint.signature);
}
