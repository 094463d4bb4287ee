import type { ValidateFunction } from "ajv";
import { ClientFrame } from "@engawa/shared";
import type { AnyMessage, RealtimePrincipal } from "../../gateway/defineMessage.ts";
import type { Services } from "../../gateway/services.ts";
import { compileBodySchema } from "../../gateway/validation.ts";
import { refusalOf } from "../conditionalAccess/index.ts";
import { AppError } from "../../platform/errors.ts";
import { scopeOf, subjectOf } from "../identity/index.ts";
import type { Connection } from "./connection.ts";

/**
 * Runs one inbound frame through the gateway's steps: parse and validate the frame, re-check the
 * session, validate the payload against the message type's schema, load the resource, ask Cedar,
 * record a denial, then run the handler.
 */
export class FrameDispatcher {
  private readonly specs: Map<string, { spec: AnyMessage; validate: ValidateFunction }>;
  // Payloads are checked as strictly as HTTP bodies, formats included (a channel id must be a UUID).
  private readonly validateFrame = compileBodySchema<ClientFrame>(ClientFrame);

  constructor(messages: readonly AnyMessage[]) {
    this.specs = new Map(
      messages.map((spec) => [spec.type, { spec, validate: compileBodySchema(spec.payload) }]),
    );
  }

  /** The frame, or null when the text is not a frame. */
  parse(text: string | null): ClientFrame | null {
    if (text === null) return null;
    try {
      const frame = JSON.parse(text) as unknown;
      return this.validateFrame(frame) ? frame : null;
    } catch {
      return null;
    }
  }

  /**
   * The connection's principal as it is now: a user's session re-read, or a meeting guest's join
   * (still admitted, the meeting still on); null when it no longer opens anything.
   */
  async reauthenticate(
    connection: Connection,
    services: Services,
  ): Promise<RealtimePrincipal | null> {
    if (connection.principal.kind === "meeting_guest")
      return services.meetings.guests.authenticate(connection.token);
    const auth = await services.identity.sessions.authenticate(connection.token, "user");
    return auth.status === "ok" && auth.principal.kind === "user" ? auth.principal : null;
  }

  /**
   * Handles a valid frame; `onSessionEnded` is called (and `unauthenticated` thrown) when the
   * connection's session is no longer valid.
   */
  async dispatch(
    connection: Connection,
    frame: ClientFrame,
    services: Services,
    onSessionEnded: () => void,
  ): Promise<unknown> {
    const entry = this.specs.get(frame.type);
    if (!entry) throw new AppError("not_found", `Unknown message type "${frame.type}".`);
    const principal = await this.reauthenticate(connection, services);
    if (!principal) {
      onSessionEnded();
      throw new AppError("unauthenticated", "Your session has ended. Sign in again.");
    }
    connection.principal = principal;
    const payload = frame.payload ?? {};
    if (!entry.validate(payload)) {
      const issue = entry.validate.errors?.[0];
      throw new AppError(
        "invalid_request",
        `payload${issue?.instancePath ?? ""} ${issue?.message ?? "is not valid"}`,
      );
    }
    const { spec } = entry;
    // A meeting guest's frame of a user-only type never reaches that type's loader (which reads a
    // user's relations): Cedar is asked about the guest's organisation instead, and refuses.
    const resolved =
      spec.guests === true || connection.principal.kind === "user"
        ? await spec.resource(connection, payload, services)
        : {
            target: { kind: "Tenant" as const, id: connection.principal.tenant.id },
            value: null,
            tenantId: connection.principal.tenant.id,
          };
    const request = {
      subject: subjectOf(connection.principal),
      action: spec.action,
      target: resolved.target,
      context: spec.context?.(payload) ?? {},
    };
    const decision = services.access.decide(request);
    // Only the meeting room's message types are ever a meeting guest's, whatever a policy says.
    const allowed =
      decision.allowed && (spec.guests === true || connection.principal.kind === "user");
    const scope = scopeOf(connection.principal);
    const conditions = allowed
      ? await services.conditionalAccess.decideFor(connection.principal, request, connection.info)
      : null;
    if (!allowed || conditions?.verdict !== "allow") {
      const target = {
        type: resolved.target.kind.toLowerCase(),
        id: resolved.target.kind === "Deployment" ? "deployment" : resolved.target.id,
      };
      await services.denials.record(
        scope,
        {
          action: spec.action,
          outcome: "deny",
          target,
          request: connection.info,
          details: conditions
            ? {
                reason: "conditional_access",
                message: spec.type,
                verdict: conditions.verdict,
                controls: conditions.controls,
                policies: conditions.policyIds,
              }
            : { reason: "forbidden", message: spec.type, policies: decision.policies },
        },
        `${conditions ? `conditional_access|${conditions.verdict}` : "forbidden"}|${spec.type}`,
      );
      if (conditions) throw refusalOf(conditions);
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
}
