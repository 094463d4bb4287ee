import type { Message } from "@engawa/shared";
import { PreparedFrame, type ConnectionView } from "../../gateway/defineMessage.ts";
import { scopeFor } from "../../platform/scope.ts";
import type { AccessEngine, Target } from "../access/index.ts";
import { scopeOf, subjectOf } from "../identity/index.ts";
import type { AccessChange, MessageChange } from "./events.ts";
import type { ConditionsCheck } from "./service.ts";
import { channelTarget, type StrongestLabel } from "./resources.ts";
import type { CollaborationStore } from "./store.ts";

/** How many changes one catching-up query reads. */
const CATCH_UP_BATCH = 500;

/**
 * Where a connection stands in one channel: the last sequence number sent, its send queue (and
 * how many tasks wait in it), and the policy's last answer for it.
 */
interface Cursor {
  lastSeq: number;
  queue: Promise<void>;
  pending: number;
  decision: CachedDecision | null;
  /** Which part refused last: removed (the role part) or conditional access (where and how). */
  refusedBy: "access" | "conditions" | null;
}

/**
 * The policy's answer for one connection and channel, valid while the connection's principal is
 * the same object (the hub replaces it at every re-check: role change, sign-out, session deadline,
 * a declared work context, a change of the tenant's conditional access) and no access change of
 * the user has happened since (its epoch). The role policy set does not change while the server
 * runs.
 */
interface CachedDecision {
  principal: ConnectionView["principal"];
  epoch: number;
  allowed: boolean;
}

/** The parts of the real-time hub the feed uses. */
export interface Subscribers {
  subscribers(tenantId: string, topic: string): ConnectionView[];
  connectionsOf(userId: string): ConnectionView[];
  tenantConnections(tenantId: string): ConnectionView[];
}

interface FeedDeps {
  hub: () => Subscribers;
  access: AccessEngine;
  /** Conditional access (policies and the label × work-context matrix) for the connection. */
  conditions: ConditionsCheck;
  strongestLabel: StrongestLabel;
  store: CollaborationStore;
  changesAfter: (
    scope: ReturnType<typeof scopeFor>,
    channelId: string,
    afterSeq: number,
    limit: number,
  ) => Promise<Message[]>;
}

export const channelTopic = (channelId: string) => `channel:${channelId}`;
const cursorKey = (channelId: string) => `channel-cursor:${channelId}`;

/**
 * Live delivery of channel messages over the WebSocket. Each (connection, channel) has a cursor:
 * the last sequence number it was sent and a queue, so sends to one connection are in order. A
 * change with the next number is sent as is; a gap (changes announced out of commit order, or a
 * client resuming from an old number) is filled from the database first, so nothing is lost and
 * nothing sent twice. Every delivery is decided by the policy for the connection's current
 * principal; the channel relation comes from a cache that every membership change clears, and an
 * access change re-decides the person's subscriptions at once (a removed member stops receiving).
 */
export class ChannelFeed {
  private readonly relations = new Map<string, Target>();
  /** Bumped by every access change of a user, so a look-up that raced with it is not cached. */
  private readonly epochs = new Map<string, number>();

  private readonly deps: FeedDeps;

  constructor(deps: FeedDeps) {
    this.deps = deps;
  }

  /**
   * Follows a channel on a connection (already allowed by the gateway). With `afterSeq`, what
   * changed after it is sent first; without, only what happens from now on. Either way the
   * policy's answer for the connection is made and cached at once, through its queue.
   */
  async follow(connection: ConnectionView, channelId: string, afterSeq: number | undefined) {
    const scope = scopeOf(connection.principal);
    const lastSeq = afterSeq ?? (await this.deps.store.channelLastSeq(scope, channelId));
    const cursor: Cursor = {
      lastSeq,
      queue: Promise.resolve(),
      pending: 0,
      decision: null,
      refusedBy: null,
    };
    connection.state.set(cursorKey(channelId), cursor);
    connection.subscribe(channelTopic(channelId));
    if (afterSeq !== undefined)
      this.enqueue(connection, channelId, cursor, () =>
        this.catchUp(connection, channelId, cursor, Infinity),
      );
    // Decided now, not when the channel's next message comes: a thousand people who opened the
    // channel would otherwise all be decided afresh in the turn of that message, and it and the
    // posts behind it would wait seconds for them (the bench's first round showed it).
    else this.enqueue(connection, channelId, cursor, async () => undefined);
    return { channelId, lastSeq: await this.deps.store.channelLastSeq(scope, channelId) };
  }

  unfollow(connection: ConnectionView, channelId: string): void {
    connection.unsubscribe(channelTopic(channelId));
    connection.state.delete(cursorKey(channelId));
  }

  /**
   * A message changed: offer it to every connection following its channel. The frame is
   * serialized once for all of them. A connection with nothing queued, for which this change is
   * the next number and the policy's answer is cached, is sent it at once; any other goes through
   * its queue (catching up first, deciding afresh).
   */
  onMessage(change: MessageChange): void {
    const { channelId, message } = change;
    const key = cursorKey(channelId);
    const seq = message.seq;
    const frame = new PreparedFrame({ event: "channel.message", payload: { channelId, message } });
    for (const connection of this.deps
      .hub()
      .subscribers(change.tenantId, channelTopic(channelId))) {
      const cursor = connection.state.get(key) as Cursor | undefined;
      if (!cursor) continue;
      if (
        cursor.pending === 0 &&
        seq === cursor.lastSeq + 1 &&
        this.cachedDecision(connection, cursor) === true
      ) {
        connection.send(frame);
        cursor.lastSeq = seq;
        continue;
      }
      this.enqueue(connection, channelId, cursor, async () => {
        if (seq <= cursor.lastSeq) return;
        if (seq === cursor.lastSeq + 1) {
          connection.send(frame);
          cursor.lastSeq = seq;
        } else await this.catchUp(connection, channelId, cursor, seq);
      });
    }
  }

  /**
   * Someone is typing in a channel: the other followers who may read it hear of it, each decided
   * like a message (through its queue, so after the messages before it). Ephemeral: never stored,
   * not numbered, not replayed after a reconnect.
   */
  typing(from: ConnectionView, channelId: string): void {
    const user = { id: from.principal.user.id, displayName: from.principal.user.displayName };
    const frame = new PreparedFrame({ event: "channel.typing", payload: { channelId, user } });
    const key = cursorKey(channelId);
    for (const connection of this.deps
      .hub()
      .subscribers(from.principal.tenant.id, channelTopic(channelId))) {
      const cursor = connection.state.get(key) as Cursor | undefined;
      if (!cursor || connection.principal.user.id === user.id) continue;
      this.enqueue(connection, channelId, cursor, async () => connection.send(frame));
    }
  }

  /** Memberships changed: forget cached relations and re-decide the person's subscriptions. */
  onAccess(change: AccessChange): void {
    this.epochs.set(change.userId, (this.epochs.get(change.userId) ?? 0) + 1);
    for (const key of [...this.relations.keys()])
      if (key.endsWith(`|${change.userId}`)) this.relations.delete(key);
    for (const connection of this.deps.hub().connectionsOf(change.userId)) this.refresh(connection);
  }

  /**
   * Re-decides every channel the connection follows now (its principal was re-read: a new work
   * context, a stricter policy or label): one no longer allowed is dropped with
   * `channel.access_lost` at once, not at its next message.
   */
  refresh(connection: ConnectionView): void {
    for (const key of [...connection.state.keys()]) {
      if (!key.startsWith("channel-cursor:")) continue;
      const channelId = key.slice("channel-cursor:".length);
      const cursor = connection.state.get(key) as Cursor;
      cursor.decision = null;
      this.enqueue(connection, channelId, cursor, async () => undefined);
    }
  }

  /**
   * A team's label changed: the cached relations (which carry the label) are forgotten and every
   * connection of the tenant re-decides what it follows. Labelling is rare; this is not a hot path.
   */
  onLabelChange(tenantId: string): void {
    this.relations.clear();
    for (const userId of [...this.epochs.keys()])
      this.epochs.set(userId, (this.epochs.get(userId) ?? 0) + 1);
    for (const connection of this.deps.hub().tenantConnections(tenantId)) this.refresh(connection);
  }

  private enqueue(
    connection: ConnectionView,
    channelId: string,
    cursor: Cursor,
    work: () => Promise<void>,
  ): void {
    cursor.pending += 1;
    cursor.queue = cursor.queue
      .then(async () => {
        if (connection.state.get(cursorKey(channelId)) !== cursor) return;
        const allowed = await this.mayRead(connection, channelId, cursor);
        // Unfollowed (and perhaps followed again, with a new cursor) while it was decided: the
        // answer is for a cursor that is gone, and must not drop the new one.
        if (connection.state.get(cursorKey(channelId)) !== cursor) return;
        if (!allowed) {
          this.unfollow(connection, channelId);
          // The reason lets the page tell a removal from a place or a policy that keeps it closed.
          connection.send({
            event: "channel.access_lost",
            payload: { channelId, reason: cursor.refusedBy ?? "access" },
          });
          return;
        }
        await work();
      })
      .catch(() => undefined)
      .finally(() => {
        cursor.pending -= 1;
      });
  }

  /** Sends every change after the cursor (up to `until`, or all), in order. */
  private async catchUp(
    connection: ConnectionView,
    channelId: string,
    cursor: Cursor,
    until: number,
  ) {
    const scope = scopeOf(connection.principal);
    for (;;) {
      const batch = await this.deps.changesAfter(scope, channelId, cursor.lastSeq, CATCH_UP_BATCH);
      for (const message of batch) {
        this.send(connection, channelId, message);
        cursor.lastSeq = message.seq;
      }
      if (batch.length < CATCH_UP_BATCH || cursor.lastSeq >= until) return;
    }
  }

  private send(connection: ConnectionView, channelId: string, message: Message): void {
    connection.send({ event: "channel.message", payload: { channelId, message } });
  }

  /** The cached answer of the policy for this connection and channel, if still valid. */
  private cachedDecision(connection: ConnectionView, cursor: Cursor): boolean | undefined {
    const decision = cursor.decision;
    if (
      decision &&
      decision.principal === connection.principal &&
      decision.epoch === (this.epochs.get(connection.principal.user.id) ?? 0)
    )
      return decision.allowed;
    return undefined;
  }

  /**
   * The policy's answer for this connection's principal now: the cached one while valid,
   * otherwise decided afresh (relations cached until changed) and remembered on the cursor.
   */
  private async mayRead(
    connection: ConnectionView,
    channelId: string,
    cursor: Cursor,
  ): Promise<boolean> {
    const cached = this.cachedDecision(connection, cursor);
    if (cached !== undefined) return cached;
    const principal = connection.principal;
    const userId = principal.user.id;
    const epoch = this.epochs.get(userId) ?? 0;
    const key = `${channelId}|${userId}`;
    let target = this.relations.get(key);
    if (!target) {
      const scope = scopeFor({ type: "system", reason: "channel delivery" }, principal.tenant.id);
      const row = await this.deps.store.channelAccess(scope, channelId, userId);
      if (!row) {
        cursor.refusedBy = "access";
        return false;
      }
      target = await channelTarget(row, this.deps.strongestLabel, scope);
      if ((this.epochs.get(userId) ?? 0) === epoch) this.relations.set(key, target);
    }
    const request = { subject: subjectOf(principal), action: "channel.read" as const, target };
    const roleAllowed = this.deps.access.decide(request).allowed;
    const allowed =
      roleAllowed && (await this.deps.conditions(principal, request, connection.info));
    cursor.refusedBy = allowed ? null : roleAllowed ? "conditions" : "access";
    // Remembered only if nothing changed while the relation was looked up.
    if ((this.epochs.get(userId) ?? 0) === epoch) cursor.decision = { principal, epoch, allowed };
    return allowed;
  }
}
