import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends } from "../../../test/database.ts";
import { PASSWORD, seedWorld, type World } from "../../../test/fixtures.ts";
import { TestBrowser } from "../../../test/http.ts";
import { createTestApp, type TestApp } from "../../../test/testApp.ts";
import { MINUTE, HOUR } from "../../platform/clock.ts";

describe.each(backends())("sign-in and sessions on %s", (backend) => {
  let t: TestApp;
  let world: World;

  beforeAll(async () => {
    t = await createTestApp(backend);
    world = await seedWorld(t.services);
  });
  afterAll(async () => t.close());

  it("signs in, sets a __Host- Secure HttpOnly SameSite=Lax cookie, and /api/me answers", async () => {
    const browser = new TestBrowser(t.app);
    const reply = await browser.signIn("acme", "member@acme.example", PASSWORD);
    expect(reply.status).toBe(200);
    const cookie = reply.cookies.find((c) => c.name === "__Host-engawa_session");
    expect(cookie).toMatchObject({ path: "/", httpOnly: true, secure: true, sameSite: "Lax" });
    expect(cookie).not.toHaveProperty("domain");
    const me = await browser.get("/api/me");
    expect(me.status).toBe(200);
    expect(me.json()).toMatchObject({
      user: { email: "member@acme.example", role: "member" },
      tenant: { slug: "acme" },
    });
  });

  it("answers an unknown user, an unknown tenant and a wrong password with the same 401", async () => {
    const browser = new TestBrowser(t.app);
    const answers = await Promise.all([
      browser.signIn("acme", "nobody@acme.example", PASSWORD),
      browser.signIn("nowhere", "member@acme.example", PASSWORD),
      browser.signIn("acme", "admin@acme.example", "wrong password entirely"),
    ]);
    for (const answer of answers) {
      expect(answer.status).toBe(401);
      expect(answer.json()).toMatchObject({ error: { code: "invalid_credentials" } });
      expect(answer.json<{ error: { message: string } }>().error.message).toBe(
        answers[0]?.json<{ error: { message: string } }>().error.message,
      );
    }
    const failures = await t.services.audit.list(
      { tenantId: world.a.id, actor: { type: "anonymous" } },
      { action: "auth.sign_in", outcome: "deny" },
    );
    expect(failures.events.map((e) => e.details.reason)).toEqual(
      expect.arrayContaining(["unknown_user", "wrong_password"]),
    );
  });

  it("issues a new session token at every sign-in and ends the one it replaces", async () => {
    const browser = new TestBrowser(t.app);
    await browser.signIn("acme", "guest@acme.example", PASSWORD);
    const first = browser.cookies.get("__Host-engawa_session");
    await browser.signIn("acme", "guest@acme.example", PASSWORD);
    const second = browser.cookies.get("__Host-engawa_session");
    expect(second).toBeDefined();
    expect(second).not.toBe(first);
    const old = new TestBrowser(t.app);
    old.cookies.set("__Host-engawa_session", first ?? "");
    expect((await old.get("/api/me")).status).toBe(401);
  });

  it("signs out: the cookie is cleared and the session no longer works", async () => {
    const browser = new TestBrowser(t.app);
    await browser.signIn("acme", "member@acme.example", PASSWORD);
    const token = browser.cookies.get("__Host-engawa_session") ?? "";
    expect((await browser.post("/api/auth/sign-out")).status).toBe(200);
    expect(browser.cookies.has("__Host-engawa_session")).toBe(false);
    const replay = new TestBrowser(t.app);
    replay.cookies.set("__Host-engawa_session", token);
    expect((await replay.get("/api/me")).status).toBe(401);
  });

  it("refuses a state change without the CSRF token, or from another origin", async () => {
    const browser = new TestBrowser(t.app);
    await browser.signIn("acme", "admin@acme.example", PASSWORD);
    const csrf = browser.csrf;
    browser.csrf = null;
    const missing = await browser.post("/api/auth/sign-out");
    expect(missing.status).toBe(403);
    expect(missing.json()).toMatchObject({ error: { code: "csrf_failed" } });
    browser.csrf = csrf;
    const foreign = await browser.request(
      "POST",
      "/api/auth/sign-out",
      {},
      { origin: "https://evil.example" },
    );
    expect(foreign.status).toBe(403);
    expect((await browser.get("/api/me")).status).toBe(200);
  });

  it("refuses text/plain bodies (a cross-site form cannot post JSON)", async () => {
    const browser = new TestBrowser(t.app);
    const reply = await browser.request(
      "POST",
      "/api/auth/sign-in",
      JSON.stringify({ tenant: "acme", email: "member@acme.example", password: PASSWORD }),
      {
        "content-type": "text/plain",
      },
    );
    expect(reply.status).toBe(415);
    expect(reply.json()).toMatchObject({ error: { code: "unsupported_media_type" } });
  });

  it("ends a session after the idle limit and after the absolute limit", async () => {
    const browser = new TestBrowser(t.app);
    await browser.signIn("acme", "member@acme.example", PASSWORD);
    t.clock.advance(29 * MINUTE);
    expect((await browser.get("/api/me")).status).toBe(200);
    t.clock.advance(29 * MINUTE);
    expect((await browser.get("/api/me")).status).toBe(200);
    t.clock.advance(31 * MINUTE);
    expect((await browser.get("/api/me")).status).toBe(401);

    const busy = new TestBrowser(t.app);
    await busy.signIn("acme", "member@acme.example", PASSWORD);
    for (let i = 0; i < 12 * 3 - 1; i += 1) {
      t.clock.advance(20 * MINUTE);
      expect((await busy.get("/api/me")).status).toBe(200);
    }
    t.clock.advance(21 * MINUTE);
    expect((await busy.get("/api/me")).status).toBe(401);
    t.clock.advance(HOUR);
  });

  it("throttles repeated failures per account with 429 and Retry-After, without checking the password", async () => {
    const browser = new TestBrowser(t.app);
    for (let i = 0; i < 5; i += 1) {
      expect(
        (await browser.signIn("acme", "owner@acme.example", "not the password at all")).status,
      ).toBe(401);
    }
    const limited = await browser.signIn("acme", "owner@acme.example", PASSWORD);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
    expect(limited.json()).toMatchObject({ error: { code: "rate_limited" } });
    t.clock.advance(16 * MINUTE);
    expect((await browser.signIn("acme", "owner@acme.example", PASSWORD)).status).toBe(200);
  });

  it("counts concurrent attempts before checking passwords, so a burst cannot slip past the limit", async () => {
    t.clock.advance(16 * MINUTE);
    const burst = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        new TestBrowser(t.app, "198.51.100.20").signIn(
          "acme",
          "member@acme.example",
          `wrong guess number ${i}`,
        ),
      ),
    );
    const statuses = burst.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(15);
    t.clock.advance(16 * MINUTE);
  });

  it("does not let failures from one address lock the account out for its owner elsewhere", async () => {
    t.clock.advance(16 * MINUTE);
    const attacker = new TestBrowser(t.app, "198.51.100.66");
    for (let i = 0; i < 6; i += 1)
      await attacker.signIn("acme", "admin@acme.example", "guessing the password now");
    expect((await attacker.signIn("acme", "admin@acme.example", PASSWORD)).status).toBe(429);
    const owner = new TestBrowser(t.app, "192.0.2.10");
    expect((await owner.signIn("acme", "admin@acme.example", PASSWORD)).status).toBe(200);
    // Failures spread over many addresses still hit the account-wide ceiling (10 × 5).
    for (let i = 0; i < 50; i += 1) {
      await new TestBrowser(t.app, `203.0.113.${i + 1}`).signIn(
        "acme",
        "guest@acme.example",
        "guessing the password now",
      );
    }
    expect(
      (await new TestBrowser(t.app, "192.0.2.11").signIn("acme", "guest@acme.example", PASSWORD))
        .status,
    ).toBe(429);
    t.clock.advance(16 * MINUTE);
  });

  it("throttles many attempts from one address across accounts (X-Forwarded-For from an untrusted peer is ignored)", async () => {
    t.clock.advance(2 * MINUTE);
    const browser = new TestBrowser(t.app);
    const statuses: number[] = [];
    for (let i = 0; i < 32; i += 1) {
      statuses.push(
        (
          await browser.request(
            "POST",
            "/api/auth/sign-in",
            { tenant: "beta", email: `x${i}@beta.example`, password: "whatever it is ok" },
            { "x-forwarded-for": "203.0.113.9" },
          )
        ).status,
      );
    }
    expect(statuses.filter((s) => s === 401).length).toBe(30);
    expect(statuses.slice(30)).toEqual([429, 429]);
    t.clock.advance(2 * MINUTE);
  });
});
