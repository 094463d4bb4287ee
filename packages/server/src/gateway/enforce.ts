import type { FastifyReply, FastifyRequest } from "fastify";
import {
  actorOf,
  scopeOf,
  subjectOf,
  tenantOf,
  type Principal,
} from "../domains/identity/index.ts";
import { refusalOf } from "../domains/conditionalAccess/index.ts";
import { DeviceProofRefused, provenRequest } from "../domains/devices/index.ts";
import { DEVICE_NONCE_HEADER } from "@engawa/shared";
import { runWithRequest, type RequestInfo } from "../platform/context.ts";
import { AppError } from "../platform/errors.ts";
import { safeEqual } from "../platform/crypto/tokens.ts";
import { scopeFor, systemScope } from "../platform/scope.ts";
import {
  clearMeetingCookie,
  clearSessionCookie,
  readMeetingCookie,
  readSessionCookie,
  type CookiePolicy,
} from "./cookies.ts";
import type {
  AnyRoute,
  ProtectedRoute,
  Resolved,
  RouteSchemas,
  SessionObligations,
} from "./defineRoute.ts";
import type { Services } from "./services.ts";

/** Per-request state of the gateway, on `request.engawa`. */
export interface GatewayState {
  route: AnyRoute;
  info: RequestInfo;
  principal: Principal | null;
  resolved: Resolved<unknown> | null;
  /** What conditional access's session controls ask of an allowed answer. */
  sessionControls: SessionObligations;
}

declare module "fastify" {
  interface FastifyRequest {
    engawa: GatewayState | null;
  }
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
export const CSRF_HEADER = "x-engawa-csrf";

/**
 * The enforce pipeline (ARCHITECTURE.md, the one rule):
 * authenticate → validate → load resource → access.decide → audit → handler.
 * Authentication runs first (onRequest, before the body is even parsed), validation is Fastify's
 * schema step, and the decision runs in preHandler, so no handler runs without a Cedar "allow".
 */
export function createEnforcer(services: Services, cookies: CookiePolicy) {
  async function onRequest(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const route = (request.routeOptions.config as { engawa?: AnyRoute } | undefined)?.engawa;
    if (!route) return;
    const info: RequestInfo = {
      requestId: request.id,
      // Undefined on the admin socket (no peer address).
      ip: request.ip ?? null,
      userAgent: request.headers["user-agent"] ?? null,
    };
    const state: GatewayState = {
      route,
      info,
      principal: null,
      resolved: null,
      sessionControls: { watermark: false },
    };
    request.engawa = state;
    void reply.header("x-request-id", request.id);
    // A WebSocket handshake is a GET, but a cross-site page could open one with the user's cookies
    // (cross-site WebSocket hijacking): its Origin is checked like a state-changing request's.
    if (
      (!SAFE_METHODS.has(request.method) || route.websocket) &&
      !sameOrigin(request, services.config.publicUrl)
    ) {
      await services.denials.record(
        scopeFor({ type: "anonymous" }, null),
        {
          action: "request.foreign_origin",
          outcome: "deny",
          request: info,
          details: {
            route: `${route.method} ${route.url}`,
            origin: request.headers.origin ?? null,
          },
        },
        `foreign_origin|${route.method} ${route.url}`,
      );
      throw new AppError(
        "csrf_failed",
        "The request was refused because it came from another site.",
      );
    }
    if (route.kind === "public") return;
    const authentication = await authenticate(request, reply, route);
    if (!authentication) {
      await services.denials.record(
        systemScope("anonymous request", null),
        {
          action: route.action,
          outcome: "deny",
          request: info,
          details: { reason: "unauthenticated", route: `${route.method} ${route.url}` },
        },
        "unauthenticated",
      );
      throw new AppError("unauthenticated", "Sign in to continue.");
    }
    state.principal = authentication.principal;
    const signedIn = authentication.principal;
    if (signedIn.kind === "user" && authentication.viaCookie) {
      // Anomalous token: the session used from another country or client than its sign-in's.
      await services.risk.observeSession(
        {
          sessionId: signedIn.session.id,
          userId: signedIn.user.id,
          tenantId: signedIn.user.tenantId,
          signedInAt: signedIn.session.authenticatedAt,
          origin: signedIn.session.origin,
        },
        info,
      );
    }
    if (
      !SAFE_METHODS.has(request.method) &&
      authentication.viaCookie &&
      (authentication.principal.kind === "user" || authentication.principal.kind === "operator")
    ) {
      const sent = request.headers[CSRF_HEADER];
      if (
        typeof sent !== "string" ||
        !safeEqual(sent, authentication.principal.session.csrfToken)
      ) {
        await audit(state, "deny", { reason: "csrf_failed" });
        throw new AppError(
          "csrf_failed",
          "The request was refused because it did not come from Engawa's own pages. Reload the page.",
        );
      }
    }
    if (signedIn.kind === "user" && authentication.viaCookie)
      await proveDevice(request, reply, state, signedIn);
  }

  /**
   * A session bound to a registered device proves every request with the device's key (devices
   * domain): without the proof a copied cookie gets 401 `device_proof_required`, a blocked device
   * 403 `device_blocked`. Every user answer offers the nonce the next proof carries. A WebSocket
   * proves itself in its first frame instead (a browser cannot add headers to the handshake).
   */
  async function proveDevice(
    request: FastifyRequest,
    reply: FastifyReply,
    state: GatewayState,
    principal: Extract<Principal, { kind: "user" }>,
  ): Promise<void> {
    void reply.header(DEVICE_NONCE_HEADER, services.devices.nonceFor(principal.session.id));
    if (!principal.session.deviceId || state.route.websocket) return;
    try {
      await services.devices.check(principal, provenRequest(request));
    } catch (error) {
      if (error instanceof AppError)
        await audit(state, "deny", {
          reason: error.code,
          ...(error instanceof DeviceProofRefused ? { proof: error.reason } : {}),
          deviceId: principal.session.deviceId,
        });
      throw error;
    }
  }

  /**
   * The session cookie for the route's kind; on a user route an operator's cookie is tried too, so
   * its attempt is decided (and denied) by policy. A SCIM route takes the tenant's bearer token
   * (RFC 7644 §2, RFC 6750): a present but unknown, malformed or revoked token is a 401, never a
   * fall-back to cookies; without one, a browser's session is decided (and denied) by policy.
   */
  async function authenticate(
    request: FastifyRequest,
    reply: FastifyReply,
    route: ProtectedRoute<RouteSchemas, unknown>,
  ): Promise<{ principal: Principal; viaCookie: boolean } | null> {
    const preset = (request as FastifyRequest & { localAdmin?: Principal }).localAdmin;
    if (preset) return { principal: preset, viaCookie: false };
    if (route.session === "scim") {
      const header = request.headers.authorization;
      if (header !== undefined) {
        const principal = await services.directory.tokens.authenticate(header);
        return principal ? { principal, viaCookie: false } : null;
      }
    }
    const kinds =
      route.session === "operator"
        ? (["operator", "user"] as const)
        : (["user", "operator"] as const);
    for (const kind of kinds) {
      const token = readSessionCookie(request, cookies, kind);
      if (!token) continue;
      const result = await services.identity.sessions.authenticate(token, kind);
      if (result.status === "ok") return { principal: result.principal, viaCookie: true };
      clearSessionCookie(reply, cookies, kind);
    }
    // Someone without an account let into a meeting (meetings/guests.ts): Cedar lets this
    // principal reach that meeting's room and chat, and nothing else. SameSite=Strict and the
    // Origin check above stand for the CSRF token it has no session to derive from.
    const ticket = route.session === "user" ? readMeetingCookie(request, cookies) : null;
    if (ticket) {
      const principal = await services.meetings.guests.authenticate(ticket);
      if (principal) return { principal, viaCookie: true };
      clearMeetingCookie(reply, cookies);
    }
    return null;
  }

  async function preHandler(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const state = request.engawa;
    if (!state || state.route.kind !== "protected") return;
    const route = state.route;
    const principal = state.principal;
    if (!principal) throw new AppError("unauthenticated", "Sign in to continue.");
    await runWithRequest(state.info, async () => {
      const parts = partsOf(request, reply, services);
      const scope = scopeOf(principal);
      const resolved = await route
        .resource({ ...parts, principal, scope })
        .catch(async (error: unknown) => {
          // A resource outside the caller's reach (another tenant's, or none) is a denial too.
          if (error instanceof AppError && error.code === "not_found")
            await audit(state, "deny", { reason: "not_found" });
          throw error;
        });
      state.resolved = resolved;
      const accessRequest = {
        subject: subjectOf(principal),
        action: route.action,
        target: resolved.target,
        context: route.context?.({ ...parts, principal }) ?? {},
      };
      const decision = services.access.decide(accessRequest);
      if (!decision.allowed && services.access.needsStepUp(accessRequest, decision)) {
        await audit(state, "deny", { reason: "step_up_required", policies: decision.policies });
        throw new AppError(
          "step_up_required",
          "This change needs a recent sign-in. Confirm it is you, then try again.",
        );
      }
      if (!decision.allowed) {
        await audit(state, "deny", { reason: "forbidden", policies: decision.policies });
        throw route.hideOnDeny
          ? new AppError("not_found", "Not found.")
          : new AppError("forbidden", "You do not have permission to do this.");
      }
      const conditions = await services.conditionalAccess.decideFor(
        principal,
        accessRequest,
        state.info,
      );
      if (conditions.verdict !== "allow") {
        await audit(state, "deny", {
          reason: "conditional_access",
          verdict: conditions.verdict,
          controls: conditions.controls,
          policies: conditions.policyIds,
        });
        throw refusalOf(conditions);
      }
      state.sessionControls = { watermark: conditions.watermark };
      if (route.auditAllow) await audit(state, "allow", { policies: decision.policies });
    });
  }

  async function handler(request: FastifyRequest, reply: FastifyReply): Promise<unknown> {
    const state = request.engawa;
    if (!state) throw new AppError("internal_error", "route without gateway state");
    const route = state.route;
    return runWithRequest(state.info, async () => {
      const parts = partsOf(request, reply, services);
      const result =
        route.kind === "public"
          ? await route.handler({
              ...parts,
              principal: null,
              scope: scopeFor({ type: "anonymous" }, null),
            })
          : await route.handler({
              ...parts,
              principal: state.principal as Principal,
              scope: scopeOf(state.principal),
              resource: state.resolved?.value ?? null,
              sessionControls: state.sessionControls,
            });
      if (route.raw) return reply;
      void reply.code(route.status ?? 200);
      return result;
    });
  }

  /**
   * Records an allow or deny of the route's action. A user's or SCIM client's denial goes to their
   * own tenant's chain; an operator's goes to the chain of the tenant they reached for (the tenant sees every
   * operator attempt on it); other principals' to the deployment chain.
   */
  async function audit(
    state: GatewayState,
    outcome: "allow" | "deny",
    details: Record<string, unknown>,
  ): Promise<void> {
    const route = state.route;
    if (route.kind !== "protected" || !state.principal) return;
    const principal = state.principal;
    const scope =
      tenantOf(principal) !== null
        ? scopeOf(principal)
        : scopeFor(actorOf(principal), state.resolved?.tenantId ?? null);
    const target = state.resolved?.target;
    const entry = {
      action: route.action,
      outcome,
      request: state.info,
      target: target
        ? {
            type: target.kind.toLowerCase(),
            id: target.kind === "Deployment" ? "deployment" : target.id,
          }
        : null,
      details: { ...details, route: `${route.method} ${route.url}` },
    };
    if (outcome === "allow") await services.audit.append(scope, entry);
    else
      // The verdict is part of what a repeat is: a title-only refusal and then a view-only one
      // (the person moved) are two events for the auditor, not one counted twice.
      await services.denials.record(
        scope,
        entry,
        `${String(details.reason)}|${typeof details.verdict === "string" ? details.verdict : ""}|${entry.target?.id ?? "-"}`,
      );
  }

  return { onRequest, preHandler, handler };
}

/**
 * State-changing requests and WebSocket handshakes from a browser must come from Engawa's own
 * public origin (browsers send `Origin` on every cross-site POST and every WebSocket handshake).
 * Together with refusing `text/plain` bodies and the per-session CSRF token this closes cross-site
 * request forgery, sign-in forms included. Only the configured public origin counts — never the
 * request's own `Host`, which a DNS-rebinding page controls. A request without `Origin` (a script,
 * the CLI) carries no ambient browser credentials of another site and passes.
 */
function sameOrigin(request: FastifyRequest, publicUrl: URL): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).origin === publicUrl.origin;
  } catch {
    return false;
  }
}

function partsOf(request: FastifyRequest, reply: FastifyReply, services: Services) {
  return {
    params: request.params as never,
    query: request.query as never,
    body: request.body as never,
    request,
    reply,
    services,
  };
}
