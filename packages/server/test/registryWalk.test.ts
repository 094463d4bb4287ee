import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTIONS, type ActionSpec } from "@engawa/shared";
import { HTTP_ROUTES, LOCAL_ADMIN_ROUTES } from "../src/gateway/registry.ts";
import { backends } from "./database.ts";
import { PASSWORD, seedWorld, type World } from "./fixtures.ts";
import { TestBrowser } from "./http.ts";
import { createTestApp, type TestApp } from "./testApp.ts";
import { HTTP_CASES, type HttpCase, type WalkRequest } from "./walk/cases.ts";
import { signInAll, type Browsers, type Who } from "./walk/principals.ts";
import { ERROR_SCHEMA, ScimBrowser } from "./scimClient.ts";

/**
 * The registry walk of ARCHITECTURE.md: every HTTP route, with real resources and schema-valid
 * bodies. Anonymous → 401; a principal of another tenant → 404; a principal of the same tenant
 * without the grant → 403; an operator on tenant content → refused; and a positive control — the
 * same request by an authorised principal succeeds — so a 404 or 400 cannot pass for a decision.
 */
describe.each(backends())("registry walk over every HTTP route on %s", (backend) => {
  let t: TestApp;
  let world: World;
  let browsers: Browsers;

  beforeAll(async () => {
    t = await createTestApp(backend);
    // Positive control of first-run setup, while it is still pending.
    const link = await t.services.deployment.setup.issueLink();
    const token = new URL(link ?? "http://x/#token=").hash.replace("#token=", "");
    const setup = await new TestBrowser(t.app).post("/api/setup", {
      token,
      operator: { email: "first@engawa.example", displayName: "First", password: PASSWORD },
      tenant: { name: "First Org", slug: "first" },
      owner: { email: "owner@first.example", displayName: "Owner" },
    });
    expect(setup.status).toBe(201);
    world = await seedWorld(t.services);
    browsers = await signInAll(t, world);
  });
  afterAll(async () => t.close());

  it("has a walk case for every route, and every route for every case", () => {
    const routes = HTTP_ROUTES.map((r) => `${r.method} ${r.url}`).sort();
    expect(Object.keys(HTTP_CASES).sort()).toEqual(routes);
  });

  /** Anonymous requests come from a fresh browser each time (a public sign-in must not leave a cookie behind). */
  const send = (who: Who, request: WalkRequest) =>
    (who === "anonymous" ? new TestBrowser(t.app) : browsers[who]).request(
      request.method,
      request.url,
      request.body,
      request.headers,
    );

  for (const route of HTTP_ROUTES) {
    const key = `${route.method} ${route.url}`;
    it(key, async () => {
      const c = HTTP_CASES[key] as HttpCase;
      const request = await c.prepare({ t, world });
      if (route.kind === "protected") {
        const anonymous = await send("anonymous", request);
        expect(anonymous.status, `${key} anonymous`).toBe(401);
        // SCIM routes answer in SCIM's error format (RFC 7644 §3.12).
        expect(anonymous.json()).toMatchObject(
          route.session === "scim"
            ? { schemas: [ERROR_SCHEMA], status: "401" }
            : { error: { code: "unauthenticated" } },
        );
        if (route.session === "scim") {
          const forged = await new ScimBrowser(t.app, "engawa_scim_forged").request(
            request.method,
            request.url,
            request.body,
          );
          expect(forged.status, `${key} with an unknown token`).toBe(401);
        }
        if (c.crossTenant) {
          // Another tenant's principal of the same kind: its owner, or its provisioning client.
          const other = await send(route.session === "scim" ? "otherScim" : "otherOwner", request);
          expect(other.status, `${key} by another tenant's owner`).toBe(404);
        }
        for (const who of c.denied) {
          const denied = await send(who, request);
          expect(denied.status, `${key} by ${who}`).toBe(route.hideOnDeny ? 404 : 403);
        }
        const spec = ACTIONS[route.action] as ActionSpec;
        if (spec.groups.includes("tenantContent")) {
          expect(c.denied, `${key}: tenant content must be walked with an operator`).toContain(
            "operator",
          );
        }
      }
      const positive = request.as
        ? await request.as.request(request.method, request.url, request.body, request.headers)
        : await send(c.allowed, request);
      expect(positive.status, `${key} by ${c.allowed}: ${positive.body.slice(0, 300)}`).toBe(
        c.status,
      );
      if (c.allowed === "guest" && key === "POST /api/auth/sign-out")
        await browsers.guest.signIn("acme", world.a.users.guest.email, PASSWORD);
      if (c.allowed === "operator" && key === "POST /api/operator/auth/sign-out")
        await browsers.operator.operatorSignIn(world.operator.email, PASSWORD);
    });
  }

  it("records every denial in the audit log", async () => {
    const scope = { tenantId: world.a.id, actor: { type: "system" as const, reason: "test" } };
    // Filtered by action: the walk records hundreds of denials, more than one page.
    const denials = await t.services.audit.list(scope, {
      outcome: "deny",
      action: "user.list",
      limit: 200,
    });
    const actions = new Set(denials.events.map((e) => `${e.actor.type}:${e.action}`));
    expect(actions).toContain("user:user.list");
    expect(actions).toContain("operator:user.list");
    const auditReads = await t.services.audit.list(scope, {
      outcome: "deny",
      action: "audit.read",
      limit: 200,
    });
    expect(auditReads.events.map((e) => `${e.actor.type}:${e.action}`)).toContain(
      "operator:audit.read",
    );
    // Another tenant's owner probing acme's URLs is recorded in their own tenant's chain.
    const probes = await t.services.audit.list(
      { tenantId: world.b.id, actor: { type: "system", reason: "test" } },
      { outcome: "deny", action: "user.list", limit: 200 },
    );
    expect(
      probes.events.some((e) => e.details.reason === "not_found" && e.action === "user.list"),
    ).toBe(true);
  });

  it("does not mount the admin socket's routes on the public server", async () => {
    for (const route of LOCAL_ADMIN_ROUTES) {
      const reply = await browsers.operator.request(
        route.method,
        route.url,
        route.method === "GET" ? undefined : {},
      );
      if (route.method === "GET") {
        // GET falls through to the web client's page shell: HTML, never the local route's JSON.
        expect(String(reply.headers["content-type"])).toMatch(/^text\/html/);
      } else {
        expect(reply.status, `${route.method} ${route.url}`).toBe(404);
      }
    }
  });
});
