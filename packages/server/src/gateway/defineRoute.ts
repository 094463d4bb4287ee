import type { FastifyReply, FastifyRequest } from "fastify";
import type { Static, TSchema } from "typebox";
import type { ActionName } from "@engawa/shared";
import type { Target } from "../domains/access/index.ts";
import type { Principal } from "../domains/identity/index.ts";
import type { Scope } from "../platform/scope.ts";
import type { Services } from "./services.ts";

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
export type SessionKind = "user" | "operator";
/** How a protected route's caller is identified: a session cookie, or a SCIM bearer token. */
export type Credential = SessionKind | "scim";

type StaticOr<T, Fallback> = T extends TSchema ? Static<T> : Fallback;

export interface RouteSchemas {
  params?: TSchema;
  querystring?: TSchema;
  body?: TSchema;
  /** Schema of the success body (status `status`, default 200); omit for raw replies. */
  response?: TSchema;
}

export interface RequestParts<S extends RouteSchemas> {
  params: StaticOr<S["params"], Record<string, never>>;
  query: StaticOr<S["querystring"], Record<string, never>>;
  body: StaticOr<S["body"], undefined>;
  request: FastifyRequest;
  reply: FastifyReply;
  services: Services;
}

/** The resource a request acts on: what Cedar sees, and what the handler gets. */
export interface Resolved<R> {
  target: Target;
  value: R;
  /** Tenant whose audit chain records a denial by an operator (the tenant sees attempts on it). */
  tenantId?: string | null;
}

export interface ProtectedContext<S extends RouteSchemas, R> extends RequestParts<S> {
  principal: Principal;
  scope: Scope;
  resource: R;
  /**
   * What the session controls of conditional access ask of the answer, once it allowed the
   * request: `watermark` — lay the viewer's name over what is shown.
   */
  sessionControls: SessionObligations;
}

export interface SessionObligations {
  watermark: boolean;
}

export interface PublicContext<S extends RouteSchemas> extends RequestParts<S> {
  principal: Principal | null;
  scope: Scope;
}

interface RouteBase<S extends RouteSchemas> {
  method: Method;
  url: string;
  summary: string;
  schema: S;
  /** Success status (default 200). */
  status?: number;
  /** The handler writes the reply itself (file download, static asset). */
  raw?: boolean;
  /**
   * The body is `application/octet-stream`, handed to the handler unread as a stream (file
   * uploads: never buffered, the handler enforces its own size limit). Other routes refuse it.
   */
  streamBody?: boolean;
  /** Upgrade to WebSocket (the message types are declared separately). */
  websocket?: boolean;
}

export interface ProtectedRoute<S extends RouteSchemas, R> extends RouteBase<S> {
  kind: "protected";
  action: ActionName;
  /**
   * Which credential identifies the caller (default: by URL, `/api/operator/` → operator cookie,
   * `/scim/` → a tenant's SCIM bearer token).
   */
  session: Credential;
  resource: (
    parts: RequestParts<S> & { principal: Principal; scope: Scope },
  ) => Promise<Resolved<R>>;
  /** Cedar context attributes, from the request (e.g. the role being granted). */
  context?: (parts: RequestParts<S> & { principal: Principal }) => Record<string, string>;
  /** Record allowed calls too (reads that matter: exports, audit reads). */
  auditAllow: boolean;
  /** Answer a denial with 404, where the resource's existence is itself secret. */
  hideOnDeny: boolean;
  handler: (ctx: ProtectedContext<S, R>) => Promise<unknown>;
}

export interface PublicRoute<S extends RouteSchemas> extends RouteBase<S> {
  kind: "public";
  /** Why this route needs no action (e.g. "sign-in form"); printed in the OpenAPI document. */
  reason: string;
  handler: (ctx: PublicContext<S>) => Promise<unknown>;
}

export type AnyRoute = ProtectedRoute<RouteSchemas, unknown> | PublicRoute<RouteSchemas>;

type ProtectedInput<S extends RouteSchemas, R> = Omit<
  ProtectedRoute<S, R>,
  "kind" | "session" | "auditAllow" | "hideOnDeny"
> &
  Partial<Pick<ProtectedRoute<S, R>, "session" | "auditAllow" | "hideOnDeny">>;
type PublicInput<S extends RouteSchemas> = Omit<PublicRoute<S>, "kind" | "reason"> & {
  public: string;
};

/**
 * Declares an HTTP route (ARCHITECTURE.md, the one rule): either with the action it performs,
 * a resource loader and a handler, or explicitly public with a reason. The HTTP adapter refuses
 * to start with a route that was not declared through here.
 */
export function defineRoute<S extends RouteSchemas, R>(input: ProtectedInput<S, R>): AnyRoute;
export function defineRoute<S extends RouteSchemas>(input: PublicInput<S>): AnyRoute;
export function defineRoute<S extends RouteSchemas, R>(
  input: ProtectedInput<S, R> | PublicInput<S>,
): AnyRoute {
  if ("public" in input) {
    const { public: reason, ...rest } = input;
    if (!reason.trim())
      throw new Error(`${input.method} ${input.url}: a public route needs a reason`);
    return { ...rest, kind: "public", reason } as unknown as AnyRoute;
  }
  return {
    ...input,
    kind: "protected",
    session: input.session ?? sessionKindOf(input.url),
    auditAllow: input.auditAllow ?? false,
    hideOnDeny: input.hideOnDeny ?? false,
  } as unknown as AnyRoute;
}

function sessionKindOf(url: string): Credential {
  if (url.startsWith("/api/operator/")) return "operator";
  if (url.startsWith("/scim/")) return "scim";
  return "user";
}
