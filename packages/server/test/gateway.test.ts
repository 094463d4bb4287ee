import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Fastify from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildHttpApp } from "../src/app.ts";
import { defineRoute, type AnyRoute } from "../src/gateway/defineRoute.ts";
import { refuseUndeclaredRoutes } from "../src/gateway/httpAdapter.ts";
import { HTTP_ROUTES } from "../src/gateway/registry.ts";
import { loadConfig } from "../src/config/config.ts";
import { PASSWORD, seedWorld, type World } from "./fixtures.ts";
import { TestBrowser } from "./http.ts";
import { createTestApp, type TestApp } from "./testApp.ts";

describe("the gateway", () => {
  let t: TestApp;
  let world: World;

  beforeAll(async () => {
    t = await createTestApp("pglite");
    world = await seedWorld(t.services);
  });
  afterAll(async () => t.close());

  it("refuses to start with a route that declares neither an action nor a public reason", async () => {
    const app = Fastify();
    refuseUndeclaredRoutes(app);
    expect(() => app.get("/api/sneaky", async () => ({ secret: true }))).toThrow(
      /declares neither an action nor a public reason/,
    );
    const forged = {
      ...HTTP_ROUTES[0],
      kind: "protected",
      action: "made.up",
    } as unknown as AnyRoute;
    await expect(buildHttpApp(t.services, [forged])).rejects.toThrow(/not in the action catalogue/);
    const reasonless = { ...HTTP_ROUTES[0], kind: "public", reason: " " } as unknown as AnyRoute;
    await expect(buildHttpApp(t.services, [reasonless])).rejects.toThrow(/without a reason/);
    expect(() =>
      defineRoute({
        method: "GET",
        url: "/x",
        summary: "x",
        public: "",
        schema: {},
        handler: async () => null,
      }),
    ).toThrow();
  });

  it("turns an unexpected failure into internal_error with no internals", async () => {
    const failing = defineRoute({
      method: "GET",
      url: "/api/explode",
      summary: "test only",
      public: "test",
      schema: {},
      handler: async () => {
        throw new Error("database password is hunter2 at /srv/engawa/secret.ts:42");
      },
    });
    const app = await buildHttpApp(t.services, [failing]);
    const reply = await app.inject({ method: "GET", url: "/api/explode" });
    expect(reply.statusCode).toBe(500);
    expect(reply.json()).toMatchObject({ error: { code: "internal_error" } });
    expect(reply.body).not.toContain("hunter2");
    expect(reply.body).not.toContain("secret.ts");
    await app.close();
  });

  it("describes every operation in OpenAPI with its action or its public reason", async () => {
    const reply = await t.app.inject({ method: "GET", url: "/api/openapi.json" });
    const doc = reply.json<{
      openapi: string;
      paths: Record<string, Record<string, Record<string, unknown>>>;
    }>();
    expect(doc.openapi).toMatch(/^3\./);
    let operations = 0;
    for (const [url, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        operations += 1;
        const declared = op["x-engawa-action"] ?? op["x-engawa-public"];
        expect(declared, `${method} ${url}`).toEqual(expect.any(String));
      }
    }
    expect(operations).toBeGreaterThanOrEqual(HTTP_ROUTES.length - 1);
  });

  it("sends strict security headers on pages and API answers", async () => {
    for (const url of ["/", "/api/me", "/healthz"]) {
      const reply = await t.app.inject({ method: "GET", url });
      const csp = String(reply.headers["content-security-policy"]);
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(reply.headers["x-content-type-options"]).toBe("nosniff");
      expect(reply.headers["referrer-policy"]).toBe("no-referrer");
      expect(reply.headers["strict-transport-security"]).toBeUndefined();
    }
  });

  it("answers unknown API paths, oversized bodies and wrong methods with JSON errors", async () => {
    const unknown = await t.app.inject({ method: "GET", url: "/api/nothing/here" });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ error: { code: "not_found" } });
    const big = await t.app.inject({
      method: "POST",
      url: "/api/auth/sign-in",
      payload: JSON.stringify({ x: "a".repeat(2_000_000) }),
      headers: { "content-type": "application/json" },
    });
    expect(big.statusCode).toBe(413);
    expect(big.json()).toMatchObject({ error: { code: "payload_too_large" } });
    const wrong = await t.app.inject({ method: "DELETE", url: "/api/me" });
    expect(wrong.statusCode).toBe(404);
  });

  it("trusts only the public origin, not the request's own Host (DNS rebinding)", async () => {
    const reply = await t.app.inject({
      method: "POST",
      url: "/api/auth/sign-in",
      headers: {
        host: "evil.example",
        origin: "http://evil.example",
        "content-type": "application/json",
      },
      payload: JSON.stringify({
        tenant: "acme",
        email: "owner@acme.example",
        password: "whatever it may be",
      }),
    });
    expect(reply.statusCode).toBe(403);
    expect(reply.json()).toMatchObject({ error: { code: "csrf_failed" } });
  });

  it("answers a malformed URL in the same error shape, with the security headers", async () => {
    const reply = await t.app.inject({ method: "GET", url: "/assets/%E0%A4%A" });
    expect(reply.statusCode).toBe(400);
    expect(reply.json()).toMatchObject({ error: { code: "invalid_request" } });
    expect(reply.body).not.toContain("FST_");
    expect(String(reply.headers["content-security-policy"])).toContain("frame-ancestors 'none'");
  });

  it("believes X-Forwarded-For only from a configured trusted proxy", async () => {
    const trusted = await createTestApp("pglite", { ENGAWA_TRUSTED_PROXIES: "127.0.0.1" });
    try {
      const seeded = await seedWorld(trusted.services);
      for (const [app, expected] of [
        [trusted, "198.51.100.7"],
        [t, "127.0.0.1"],
      ] as const) {
        const browser = new TestBrowser(app.app);
        await browser.request(
          "POST",
          "/api/auth/sign-in",
          { tenant: "acme", email: "owner@acme.example", password: PASSWORD },
          { "x-forwarded-for": "198.51.100.7" },
        );
        const tenantId = app === trusted ? seeded.a.id : world.a.id;
        const events = await app.services.audit.list(
          { tenantId, actor: { type: "system", reason: "test" } },
          { action: "auth.sign_in", outcome: "allow", limit: 1 },
        );
        expect(events.events[0]?.ip).toBe(expected);
      }
    } finally {
      await trusted.close();
    }
  });

  it("speaks HTTPS and sends HSTS when a certificate is configured", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "engawa-tls-"));
    try {
      const key = path.join(dir, "key.pem");
      const cert = path.join(dir, "cert.pem");
      execFileSync(
        "openssl",
        [
          "req",
          "-x509",
          "-newkey",
          "ec",
          "-pkeyopt",
          "ec_paramgen_curve:prime256v1",
          "-nodes",
          "-keyout",
          key,
          "-out",
          cert,
          "-days",
          "1",
          "-subj",
          "/CN=localhost",
        ],
        { stdio: "ignore" },
      );
      const config = loadConfig({
        ENGAWA_TLS_CERT: cert,
        ENGAWA_TLS_KEY: key,
        ENGAWA_LOG_LEVEL: "silent",
        ENGAWA_PUBLIC_URL: "https://localhost:8443",
      });
      const app = await buildHttpApp({ ...t.services, config });
      await app.listen({ port: 0, host: "127.0.0.1" });
      const address = app.server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      const { request } = await import("node:https");
      const headers = await new Promise<Record<string, unknown>>((resolve, reject) => {
        request({ host: "127.0.0.1", port, path: "/healthz", rejectUnauthorized: false }, (res) => {
          res.resume();
          resolve(res.headers);
        })
          .on("error", reject)
          .end();
      });
      expect(String(headers["strict-transport-security"])).toContain("max-age=");
      await app.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
