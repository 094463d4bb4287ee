import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends } from "../../../test/database.ts";
import { PASSWORD, seedWorld, type World } from "../../../test/fixtures.ts";
import { TestBrowser } from "../../../test/http.ts";
import { enrollTotp, newMember, TOTP_STEP_MS } from "../../../test/mfa.ts";
import { createTestApp, type TestApp } from "../../../test/testApp.ts";
import { totpCode } from "../../platform/crypto/totp.ts";
import { scopeFor } from "../../platform/scope.ts";
import { MINUTE } from "../../platform/clock.ts";

/**
 * Step-up re-authentication: sensitive changes (admin changes, one's own sign-in methods) need an
 * authentication no older than the tenant's `stepUpMinutes` (default 10). Tests move the clock.
 */
describe.each(backends())("step-up re-authentication on %s", (backend) => {
  let t: TestApp;
  let world: World;
  const system = () => scopeFor({ type: "system", reason: "test" }, world.a.id);

  beforeAll(async () => {
    t = await createTestApp(backend);
    world = await seedWorld(t.services);
  });
  afterAll(async () => t.close());

  async function signedIn(email: string): Promise<TestBrowser> {
    const browser = new TestBrowser(t.app);
    const reply = await browser.signIn("acme", email, PASSWORD);
    if (reply.status !== 200) throw new Error(`sign-in: ${reply.body}`);
    return browser;
  }

  const roleChange = (browser: TestBrowser, userId: string, role: string) =>
    browser.request("PUT", `/api/t/acme/users/${userId}/role`, { role });

  it("holds an admin change after the window, and lets it through once the admin confirms", async () => {
    const adminUser = await newMember(t, world, "admin");
    const target = await newMember(t, world);
    const admin = await signedIn(adminUser.email);
    expect((await roleChange(admin, target.id, "guest")).status).toBe(200);

    t.clock.advance(11 * MINUTE);
    const held = await roleChange(admin, target.id, "member");
    expect(held.status).toBe(403);
    expect(held.json()).toMatchObject({ error: { code: "step_up_required" } });
    // Reading and protective actions are not held.
    expect((await admin.get("/api/t/acme/users")).status).toBe(200);
    expect((await admin.post(`/api/t/acme/users/${target.id}/sessions/revoke`)).status).toBe(200);
    const denials = await t.services.audit.list(system(), {
      outcome: "deny",
      actorId: adminUser.id,
      action: "user.role.change",
      limit: 5,
    });
    expect(denials.events[0]?.details).toMatchObject({ reason: "step_up_required" });

    const wrong = await admin.post("/api/auth/step-up", { password: "not the password at all" });
    expect(wrong.status).toBe(400);
    expect(wrong.json()).toMatchObject({
      error: { code: "wrong_current_password", field: "password" },
    });
    expect((await roleChange(admin, target.id, "member")).status).toBe(403);

    const confirmed = await admin.post("/api/auth/step-up", { password: PASSWORD });
    expect(confirmed.status).toBe(200);
    expect((await roleChange(admin, target.id, "member")).status).toBe(200);
    const stepUps = await t.services.audit.list(system(), {
      action: "auth.step_up",
      actorId: adminUser.id,
      limit: 5,
    });
    expect(stepUps.events.map((e) => e.outcome).sort()).toEqual(["allow", "deny"]);
  });

  it("tells a member who may not make the change anyway 'forbidden', not 'confirm it's you'", async () => {
    const member = await newMember(t, world);
    const target = await newMember(t, world);
    const browser = await signedIn(member.email);
    t.clock.advance(11 * MINUTE);
    const reply = await roleChange(browser, target.id, "admin");
    expect(reply.status).toBe(403);
    expect(reply.json()).toMatchObject({ error: { code: "forbidden" } });
  });

  it("asks a user with an authenticator app for the password and a code, each once", async () => {
    const member = await newMember(t, world);
    const browser = await signedIn(member.email);
    const { secret } = await enrollTotp(t, browser);
    t.clock.advance(11 * MINUTE);
    const held = await browser.post("/api/me/mfa/recovery-codes");
    expect(held.json()).toMatchObject({ error: { code: "step_up_required" } });

    const noCode = await browser.post("/api/auth/step-up", { password: PASSWORD });
    expect(noCode.json()).toMatchObject({ error: { code: "invalid_request", field: "code" } });
    const code = totpCode(secret, t.clock.now().getTime());
    const badCode = await browser.post("/api/auth/step-up", {
      password: PASSWORD,
      code: code === "000000" ? "111111" : "000000",
    });
    expect(badCode.json()).toMatchObject({ error: { code: "invalid_code" } });
    expect((await browser.post("/api/auth/step-up", { password: PASSWORD, code })).status).toBe(
      200,
    );
    expect((await browser.post("/api/me/mfa/recovery-codes")).status).toBe(200);

    // The same code is not accepted a second time (RFC 6238 §5.2).
    t.clock.advance(11 * MINUTE - TOTP_STEP_MS);
    const replay = await browser.post("/api/auth/step-up", { password: PASSWORD, code });
    expect(replay.json()).toMatchObject({ error: { code: "invalid_code" } });
  });

  it("ends the session after five wrong answers, so a stolen session cannot guess the password", async () => {
    const member = await newMember(t, world);
    const browser = await signedIn(member.email);
    t.clock.advance(11 * MINUTE);
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      const reply = await browser.post("/api/auth/step-up", {
        password: `guess number ${attempt}`,
      });
      expect(reply.json()).toMatchObject({ error: { code: "wrong_current_password" } });
    }
    const last = await browser.post("/api/auth/step-up", { password: "guess number 5" });
    expect(last.status).toBe(401);
    expect((await browser.get("/api/me")).status).toBe(401);
    // The right password now is too late: the session is gone.
    expect((await browser.post("/api/auth/step-up", { password: PASSWORD })).status).toBe(401);
  });

  it("follows the organisation's window, which applies at once", async () => {
    const ownerEmail = world.a.users.owner.email;
    const owner = await signedIn(ownerEmail);
    const settings = (await owner.get("/api/t/acme/settings")).json<{
      settings: Record<string, unknown>;
    }>().settings;
    expect(settings.stepUpMinutes).toBe(10);
    const saved = await owner.request("PUT", "/api/t/acme/settings", {
      ...settings,
      stepUpMinutes: 20,
    });
    expect(saved.status).toBe(200);
    const change = () =>
      owner.request("PUT", "/api/t/acme/settings", { ...settings, stepUpMinutes: 20 });
    t.clock.advance(15 * MINUTE);
    expect((await change()).status).toBe(200);
    t.clock.advance(6 * MINUTE);
    expect((await change()).json()).toMatchObject({ error: { code: "step_up_required" } });
    const outOfRange = await owner.request("PUT", "/api/t/acme/settings", {
      ...settings,
      stepUpMinutes: 0,
    });
    expect(outOfRange.status).toBe(400);
    expect((await owner.post("/api/auth/step-up", { password: PASSWORD })).status).toBe(200);
    expect(
      (await owner.request("PUT", "/api/t/acme/settings", { ...settings, stepUpMinutes: 10 }))
        .status,
    ).toBe(200);
  });

  it("has no passkey challenge for a user without passkeys (the passkey way is tested in Chromium)", async () => {
    const member = await newMember(t, world);
    const browser = await signedIn(member.email);
    expect((await browser.post("/api/auth/step-up/passkey/options")).status).toBe(404);
  });
});
