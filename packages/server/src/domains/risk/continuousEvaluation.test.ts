import { mfaForEveryonePolicy } from "@engawa/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends } from "../../../test/database.ts";
import { PASSWORD, seedWorld, type World } from "../../../test/fixtures.ts";
import { TestBrowser } from "../../../test/http.ts";
import { newMember } from "../../../test/mfa.ts";
import { createTestApp, type TestApp } from "../../../test/testApp.ts";
import { WsClient, type Frame } from "../../../test/wsClient.ts";
import { scopeFor } from "../../platform/scope.ts";
import { systemRiskScope } from "./service.ts";

/** A Tor exit in the shipped anonymous-network list (risk.test.ts checks the lookup). */
const TOR_EXIT = "185.220.101.1";

/**
 * Continuous access evaluation of user risk (issue 7: "turns high-risk"), on both databases. A
 * detection made while a person is signed in reaches their open sessions at once: under the
 * tenant's user-risk policy (high, by default) an admin's report of leaked credentials closes
 * their connection and refuses their next request; below it, the sessions carry the new level, so
 * a conditional-access policy on user risk refuses the next request and drops what the open
 * connection follows — nothing waits for the session to be renewed.
 */
describe.each(backends())("user risk evaluated continuously on %s", (backend) => {
  let t: TestApp;
  let world: World;
  let base: string;
  const sockets: WsClient[] = [];

  beforeAll(async () => {
    t = await createTestApp(backend);
    world = await seedWorld(t.services);
    await t.app.listen({ port: 0, host: "127.0.0.1" });
    const address = t.app.server.address();
    base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await t.close();
  });

  async function signedIn(email: string, who = "member"): Promise<TestBrowser> {
    const browser = new TestBrowser(t.app);
    const reply = await browser.signIn("acme", email, PASSWORD);
    expect(reply.status, `${who}: ${reply.body}`).toBe(200);
    return browser;
  }

  async function connect(browser: TestBrowser): Promise<WsClient> {
    const socket = await WsClient.connect(base, browser);
    sockets.push(socket);
    await socket.next((f) => f.event === "ready");
    return socket;
  }

  /** A conditional-access policy blocking this person while their user risk is medium or high. */
  async function blockRiskyUser(userId: string): Promise<void> {
    const owner = await signedIn(world.a.users.owner.email, "owner");
    const template = mfaForEveryonePolicy(`Block ${userId} when risky`);
    const policy = await owner.post("/api/t/acme/conditional-access/policies", {
      ...template,
      state: "on",
      include: { ...template.include, all: false, users: [userId] },
      conditions: { ...template.conditions, userRisk: ["medium", "high"] },
      grant: { ...template.grant, block: true, controls: [] },
    });
    expect(policy.status, policy.body).toBe(201);
  }

  it("an admin reports a member's credentials leaked: their connection closes and their next request is refused", async () => {
    const member = await newMember(t, world);
    const browser = await signedIn(member.email);
    const socket = await connect(browser);
    expect((await browser.get("/api/t/acme/teams")).status).toBe(200);

    const admin = await signedIn(world.a.users.admin.email, "admin");
    const reported = await admin.post(`/api/t/acme/risk/users/${member.id}/report-leaked`);
    expect(reported.status, reported.body).toBe(200);
    // 5 s allowed, as for a disabled user: a deadline for a failure, not a timing test.
    expect(await socket.closed(5000)).toBe(4401);
    expect((await browser.get("/api/t/acme/teams")).status).toBe(401);
    const audit = await t.services.audit.list(
      scopeFor({ type: "system", reason: "test" }, world.a.id),
      { action: "user.sessions.revoke", involving: member.id, limit: 5 },
    );
    expect(audit.events.map((e) => e.details)).toEqual([
      { sessions: 1, because: "user_risk", level: "high" },
    ]);
  });

  it("a medium detection reaches the open session: a policy on user risk refuses its next request and its channel", async () => {
    const member = await newMember(t, world);
    const scope = scopeFor({ type: "system", reason: "test" }, world.a.id);
    const team = await t.services.collaboration.createTeam(scope, member.id, {
      name: "Ward 3",
      visibility: "private",
    });
    const [general] = await t.services.collaboration.listChannels(scope, team.id, member.id);
    const browser = await signedIn(member.email);
    const socket = await connect(browser);
    expect(await socket.send("channel.subscribe", { channelId: general!.id })).toMatchObject({
      ok: true,
    });

    await blockRiskyUser(member.id);
    // No risk yet: the policy does not apply.
    expect((await browser.get("/api/t/acme/teams")).status).toBe(200);

    // What the anomalous-token watch records when a session's cookie turns up elsewhere.
    await t.services.risk.addDetection(
      systemRiskScope(world.a.id),
      member.id,
      "anomalous_token",
      { source: "test" },
      undefined,
    );
    await socket.next(
      (f: Frame) =>
        f.event === "channel.access_lost" &&
        (f.payload as { channelId: string }).channelId === general!.id,
      5000,
    );
    const refused = await browser.get("/api/t/acme/teams");
    expect(refused.status).toBe(403);
    expect(refused.json<{ error: { code: string } }>().error.code).toBe("access_blocked");
  });

  it("a risky sign-in elsewhere raises the risk of the person's session already open", async () => {
    const member = await newMember(t, world);
    const ward = await signedIn(member.email);
    await blockRiskyUser(member.id);
    expect((await ward.get("/api/t/acme/teams")).status).toBe(200);
    // Someone signs in with the same password from a Tor exit (anonymous IP: medium).
    const elsewhere = new TestBrowser(t.app, TOR_EXIT);
    expect((await elsewhere.signIn("acme", member.email, PASSWORD)).status).toBe(403);
    const refused = await ward.get("/api/t/acme/teams");
    expect(refused.status).toBe(403);
    expect(refused.json<{ error: { code: string } }>().error.code).toBe("access_blocked");
  });
});
