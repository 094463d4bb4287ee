import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HTTP_ROUTES } from "../../gateway/registry.ts";
import { backends } from "../../../test/database.ts";
import { PASSWORD, seedWorld, type World } from "../../../test/fixtures.ts";
import { TestBrowser } from "../../../test/http.ts";
import { createTestApp, type TestApp } from "../../../test/testApp.ts";
import { HTTP_CASES } from "../../../test/walk/cases.ts";

/**
 * PRODUCT.md promise 3 / ARCHITECTURE.md Principals: operators manage tenants and keys and have no
 * grant on any tenant's content. Every tenant route is tried with an operator's session, and what
 * the operator console does return is checked for content.
 */
describe.each(backends())("operators and tenant content on %s", (backend) => {
  let t: TestApp;
  let world: World;
  let operator: TestBrowser;

  beforeAll(async () => {
    t = await createTestApp(backend);
    world = await seedWorld(t.services);
    operator = new TestBrowser(t.app);
    await operator.operatorSignIn(world.operator.email, PASSWORD);
  });
  afterAll(async () => t.close());

  it("refuses an operator on every tenant route, and tells the tenant", async () => {
    const tenantRoutes = HTTP_ROUTES.filter((r) => r.url.startsWith("/api/t/"));
    expect(tenantRoutes.length).toBeGreaterThan(5);
    for (const route of tenantRoutes) {
      const key = `${route.method} ${route.url}`;
      const request = await HTTP_CASES[key]?.prepare({ t, world });
      if (!request) throw new Error(`no case for ${key}`);
      const reply = await operator.request(
        request.method,
        request.url,
        request.body,
        request.headers,
      );
      // Routes that hide a resource's existence (teams, channels, messages) answer 404.
      expect(reply.status, key).toBe(route.kind === "protected" && route.hideOnDeny ? 404 : 403);
      expect(reply.body).not.toContain("@acme.example");
    }
    const seen = await t.services.audit.list(
      { tenantId: world.a.id, actor: { type: "system", reason: "test" } },
      { actorType: "operator", outcome: "deny", limit: 100 },
    );
    expect(new Set(seen.events.map((e) => e.action))).toEqual(
      new Set(tenantRoutes.map((r) => (r.kind === "protected" ? r.action : ""))),
    );
  });

  it("shows the operator tenant names and status only", async () => {
    const list = await operator.get("/api/operator/tenants");
    expect(list.status).toBe(200);
    expect(list.body).not.toMatch(/@acme\.example|@beta\.example/);
    expect(list.json<{ tenants: { slug: string }[] }>().tenants.map((x) => x.slug)).toEqual([
      "acme",
      "beta",
    ]);
  });

  it("never lets an operator re-issue an owner link once the tenant has an active owner", async () => {
    const owner = new TestBrowser(t.app);
    await owner.signIn("acme", world.a.users.owner.email, PASSWORD);
    const invited = await owner.post("/api/t/acme/users", {
      email: "cofounder@acme.example",
      displayName: "Co-founder",
      role: "owner",
    });
    expect(invited.status).toBe(201);
    const link = invited.json<{ inviteUrl: string }>().inviteUrl;
    const attempt = await operator.post(`/api/operator/tenants/${world.a.id}/owner-invitation`);
    expect(attempt.status).toBe(409);
    expect(attempt.json()).toMatchObject({ error: { code: "invalid_state" } });
    expect(attempt.body).not.toContain("invite#token=");
    // The tenant's own invitation still works.
    const inspect = await new TestBrowser(t.app).post("/api/invitations/inspect", {
      token: new URL(link).hash.replace("#token=", ""),
    });
    expect(inspect.status).toBe(200);
  });

  it("records operator actions on a tenant in that tenant's own chain", async () => {
    expect((await operator.post(`/api/operator/tenants/${world.b.id}/keys/rotate`)).status).toBe(
      200,
    );
    const events = await t.services.audit.list(
      { tenantId: world.b.id, actor: { type: "system", reason: "test" } },
      { action: "tenant.keys.rotate" },
    );
    expect(events.events[0]?.actor).toMatchObject({ type: "operator", id: world.operator.id });
  });
});
