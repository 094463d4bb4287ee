import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends } from "../../../test/database.ts";
import { PASSWORD, seedWorld, type World } from "../../../test/fixtures.ts";
import { TestBrowser } from "../../../test/http.ts";
import { createTestApp, type TestApp } from "../../../test/testApp.ts";
import { DAY } from "../../platform/clock.ts";

describe.each(backends())("inviting and administering users on %s", (backend) => {
  let t: TestApp;
  let world: World;
  let owner: TestBrowser;
  let admin: TestBrowser;

  beforeAll(async () => {
    t = await createTestApp(backend);
    world = await seedWorld(t.services);
    owner = new TestBrowser(t.app);
    await owner.signIn("acme", world.a.users.owner.email, PASSWORD);
    admin = new TestBrowser(t.app);
    await admin.signIn("acme", world.a.users.admin.email, PASSWORD);
  });
  afterAll(async () => t.close());

  const tokenOf = (url: string) => new URL(url).hash.replace("#token=", "");

  it("invites a member, who accepts the link once, signs in, and is refused after being disabled", async () => {
    const invited = await admin.post("/api/t/acme/users", {
      email: "Nurse.Sato@Acme.example",
      displayName: "佐藤 看護師",
      role: "member",
    });
    expect(invited.status).toBe(201);
    const { user, inviteUrl } = invited.json<{
      user: { id: string; email: string; status: string };
      inviteUrl: string;
    }>();
    expect(user).toMatchObject({ email: "nurse.sato@acme.example", status: "invited" });
    expect(inviteUrl).toMatch(/^http:\/\/localhost:8080\/invite#token=[A-Za-z0-9_-]{43}$/);

    const visitor = new TestBrowser(t.app);
    const inspect = await visitor.post("/api/invitations/inspect", { token: tokenOf(inviteUrl) });
    expect(inspect.json()).toMatchObject({
      tenant: { slug: "acme" },
      email: "nurse.sato@acme.example",
      role: "member",
    });
    const short = await visitor.post("/api/invitations/accept", {
      token: tokenOf(inviteUrl),
      displayName: "佐藤",
      password: "too short",
    });
    expect(short.json()).toMatchObject({
      error: { code: "password_too_short", field: "password" },
    });
    const accepted = await visitor.post("/api/invitations/accept", {
      token: tokenOf(inviteUrl),
      displayName: "佐藤 花子",
      password: PASSWORD,
    });
    expect(accepted.status).toBe(200);
    const again = await visitor.post("/api/invitations/accept", {
      token: tokenOf(inviteUrl),
      displayName: "x",
      password: PASSWORD,
    });
    expect(again.json()).toMatchObject({ error: { code: "invalid_token" } });

    const member = new TestBrowser(t.app);
    expect((await member.signIn("acme", "NURSE.SATO@acme.example", PASSWORD)).status).toBe(200);
    expect((await member.get("/api/me")).json()).toMatchObject({
      user: { displayName: "佐藤 花子", role: "member" },
    });
    expect((await admin.post(`/api/t/acme/users/${user.id}/disable`)).json()).toMatchObject({
      user: { status: "disabled" },
    });
    expect((await member.get("/api/me")).status).toBe(401);
    expect((await member.signIn("acme", "nurse.sato@acme.example", PASSWORD)).status).toBe(401);
    expect((await admin.post(`/api/t/acme/users/${user.id}/enable`)).json()).toMatchObject({
      user: { status: "active" },
    });
    expect((await member.signIn("acme", "nurse.sato@acme.example", PASSWORD)).status).toBe(200);
  });

  it("refuses a duplicate e-mail, and lets only the newest link work", async () => {
    const first = await admin.post("/api/t/acme/users", {
      email: "dup@acme.example",
      displayName: "Dup",
      role: "guest",
    });
    expect(first.status).toBe(201);
    const dup = await admin.post("/api/t/acme/users", {
      email: "DUP@acme.example",
      displayName: "Dup",
      role: "guest",
    });
    expect(dup.status).toBe(409);
    expect(dup.json()).toMatchObject({ error: { code: "email_taken", field: "email" } });
    const { user, inviteUrl } = first.json<{ user: { id: string }; inviteUrl: string }>();
    const renewed = await admin.post(`/api/t/acme/users/${user.id}/invitation`);
    const visitor = new TestBrowser(t.app);
    expect(
      (await visitor.post("/api/invitations/inspect", { token: tokenOf(inviteUrl) })).status,
    ).toBe(400);
    expect(
      (
        await visitor.post("/api/invitations/inspect", {
          token: tokenOf(renewed.json<{ inviteUrl: string }>().inviteUrl),
        })
      ).status,
    ).toBe(200);
  });

  it("closes an invited user's link when they are disabled; re-enabling needs a new link", async () => {
    const invited = await admin.post("/api/t/acme/users", {
      email: "pending@acme.example",
      displayName: "Pending",
      role: "member",
    });
    const { user, inviteUrl } = invited.json<{ user: { id: string }; inviteUrl: string }>();
    expect((await admin.post(`/api/t/acme/users/${user.id}/disable`)).status).toBe(200);
    expect((await admin.post(`/api/t/acme/users/${user.id}/enable`)).json()).toMatchObject({
      user: { status: "invited" },
    });
    const old = await new TestBrowser(t.app).post("/api/invitations/inspect", {
      token: tokenOf(inviteUrl),
    });
    expect(old.json()).toMatchObject({ error: { code: "invalid_token" } });
    const renewed = await admin.post(`/api/t/acme/users/${user.id}/invitation`);
    expect(
      (
        await new TestBrowser(t.app).post("/api/invitations/inspect", {
          token: tokenOf(renewed.json<{ inviteUrl: string }>().inviteUrl),
        })
      ).status,
    ).toBe(200);
  });

  it("expires invitation links after 7 days", async () => {
    const invited = await admin.post("/api/t/acme/users", {
      email: "late@acme.example",
      displayName: "Late",
      role: "member",
    });
    t.clock.advance(7 * DAY + 1000);
    const reply = await new TestBrowser(t.app).post("/api/invitations/inspect", {
      token: tokenOf(invited.json<{ inviteUrl: string }>().inviteUrl),
    });
    expect(reply.json()).toMatchObject({ error: { code: "invalid_token" } });
    await owner.signIn("acme", world.a.users.owner.email, PASSWORD);
    await admin.signIn("acme", world.a.users.admin.email, PASSWORD);
  });

  it("keeps owners in charge: admins cannot grant or touch the owner role, nobody locks themselves out, the last owner stays", async () => {
    const a = world.a.users;
    expect(
      (
        await admin.post("/api/t/acme/users", {
          email: "boss@acme.example",
          displayName: "Boss",
          role: "owner",
        })
      ).status,
    ).toBe(403);
    expect(
      (await admin.put(`/api/t/acme/users/${a.member.id}/role`, { role: "owner" })).status,
    ).toBe(403);
    expect((await admin.post(`/api/t/acme/users/${a.owner.id}/disable`)).status).toBe(403);
    expect(
      (await admin.put(`/api/t/acme/users/${a.admin.id}/role`, { role: "member" })).status,
    ).toBe(403);
    expect((await owner.post(`/api/t/acme/users/${a.owner.id}/disable`)).status).toBe(403);
    expect(
      (await owner.put(`/api/t/acme/users/${a.owner.id}/role`, { role: "admin" })).status,
    ).toBe(403);

    // A second owner may demote the first; the remaining one cannot then be demoted by the first.
    expect(
      (await owner.put(`/api/t/acme/users/${a.admin.id}/role`, { role: "owner" })).status,
    ).toBe(200);
    const second = new TestBrowser(t.app);
    await second.signIn("acme", a.admin.email, PASSWORD);
    expect(
      (await second.put(`/api/t/acme/users/${a.owner.id}/role`, { role: "admin" })).status,
    ).toBe(200);
    const last = await owner.put(`/api/t/acme/users/${a.admin.id}/role`, { role: "member" });
    expect(last.status).toBe(403);
    const restore = await second.put(`/api/t/acme/users/${a.owner.id}/role`, { role: "owner" });
    expect(restore.status).toBe(200);
    expect(
      (await owner.put(`/api/t/acme/users/${a.admin.id}/role`, { role: "admin" })).status,
    ).toBe(200);
  });

  it("gives someone made a guest the guest period, and takes the end date away when they stop being one", async () => {
    const invited = await admin.post("/api/t/acme/users", {
      email: "visiting.doctor@acme.example",
      displayName: "Visiting Doctor",
      role: "member",
    });
    expect(invited.status, invited.body).toBe(201);
    const id = invited.json<{ user: { id: string } }>().user.id;
    type Reply = { user: { role: string; accessExpiresAt: string | null } };
    const guest = await admin.put(`/api/t/acme/users/${id}/role`, { role: "guest" });
    expect(guest.status, guest.body).toBe(200);
    expect(guest.json<Reply>().user.role).toBe("guest");
    expect(Date.parse(guest.json<Reply>().user.accessExpiresAt ?? "")).toBe(
      t.clock.now().getTime() + 90 * DAY,
    );
    const member = await admin.put(`/api/t/acme/users/${id}/role`, { role: "member" });
    expect(member.json<Reply>().user).toMatchObject({ role: "member", accessExpiresAt: null });
  });

  it("refuses to demote or disable the only owner even for a fellow owner's request", async () => {
    const lone = await t.services.deployment.tenants.createWithOwnerPassword(
      { tenantId: null, actor: { type: "system", reason: "test" } },
      {
        name: "Lone",
        slug: "lone",
        owner: { email: "owner@lone.example", displayName: "Lone Owner" },
      },
      await t.services.identity.hashNewPassword(PASSWORD),
    );
    const scope = { tenantId: lone.id, actor: { type: "system" as const, reason: "test" } };
    const user = await t.services.identity.store.userByEmail(scope, "owner@lone.example");
    if (!user) throw new Error("missing");
    await expect(t.services.identity.changeRole(scope, user, "admin")).rejects.toMatchObject({
      code: "last_owner",
    });
    await expect(t.services.identity.disable(scope, user)).rejects.toMatchObject({
      code: "last_owner",
    });
  });

  it("records each change in the tenant's audit log with who did it", async () => {
    const events = await t.services.audit.list(
      { tenantId: world.a.id, actor: { type: "system", reason: "test" } },
      { action: "user.", limit: 200 },
    );
    const kinds = new Set(events.events.map((e) => `${e.action}:${e.outcome}`));
    for (const expected of [
      "user.invite:allow",
      "user.invite.accept:allow",
      "user.disable:allow",
      "user.enable:allow",
      "user.role.change:allow",
      "user.role.change:deny",
    ]) {
      expect(kinds).toContain(expected);
    }
    const disable = events.events.find((e) => e.action === "user.disable" && e.outcome === "allow");
    expect(disable?.actor).toMatchObject({ type: "user", label: world.a.users.admin.email });
  });
});
