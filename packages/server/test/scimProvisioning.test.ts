import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scopeFor } from "../src/platform/scope.ts";
import { backends } from "./database.ts";
import { PASSWORD, seedWorld, type World } from "./fixtures.ts";
import {
  ERROR_SCHEMA,
  GROUP_SCHEMA,
  issueScimToken,
  PATCH_SCHEMA,
  ScimHttp,
  USER_SCHEMA,
} from "./scimClient.ts";
import { createTestApp, type TestApp } from "./testApp.ts";
import { WsClient } from "./wsClient.ts";
import type { TestBrowser } from "./http.ts";

interface ScimUserBody {
  id: string;
  userName: string;
  displayName: string;
  active: boolean;
  meta: { resourceType: string; location: string; version: string; created: string };
}
interface ScimGroupBody {
  id: string;
  displayName: string;
  members?: { value: string; display: string }[];
}

/** A browser over real HTTP: signs in with a password and keeps the session cookie. */
class HttpSession {
  cookie = "";
  private readonly base: string;
  constructor(base: string) {
    this.base = base;
  }
  async signIn(tenant: string, email: string, password: string): Promise<number> {
    const response = await fetch(`${this.base}/api/auth/sign-in`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ tenant, email, password }),
    });
    this.cookie = response.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    return response.status;
  }
  async me(): Promise<number> {
    return (await fetch(`${this.base}/api/me`, { headers: { cookie: this.cookie } })).status;
  }
}

/**
 * ISSUE acceptance: a script acting as a provisioning client (create user, add to group, PATCH
 * active=false, DELETE) works end to end over real HTTP, and the deactivated user's open session
 * is refused on its next request (and their real-time connection closes at once).
 */
describe.each(backends())("SCIM provisioning end to end on %s", (backend) => {
  let t: TestApp;
  let world: World;
  let base: string;
  let client: ScimHttp;
  const sockets: WsClient[] = [];

  beforeAll(async () => {
    t = await createTestApp(backend);
    world = await seedWorld(t.services);
    await t.app.listen({ port: 0, host: "127.0.0.1" });
    const address = t.app.server.address();
    base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
    client = new ScimHttp(base, (await issueScimToken(t, world.a.id)).secret);
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await t.close();
  });

  /** Gives a provisioned user a password, so that the test can sign in as them. */
  const setPassword = async (userId: string) => {
    const scope = scopeFor({ type: "system", reason: "test password" }, world.a.id);
    const passwordHash = await t.services.identity.hashNewPassword(PASSWORD);
    await t.services.identity.store.updateUser(scope, userId, { passwordHash });
  };

  it("creates a user, adds them to a group, deactivates and deletes them; their session ends at once", async () => {
    const created = await client.request("POST", "/Users", {
      schemas: [USER_SCHEMA],
      userName: "Nurse.Sato@Acme.Example",
      name: { givenName: "Hanako", familyName: "Sato" },
      active: true,
    });
    expect(created.status, created.body).toBe(201);
    expect(created.headers.get("content-type")).toMatch(/^application\/scim\+json/);
    const user = created.json<ScimUserBody>();
    expect(user).toMatchObject({
      userName: "nurse.sato@acme.example",
      displayName: "Hanako Sato",
      active: true,
      meta: {
        resourceType: "User",
        location: expect.stringMatching(
          /^http:\/\/localhost:8080\/scim\/v2\/Users\/[0-9a-f-]{36}$/,
        ),
      },
    });
    expect(created.headers.get("location")).toBe(user.meta.location);

    const group = await client.request("POST", "/Groups", {
      schemas: [GROUP_SCHEMA],
      displayName: "Nurses",
    });
    expect(group.status, group.body).toBe(201);
    const groupId = group.json<ScimGroupBody>().id;
    const added = await client.request("PATCH", `/Groups/${groupId}`, {
      schemas: [PATCH_SCHEMA],
      Operations: [{ op: "add", path: "members", value: [{ value: user.id }] }],
    });
    expect(added.status, added.body).toBe(200);
    expect(added.json<ScimGroupBody>().members).toEqual([
      expect.objectContaining({ value: user.id, display: "Hanako Sato" }),
    ]);

    await setPassword(user.id);
    const session = new HttpSession(base);
    expect(await session.signIn("acme", "nurse.sato@acme.example", PASSWORD)).toBe(200);
    expect(await session.me()).toBe(200);
    const socket = await WsClient.connect(base, {
      cookies: new Map(session.cookie.split("; ").map((c) => c.split("=") as [string, string])),
    } as unknown as TestBrowser);
    sockets.push(socket);
    await socket.next((f) => f.event === "ready");

    const deactivated = await client.request("PATCH", `/Users/${user.id}`, {
      schemas: [PATCH_SCHEMA],
      Operations: [{ op: "replace", value: { active: false } }],
    });
    expect(deactivated.status, deactivated.body).toBe(200);
    expect(deactivated.json<ScimUserBody>().active).toBe(false);
    expect(await session.me()).toBe(401);
    expect(await socket.closed()).toBe(4401);
    expect(await session.signIn("acme", "nurse.sato@acme.example", PASSWORD)).toBe(401);

    const deleted = await client.request("DELETE", `/Users/${user.id}`);
    expect(deleted.status, deleted.body).toBe(204);
    const gone = await client.request("GET", `/Users/${user.id}`);
    expect(gone.status).toBe(404);
    expect(gone.json()).toMatchObject({ schemas: [ERROR_SCHEMA], status: "404" });
    const search = await client.request(
      "GET",
      `/Users?filter=${encodeURIComponent('userName eq "nurse.sato@acme.example"')}`,
    );
    expect(search.json()).toMatchObject({ totalResults: 0, Resources: [] });
    const after = await client.request("GET", `/Groups/${groupId}`);
    expect(after.json<ScimGroupBody>().members).toEqual([]);

    // Every write is in the tenant's audit chain, with the token as the actor.
    const scope = scopeFor({ type: "system", reason: "test" }, world.a.id);
    const { events } = await t.services.audit.list(scope, { limit: 100 });
    const byToken = events.filter((e) => e.actor.type === "scim_client").map((e) => e.action);
    for (const action of [
      "user.provision",
      "group.create",
      "group.members.add",
      "user.disable",
      "user.delete",
    ])
      expect(byToken).toContain(action);
    // The row stays (the audit log refers to it), disabled and marked deleted.
    const row = await t.services.identity.store.user(scope, user.id);
    expect(row).toMatchObject({ status: "disabled", deletedAt: expect.any(Date) });
  });

  it("deactivates with a path too, re-activates, and restores a deleted user on re-create", async () => {
    const created = await client.request("POST", "/Users", {
      schemas: [USER_SCHEMA],
      userName: "pharma@acme.example",
      displayName: "Pharmacist",
    });
    const id = created.json<ScimUserBody>().id;
    await setPassword(id);
    const session = new HttpSession(base);
    expect(await session.signIn("acme", "pharma@acme.example", PASSWORD)).toBe(200);
    const off = await client.request("PATCH", `/Users/${id}`, {
      schemas: [PATCH_SCHEMA],
      Operations: [{ op: "Replace", path: "active", value: "False" }],
    });
    expect(off.json<ScimUserBody>().active).toBe(false);
    expect(await session.me()).toBe(401);
    const on = await client.request("PATCH", `/Users/${id}`, {
      schemas: [PATCH_SCHEMA],
      Operations: [{ op: "replace", path: "active", value: true }],
    });
    expect(on.json<ScimUserBody>().active).toBe(true);
    expect(await session.signIn("acme", "pharma@acme.example", PASSWORD)).toBe(200);

    expect((await client.request("DELETE", `/Users/${id}`)).status).toBe(204);
    const again = await client.request("POST", "/Users", {
      schemas: [USER_SCHEMA],
      userName: "pharma@acme.example",
      displayName: "Pharmacist Again",
    });
    expect(again.status, again.body).toBe(201);
    expect(again.json<ScimUserBody>()).toMatchObject({
      id,
      active: true,
      displayName: "Pharmacist Again",
    });
  });
});
