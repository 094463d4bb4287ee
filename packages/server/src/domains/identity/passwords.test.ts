import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends } from "../../../test/database.ts";
import { PASSWORD, seedWorld, type World } from "../../../test/fixtures.ts";
import { TestBrowser } from "../../../test/http.ts";
import { atSecondFactor, newMember } from "../../../test/mfa.ts";
import { createTestApp, type TestApp } from "../../../test/testApp.ts";
import { DAY } from "../../platform/clock.ts";
import { totpCode } from "../../platform/crypto/totp.ts";
import { scopeFor } from "../../platform/scope.ts";
import { checkNewPassword, hasCharacterMix, passwordRulesFor } from "./passwordPolicy.ts";

const code = (error: unknown) => (error as { code?: string }).code;
async function refusal(fn: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await fn();
    return undefined;
  } catch (error) {
    return code(error);
  }
}

describe("password rules (NIST SP 800-63B, MHLW シス14⑥)", () => {
  const alone = passwordRulesFor({}, false);
  const withMfa = passwordRulesFor({}, true);

  it("asks 13 characters of a password that is the only factor, 8 with a second factor, more if the tenant says", async () => {
    expect(alone).toEqual({ minLength: 13, characterMix: false });
    expect(withMfa).toEqual({ minLength: 8, characterMix: false });
    expect(passwordRulesFor({ passwordMinLength: 16 }, true).minLength).toBe(16);
    expect(await refusal(() => checkNewPassword("quiet-lake-97", withMfa, []))).toBeUndefined();
    expect(await refusal(() => checkNewPassword("quiet-lake-97", alone, []))).toBeUndefined();
    expect(await refusal(() => checkNewPassword("lake-97x", alone, []))).toBe("password_too_short");
  });

  it("refuses common passwords, Japanese ones, and the organisation's or the person's names", async () => {
    expect(await refusal(() => checkNewPassword("password1234567", alone, []))).toBe(
      "password_too_common",
    );
    expect(await refusal(() => checkNewPassword("Summer2026!", withMfa, []))).toBe(
      "password_too_common",
    );
    expect(await refusal(() => checkNewPassword("tanaka1985", withMfa, []))).toBe(
      "password_too_common",
    );
    expect(
      await refusal(() =>
        checkNewPassword("sakura-clinic hospital 2026", alone, ["Sakura Clinic", "sakura-clinic"]),
      ),
    ).toBe("password_too_common");
    expect(
      await refusal(() =>
        checkNewPassword("yamada.hanako walks far", alone, ["yamada.hanako@sakura.example"]),
      ),
    ).toBe("password_too_common");
  });

  it("asks for letters, digits and symbols together only when the tenant chooses the MHLW mix", async () => {
    const mix = passwordRulesFor({ passwordCharacterMix: true }, true);
    expect(await refusal(() => checkNewPassword("quiet lake morning", mix, []))).toBe(
      "password_needs_mix",
    );
    expect(await refusal(() => checkNewPassword("quiet lake m0rning!", mix, []))).toBeUndefined();
    expect(hasCharacterMix("あいう123!")).toBe(true);
    expect(hasCharacterMix("abc123")).toBe(false);
  });

  it("compares passwords after NFKC normalisation (full-width typing matches)", async () => {
    expect(await checkNewPassword("ｑｕｉｅｔ－ｌａｋｅ－９７", withMfa, [])).toBe("quiet-lake-97");
  });
});

describe.each(backends())("changing and resetting passwords on %s", (backend) => {
  let t: TestApp;
  let world: World;

  beforeAll(async () => {
    t = await createTestApp(backend);
    world = await seedWorld(t.services);
  });
  afterAll(async () => t.close());

  it("changes the password with the current one, ends the other sessions, and refuses reuse", async () => {
    const member = await newMember(t, world);
    const here = new TestBrowser(t.app);
    await here.signIn("acme", member.email, PASSWORD);
    const elsewhere = new TestBrowser(t.app);
    await elsewhere.signIn("acme", member.email, PASSWORD);

    const wrong = await here.post("/api/me/password", {
      currentPassword: "not my password at all",
      newPassword: "a completely new phrase 42",
    });
    expect(wrong.json()).toMatchObject({
      error: { code: "wrong_current_password", field: "currentPassword" },
    });
    const weak = await here.post("/api/me/password", {
      currentPassword: PASSWORD,
      newPassword: "password123",
    });
    expect(weak.json()).toMatchObject({
      error: { code: "password_too_short", field: "newPassword" },
    });
    const same = await here.post("/api/me/password", {
      currentPassword: PASSWORD,
      newPassword: PASSWORD,
    });
    expect(same.json()).toMatchObject({ error: { code: "password_reused" } });

    const changed = await here.post("/api/me/password", {
      currentPassword: PASSWORD,
      newPassword: "a completely new phrase 42",
    });
    expect(changed.status).toBe(200);
    expect((await here.get("/api/me")).status).toBe(200);
    expect((await elsewhere.get("/api/me")).status).toBe(401);
    const back = await here.post("/api/me/password", {
      currentPassword: "a completely new phrase 42",
      newPassword: PASSWORD,
    });
    expect(back.json()).toMatchObject({ error: { code: "password_reused" } });
  });

  it("an admin's reset gives a temporary password; the user must choose their own before anything else", async () => {
    const { browser, user } = await atSecondFactor(t, world);
    const admin = new TestBrowser(t.app);
    await admin.signIn("acme", world.a.users.admin.email, PASSWORD);
    const reset = await admin.post(`/api/t/acme/users/${user.id}/password/reset`);
    expect(reset.status).toBe(200);
    const { temporaryPassword } = reset.json<{ temporaryPassword: string }>();
    expect(temporaryPassword).toMatch(/^[2-9A-Z]{4}(-[2-9A-Z]{4}){3}$/);
    expect((await browser.get("/api/me")).status).toBe(401);

    const again = new TestBrowser(t.app);
    expect((await again.signIn("acme", user.email, PASSWORD)).status).toBe(401);
    await again.signIn("acme", user.email, temporaryPassword);
    t.clock.advance(30_000);
    const factor = again.adopt(
      await again.post("/api/auth/second-factor/totp", {
        code: totpCode(user.secret, t.clock.now().getTime()),
      }),
    );
    expect(factor.json()).toMatchObject({ session: { stage: "password_change" } });
    expect((await again.get("/api/me/sessions")).status).toBe(403);
    const changed = again.adopt(
      await again.post("/api/me/password", {
        currentPassword: temporaryPassword,
        newPassword: "my own new phrase for work",
      }),
    );
    expect(changed.json()).toMatchObject({ session: { stage: "complete" } });
    expect((await again.get("/api/me/sessions")).status).toBe(200);
  });

  it("expires passwords only when the tenant chooses MHLW option (b)", async () => {
    const member = await newMember(t, world);
    const system = scopeFor({ type: "system", reason: "test" }, world.a.id);
    const settings = await t.services.tenancy.settings(system);
    t.clock.advance(61 * DAY);
    const before = new TestBrowser(t.app);
    expect((await before.signIn("acme", member.email, PASSWORD)).json()).toMatchObject({
      session: { stage: "complete" },
    });
    await t.services.tenancy.updateSettings(system, { ...settings, passwordMaxAgeDays: 60 });
    try {
      const after = new TestBrowser(t.app);
      expect((await after.signIn("acme", member.email, PASSWORD)).json()).toMatchObject({
        session: { stage: "password_change" },
      });
    } finally {
      await t.services.tenancy.updateSettings(system, { ...settings, passwordMaxAgeDays: null });
    }
  });
});
