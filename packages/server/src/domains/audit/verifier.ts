import type { AuditCheckpoint } from "@engawa/shared";
import { eventHash, GENESIS_HASH } from "./chain.ts";
import { checkpointSignatureValid } from "./checkpoints.ts";
import type { AuditStore } from "./store.ts";

export interface ChainProblem {
  seq: number;
  eventId: string | null;
  problem: string;
}

export interface ChainReport {
  chain: string;
  events: number;
  ok: boolean;
  /** The first event found wrong, in sequence order. */
  firstBad: ChainProblem | null;
  checkpointsChecked: number;
}

const PAGE = 1000;

/**
 * Recomputes a chain from its first event: sequence numbers without gaps, each `prev_hash` equal
 * to the previous event's hash, each hash equal to the hash of its own fields, and the head at the
 * last event. Then checks each given checkpoint: a valid signature, and the event at its sequence
 * number carrying its hash (a rewrite that recomputed every later hash fails here).
 */
export async function verifyChain(
  store: AuditStore,
  chain: string,
  checkpoints: AuditCheckpoint[] = [],
): Promise<ChainReport> {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let events = 0;
  let firstBad: ChainProblem | null = null;
  const wanted = new Map(checkpoints.map((c) => [c.seq, c]));
  const matched = new Set<number>();
  outer: for (;;) {
    const rows = await store.pageBySeq(chain, expectedSeq - 1, PAGE);
    for (const row of rows) {
      events += 1;
      if (row.seq !== expectedSeq) {
        firstBad = {
          seq: expectedSeq,
          eventId: null,
          problem: `event ${expectedSeq} is missing (next is ${row.seq})`,
        };
        break outer;
      }
      if (row.prevHash !== prevHash) {
        firstBad = {
          seq: row.seq,
          eventId: row.id,
          problem: "its previous-hash link does not match the event before it",
        };
        break outer;
      }
      if (eventHash(row) !== row.hash) {
        firstBad = {
          seq: row.seq,
          eventId: row.id,
          problem: "its contents do not match its hash (the event was altered)",
        };
        break outer;
      }
      const checkpoint = wanted.get(row.seq);
      if (checkpoint) {
        if (checkpoint.hash !== row.hash) {
          firstBad = {
            seq: row.seq,
            eventId: row.id,
            problem: `it differs from the signed checkpoint of ${checkpoint.createdAt} (the chain was rewritten at or before this event)`,
          };
          break outer;
        }
        matched.add(row.seq);
      }
      prevHash = row.hash;
      expectedSeq += 1;
    }
    if (rows.length < PAGE) break;
  }
  if (!firstBad) firstBad = await checkHead(store, chain, expectedSeq - 1, prevHash);
  if (!firstBad) firstBad = checkCheckpoints(checkpoints, matched);
  return { chain, events, ok: firstBad === null, firstBad, checkpointsChecked: checkpoints.length };
}

async function checkHead(
  store: AuditStore,
  chain: string,
  lastSeq: number,
  lastHash: string,
): Promise<ChainProblem | null> {
  const head = await store.head(chain);
  if (!head)
    return lastSeq === 0
      ? null
      : { seq: lastSeq, eventId: null, problem: "the chain head is missing" };
  if (head.seq > lastSeq) {
    return {
      seq: lastSeq + 1,
      eventId: null,
      problem: `events ${lastSeq + 1}–${head.seq} were removed from the end of the chain`,
    };
  }
  if (head.seq !== lastSeq || head.hash !== lastHash) {
    return { seq: lastSeq, eventId: null, problem: "the chain head does not match the last event" };
  }
  return null;
}

function checkCheckpoints(
  checkpoints: AuditCheckpoint[],
  matched: Set<number>,
): ChainProblem | null {
  for (const checkpoint of [...checkpoints].sort((a, b) => a.seq - b.seq)) {
    if (!checkpointSignatureValid(checkpoint)) {
      return {
        seq: checkpoint.seq,
        eventId: null,
        problem: "the checkpoint's signature is not valid",
      };
    }
    if (!matched.has(checkpoint.seq)) {
      return {
        seq: checkpoint.seq,
        eventId: null,
        problem: "the event the checkpoint covers is missing (the chain was truncated)",
      };
    }
  }
  return null;
}
