import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends } from "../../../test/database.ts";
import { PASSWORD } from "../../../test/fixtures.ts";
import { TestBrowser } from "../../../test/http.ts";
import { createTestApp, type TestApp } from "../../../test/testApp.ts";
import { DAY } from "../../platform/clock.ts";

describe.each(backends())("first-run setup on %s", (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(backend);
  });
  afterAll(async () => t.close());

  const body = (token: string) => ({
    token,
    operator: { email: "ops@vendor.example", displayName: "運用担当", password: PASSWORD },
    tenant: { name: "さくら病院", slug: "sakura" },
    owner: { email: "owner@sakura.example", displayName: "院長" },
  });
  const tokenOf = (url: string | null) =>
    new URL(url ?? "http://x/#token=").hash.replace("#token=", "");

  it("accepts only the newest unexpired link, once, and then reports setup done", async () => {
    const browser = new TestBrowser(t.app);
    expect((await browser.get("/api/setup")).json()).toEqual({ required: true });
    const stale = await t.services.deployment.setup.issueLink();
    const link = await t.services.deployment.setup.issueLink();
    expect(link).toMatch(/^http:\/\/localhost:8080\/setup#token=/);
    expect((await browser.post("/api/setup", body(tokenOf(stale)))).json()).toMatchObject({
      error: { code: "invalid_token" },
    });
    expect(
      (
        await browser.post("/api/setup", {
          ...body(tokenOf(link)),
          operator: { ...body("").operator, password: "short" },
        })
      ).json(),
    ).toMatchObject({
      error: { code: "password_too_short" },
    });
    const done = await browser.post("/api/setup", body(tokenOf(link)));
    expect(done.status).toBe(201);
    expect(done.json()).toMatchObject({
      tenant: { slug: "sakura", name: "さくら病院" },
      ownerInviteUrl: expect.stringMatching(/\/invite#token=/),
    });
    expect((await browser.post("/api/setup", body(tokenOf(link)))).json()).toMatchObject({
      error: { code: "setup_completed" },
    });
    expect((await browser.get("/api/setup")).json()).toEqual({ required: false });
    expect(await t.services.deployment.setup.issueLink()).toBeNull();
    const operator = new TestBrowser(t.app);
    expect((await operator.operatorSignIn("ops@vendor.example", PASSWORD)).status).toBe(200);
    expect((await operator.get("/api/operator/tenants")).json()).toMatchObject({
      tenants: [{ slug: "sakura", ownerPending: true }],
    });
  });

  it("refuses an expired link", async () => {
    const fresh = await createTestApp(backend);
    try {
      const link = await fresh.services.deployment.setup.issueLink();
      fresh.clock.advance(DAY + 1000);
      const reply = await new TestBrowser(fresh.app).post("/api/setup", body(tokenOf(link)));
      expect(reply.json()).toMatchObject({ error: { code: "invalid_token" } });
    } finally {
      await fresh.close();
    }
  });
});
