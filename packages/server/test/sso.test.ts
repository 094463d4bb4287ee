import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SsoSettings, UpdateSsoSettingsRequest } from "@engawa/shared";
import { scopeFor } from "../src/platform/scope.ts";
import { backends } from "./database.ts";
import { PASSWORD, seedWorld, type World } from "./fixtures.ts";
import { TestBrowser } from "./http.ts";
import { ssoSignIn, throughProvider } from "./oidc/flow.ts";
import { startTestProvider, type TestProvider } from "./oidc/testProvider.ts";
import { createTestApp, TEST_PUBLIC_URL, type TestApp } from "./testApp.ts";

const REDIRECT_URI = `${TEST_PUBLIC_URL}/api/auth/sso/callback`;

/**
 * OpenID Connect sign-in against a real provider (oidc-provider on 127.0.0.1), through HTTP:
 * Engawa's start route, the provider's authorization endpoint and interaction, Engawa's callback.
 * Each refusal is produced for real — by the provider's accounts, or by re-signing the ID Token
 * the provider issued with the provider's own key — and must be refused and audited.
 */
describe.each(backends())("OIDC single sign-on on %s", (backend) => {
  let t: TestApp;
  let world: World;
  let idp: TestProvider;
  let owner: TestBrowser;
  let admin: TestBrowser;

  const settings = (
    overrides: Partial<UpdateSsoSettingsRequest> = {},
  ): UpdateSsoSettingsRequest => ({
    enabled: true,
    preset: "custom",
    entraTenantId: "",
    issuer: idp.issuer,
    clientId: idp.clientId,
    clientSecret: idp.clientSecret,
    scopes: "openid email profile groups",
    emailClaim: "email",
    nameClaim: "name",
    groupsClaim: "groups",
    allowedDomains: ["acme.example"],
    jitEnabled: false,
    buttonLabel: "Acme ID",
    requireSso: false,
    ...overrides,
  });

  /** The provider signs in this account next. */
  const as = (
    subject: string,
    email: string,
    extra: { emailVerified?: boolean; name?: string } = {},
  ) => {
    idp.accounts.set(subject, {
      email,
      emailVerified: extra.emailVerified ?? true,
      name: extra.name ?? subject,
      groups: ["staff"],
    });
    idp.nextSubject = subject;
  };

  const denials = async () => {
    const scope = scopeFor({ type: "system", reason: "test" }, world.a.id);
    return (await t.services.audit.list(scope, { outcome: "deny", limit: 200 })).events.filter(
      (e) => e.action === "auth.sign_in" && e.details.method === "oidc",
    );
  };

  const expectRefusal = async (reason: string, problem?: RegExp) => {
    const before = (await denials()).length;
    const flow = await ssoSignIn(new TestBrowser(t.app), "acme");
    expect(flow.callback.status).toBe(303);
    expect(flow.location).toBe(`/sign-in?sso_error=${reason}&tenant=acme`);
    expect(flow.callback.cookies.some((c) => c.name.endsWith("engawa_session") && c.value)).toBe(
      false,
    );
    const events = await denials();
    expect(events.length, "the refusal is audited").toBe(before + 1);
    const event = events[0];
    expect(event?.details.reason).toBe(reason);
    if (problem) expect(String(event?.details.problem)).toMatch(problem);
  };

  beforeAll(async () => {
    t = await createTestApp(backend, { ENGAWA_OIDC_ALLOW_HTTP_ISSUER: "true" });
    world = await seedWorld(t.services);
    idp = await startTestProvider([REDIRECT_URI]);
    owner = new TestBrowser(t.app);
    await owner.signIn("acme", world.a.users.owner.email, PASSWORD);
    admin = new TestBrowser(t.app);
    await admin.signIn("acme", world.a.users.admin.email, PASSWORD);
    const saved = await admin.put("/api/t/acme/sso", settings());
    expect(saved.status, saved.body).toBe(200);
  });
  afterAll(async () => {
    await idp.close();
    await t.close();
  });

  it("keeps the client secret on the server: the API says only whether it is set", async () => {
    const reply = await admin.get("/api/t/acme/sso");
    expect(reply.status).toBe(200);
    expect(reply.body).not.toContain(idp.clientSecret);
    const sso = reply.json<{ sso: SsoSettings }>().sso;
    expect(sso).toMatchObject({
      clientSecretSet: true,
      redirectUri: REDIRECT_URI,
      issuer: idp.issuer,
    });
    expect(sso.discoveryUrl).toBe(`${idp.issuer}/.well-known/openid-configuration`);
    const [row] = await t.db.privileged("SELECT client_secret_sealed FROM sso_connections");
    expect(String(row?.client_secret_sealed)).not.toContain(idp.clientSecret);
    // Saving again with `clientSecret: null` keeps the stored secret.
    const again = await admin.put("/api/t/acme/sso", settings({ clientSecret: null }));
    expect(again.json<{ sso: SsoSettings }>().sso.clientSecretSet).toBe(true);
  });

  it("says which sign-in methods an organisation has, and nothing for an unknown one", async () => {
    const anonymous = new TestBrowser(t.app);
    expect((await anonymous.get("/api/auth/methods?tenant=acme")).json()).toEqual({
      password: true,
      sso: { label: "Acme ID" },
    });
    const beta = (await anonymous.get("/api/auth/methods?tenant=beta")).json();
    const unknown = (await anonymous.get("/api/auth/methods?tenant=no-such-org")).json();
    expect(beta).toEqual({ password: true, sso: null });
    expect(unknown).toEqual(beta);
  });

  it("caps sign-in starts per address (the start route is public), answered 429 and audited", async () => {
    const prober = new TestBrowser(t.app, "127.0.0.31");
    for (let i = 0; i < 30; i += 1) {
      const reply = await prober.get("/api/auth/sso/start?tenant=no-such-org");
      expect(reply.status).toBe(303);
    }
    const limited = await prober.get("/api/auth/sso/start?tenant=no-such-org");
    expect(limited.status).toBe(429);
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
    expect(
      (await new TestBrowser(t.app, "127.0.0.32").get("/api/auth/sso/start?tenant=no-such-org"))
        .status,
    ).toBe(303);
    t.clock.advance(61_000);
    expect((await prober.get("/api/auth/sso/start?tenant=no-such-org")).status).toBe(303);
  });

  it("signs an existing user in through the provider: a normal session, audited with method oidc", async () => {
    as("member-1", "Member@Acme.example");
    const browser = new TestBrowser(t.app);
    const flow = await ssoSignIn(browser, "acme");
    expect(flow.location, flow.callback.body).toBe("/");
    const me = await browser.get("/api/me");
    expect(me.status).toBe(200);
    expect(me.json()).toMatchObject({
      user: { email: world.a.users.member.email, role: "member" },
    });
    const session = flow.callback.cookies.find((c) => c.name === "__Host-engawa_session");
    expect(session).toMatchObject({ httpOnly: true, secure: true, sameSite: "Lax", path: "/" });
    const scope = scopeFor({ type: "system", reason: "test" }, world.a.id);
    const allowed = (
      await t.services.audit.list(scope, { outcome: "allow", limit: 50 })
    ).events.find(
      (e) => e.action === "auth.sign_in" && e.actor.type === "user" && e.details.method === "oidc",
    );
    expect(allowed?.details).toMatchObject({
      method: "oidc",
      issuer: idp.issuer,
      subject: "member-1",
      groups: ["staff"],
      emailVerified: true,
    });
  });

  it("refuses a response that comes back to another browser, and a state used twice", async () => {
    as("member-2", world.a.users.member.email);
    const starter = new TestBrowser(t.app);
    const start = await starter.get("/api/auth/sso/start?tenant=acme");
    const back = await throughProvider(String(start.headers.location));
    const other = await new TestBrowser(t.app).get(back);
    expect(other.headers.location).toBe("/sign-in?sso_error=state_invalid&tenant=acme");
    const replay = await starter.get(back);
    expect(replay.headers.location).toBe("/sign-in?sso_error=state_invalid");
    expect((await starter.get("/api/me")).status).toBe(401);
  });

  it("refuses an ID Token from another issuer", async () => {
    as("iss-case", "admin@acme.example");
    idp.tamper = (claims) => ({ ...claims, iss: "http://127.0.0.1:1/evil" });
    try {
      await expectRefusal("token_invalid", /"iss"/);
    } finally {
      idp.tamper = null;
    }
  });

  it("refuses an ID Token for another audience", async () => {
    as("aud-case", "guest@acme.example");
    idp.tamper = (claims) => ({ ...claims, aud: "some-other-client" });
    try {
      await expectRefusal("token_invalid", /"aud"/);
    } finally {
      idp.tamper = null;
    }
  });

  it("refuses an ID Token with another nonce (replayed from another sign-in)", async () => {
    as("nonce-case", "owner@acme.example");
    idp.tamper = (claims) => ({ ...claims, nonce: "not-the-nonce-we-sent" });
    try {
      await expectRefusal("token_invalid", /nonce/);
    } finally {
      idp.tamper = null;
    }
  });

  it("refuses an expired ID Token", async () => {
    as("exp-case", "exp@acme.example");
    const hourAgo = Math.floor(Date.now() / 1000) - 3600;
    idp.tamper = (claims) => ({ ...claims, iat: hourAgo - 600, exp: hourAgo });
    try {
      await expectRefusal("token_invalid", /"exp"/);
    } finally {
      idp.tamper = null;
    }
  });

  it("refuses an ID Token signed with a key the provider did not publish", async () => {
    as("forged", "forged@acme.example");
    idp.forge = true;
    try {
      await expectRefusal("token_invalid", /signature/i);
    } finally {
      idp.forge = false;
    }
  });

  it("refuses an e-mail domain the organisation does not allow", async () => {
    as("outsider", "someone@elsewhere.example");
    await expectRefusal("domain_not_allowed");
  });

  it("refuses an e-mail address the provider says is not verified", async () => {
    as("unverified", "unverified@acme.example", { emailVerified: false });
    await expectRefusal("email_unverified");
  });

  it("refuses an unknown user while just-in-time creation is off", async () => {
    as("newcomer-off", "newcomer@acme.example");
    await expectRefusal("unknown_user");
    const users = (await admin.get("/api/t/acme/users")).json<{ users: { email: string }[] }>()
      .users;
    expect(users.map((u) => u.email)).not.toContain("newcomer@acme.example");
  });

  it("refuses a disabled user", async () => {
    const scope = scopeFor({ type: "system", reason: "test" }, world.a.id);
    const user = await t.services.identity.createActiveUser(scope, {
      email: "leaver@acme.example",
      displayName: "Leaver",
      role: "member",
      passwordHash: null,
    });
    expect((await admin.post(`/api/t/acme/users/${user.id}/disable`)).status).toBe(200);
    as("leaver", "leaver@acme.example");
    await expectRefusal("user_disabled");
  });

  it("refuses a guest once the organisation has turned guest access off, as a password sign-in does", async () => {
    const scope = scopeFor({ type: "system", reason: "test" }, world.a.id);
    await t.services.identity.createActiveUser(scope, {
      email: "guest.parent@acme.example",
      displayName: "保護者",
      role: "guest",
      passwordHash: null,
    });
    const settingsNow = (await owner.get("/api/t/acme/settings")).json<{
      settings: Record<string, unknown>;
    }>().settings;
    const put = (guestAccess: boolean) =>
      owner.request("PUT", "/api/t/acme/settings", { ...settingsNow, guestAccess });
    as("parent", "guest.parent@acme.example");
    const allowed = await ssoSignIn(new TestBrowser(t.app), "acme");
    expect(allowed.location, "a guest may sign in while guests are allowed").toBe("/");
    expect((await put(false)).status).toBe(200);
    try {
      as("parent", "guest.parent@acme.example");
      await expectRefusal("guest_access_ended");
      expect((await denials())[0]?.details.problem).toBe("guest_access_off");
    } finally {
      expect((await put(true)).status).toBe(200);
    }
  });

  it("creates a member just in time when the organisation allows it", async () => {
    expect(
      (await admin.put("/api/t/acme/sso", settings({ clientSecret: null, jitEnabled: true })))
        .status,
    ).toBe(200);
    as("newcomer-on", "jit@acme.example", { name: "新人 太郎" });
    const browser = new TestBrowser(t.app);
    const flow = await ssoSignIn(browser, "acme");
    expect(flow.location).toBe("/");
    expect((await browser.get("/api/me")).json()).toMatchObject({
      user: { email: "jit@acme.example", displayName: "新人 太郎", role: "member" },
    });
    expect((await admin.put("/api/t/acme/sso", settings({ clientSecret: null }))).status).toBe(200);
  });

  it("refuses to require SSO without a break-glass owner, then keeps passwords only for break-glass accounts", async () => {
    const refused = await owner.put(
      "/api/t/acme/sso",
      settings({ clientSecret: null, requireSso: true }),
    );
    expect(refused.status).toBe(409);
    expect(refused.json()).toMatchObject({
      error: { code: "no_break_glass", field: "requireSso" },
    });
    // An admin may not make an owner break-glass; the owner may.
    const byAdmin = await admin.put(`/api/t/acme/users/${world.a.users.owner.id}/break-glass`, {
      breakGlass: true,
    });
    expect(byAdmin.status).toBe(403);
    const flagged = await owner.put(`/api/t/acme/users/${world.a.users.owner.id}/break-glass`, {
      breakGlass: true,
    });
    expect(flagged.status, flagged.body).toBe(200);
    expect(flagged.json()).toMatchObject({ user: { breakGlass: true } });
    expect(
      (await owner.put("/api/t/acme/sso", settings({ clientSecret: null, requireSso: true })))
        .status,
    ).toBe(200);
    expect((await new TestBrowser(t.app).get("/api/auth/methods?tenant=acme")).json()).toEqual({
      password: false,
      sso: { label: "Acme ID" },
    });

    const member = await new TestBrowser(t.app).signIn(
      "acme",
      world.a.users.member.email,
      PASSWORD,
    );
    expect(member.status).toBe(403);
    expect(member.json()).toMatchObject({ error: { code: "sso_required" } });
    const wrong = await new TestBrowser(t.app).signIn(
      "acme",
      world.a.users.guest.email,
      "wrong password here",
    );
    expect(wrong.json()).toMatchObject({ error: { code: "invalid_credentials" } });
    expect(
      (await new TestBrowser(t.app).signIn("acme", world.a.users.owner.email, PASSWORD)).status,
    ).toBe(200);

    const unflag = await owner.put(`/api/t/acme/users/${world.a.users.owner.id}/break-glass`, {
      breakGlass: false,
    });
    expect(unflag.status).toBe(409);
    expect(unflag.json()).toMatchObject({ error: { code: "no_break_glass" } });
    expect((await owner.put("/api/t/acme/sso", settings({ clientSecret: null }))).status).toBe(200);
    expect(
      (await new TestBrowser(t.app).signIn("acme", world.a.users.member.email, PASSWORD)).status,
    ).toBe(200);
  });

  it("refuses incomplete settings with the field to fix", async () => {
    const cases: [Partial<UpdateSsoSettingsRequest>, string][] = [
      [{ allowedDomains: [] }, "allowedDomains"],
      [{ clientId: "" }, "clientId"],
      [{ scopes: "email profile" }, "scopes"],
      [{ issuer: "ftp://idp.example" }, "issuer"],
      [{ enabled: false, requireSso: true }, "requireSso"],
      [{ preset: "entra", entraTenantId: "not a tenant" }, "entraTenantId"],
    ];
    for (const [overrides, field] of cases) {
      const reply = await admin.put(
        "/api/t/acme/sso",
        settings({ clientSecret: null, ...overrides }),
      );
      expect(reply.status, JSON.stringify(overrides)).toBe(400);
      expect(reply.json()).toMatchObject({ error: { code: "invalid_request", field } });
    }
  });

  it("tests a connection by fetching the discovery document", async () => {
    const ok = await admin.post("/api/t/acme/sso/test", { issuer: idp.issuer });
    expect(ok.json()).toMatchObject({
      reachable: true,
      issuer: idp.issuer,
      tokenEndpoint: `${idp.issuer}/token`,
    });
    const down = await admin.post("/api/t/acme/sso/test", { issuer: "http://127.0.0.1:1" });
    expect(down.json()).toMatchObject({ reachable: false, problem: expect.any(String) });
  });
});

describe("single sign-on presets through the API", () => {
  let t: TestApp;
  let admin: TestBrowser;

  beforeAll(async () => {
    t = await createTestApp("pglite");
    const world = await seedWorld(t.services);
    admin = new TestBrowser(t.app);
    await admin.signIn("acme", world.a.users.admin.email, PASSWORD);
  });
  afterAll(async () => t.close());

  const save = (preset: "google" | "entra", entraTenantId: string) =>
    admin.put("/api/t/acme/sso", {
      enabled: false,
      preset,
      entraTenantId,
      issuer: "https://ignored.example",
      clientId: "engawa",
      clientSecret: null,
      scopes: "openid email profile",
      emailClaim: "email",
      nameClaim: "name",
      groupsClaim: "",
      allowedDomains: [],
      jitEnabled: false,
      buttonLabel: "",
      requireSso: false,
    });

  it("Google and Entra presets store the providers' documented issuers and discovery URLs", async () => {
    const google = (await save("google", "")).json<{ sso: SsoSettings }>().sso;
    expect(google).toMatchObject({
      issuer: "https://accounts.google.com",
      discoveryUrl: "https://accounts.google.com/.well-known/openid-configuration",
    });
    const id = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    const entra = (await save("entra", id)).json<{ sso: SsoSettings }>().sso;
    expect(entra).toMatchObject({
      entraTenantId: id,
      issuer: `https://login.microsoftonline.com/${id}/v2.0`,
      discoveryUrl: `https://login.microsoftonline.com/${id}/v2.0/.well-known/openid-configuration`,
    });
  });
});
