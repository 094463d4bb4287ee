import type { ValidateFunction } from "ajv";
import { ClientFrame } from "@engawa/shared";
import type { AnyMessage } from "../../gateway/defineMessage.ts";
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
    const auth = await services.identity.sessions.authenticate(connection.token, "user");
    if (auth.status !== "ok" || auth.principal.kind !== "user") {
      onSessionEnded();
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
    const resolved = await spec.resource(connection, payload, services);
    const request = {
      subject: subjectOf(connection.principal),
      action: spec.action,
      target: resolved.target,
    };
    const decision = services.access.decide(request);
    const scope = scopeOf(connection.principal);
    const conditions = decision.allowed
      ? await services.conditionalAccess.decideFor(connection.principal, request, connection.info)
      : null;
    if (!decision.allowed || conditions?.verdict !== "allow") {
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
