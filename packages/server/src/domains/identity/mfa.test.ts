import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends } from "../../../test/database.ts";
import { PASSWORD, seedWorld, type World } from "../../../test/fixtures.ts";
import { TestBrowser } from "../../../test/http.ts";
import { atSecondFactor, enrollTotp, newMember, TOTP_STEP_MS } from "../../../test/mfa.ts";
import { createTestApp, type TestApp } from "../../../test/testApp.ts";
import { DAY } from "../../platform/clock.ts";
import { totpCode } from "../../platform/crypto/totp.ts";
import { scopeFor } from "../../platform/scope.ts";

describe.each(backends())("second factors on %s", (backend) => {
  let t: TestApp;
  let world: World;

  beforeAll(async () => {
    t = await createTestApp(backend);
    world = await seedWorld(t.services);
  });
  afterAll(async () => t.close());

  const code = (secret: string) => totpCode(secret, t.clock.now().getTime());

  it("after the password, a user with an authenticator app can do nothing but the second step", async () => {
    const { browser, user } = await atSecondFactor(t, world);
    const me = await browser.get("/api/me");
    expect(me.status).toBe(200);
    expect(me.json()).toMatchObject({
      session: { stage: "second_factor", methods: "password" },
      security: { factors: ["totp", "recovery_code"] },
    });
    // Everything else is refused by the policy, including adding a factor of the attacker's own.
    expect((await browser.get("/api/me/mfa")).status).toBe(403);
    expect((await browser.post("/api/me/mfa/totp")).status).toBe(403);
    expect((await browser.post("/api/me/mfa/passkeys/options")).status).toBe(403);
    const denials = await t.services.audit.list(
      scopeFor({ type: "system", reason: "test" }, world.a.id),
      { outcome: "deny", actorId: user.id, limit: 10 },
    );
    expect(denials.events.map((e) => e.action)).toContain("mfa.enroll");
  });

  it("signs in with password + code, under a new session token, and refuses the code a second time", async () => {
    const { browser, user } = await atSecondFactor(t, world);
    const before = browser.cookies.get("__Host-engawa_session");
    const valid = code(user.secret);
    const reply = browser.adopt(
      await browser.post("/api/auth/second-factor/totp", { code: valid }),
    );
    expect(reply.status).toBe(200);
    expect(reply.json()).toMatchObject({
      session: { stage: "complete", methods: "password+totp" },
    });
    expect(browser.cookies.get("__Host-engawa_session")).not.toBe(before);
    expect((await browser.get("/api/me/mfa")).status).toBe(200);

    // The same code, in the same 30 s window, on a new sign-in: refused (RFC 6238 §5.2).
    const again = new TestBrowser(t.app);
    await again.signIn(world.a.slug, user.email, PASSWORD);
    const replay = await again.post("/api/auth/second-factor/totp", { code: valid });
    expect(replay.status).toBe(400);
    expect(replay.json()).toMatchObject({ error: { code: "invalid_code", field: "code" } });
    t.clock.advance(TOTP_STEP_MS);
    const next = again.adopt(
      await again.post("/api/auth/second-factor/totp", { code: code(user.secret) }),
    );
    expect(next.status).toBe(200);
  });

  it("ends the unfinished sign-in after five wrong codes", async () => {
    const { browser } = await atSecondFactor(t, world);
    for (let i = 0; i < 4; i += 1) {
      const wrong = await browser.post("/api/auth/second-factor/totp", { code: "000000" });
      expect(wrong.json()).toMatchObject({ error: { code: "invalid_code" } });
    }
    const fifth = await browser.post("/api/auth/second-factor/totp", { code: "000000" });
    expect(fifth.status).toBe(401);
    expect((await browser.get("/api/me")).status).toBe(401);
  });

  it("a recovery code works once, is audited, and the user is told at the next sign-in", async () => {
    const { browser, user } = await atSecondFactor(t, world);
    const [first] = user.recoveryCodes;
    expect(user.recoveryCodes).toHaveLength(10);
    const reply = browser.adopt(
      await browser.post("/api/auth/second-factor/recovery-code", {
        code: first?.toLowerCase().replace("-", ""),
      }),
    );
    expect(reply.status).toBe(200);
    expect(reply.json()).toMatchObject({ session: { methods: "password+recovery_code" } });
    const status = await browser.get("/api/me/mfa");
    expect(status.json()).toMatchObject({ recoveryCodes: { remaining: 9, total: 10 } });

    const later = new TestBrowser(t.app);
    await later.signIn(world.a.slug, user.email, PASSWORD);
    const reused = await later.post("/api/auth/second-factor/recovery-code", { code: first });
    expect(reused.json()).toMatchObject({ error: { code: "invalid_code" } });
    t.clock.advance(TOTP_STEP_MS);
    later.adopt(await later.post("/api/auth/second-factor/totp", { code: code(user.secret) }));
    const me = (await later.get("/api/me")).json<{ security: { recoveryNoticeAt: string } }>();
    expect(me.security.recoveryNoticeAt).not.toBeNull();
    expect((await later.post("/api/me/mfa/notice/dismiss")).status).toBe(200);
    const after = (await later.get("/api/me")).json<{ security: { recoveryNoticeAt: unknown } }>();
    expect(after.security.recoveryNoticeAt).toBeNull();

    const events = await t.services.audit.list(
      scopeFor({ type: "system", reason: "test" }, world.a.id),
      { action: "auth.recovery_code.use", actorId: user.id, limit: 5 },
    );
    expect(events.events).toHaveLength(1);
  });

  it("stores the authenticator secret encrypted, never in plain text", async () => {
    const member = await newMember(t, world);
    const browser = new TestBrowser(t.app);
    await browser.signIn(world.a.slug, member.email, PASSWORD);
    const { secret } = await enrollTotp(t, browser);
    const rows = await t.services.database
      .current()
      .execute(`select secret_enc from totp_factors where user_id = '${member.id}'`);
    const stored = JSON.stringify((rows as { rows: unknown[] }).rows);
    expect(stored).not.toContain(secret);
    expect(stored).toMatch(/secret_enc/);
  });

  it("a tenant's MFA requirement sends users without a factor to enrollment after the grace period", async () => {
    const owner = new TestBrowser(t.app);
    await owner.signIn(world.a.slug, world.a.users.owner.email, PASSWORD);
    const member = await newMember(t, world);
    const set = await owner.put("/api/t/acme/settings", {
      sessionIdleMinutes: 30,
      sessionAbsoluteHours: 12,
      mfaRequirement: "everyone",
      mfaGraceDays: 3,
    });
    expect(set.status).toBe(200);
    try {
      const early = new TestBrowser(t.app);
      await early.signIn(world.a.slug, member.email, PASSWORD);
      const due = (await early.get("/api/me")).json<{
        session: { stage: string };
        security: { enrollmentDueAt: string };
      }>();
      expect(due.session.stage).toBe("complete");
      expect(new Date(due.security.enrollmentDueAt).getTime()).toBe(
        t.clock.now().getTime() + 3 * DAY,
      );

      t.clock.advance(3 * DAY + 1);
      const late = new TestBrowser(t.app);
      const signedIn = await late.signIn(world.a.slug, member.email, PASSWORD);
      expect(signedIn.json()).toMatchObject({ session: { stage: "enrollment" } });
      // Only enrolling is possible: no user list, no real-time connection, no recovery codes.
      expect((await late.get("/api/t/acme/users")).status).toBe(403);
      expect((await late.post("/api/me/mfa/recovery-codes")).status).toBe(403);
      expect((await late.get("/api/me/mfa")).status).toBe(200);
      const enrolled = await enrollTotp(t, late);
      expect(enrolled.recoveryCodes).toHaveLength(10);
      expect((await late.get("/api/me")).json()).toMatchObject({
        session: { stage: "complete", methods: "password+totp" },
        security: { enrollmentDueAt: null },
      });
    } finally {
      // The owner's session idled out while the clock moved; a later owner sign-in would be due
      // for enrollment too, so the requirement is lifted directly.
      const reset = await t.services.tenancy.updateSettings(
        scopeFor({ type: "system", reason: "test cleanup" }, world.a.id),
        {
          sessionIdleMinutes: 30,
          sessionAbsoluteHours: 12,
          mfaRequirement: "off",
          mfaGraceDays: 7,
        },
      );
      expect(reset.mfaRequirement).toBe("off");
    }
  });

  it("an admin resets a user's factors: their sessions end and they sign in with the password again", async () => {
    const member = await newMember(t, world);
    const browser = new TestBrowser(t.app);
    await browser.signIn(world.a.slug, member.email, PASSWORD);
    await enrollTotp(t, browser);
    const admin = new TestBrowser(t.app);
    await admin.signIn(world.a.slug, world.a.users.admin.email, PASSWORD);
    const reset = await admin.post(`/api/t/acme/users/${member.id}/mfa/reset`);
    expect(reset.status).toBe(200);
    expect((await browser.get("/api/me")).status).toBe(401);
    const again = new TestBrowser(t.app);
    const reply = await again.signIn(world.a.slug, member.email, PASSWORD);
    expect(reply.json()).toMatchObject({
      session: { stage: "complete" },
      security: { factors: [] },
    });
    // Nobody resets their own factors (that would skip one).
    const self = await admin.post(`/api/t/acme/users/${world.a.users.admin.id}/mfa/reset`);
    expect(self.status).toBe(403);
  });
});
