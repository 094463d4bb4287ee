import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends } from "../../../test/database.ts";
import { PASSWORD, seedWorld, type World } from "../../../test/fixtures.ts";
import { TestBrowser } from "../../../test/http.ts";
import { atSecondFactor } from "../../../test/mfa.ts";
import { createTestApp, type TestApp } from "../../../test/testApp.ts";
import { totpCode } from "../../platform/crypto/totp.ts";

describe.each(backends())("the sign-in log on %s", (backend) => {
  let t: TestApp;
  let world: World;
  let admin: TestBrowser;

  beforeAll(async () => {
    t = await createTestApp(backend);
    world = await seedWorld(t.services);
    admin = new TestBrowser(t.app);
    await admin.signIn("acme", world.a.users.admin.email, PASSWORD);
  });
  afterAll(async () => t.close());

  interface Entry {
    event: string;
    result: string;
    email: string | null;
    userId: string | null;
    method: string | null;
    stage: string | null;
    reason: string | null;
    ip: string | null;
    browser: string;
  }

  it("shows successes and failures with method, address, client and reason, filterable by user and result", async () => {
    const { browser, user } = await atSecondFactor(t, world);
    browser.adopt(
      await browser.post("/api/auth/second-factor/totp", {
        code: totpCode(user.secret, t.clock.now().getTime()),
      }),
    );
    const stranger = new TestBrowser(t.app, "127.0.0.21");
    await stranger.request(
      "POST",
      "/api/auth/sign-in",
      { tenant: "acme", email: user.email, password: "not the right one at all" },
      { "user-agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0" },
    );

    const mine = (await admin.get(`/api/t/acme/sign-ins?userId=${user.id}`)).json<{
      entries: Entry[];
    }>().entries;
    expect(mine[0]).toMatchObject({
      event: "sign_in",
      result: "failure",
      email: user.email,
      reason: "wrong_password",
      ip: "127.0.0.21",
      browser: "Firefox",
    });
    expect(mine).toContainEqual(
      expect.objectContaining({ event: "second_factor", result: "success", method: "totp" }),
    );
    expect(mine).toContainEqual(
      expect.objectContaining({ event: "sign_in", result: "success", stage: "second_factor" }),
    );
    const failures = (await admin.get("/api/t/acme/sign-ins?result=failure")).json<{
      entries: Entry[];
    }>().entries;
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.every((e) => e.result === "failure")).toBe(true);
  });

  it("exports as CSV and JSON Lines", async () => {
    const csv = await admin.get("/api/t/acme/sign-ins/export?format=csv");
    expect(csv.status).toBe(200);
    expect(csv.headers["content-disposition"]).toMatch(/attachment; filename="sign-ins-acme-/);
    const [header, ...rows] = csv.body
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(header).toBe(
      "at,event,result,email,userId,method,stage,reason,ip,country,region,browser,os,count,seq",
    );
    expect(rows.length).toBeGreaterThan(3);
    const jsonl = await admin.get("/api/t/acme/sign-ins/export?format=jsonl");
    const lines = jsonl.body
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Entry);
    expect(
      lines.every((l) =>
        ["sign_in", "second_factor", "recovery_code", "password_spray", "account_at_risk"].includes(
          l.event,
        ),
      ),
    ).toBe(true);
  });

  it("is refused to members and to other organisations", async () => {
    const member = new TestBrowser(t.app);
    await member.signIn("acme", world.a.users.member.email, PASSWORD);
    expect((await member.get("/api/t/acme/sign-ins")).status).toBe(403);
    const other = new TestBrowser(t.app);
    await other.signIn("beta", world.b.users.owner.email, PASSWORD);
    expect((await other.get("/api/t/acme/sign-ins")).status).toBe(404);
  });
});
