import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends } from "../../../test/database.ts";
import { PASSWORD, seedWorld, type World } from "../../../test/fixtures.ts";
import { TestBrowser } from "../../../test/http.ts";
import { createTestApp, type TestApp } from "../../../test/testApp.ts";
import { MINUTE, HOUR } from "../../platform/clock.ts";
import { passwordVerifications } from "../../platform/crypto/passwords.ts";
import { scopeFor } from "../../platform/scope.ts";

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

  it("does not let 50 wrong passwords from one address stop the user signing in from another", async () => {
    t.clock.advance(16 * MINUTE);
    const attacker = new TestBrowser(t.app, "127.0.0.2");
    let refused = 0;
    for (let wrong = 0; wrong < 50;) {
      const reply = await attacker.signIn(
        "acme",
        "admin@acme.example",
        "guessing the password now",
      );
      if (reply.status === 429) {
        // The server answers at once; the attacker must wait, and the waits grow (capped).
        refused += 1;
        t.clock.advance(Number(reply.headers["retry-after"]) * 1000);
        continue;
      }
      expect(reply.status).toBe(401);
      wrong += 1;
    }
    expect(refused).toBeGreaterThanOrEqual(45);
    const limited = await attacker.signIn("acme", "admin@acme.example", PASSWORD);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers["retry-after"])).toBe(15 * 60);
    const owner = new TestBrowser(t.app, "127.0.0.3");
    expect((await owner.signIn("acme", "admin@acme.example", PASSWORD)).status).toBe(200);
    t.clock.advance(16 * MINUTE);
  });

  it("grows the wait with each failure after the free ones, up to the cap", async () => {
    t.clock.advance(16 * MINUTE);
    const browser = new TestBrowser(t.app, "127.0.0.4");
    const waits: number[] = [];
    for (let i = 0; i < 12; i += 1) {
      const reply = await browser.signIn("acme", "guest@acme.example", "not the password at all");
      if (reply.status === 429) {
        const wait = Number(reply.headers["retry-after"]);
        waits.push(wait);
        t.clock.advance(wait * 1000);
        i -= 1;
      }
    }
    expect(waits).toEqual([30, 60, 120, 240, 480, 900, 900]);
    t.clock.advance(16 * MINUTE);
    expect((await browser.signIn("acme", "guest@acme.example", PASSWORD)).status).toBe(200);
  });

  it("detects a password spray over many accounts from one address, blocks it and marks a later success", async () => {
    const t2 = await createTestApp(backend, { ENGAWA_SIGNIN_MAX_ATTEMPTS_PER_IP: "1000" });
    try {
      const world2 = await seedWorld(t2.services);
      const sprayer = new TestBrowser(t2.app, "127.0.0.5");
      const statuses: number[] = [];
      for (let i = 0; i < 20; i += 1) {
        const reply = await sprayer.signIn("acme", `person${i}@acme.example`, "Summer2026!");
        statuses.push(reply.status);
      }
      // The 15th distinct account trips the detector; everything after it is refused unchecked.
      expect(statuses.slice(0, 15)).toEqual(Array(15).fill(401));
      expect(statuses.slice(15)).toEqual(Array(5).fill(429));
      const blocked = await sprayer.signIn("acme", world2.a.users.member.email, PASSWORD);
      expect(blocked.status).toBe(429);
      expect(Number(blocked.headers["retry-after"])).toBeGreaterThan(55 * 60);
      // Someone else, elsewhere, is not affected.
      const colleague = new TestBrowser(t2.app, "127.0.0.6");
      expect((await colleague.signIn("acme", world2.a.users.member.email, PASSWORD)).status).toBe(
        200,
      );

      const system = scopeFor({ type: "system", reason: "test" }, world2.a.id);
      const sprays = await t2.services.audit.list(system, {
        action: "auth.password_spray",
        limit: 5,
      });
      expect(sprays.events).toHaveLength(1);
      expect(sprays.events[0]).toMatchObject({ ip: "127.0.0.5", details: { accounts: 15 } });

      // After the block, a correct password from that address marks the account at risk: high
      // sign-in risk, which the default policy answers with a second factor; this guest has none,
      // so the sign-in is refused.
      t2.clock.advance(61 * MINUTE);
      const success = await sprayer.signIn("acme", world2.a.users.guest.email, PASSWORD);
      expect(success.status).toBe(403);
      expect(success.json()).toMatchObject({ error: { code: "risk_blocked" } });
      const marks = await t2.services.risk.store.openDetections(system, world2.a.users.guest.id);
      // (The failures themselves are older than the 60-minute window of "suspicious IP".)
      expect(marks.map((m) => [m.kind, m.level, m.ip])).toEqual([
        ["password_spray", "high", "127.0.0.5"],
      ]);
      const atRisk = await t2.services.audit.list(system, {
        action: "auth.account_at_risk",
        limit: 5,
      });
      expect(atRisk.events).toHaveLength(1);
      expect(atRisk.events[0]).toMatchObject({ outcome: "deny", details: { outcome: "blocked" } });
    } finally {
      await t2.close();
    }
  });

  it("runs a real password hash for an unknown user and an unknown organisation", async () => {
    t.clock.advance(16 * MINUTE);
    const browser = new TestBrowser(t.app, "127.0.0.7");
    for (const [tenant, email] of [
      ["acme", "nobody-here@acme.example"],
      ["no-such-org", "member@acme.example"],
    ] as const) {
      const before = passwordVerifications();
      const reply = await browser.signIn(tenant, email, "some password or other");
      expect(reply.status).toBe(401);
      expect(passwordVerifications() - before).toBe(1);
    }
  });

  it("throttles many attempts from one address across accounts (X-Forwarded-For from an untrusted peer is ignored)", async () => {
    // A spray threshold out of reach, so that only the per-address limit (30 a minute) acts.
    const t3 = await createTestApp(backend, { ENGAWA_SIGNIN_SPRAY_ACCOUNTS: "1000" });
    try {
      const browser = new TestBrowser(t3.app);
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
    } finally {
      await t3.close();
    }
  });
});
