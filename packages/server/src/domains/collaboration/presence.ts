import type { PresenceEntry, PresenceSnapshot, PresenceState } from "@engawa/shared";
import { PreparedFrame, type ConnectionView } from "../../gateway/defineMessage.ts";
import type { Clock } from "../../platform/clock.ts";

/** How long a person stays as they were after their last connection closed (a reload). */
export const PRESENCE_GRACE_MS = 5_000;

type ConnectionState = "online" | "away";

/** One person with open connections, or within the grace period after the last one closed. */
interface Person {
  tenantId: string;
  connections: Map<string, ConnectionState>;
  state: PresenceState;
  /** When the last connection closed (ms), while none is open. */
  leftAt: number | null;
}

/**
 * One connection's watch list. `visible` is who of them the connection's principal may see, worked
 * out for `principal` (the hub replaces the object at every re-check, so a role change or a new
 * session makes it work it out again) and kept until a membership change of either side.
 * `sent` is the state last told for each id, so nobody is told the same thing twice.
 */
interface Watch {
  connection: ConnectionView;
  ids: Set<string>;
  visible: Set<string>;
  principal: ConnectionView["principal"] | null;
  sent: Map<string, PresenceState>;
  queue: Promise<void>;
}

interface PresenceDeps {
  clock: Clock;
  /** Who of `ids` this principal may see now: people of a shared team or chat (guests: teams). */
  visibleAmong: (
    principal: ConnectionView["principal"],
    ids: readonly string[],
  ) => Promise<Set<string>>;
  /** The policy's answer, for this principal now, to watching presence at all. */
  mayWatch: (principal: ConnectionView["principal"]) => boolean;
  graceMs?: number;
}

const watchKey = "presence-watch";

/**
 * Presence (online / away / offline), live and in memory only: nothing is stored. A connection
 * counts as online from its opening until its client says it is idle (`presence.set`); a person
 * is online when one of their connections is, away when all are idle, and offline once the last
 * one has been closed for the grace period. Watchers hear changes of the people they may see; for
 * anyone else they are told `offline`, exactly as for an id nobody has, so nothing leaks.
 * One server's view: several nodes would share it over the bus (not built).
 */
export class PresenceTracker {
  private readonly people = new Map<string, Person>();
  /** Watched user id → the watches that include it. */
  private readonly watchers = new Map<string, Set<Watch>>();
  /** People whose last connection closed (within the grace period): what `expireDue` looks at. */
  private readonly leaving = new Set<string>();
  /** Watching user id → their connections' watches. */
  private readonly byOwner = new Map<string, Set<Watch>>();
  private readonly deps: PresenceDeps;
  private readonly graceMs: number;

  constructor(deps: PresenceDeps) {
    this.deps = deps;
    this.graceMs = deps.graceMs ?? PRESENCE_GRACE_MS;
  }

  /** A connection was accepted: its person is online. */
  opened(connection: ConnectionView): void {
    const userId = connection.principal.user.id;
    let person = this.people.get(userId);
    if (!person) {
      person = {
        tenantId: connection.principal.tenant.id,
        connections: new Map(),
        state: "offline",
        leftAt: null,
      };
      this.people.set(userId, person);
    }
    person.connections.set(connection.id, "online");
    person.leftAt = null;
    this.leaving.delete(userId);
    this.update(userId, person);
  }

  /** A connection closed: its watch ends; its person goes offline after the grace period. */
  closed(connection: ConnectionView): void {
    this.unwatch(connection);
    const userId = connection.principal.user.id;
    const person = this.people.get(userId);
    if (!person || !person.connections.delete(connection.id)) return;
    if (person.connections.size > 0) {
      this.update(userId, person);
      return;
    }
    person.leftAt = this.deps.clock.now().getTime();
    this.leaving.add(userId);
    setTimeout(() => this.expireDue(), this.graceMs + 50).unref();
  }

  /** The client says it is in use or idle. */
  set(connection: ConnectionView, state: ConnectionState): { state: PresenceState } {
    const userId = connection.principal.user.id;
    const person = this.people.get(userId);
    if (person?.connections.has(connection.id)) {
      person.connections.set(connection.id, state);
      this.update(userId, person);
    }
    return { state: this.stateOf(userId) };
  }

  /** A person's state now. */
  stateOf(userId: string): PresenceState {
    return this.people.get(userId)?.state ?? "offline";
  }

  /** People whose grace period has passed go offline (a timer runs it; tests call it). */
  expireDue(): void {
    const now = this.deps.clock.now().getTime();
    for (const userId of [...this.leaving]) {
      const person = this.people.get(userId);
      if (!person || person.connections.size > 0 || person.leftAt === null) {
        this.leaving.delete(userId);
        continue;
      }
      if (person.leftAt + this.graceMs > now) continue;
      this.leaving.delete(userId);
      this.people.delete(userId);
      if (person.state !== "offline") this.broadcast(userId);
    }
  }

  /** Replaces the connection's watch list; answers every id with the state the caller may know. */
  async watch(connection: ConnectionView, ids: readonly string[]): Promise<PresenceSnapshot> {
    this.unwatch(connection);
    const watch: Watch = {
      connection,
      ids: new Set(ids),
      visible: new Set(),
      principal: null,
      sent: new Map(),
      queue: Promise.resolve(),
    };
    connection.state.set(watchKey, watch);
    for (const id of watch.ids) addTo(this.watchers, id, watch);
    addTo(this.byOwner, connection.principal.user.id, watch);
    let entries: PresenceEntry[] = [];
    const outcome: { failure?: Error } = {};
    await this.enqueue(watch, async () => {
      try {
        await this.refresh(watch);
      } catch (error) {
        outcome.failure = error instanceof Error ? error : new Error(String(error));
        return;
      }
      entries = [...watch.ids].map((userId) => {
        const state = this.visibleState(watch, userId);
        watch.sent.set(userId, state);
        return { userId, state };
      });
    });
    if (outcome.failure) throw outcome.failure;
    return { presence: entries };
  }

  /**
   * Someone's teams or chats changed: who they may see, and who may see them, is worked out again
   * now, and watchers are told what that changes.
   */
  onAccess(userId: string): void {
    const affected = new Set([
      ...(this.watchers.get(userId) ?? []),
      ...(this.byOwner.get(userId) ?? []),
    ]);
    for (const watch of affected) {
      watch.principal = null;
      void this.enqueue(watch, async () => {
        if (watch.principal === null) await this.refresh(watch);
        for (const id of watch.ids) this.tell(watch, id);
      });
    }
  }

  private unwatch(connection: ConnectionView): void {
    const watch = connection.state.get(watchKey) as Watch | undefined;
    if (!watch) return;
    connection.state.delete(watchKey);
    for (const id of watch.ids) removeFrom(this.watchers, id, watch);
    removeFrom(this.byOwner, connection.principal.user.id, watch);
  }

  private update(userId: string, person: Person): void {
    const states = [...person.connections.values()];
    const state: PresenceState =
      states.length === 0 ? person.state : states.includes("online") ? "online" : "away";
    if (state === person.state) return;
    person.state = state;
    this.broadcast(userId);
  }

  /** Tells every watcher of the person who may see them (each in its own order). */
  private broadcast(userId: string): void {
    for (const watch of [...(this.watchers.get(userId) ?? [])])
      void this.enqueue(watch, async () => {
        if (watch.principal !== watch.connection.principal) await this.refresh(watch);
        this.tell(watch, userId);
      });
  }

  private tell(watch: Watch, userId: string): void {
    const state = this.visibleState(watch, userId);
    if (watch.sent.get(userId) === state) return;
    watch.sent.set(userId, state);
    watch.connection.send(
      new PreparedFrame({ event: "presence.changed", payload: { userId, state } }),
    );
  }

  private visibleState(watch: Watch, userId: string): PresenceState {
    return watch.visible.has(userId) ? this.stateOf(userId) : "offline";
  }

  /** Works out again whom the watch's connection may see, for its principal now. */
  private async refresh(watch: Watch): Promise<void> {
    const principal = watch.connection.principal;
    const visible =
      this.deps.mayWatch(principal) && watch.ids.size > 0
        ? await this.deps.visibleAmong(principal, [...watch.ids])
        : new Set<string>();
    watch.visible = visible;
    watch.principal = principal;
  }

  private enqueue(watch: Watch, work: () => Promise<void>): Promise<void> {
    watch.queue = watch.queue
      .then(async () => {
        if (watch.connection.state.get(watchKey) !== watch) return;
        await work();
      })
      .catch(() => undefined);
    return watch.queue;
  }
}

function addTo<K, V>(index: Map<K, Set<V>>, key: K, value: V): void {
  let set = index.get(key);
  if (!set) index.set(key, (set = new Set()));
  set.add(value);
}

function removeFrom<K, V>(index: Map<K, Set<V>>, key: K, value: V): void {
  const set = index.get(key);
  if (!set) return;
  set.delete(value);
  if (set.size === 0) index.delete(key);
}
