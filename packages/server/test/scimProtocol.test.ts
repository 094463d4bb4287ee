import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SCIM_TYPES } from "@engawa/shared";
import { scopeFor } from "../src/platform/scope.ts";
import { backends } from "./database.ts";
import { seedWorld, type World } from "./fixtures.ts";
import type { Reply } from "./http.ts";
import {
  ERROR_SCHEMA,
  GROUP_SCHEMA,
  issueScimToken,
  PATCH_SCHEMA,
  ScimBrowser,
  USER_SCHEMA,
} from "./scimClient.ts";
import { createTestApp, type TestApp } from "./testApp.ts";
import { signInAll, type Browsers } from "./walk/principals.ts";

interface ListBody {
  totalResults: number;
  startIndex: number;
  itemsPerPage: number;
  Resources: { id: string; userName?: string; displayName?: string; members?: unknown[] }[];
}

const expectScimError = (reply: Reply, status: number, scimType?: string) => {
  expect(reply.status, reply.body).toBe(status);
  const body = reply.json<{ schemas: string[]; status: string; scimType?: string }>();
  expect(body).toMatchObject({ schemas: [ERROR_SCHEMA], status: String(status) });
  if (scimType) {
    expect(SCIM_TYPES).toContain(scimType);
    expect(body.scimType).toBe(scimType);
  }
  expect(reply.body).not.toMatch(/at .*\.ts:\d+|node_modules|stack/i);
};

/** SCIM filters, paging, errors, tenant isolation and the token lifecycle (RFC 7644). */
describe.each(backends())("SCIM protocol on %s", (backend) => {
  let t: TestApp;
  let world: World;
  let browsers: Browsers;
  let scim: ScimBrowser;
  let beta: ScimBrowser;
  const createUser = async (userName: string, client = scim) =>
    (await client.post("/scim/v2/Users", { schemas: [USER_SCHEMA], userName })).json<{
      id: string;
    }>().id;

  beforeAll(async () => {
    t = await createTestApp(backend);
    world = await seedWorld(t.services);
    browsers = await signInAll(t, world);
    scim = browsers.scim as ScimBrowser;
    beta = browsers.otherScim as ScimBrowser;
  });
  afterAll(async () => t.close());

  it("filters users by userName (case-insensitively) and refuses other filters with invalidFilter", async () => {
    const id = await createUser("Filter.Me@acme.example");
    const found = await scim.get(
      `/scim/v2/Users?filter=${encodeURIComponent('userName eq "filter.me@ACME.example"')}`,
    );
    expect(found.json<ListBody>()).toMatchObject({ totalResults: 1, Resources: [{ id }] });
    const urn = await scim.get(
      `/scim/v2/Users?filter=${encodeURIComponent(`${USER_SCHEMA}:userName eq "filter.me@acme.example"`)}`,
    );
    expect(urn.json<ListBody>().totalResults).toBe(1);
    for (const filter of [
      'userName co "filter"',
      'displayName eq "x"',
      'userName eq "a" or userName eq "b"',
      "userName eq filter",
      "((",
    ]) {
      expectScimError(
        await scim.get(`/scim/v2/Users?filter=${encodeURIComponent(filter)}`),
        400,
        "invalidFilter",
      );
    }
  });

  it("filters groups by displayName and pages with startIndex and count", async () => {
    for (const name of ["Alpha", "Beta", "Gamma"])
      expect(
        (await scim.post("/scim/v2/Groups", { schemas: [GROUP_SCHEMA], displayName: name })).status,
      ).toBe(201);
    const alpha = await scim.get(
      `/scim/v2/Groups?filter=${encodeURIComponent('displayName eq "Beta"')}`,
    );
    expect(alpha.json<ListBody>()).toMatchObject({
      totalResults: 1,
      Resources: [{ displayName: "Beta" }],
    });
    expectScimError(
      await scim.get(`/scim/v2/Groups?filter=${encodeURIComponent('userName eq "x"')}`),
      400,
      "invalidFilter",
    );

    const all = (await scim.get("/scim/v2/Users")).json<ListBody>();
    expect(all.totalResults).toBeGreaterThanOrEqual(5);
    const first = (await scim.get("/scim/v2/Users?startIndex=1&count=2")).json<ListBody>();
    const second = (await scim.get("/scim/v2/Users?startIndex=3&count=2")).json<ListBody>();
    expect(first).toMatchObject({ totalResults: all.totalResults, startIndex: 1, itemsPerPage: 2 });
    expect(second).toMatchObject({ startIndex: 3, itemsPerPage: 2 });
    expect(second.Resources.map((r) => r.id)).toEqual(all.Resources.slice(2, 4).map((r) => r.id));
    // RFC 7644 §3.4.2.4: startIndex below 1 means 1; count 0 returns only the total.
    const clamped = (await scim.get("/scim/v2/Users?startIndex=0&count=1")).json<ListBody>();
    expect(clamped).toMatchObject({ startIndex: 1, Resources: [{ id: all.Resources[0]?.id }] });
    const none = (await scim.get("/scim/v2/Users?count=0")).json<ListBody>();
    expect(none).toMatchObject({ totalResults: all.totalResults, itemsPerPage: 0, Resources: [] });
    const noMembers = (
      await scim.get("/scim/v2/Groups?excludedAttributes=members")
    ).json<ListBody>();
    expect(noMembers.Resources.every((g) => g.members === undefined)).toBe(true);
    expectScimError(await scim.get("/scim/v2/Users?count=abc"), 400, "invalidSyntax");
  });

  it("answers bad input with a stable scimType and changes nothing", async () => {
    const id = await createUser("stable@acme.example");
    expectScimError(
      await scim.post("/scim/v2/Users", {
        schemas: [USER_SCHEMA],
        userName: "STABLE@acme.example",
      }),
      409,
      "uniqueness",
    );
    expectScimError(
      await scim.post("/scim/v2/Users", { schemas: [USER_SCHEMA], userName: "not an email" }),
      400,
      "invalidValue",
    );
    expectScimError(
      await scim.post("/scim/v2/Users", { schemas: [GROUP_SCHEMA], userName: "x@acme.example" }),
      400,
      "invalidSyntax",
    );
    expectScimError(
      await scim.request("POST", "/scim/v2/Users", "{not json"),
      400,
      "invalidSyntax",
    );
    for (const displayName of ["nul\u0000inside", "   ", "\u202eevil"]) {
      expectScimError(
        await scim.post("/scim/v2/Users", {
          schemas: [USER_SCHEMA],
          userName: "named@acme.example",
          displayName,
        }),
        400,
        "invalidValue",
      );
    }
    // One bad operation among good ones: nothing is applied (one transaction).
    expectScimError(
      await scim.request("PATCH", `/scim/v2/Users/${id}`, {
        schemas: [PATCH_SCHEMA],
        Operations: [
          { op: "replace", path: "displayName", value: "Changed" },
          { op: "replace", path: "active", value: false },
          { op: "replace", path: "favouriteColour", value: "blue" },
        ],
      }),
      400,
      "invalidPath",
    );
    expectScimError(
      await scim.request("PATCH", `/scim/v2/Users/${id}`, {
        schemas: [PATCH_SCHEMA],
        Operations: [{ op: "replace", path: "active", value: "perhaps" }],
      }),
      400,
      "invalidValue",
    );
    const user = (await scim.get(`/scim/v2/Users/${id}`)).json();
    expect(user).toMatchObject({ active: true, displayName: "stable" });
    const group = (
      await scim.post("/scim/v2/Groups", { schemas: [GROUP_SCHEMA], displayName: "Stable" })
    ).json<{ id: string }>();
    expectScimError(
      await scim.post("/scim/v2/Groups", { schemas: [GROUP_SCHEMA], displayName: "Stable" }),
      409,
      "uniqueness",
    );
    expectScimError(
      await scim.request("PATCH", `/scim/v2/Groups/${group.id}`, {
        schemas: [PATCH_SCHEMA],
        Operations: [
          { op: "add", path: "members", value: [{ value: id }] },
          {
            op: "add",
            path: "members",
            value: [{ value: "00000000-0000-4000-8000-000000000000" }],
          },
        ],
      }),
      400,
      "invalidValue",
    );
    expect((await scim.get(`/scim/v2/Groups/${group.id}`)).json()).toMatchObject({ members: [] });
    expectScimError(await scim.get("/scim/v2/Users/not-a-uuid"), 404);
  });

  it("adds, removes and replaces group members and renames groups with PATCH", async () => {
    const [a, b, c] = [
      await createUser("m1@acme.example"),
      await createUser("m2@acme.example"),
      await createUser("m3@acme.example"),
    ];
    const group = (
      await scim.post("/scim/v2/Groups", {
        schemas: [GROUP_SCHEMA],
        displayName: "Ward 1",
        externalId: "ext-1",
        members: [{ value: a, $ref: `http://localhost:8080/scim/v2/Users/${a}` }],
      })
    ).json<{ id: string }>();
    const patch = (Operations: unknown[]) =>
      scim.request("PATCH", `/scim/v2/Groups/${group.id}`, { schemas: [PATCH_SCHEMA], Operations });
    const members = async () =>
      (
        (await scim.get(`/scim/v2/Groups/${group.id}`)).json<{ members: { value: string }[] }>()
          .members ?? []
      )
        .map((m) => m.value)
        .sort();
    expect(
      (await patch([{ op: "Add", path: "members", value: [{ value: b }, { value: c }] }])).status,
    ).toBe(200);
    expect(await members()).toEqual([a, b, c].sort());
    expect((await patch([{ op: "remove", path: `members[value eq "${b}"]` }])).status).toBe(200);
    expect((await patch([{ op: "remove", path: "members", value: [{ value: c }] }])).status).toBe(
      200,
    );
    expect(await members()).toEqual([a]);
    expect((await patch([{ op: "replace", path: "members", value: [{ value: c }] }])).status).toBe(
      200,
    );
    expect(await members()).toEqual([c]);
    const renamed = await patch([{ op: "replace", value: { displayName: "Ward 2" } }]);
    expect(renamed.json()).toMatchObject({ displayName: "Ward 2", externalId: "ext-1" });
    expect((await patch([{ op: "remove", path: "members" }])).status).toBe(200);
    expect(await members()).toEqual([]);
    const byExternal = await scim.get(
      `/scim/v2/Groups?filter=${encodeURIComponent('externalId eq "ext-1"')}`,
    );
    expect(byExternal.json<ListBody>().totalResults).toBe(1);
    expect((await scim.request("DELETE", `/scim/v2/Groups/${group.id}`)).status).toBe(204);
    expectScimError(await scim.get(`/scim/v2/Groups/${group.id}`), 404);
  });

  it("never lets one tenant's token touch another tenant", async () => {
    const id = await createUser("isolated@acme.example");
    const group = (
      await scim.post("/scim/v2/Groups", { schemas: [GROUP_SCHEMA], displayName: "Acme only" })
    ).json<{ id: string }>();
    expectScimError(await beta.get(`/scim/v2/Users/${id}`), 404);
    expectScimError(
      await beta.request("PATCH", `/scim/v2/Users/${id}`, {
        schemas: [PATCH_SCHEMA],
        Operations: [{ op: "replace", path: "active", value: false }],
      }),
      404,
    );
    expectScimError(await beta.request("DELETE", `/scim/v2/Users/${id}`), 404);
    expectScimError(await beta.get(`/scim/v2/Groups/${group.id}`), 404);
    const betaGroup = (
      await beta.post("/scim/v2/Groups", { schemas: [GROUP_SCHEMA], displayName: "Beta group" })
    ).json<{ id: string }>();
    expectScimError(
      await beta.request("PATCH", `/scim/v2/Groups/${betaGroup.id}`, {
        schemas: [PATCH_SCHEMA],
        Operations: [{ op: "add", path: "members", value: [{ value: id }] }],
      }),
      400,
      "invalidValue",
    );
    const list = (await beta.get("/scim/v2/Users?count=200")).json<ListBody>();
    expect(list.Resources.map((r) => r.userName)).not.toContain("isolated@acme.example");
    expect(list.Resources.every((r) => r.userName?.endsWith("@beta.example"))).toBe(true);
    expect((await scim.get(`/scim/v2/Users/${id}`)).json()).toMatchObject({ active: true });
    // The attempts are recorded in beta's own chain, with beta's token as the actor.
    const { events } = await t.services.audit.list(
      scopeFor({ type: "system", reason: "test" }, world.b.id),
      { outcome: "deny", limit: 100 },
    );
    expect(
      events.some((e) => e.actor.type === "scim_client" && e.details.reason === "not_found"),
    ).toBe(true);
  });

  it("is refused to people and operators by policy, and a SCIM token opens nothing else", async () => {
    expectScimError(await browsers.admin.get("/scim/v2/Users"), 403);
    expectScimError(await browsers.operator.get("/scim/v2/Users"), 403);
    const unauthenticated = await new ScimBrowser(t.app, "").get("/scim/v2/Users");
    expectScimError(unauthenticated, 401);
    expect(unauthenticated.headers["www-authenticate"]).toMatch(/^Bearer/);
    for (const url of ["/api/t/acme/users", "/api/t/acme/audit", "/api/me"]) {
      const reply = await scim.get(url);
      expect(reply.status, url).toBe(401);
    }
    // application/json is accepted as well as application/scim+json.
    const plain = await scim.request(
      "POST",
      "/scim/v2/Users",
      { schemas: [USER_SCHEMA], userName: "plain@acme.example" },
      { "content-type": "application/json" },
    );
    expect(plain.status, plain.body).toBe(201);
  });

  it("lets an admin create, rotate and revoke tokens; the secret is shown once and only its hash kept", async () => {
    const admin = browsers.admin;
    const created = await admin.post("/api/t/acme/scim-tokens", { name: "Entra ID" });
    expect(created.status).toBe(201);
    const { token, secret, baseUrl } = created.json<{
      token: { id: string };
      secret: string;
      baseUrl: string;
    }>();
    expect(baseUrl).toBe("http://localhost:8080/scim/v2");
    expect(secret).toMatch(/^engawa_scim_[A-Za-z0-9_-]{43}$/);
    const rows = await t.db.privileged("SELECT token_hash FROM scim_tokens WHERE id = $1", [
      token.id,
    ]);
    expect(rows[0]?.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(rows)).not.toContain(secret);
    const listed = await admin.get("/api/t/acme/scim-tokens");
    expect(listed.body).not.toContain(secret);
    expect(listed.json()).toMatchObject({
      tokens: expect.arrayContaining([expect.objectContaining({ id: token.id, status: "active" })]),
    });

    const client = new ScimBrowser(t.app, secret);
    expect((await client.get("/scim/v2/Users")).status).toBe(200);
    const rotated = await admin.post(`/api/t/acme/scim-tokens/${token.id}/rotate`);
    expect(rotated.status).toBe(200);
    const fresh = rotated.json<{ secret: string }>().secret;
    expect(fresh).not.toBe(secret);
    expectScimError(await client.get("/scim/v2/Users"), 401);
    client.token = fresh;
    expect((await client.get("/scim/v2/Users")).status).toBe(200);
    const revoked = await admin.post(`/api/t/acme/scim-tokens/${token.id}/revoke`);
    expect(revoked.json()).toMatchObject({ token: { status: "revoked" } });
    expectScimError(await client.get("/scim/v2/Users"), 401);
    expect((await admin.post(`/api/t/acme/scim-tokens/${token.id}/rotate`)).status).toBe(409);
    expect((await browsers.member.post("/api/t/acme/scim-tokens", { name: "Sneaky" })).status).toBe(
      403,
    );
    expect(
      (await browsers.otherOwner.post(`/api/t/acme/scim-tokens/${token.id}/revoke`)).status,
    ).toBe(404);
    const betaToken = await issueScimToken(t, world.b.id, "Beta IdP");
    expect((await admin.post(`/api/t/acme/scim-tokens/${betaToken.token.id}/revoke`)).status).toBe(
      404,
    );

    const { events } = await t.services.audit.list(
      scopeFor({ type: "system", reason: "test" }, world.a.id),
      { limit: 200 },
    );
    const mine = events.filter((e) => e.target?.id === token.id).map((e) => e.action);
    expect(mine).toEqual(
      expect.arrayContaining(["scim.token.create", "scim.token.rotate", "scim.token.revoke"]),
    );
  });
});
