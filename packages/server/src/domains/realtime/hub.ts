import { randomUUID } from "node:crypto";
import { Ajv, type ValidateFunction } from "ajv";
import type { WebSocket } from "ws";
import { ClientFrame, type AuditEvent } from "@engawa/shared";
import type { AnyMessage, ConnectionView } from "../../gateway/defineMessage.ts";
import type { Services } from "../../gateway/services.ts";
import { runWithRequest, type RequestInfo } from "../../platform/context.ts";
import { AppError, isAppError } from "../../platform/errors.ts";
import { scopeOf, subjectOf, type Principal, type PrincipalChange } from "../identity/index.ts";

type UserPrincipal = Extract<Principal, { kind: "user" }>;

interface Connection extends ConnectionView {
  socket: WebSocket;
  token: string;
  info: RequestInfo;
  topics: Set<string>;
}

/** Close codes (4000–4999 are the application's): the client shows a sign-in prompt on 4401. */
export const CLOSE_SESSION_ENDED = 4401;

const ajv = new Ajv({ coerceTypes: false, removeAdditional: false, strict: false });

/**
 * The real-time hub: one WebSocket per client, through the gateway. Each inbound frame names a
 * declared message type; the session is re-checked and Cedar decides before its handler runs.
 * Events are delivered only to connections whose principal may read them at delivery time, and a
 * disabled user's connections close at once.
 */
export class RealtimeHub {
  private readonly connections = new Map<string, Connection>();
  private readonly specs: Map<string, { spec: AnyMessage; validate: ValidateFunction }>;
  private readonly validateFrame = ajv.compile(ClientFrame);
  private services: Services | null = null;

  constructor(messages: readonly AnyMessage[]) {
    this.specs = new Map(
      messages.map((spec) => [spec.type, { spec, validate: ajv.compile(spec.payload) }]),
    );
  }

  /** Wires the hub to the services (after they are all built) and to the event sources. */
  attach(services: Services): void {
    this.services = services;
    services.audit.onAppend((tenantId, event) => this.deliverAudit(tenantId, event));
    services.identity.onPrincipalChange((change) => void this.recheck(change));
  }

  get size(): number {
    return this.connections.size;
  }

  accept(socket: WebSocket, principal: UserPrincipal, token: string, info: RequestInfo): void {
    const connection: Connection = {
      id: randomUUID(),
      principal,
      socket,
      token,
      info,
      topics: new Set(),
      subscribe: (topic) => connection.topics.add(topic),
      unsubscribe: (topic) => connection.topics.delete(topic),
    };
    this.connections.set(connection.id, connection);
    socket.on(
      "message",
      (data, isBinary) => void this.onFrame(connection, isBinary ? null : textOf(data)),
    );
    socket.on("close", () => this.connections.delete(connection.id));
    socket.on("error", () => this.connections.delete(connection.id));
    socket.resume();
    this.send(connection, { event: "ready", payload: { connectionId: connection.id } });
  }

  /** Closes every connection (shutdown). */
  closeAll(): void {
    for (const connection of this.connections.values())
      connection.socket.close(1001, "server shutting down");
    this.connections.clear();
  }

  private async onFrame(connection: Connection, text: string | null): Promise<void> {
    const services = this.requireServices();
    let frame: ClientFrame | null = null;
    try {
      frame = text === null ? null : (JSON.parse(text) as ClientFrame);
    } catch {
      frame = null;
    }
    if (!frame || !this.validateFrame(frame)) {
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
    const info: RequestInfo = { ...connection.info, requestId: `${connection.id}:${replyTo}` };
    await runWithRequest(info, async () => {
      try {
        const payload = await this.handle(connection, frame, services);
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

  private async handle(
    connection: Connection,
    frame: ClientFrame,
    services: Services,
  ): Promise<unknown> {
    const entry = this.specs.get(frame.type);
    if (!entry) throw new AppError("not_found", `Unknown message type "${frame.type}".`);
    const auth = await services.identity.sessions.authenticate(connection.token, "user");
    if (auth.status !== "ok" || auth.principal.kind !== "user") {
      this.close(connection, "session ended");
      throw new AppError("unauthenticated", "Your session has ended. Sign in again.");
    }
    connection.principal = auth.principal;
    const payload = frame.payload ?? {};
    if (!entry.validate(payload)) {
      const issue = entry.validate.errors?.[0];
      throw new AppError(
        "invalid_request",
        `payload${issue?.instancePath ?? ""} ${issue?.message ?? "is not valid"}`,
      );
    }
    const { spec } = entry;
    const resolved = await spec.resource(connection, payload);
    const decision = services.access.decide({
      subject: subjectOf(connection.principal),
      action: spec.action,
      target: resolved.target,
    });
    const scope = scopeOf(connection.principal);
    if (!decision.allowed) {
      await services.audit.append(scope, {
        action: spec.action,
        outcome: "deny",
        target: {
          type: resolved.target.kind.toLowerCase(),
          id: resolved.target.kind === "Deployment" ? "deployment" : resolved.target.id,
        },
        details: { reason: "forbidden", message: spec.type, policies: decision.policies },
      });
      throw new AppError("forbidden", "You do not have permission to do this.");
    }
    return spec.handler({
      connection,
      principal: connection.principal,
      scope,
      payload,
      resource: resolved.value,
      services,
    });
  }

  /**
   * Fan-out of a new audit event to subscribed admins of its tenant. The decision is the cached
   * one (keyed by principal, role and tenant), so a role change is reflected at once.
   */
  private deliverAudit(tenantId: string | null, event: AuditEvent): void {
    if (tenantId === null || !this.services) return;
    for (const connection of this.connections.values()) {
      if (!connection.topics.has("audit") || connection.principal.tenant.id !== tenantId) continue;
      const decision = this.services.access.decide({
        subject: subjectOf(connection.principal),
        action: "audit.read",
        target: { kind: "Tenant", id: tenantId },
      });
      if (decision.allowed) this.send(connection, { event: "audit.appended", payload: event });
      else connection.topics.delete("audit");
    }
  }

  /** A principal changed (disabled, role changed, signed out): re-authenticate its connections now. */
  private async recheck(change: PrincipalChange): Promise<void> {
    const services = this.requireServices();
    for (const connection of [...this.connections.values()]) {
      if (connection.principal.user.id !== change.userId) continue;
      const auth = await services.identity.sessions.authenticate(connection.token, "user");
      if (auth.status !== "ok" || auth.principal.kind !== "user") {
        this.close(connection, "session ended");
        continue;
      }
      connection.principal = auth.principal;
    }
  }

  private close(connection: Connection, reason: string): void {
    this.connections.delete(connection.id);
    connection.socket.close(CLOSE_SESSION_ENDED, reason);
  }

  private send(connection: Connection, frame: unknown): void {
    if (connection.socket.readyState === connection.socket.OPEN)
      connection.socket.send(JSON.stringify(frame));
  }

  private requireServices(): Services {
    if (!this.services) throw new Error("realtime hub used before attach()");
    return this.services;
  }
}

function textOf(data: Buffer | ArrayBuffer | Buffer[]): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString("utf8");
  return Buffer.isBuffer(data) ? data.toString("utf8") : Buffer.from(data).toString("utf8");
}
