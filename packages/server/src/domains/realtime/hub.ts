import { randomUUID } from "node:crypto";
import type { WebSocket } from "ws";
import {
  PreparedFrame,
  type AnyMessage,
  type ConnectionView,
  type RealtimePrincipal,
  type RoomConnectionView,
} from "../../gateway/defineMessage.ts";
import type { Services } from "../../gateway/services.ts";
import { runWithRequest, type RequestInfo } from "../../platform/context.ts";
import type { AuditEvent, ClientFrame } from "@engawa/shared";
import { AppError, isAppError } from "../../platform/errors.ts";
import { scopeOf, subjectOf, type PrincipalChange } from "../identity/index.ts";
import {
  admitFrame,
  CLOSE_SESSION_ENDED,
  isUserConnection,
  sessionLapsed,
  textOf,
  workContextLapsed,
  type Connection,
} from "./connection.ts";
import { FrameDispatcher } from "./frameDispatcher.ts";
import { Outbox } from "./outbox.ts";

export { CLOSE_SESSION_ENDED };

/** The refusals of conditional access, which a fresher principal may not get. */
const CONDITIONAL_REFUSALS: ReadonlySet<string> = new Set([
  "access_blocked",
  "mfa_required",
  "phishing_resistant_required",
  "reauthentication_required",
  "terms_required",
  "view_only",
  "title_only",
  "work_context_denied",
]);

/** How often open connections whose session deadlines passed are re-checked without traffic. */
const SWEEP_MS = 15_000;

/**
 * The real-time hub: one WebSocket per client, through the gateway. Each inbound frame names a
 * declared message type and is decided like an HTTP request (FrameDispatcher). Events are
 * delivered only to connections whose principal may read them at delivery time; a connection whose
 * session has ended — disabled user, sign-out, replaced by a new sign-in, idle or absolute expiry —
 * is closed with 4401, at once when the change is announced, otherwise at the next delivery or
 * sweep.
 */
export class RealtimeHub {
  private readonly connections = new Map<string, Connection>();
  /** Topic → the connections subscribed to it, so a fan-out never scans every connection. */
  private readonly byTopic = new Map<string, Set<Connection>>();
  /** User id → that user's open connections. */
  private readonly byUser = new Map<string, Set<Connection>>();
  /** Open connections per tenant (a new public team is news to the whole tenant). */
  private readonly byTenant = new Map<string, Set<Connection>>();
  private readonly dispatcher: FrameDispatcher;
  private services: Services | null = null;
  private readonly lifecycle = new Set<ConnectionLifecycle>();
  private readonly refreshListeners = new Set<(connection: ConnectionView) => void>();
  /** Frames owed to each connection, written together at the end of the turn. */
  private readonly outbox = new Outbox<Connection>();
  private sweeper: NodeJS.Timeout | null = null;

  constructor(messages: readonly AnyMessage[]) {
    this.dispatcher = new FrameDispatcher(messages);
  }

  /** Wires the hub to the services (after they are all built) and to the event sources. */
  attach(services: Services): void {
    this.services = services;
    services.audit.onAppend((tenantId, event) => this.deliverAudit(tenantId, event));
    services.identity.onPrincipalChange((change) => void this.recheckUser(change));
    // A policy, location, label or matrix change: everyone of the tenant is decided afresh.
    services.conditionalAccess.onChange((tenantId) => void this.recheckTenant(tenantId));
  }

  /**
   * Hears a connection's principal re-read (role, session, work context or the tenant's access
   * policies changed), so a feed re-decides what the connection follows at once.
   */
  onRefresh(listener: (connection: ConnectionView) => void): () => void {
    this.refreshListeners.add(listener);
    return () => this.refreshListeners.delete(listener);
  }

  /** Hears connections opening and closing (presence). */
  onLifecycle(listener: ConnectionLifecycle): () => void {
    this.lifecycle.add(listener);
    return () => this.lifecycle.delete(listener);
  }

  get size(): number {
    return this.connections.size;
  }

  /**
   * A new connection: a user's (their session cookie's token), or an admitted meeting guest's (the
   * meeting cookie), who may then send only the meeting room's messages.
   */
  accept(socket: WebSocket, principal: RealtimePrincipal, token: string, info: RequestInfo): void {
    const connection: Connection = {
      id: randomUUID(),
      principal,
      socket,
      token,
      info,
      topics: new Set(),
      recentFrames: [],
      state: new Map(),
      subscribe: (topic) => this.subscribe(connection, topic),
      unsubscribe: (topic) => this.unsubscribe(connection, topic),
      send: (frame) => this.send(connection, frame),
      awaitingDeviceProof: principal.kind === "user" && principal.session.deviceId !== null,
    };
    socket.on(
      "message",
      (data, isBinary) => void this.onFrame(connection, isBinary ? null : textOf(data)),
    );
    socket.on("close", () => this.forget(connection));
    // A client's protocol error (an oversized frame, a bad close code) ends its connection.
    socket.on("error", () => {
      this.forget(connection);
      socket.terminate();
    });
    socket.resume();
    // A session bound to a device answers a challenge with the device's key before it is one of
    // the hub's connections (it hears nothing until then): a copied cookie opens nothing.
    if (connection.awaitingDeviceProof && principal.kind === "user") {
      const nonce = this.requireServices().devices.nonceFor(principal.session.id);
      this.send(connection, { event: "device.challenge", payload: { nonce } });
      return;
    }
    this.admit(connection);
  }

  private admit(connection: Connection): void {
    this.connections.set(connection.id, connection);
    if (isUserConnection(connection)) addTo(this.byUser, connection.principal.user.id, connection);
    addTo(this.byTenant, connection.principal.tenant.id, connection);
    this.startSweeping();
    this.send(connection, { event: "ready", payload: { connectionId: connection.id } });
    if (isUserConnection(connection))
      for (const listener of this.lifecycle) listener.opened(connection);
  }

  /**
   * The first frame of a device-bound connection: `device.prove` with a proof signed by the
   * device's key over `WS /api/ws` and the challenge's nonce. Anything else, or a bad proof, ends
   * the connection (4401). This is the connection's authentication, not an action on a resource.
   */
  private async proveDevice(connection: Connection, frame: ClientFrame | null): Promise<void> {
    const services = this.requireServices();
    if (!isUserConnection(connection)) return;
    const payload = frame?.payload as { proof?: unknown } | undefined;
    try {
      if (frame?.type !== "device.prove" || typeof payload?.proof !== "string")
        throw new AppError("device_proof_required", "Answer the device challenge first.");
      await services.devices.check(connection.principal, {
        htm: "WS",
        htu: "/api/ws",
        proof: payload.proof,
      });
    } catch (error) {
      const app = isAppError(error) ? error : null;
      await services.denials.record(
        scopeOf(connection.principal),
        {
          action: "realtime.connect",
          outcome: "deny",
          request: connection.info,
          details: {
            reason: app?.code ?? "internal_error",
            deviceId: connection.principal.session.deviceId,
          },
        },
        `device_proof|${connection.principal.session.id}`,
      );
      this.send(connection, {
        replyTo: frame?.id ?? null,
        ok: false,
        error: app
          ? { code: app.code, message: app.message }
          : { code: "internal_error", message: "Something went wrong on our side." },
      });
      this.outbox.flush(connection);
      connection.socket.close(CLOSE_SESSION_ENDED, "device proof required");
      return;
    }
    connection.awaitingDeviceProof = false;
    this.send(connection, { replyTo: frame.id, ok: true, payload: {} });
    this.admit(connection);
  }

  /** Closes every connection (shutdown). */
  closeAll(): void {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = null;
    for (const connection of this.connections.values()) {
      this.outbox.flush(connection);
      connection.socket.close(1001, "server shutting down");
    }
    this.connections.clear();
    this.byTopic.clear();
    this.byUser.clear();
    this.byTenant.clear();
  }

  /**
   * Re-checks every connection whose session deadline has passed, and every connection of a
   * tenant whose access policies changed without this process hearing of it (run by a timer;
   * tests call it).
   */
  async sweep(): Promise<void> {
    const now = this.requireServices().clock.now().getTime();
    const changed = await this.tenantsChangedElsewhere();
    for (const connection of [...this.connections.values()]) {
      if (
        // A meeting guest's join is read again at every sweep (removed, or the meeting ended).
        connection.principal.kind === "meeting_guest" ||
        changed.has(connection.principal.tenant.id) ||
        sessionLapsed(connection, now) ||
        workContextLapsed(connection, now)
      )
        await this.recheck(connection);
    }
  }

  /**
   * Tenants whose access-policy version moved past what their connections were checked with: a
   * change made by another process, or one that tells no listener here (a group's members, sent
   * over SCIM). One small read per tenant with open connections, once a sweep.
   */
  private async tenantsChangedElsewhere(): Promise<Set<string>> {
    const services = this.requireServices();
    const changed = new Set<string>();
    for (const [tenantId, connections] of this.byTenant) {
      const checked = Math.min(
        ...[...connections].map((c) => c.principal.tenant.accessPolicyVersion),
      );
      if ((await services.conditionalAccess.currentVersion(tenantId)) > checked)
        changed.add(tenantId);
    }
    return changed;
  }

  private async onFrame(connection: Connection, text: string | null): Promise<void> {
    const services = this.requireServices();
    const frame = this.dispatcher.parse(text);
    if (connection.awaitingDeviceProof) {
      await this.proveDevice(connection, frame);
      return;
    }
    if (!frame) {
      this.send(connection, {
        replyTo: null,
        ok: false,
        error: {
          code: "invalid_request",
          message: "Frames are JSON objects { id, type, payload }.",
        },
      });
      return;
    }
    const replyTo = frame.id;
    if (!admitFrame(connection, services.clock.now().getTime())) {
      this.send(connection, {
        replyTo,
        ok: false,
        error: { code: "rate_limited", message: "Too many messages. Slow down." },
      });
      return;
    }
    const info: RequestInfo = { ...connection.info, requestId: `${connection.id}:${replyTo}` };
    await runWithRequest(info, async () => {
      try {
        const dispatch = () =>
          this.dispatcher.dispatch(connection, frame, services, () =>
            this.close(connection, "session ended"),
          );
        let payload: unknown;
        try {
          payload = await dispatch();
        } catch (error) {
          // The connection's principal is as of its last re-check: a refusal by conditional
          // access is decided once more with the session as it is now (the person may have just
          // confirmed a second factor or said where they work over HTTP).
          if (!(isAppError(error) && CONDITIONAL_REFUSALS.has(error.code))) throw error;
          await this.recheck(connection);
          if (!this.connections.has(connection.id)) throw error;
          payload = await dispatch();
        }
        this.send(connection, { replyTo, ok: true, payload });
      } catch (error) {
        const app = isAppError(error) ? error : null;
        if (!app) services.log.error({ err: error, type: frame.type }, "websocket handler failed");
        this.send(connection, {
          replyTo,
          ok: false,
          error: app
            ? { code: app.code, message: app.message }
            : { code: "internal_error", message: "Something went wrong on our side." },
        });
      }
    });
  }

  /**
   * Fan-out of a new audit event to subscribed admins of its tenant. The decision is the cached
   * one (keyed by principal, role and tenant), so a role change is reflected at once; a connection
   * whose session deadline has passed gets nothing until it is re-checked.
   */
  private deliverAudit(tenantId: string | null, event: AuditEvent): void {
    if (tenantId === null || !this.services) return;
    const now = this.services.clock.now().getTime();
    for (const connection of [...(this.byTopic.get("audit") ?? [])]) {
      if (!isUserConnection(connection) || connection.principal.tenant.id !== tenantId) continue;
      if (sessionLapsed(connection, now)) {
        void this.recheck(connection);
        continue;
      }
      const decision = this.services.access.decide({
        subject: subjectOf(connection.principal),
        action: "audit.read",
        target: { kind: "Tenant", id: tenantId },
      });
      if (decision.allowed) this.send(connection, { event: "audit.appended", payload: event });
      else this.unsubscribe(connection, "audit");
    }
  }

  /**
   * The open connections of a tenant subscribed to a topic, for a domain's fan-out. A connection
   * whose session deadline has passed is skipped and re-checked (closed if its session ended), so
   * nothing is delivered past the deadline; the caller decides each delivery with the policy.
   */
  subscribers(tenantId: string, topic: string): ConnectionView[] {
    const now = (this.services?.clock.now() ?? new Date()).getTime();
    const found: ConnectionView[] = [];
    for (const connection of this.byTopic.get(topic) ?? []) {
      if (!isUserConnection(connection) || connection.principal.tenant.id !== tenantId) continue;
      // A lapsed work context too: nothing is delivered on a declaration that no longer holds
      // (the re-check drops it; a skipped message is caught up at the next delivery if allowed).
      if (sessionLapsed(connection, now) || workContextLapsed(connection, now))
        void this.recheck(connection);
      else found.push(connection);
    }
    return found;
  }

  /** Every open connection of a tenant (rare, tenant-wide notices such as a new public team). */
  tenantConnections(tenantId: string): ConnectionView[] {
    return [...(this.byTenant.get(tenantId) ?? [])].filter(isUserConnection);
  }

  /** The open connections of one user (to re-decide their subscriptions after a change). */
  connectionsOf(userId: string): ConnectionView[] {
    return [...(this.byUser.get(userId) ?? [])].filter(isUserConnection);
  }

  /** A principal changed (disabled, role changed, signed out, session replaced): re-check its connections now. */
  private async recheckUser(change: PrincipalChange): Promise<void> {
    for (const connection of [...(this.byUser.get(change.userId) ?? [])])
      await this.recheck(connection);
  }

  private async recheckTenant(tenantId: string): Promise<void> {
    for (const connection of [...(this.byTenant.get(tenantId) ?? [])])
      await this.recheck(connection);
  }

  private subscribe(connection: Connection, topic: string): void {
    // A connection that has closed stays out of the index (a subscribe can finish after the close).
    if (!this.connections.has(connection.id)) return;
    connection.topics.add(topic);
    addTo(this.byTopic, topic, connection);
  }

  private unsubscribe(connection: Connection, topic: string): void {
    connection.topics.delete(topic);
    removeFrom(this.byTopic, topic, connection);
  }

  /** Drops a closed connection from the hub and from every index. */
  private forget(connection: Connection): boolean {
    if (!this.connections.delete(connection.id)) return false;
    this.outbox.drop(connection);
    for (const topic of connection.topics) removeFrom(this.byTopic, topic, connection);
    if (isUserConnection(connection)) {
      removeFrom(this.byUser, connection.principal.user.id, connection);
      for (const listener of this.lifecycle) listener.closed(connection);
    } else for (const listener of this.lifecycle) listener.guestClosed?.(connection);
    removeFrom(this.byTenant, connection.principal.tenant.id, connection);
    return true;
  }

  private async recheck(connection: Connection): Promise<void> {
    const principal = await this.dispatcher.reauthenticate(connection, this.requireServices());
    if (!principal) {
      this.close(connection, "session ended");
      return;
    }
    connection.principal = principal;
    if (isUserConnection(connection))
      for (const listener of this.refreshListeners) listener(connection);
  }

  private startSweeping(): void {
    if (this.sweeper) return;
    this.sweeper = setInterval(() => void this.sweep().catch(() => undefined), SWEEP_MS);
    this.sweeper.unref();
  }

  private close(connection: Connection, reason: string): void {
    // What it was sent before (an `access_lost`, a reply) goes out ahead of the close frame.
    this.outbox.flush(connection);
    if (!this.forget(connection)) return;
    connection.socket.close(CLOSE_SESSION_ENDED, reason);
  }

  /**
   * Every frame goes through the outbox, so frames keep their order whichever way they were made.
   * A prepared frame is framed once and the same bytes written on every connection.
   */
  private send(connection: Connection, frame: object): void {
    if (connection.socket.readyState !== connection.socket.OPEN) return;
    this.outbox.put(connection, frame instanceof PreparedFrame ? frame : new PreparedFrame(frame));
  }

  private requireServices(): Services {
    if (!this.services) throw new Error("realtime hub used before attach()");
    return this.services;
  }
}

/** What hears connections open and close. */
export interface ConnectionLifecycle {
  opened(connection: ConnectionView): void;
  closed(connection: ConnectionView): void;
  /** A meeting guest's connection closed (only the meeting room hears of those). */
  guestClosed?(connection: RoomConnectionView): void;
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
