import type { FastifyInstance, InjectOptions } from "fastify";
import { scopeFor } from "../src/platform/scope.ts";
import { TestBrowser, type Reply } from "./http.ts";
import type { TestApp } from "./testApp.ts";

/** A SCIM token for a tenant, issued through the service as the admin page would. */
export async function issueScimToken(t: TestApp, tenantId: string, name = "Test IdP") {
  const scope = scopeFor({ type: "local_admin", label: "test fixture" }, tenantId);
  return t.services.directory.tokens.create(scope, name);
}

/**
 * A provisioning client over `app.inject`: sends the bearer token and `application/scim+json`,
 * like an identity provider; otherwise a {@link TestBrowser} (it has no cookies to send).
 */
export class ScimBrowser extends TestBrowser {
  token: string;

  constructor(app: FastifyInstance, token: string) {
    super(app);
    this.token = token;
  }

  override request(
    method: InjectOptions["method"],
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply> {
    return super.request(method, url, body, {
      authorization: `Bearer ${this.token}`,
      ...(body !== undefined ? { "content-type": "application/scim+json" } : {}),
      ...headers,
    });
  }
}

export interface HttpReply {
  status: number;
  headers: Headers;
  body: string;
  json: <T = Record<string, unknown>>() => T;
}

/** The same client over real HTTP (fetch), for the end-to-end provisioning script. */
export class ScimHttp {
  private readonly base: string;
  token: string;

  constructor(base: string, token: string) {
    this.base = base;
    this.token = token;
  }

  async request(method: string, path: string, body?: unknown): Promise<HttpReply> {
    const response = await fetch(`${this.base}/scim/v2${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        accept: "application/scim+json",
        ...(body !== undefined ? { "content-type": "application/scim+json" } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: text,
      json: <T>() => JSON.parse(text) as T,
    };
  }
}

export const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
export const GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
export const PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
export const ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";
