import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HTTP_ROUTES, LOCAL_ADMIN_ROUTES } from "../src/gateway/registry.ts";
import { backends, type TestDatabase } from "./database.ts";
import { seedWorld, type World } from "./fixtures.ts";
import { TestBrowser, type Reply } from "./http.ts";
import { createTestApp, type TestApp } from "./testApp.ts";
import { HTTP_CASES, type HttpCase, type WalkRequest } from "./walk/cases.ts";
import { signInAll, type Browsers } from "./walk/principals.ts";
import { SCIM_TYPES } from "@engawa/shared";
import { ERROR_SCHEMA } from "./scimClient.ts";

/** Domain tables (everything but the audit log, which may record the refusals). */
const DOMAIN_TABLES = [
  "tenants",
  "deployment_setup",
  "operators",
  "users",
  "invitations",
  "sessions",
  "sso_connections",
  "sso_login_states",
  "key_encryption_keys",
  "data_keys",
  "signing_keys",
  "totp_factors",
  "recovery_codes",
  "passkeys",
  "webauthn_challenges",
  "password_history",
  "risk_detections",
  "scim_tokens",
  "groups",
  "group_members",
];

async function fingerprint(db: TestDatabase): Promise<string> {
  const parts: string[] = [];
  for (const table of DOMAIN_TABLES) {
    const [row] = await db.privileged(
      `SELECT count(*)::int AS n, coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') AS h FROM ${table} t`,
    );
    parts.push(`${table}:${String(row?.n)}:${String(row?.h)}`);
  }
  return parts.join("\n");
}

/** Variants of a valid body that must each be refused with a 4xx. */
export function badBodies(valid: unknown): { name: string; body: string }[] {
  const variants: { name: string; body: string }[] = [
    { name: "malformed JSON", body: '{"tenant": "acme", ' },
    { name: "a JSON array", body: "[]" },
    { name: "a JSON string", body: '"hello"' },
    { name: "null", body: "null" },
    { name: "an unknown field", body: JSON.stringify({ ...(valid as object), unexpected: true }) },
  ];
  const walk = (value: unknown, path: string[]): void => {
    if (value === null || typeof value !== "object" || Array.isArray(value)) return;
    for (const [key, child] of Object.entries(value)) {
      const here = [...path, key];
      variants.push({
        name: `missing ${here.join(".")}`,
        body: JSON.stringify(replaceAt(valid, here, undefined)),
      });
      const wrong =
        typeof child === "string"
          ? 12345
          : typeof child === "number"
            ? "twelve"
            : typeof child === "boolean"
              ? "yes"
              : 42;
      variants.push({
        name: `wrong type at ${here.join(".")}`,
        body: JSON.stringify(replaceAt(valid, here, wrong)),
      });
      if (typeof child === "string") {
        variants.push({
          name: `1 MB string at ${here.join(".")}`,
          body: JSON.stringify(replaceAt(valid, here, "あ".repeat(350_000))),
        });
        variants.push({
          name: `100 kB string at ${here.join(".")}`,
          body: JSON.stringify(replaceAt(valid, here, "a".repeat(100_000))),
        });
      }
      walk(child, here);
    }
  };
  walk(valid, []);
  return variants;
}

function replaceAt(value: unknown, path: string[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path as [string, ...string[]];
  const copy = { ...(value as Record<string, unknown>) };
  if (rest.length === 0 && replacement === undefined) delete copy[head];
  else copy[head] = replaceAt(copy[head], rest, replacement);
  return copy;
}

/**
 * SCIM routes answer in SCIM's error format (RFC 7644 §3.12): a 400 always carries a `scimType`
 * from the stable list; a body that does not match the schema is `invalidSyntax`.
 */
function expectScimError(reply: Reply, variant: string): void {
  const body = reply.json<{ schemas: string[]; status: string; scimType?: string }>();
  expect(body.schemas, variant).toEqual([ERROR_SCHEMA]);
  expect(body.status, variant).toBe(String(reply.status));
  expect(String(reply.headers["content-type"])).toMatch(/^application\/scim\+json/);
  if (reply.status === 400) expect(SCIM_TYPES, variant).toContain(body.scimType);
  if (/^(missing|wrong type|malformed|an unknown field)/.test(variant))
    expect(body.scimType, variant).toBe("invalidSyntax");
  if (variant.startsWith("1 MB")) expect(reply.status).toBe(413);
}

describe.each(backends())("bad input on every route with a body, on %s", (backend) => {
  let t: TestApp;
  let world: World;
  let browsers: Browsers;

  beforeAll(async () => {
    t = await createTestApp(backend);
    world = await seedWorld(t.services);
    browsers = await signInAll(t, world);
    // The provisioning client's first request records when its token was last used; do it now,
    // so that the fingerprints below see only what the bad requests would change.
    expect((await browsers.scim.get("/scim/v2/ServiceProviderConfig")).status).toBe(200);
  });
  afterAll(async () => t.close());

  const browserFor = (c: HttpCase, request: WalkRequest) =>
    request.as ?? (c.allowed === "anonymous" ? new TestBrowser(t.app) : browsers[c.allowed]);
  const send = async (c: HttpCase, request: WalkRequest, body: string): Promise<Reply> => {
    return browserFor(c, request).request(request.method, request.url, body, {
      "content-type": "application/json",
    });
  };

  for (const route of HTTP_ROUTES.filter((r) => r.schema.body)) {
    const key = `${route.method} ${route.url}`;
    it(`${key} refuses every bad body with a 4xx and changes nothing`, async () => {
      const c = HTTP_CASES[key] as HttpCase;
      const request = await c.prepare({ t, world });
      // Some cases move the clock; a session's (or a SCIM token's) periodic "last seen" update
      // belongs to that move, not to the refused request, so it happens here first.
      await browserFor(c, request).get(
        route.url.startsWith("/scim/") ? "/scim/v2/ServiceProviderConfig" : "/api/me",
      );
      const before = await fingerprint(t.db);
      for (const variant of badBodies(request.body)) {
        const reply = await send(c, request, variant.body);
        expect(
          reply.status,
          `${key} with ${variant.name}: ${reply.body.slice(0, 200)}`,
        ).toBeGreaterThanOrEqual(400);
        expect(reply.status, `${key} with ${variant.name}`).toBeLessThan(500);
        expect(reply.body).not.toMatch(/at .*\.ts:\d+|node_modules|stack/i);
        if (route.url.startsWith("/scim/")) {
          expectScimError(reply, variant.name);
          continue;
        }
        const error = reply.json<{ error: { code: string; message: string } }>().error;
        expect(error.code).toMatch(/^[a-z_]+$/);
        expect(reply.body).not.toMatch(/at .*\.ts:\d+|node_modules|stack/i);
        if (variant.name.startsWith("missing") || variant.name.startsWith("wrong type")) {
          expect(reply.json()).toMatchObject({
            error: { code: "invalid_request", field: expect.any(String) },
          });
        }
        if (variant.name.startsWith("1 MB")) expect(reply.status).toBe(413);
        if (variant.name === "malformed JSON") expect(error.code).toBe("malformed_json");
      }
      const after = await fingerprint(t.db);
      const changed = after.split("\n").filter((line) => !before.split("\n").includes(line));
      expect(changed, `${key}: a refused request changed domain rows`).toEqual([]);
    });
  }

  it("refuses bad query strings and path parameters with 400", async () => {
    const admin = browsers.admin;
    for (const url of [
      "/api/t/acme/audit?limit=abc",
      "/api/t/acme/audit?before=99999999999999999999",
      "/api/t/acme/audit?limit=100000",
      "/api/t/acme/audit?from=yesterday",
      "/api/t/acme/audit?outcome=maybe",
      "/api/t/acme/audit?action=DROP%20TABLE",
      "/api/t/acme/audit?unknown=1",
      "/api/t/acme/audit/export?format=xml",
      "/api/t/ACME!/users",
    ]) {
      const reply = await admin.get(url);
      expect(reply.status, url).toBe(400);
      expect(reply.json()).toMatchObject({ error: { code: "invalid_request" } });
    }
    for (const displayName of ["nul\u0000inside", "   ", "\u202eevil", "tab\tname"]) {
      const reply = await admin.post("/api/t/acme/users", {
        email: "x@acme.example",
        displayName,
        role: "member",
      });
      expect(reply.status, JSON.stringify(displayName)).toBe(400);
      expect(reply.json()).toMatchObject({
        error: { code: "invalid_request", field: "displayName" },
      });
    }
    const notUuid = await admin.post("/api/t/acme/users/not-a-uuid/disable");
    expect(notUuid.status).toBe(400);
  });

  it("refuses bad bodies on the admin socket's routes too", async () => {
    const local = await t.localAdmin();
    for (const route of LOCAL_ADMIN_ROUTES.filter((r) => r.schema.body)) {
      for (const body of [
        '{"tenant": ',
        "[]",
        JSON.stringify({ tenant: 7 }),
        JSON.stringify({ name: "x".repeat(300_000) }),
      ]) {
        const reply = await local.inject({
          method: route.method,
          url: route.url,
          payload: body,
          headers: { "content-type": "application/json" },
        });
        expect(reply.statusCode, `${route.url} ${body.slice(0, 30)}`).toBeGreaterThanOrEqual(400);
        expect(reply.statusCode).toBeLessThan(500);
      }
    }
  });
});
