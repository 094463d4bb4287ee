import { Readable } from "node:stream";
import type { FastifyInstance, InjectOptions } from "fastify";
import { TEST_PUBLIC_URL } from "./testApp.ts";

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string;
  /** The body's bytes (downloads). */
  raw: Buffer;
  json: <T = Record<string, unknown>>() => T;
  cookies: { name: string; value: string; [k: string]: unknown }[];
}

/**
 * A browser-like client over `app.inject`: keeps cookies, sends the CSRF header it was given
 * and an `Origin` of the public URL on state-changing requests, as the web client does.
 */
export class TestBrowser {
  readonly cookies = new Map<string, string>();
  csrf: string | null = null;
  private readonly app: FastifyInstance;
  /** The client address the server sees (inject's socket address). */
  private readonly remoteAddress: string;

  /** The User-Agent every request of this browser sends (none by default). */
  private readonly userAgent: string | undefined;

  /** Headers every request sends, e.g. `x-forwarded-for` as a trusted proxy would add it. */
  readonly headers: Record<string, string> = {};

  constructor(app: FastifyInstance, remoteAddress = "127.0.0.1", userAgent?: string) {
    this.app = app;
    this.remoteAddress = remoteAddress;
    this.userAgent = userAgent;
  }

  async request(
    method: InjectOptions["method"],
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    const state = method !== "GET" && method !== "HEAD";
    // Strings, bytes and streams go as they are (bad JSON, file uploads); anything else as JSON.
    const verbatim = typeof body === "string" || Buffer.isBuffer(body) || body instanceof Readable;
    const response = await this.app.inject({
      method,
      url,
      remoteAddress: this.remoteAddress,
      headers: {
        ...(this.userAgent ? { "user-agent": this.userAgent } : {}),
        ...(cookie ? { cookie } : {}),
        ...(state ? { origin: TEST_PUBLIC_URL } : {}),
        ...(state && this.csrf ? { "x-engawa-csrf": this.csrf } : {}),
        ...(body !== undefined && !verbatim ? { "content-type": "application/json" } : {}),
        ...this.headers,
        ...headers,
      },
      ...(body !== undefined ? { payload: verbatim ? body : JSON.stringify(body) } : {}),
    });
    for (const c of response.cookies as Reply["cookies"]) {
      if (
        c.value === "" ||
        (typeof c.maxAge === "number" && c.maxAge <= 0) ||
        (c.expires instanceof Date && c.expires.getTime() < Date.now())
      ) {
        this.cookies.delete(c.name);
      } else {
        this.cookies.set(c.name, c.value);
      }
    }
    return {
      status: response.statusCode,
      headers: response.headers,
      body: response.body,
      raw: response.rawPayload,
      json: <T>() => JSON.parse(response.body) as T,
      cookies: response.cookies,
    };
  }

  get(url: string) {
    return this.request("GET", url);
  }

  post(url: string, body?: unknown) {
    return this.request("POST", url, body ?? {});
  }

  put(url: string, body?: unknown) {
    return this.request("PUT", url, body ?? {});
  }

  async signIn(tenant: string, email: string, password: string): Promise<Reply> {
    const reply = await this.post("/api/auth/sign-in", { tenant, email, password });
    if (reply.status === 200)
      this.csrf = reply.json<{ session: { csrfToken: string } }>().session.csrfToken;
    return reply;
  }

  /** Takes the CSRF token of a session the reply renewed (a finished sign-in step). */
  adopt(reply: Reply): Reply {
    if (reply.status < 300) {
      const body = reply.json<{
        session?: { csrfToken: string };
        me?: { session: { csrfToken: string } };
      }>();
      const token = body.session?.csrfToken ?? body.me?.session.csrfToken;
      if (token) this.csrf = token;
    }
    return reply;
  }

  delete(url: string) {
    return this.request("DELETE", url);
  }

  async operatorSignIn(email: string, password: string): Promise<Reply> {
    const reply = await this.post("/api/operator/auth/sign-in", { email, password });
    if (reply.status === 200)
      this.csrf = reply.json<{ session: { csrfToken: string } }>().session.csrfToken;
    return reply;
  }
}
