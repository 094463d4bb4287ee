import { mfaForEveryonePolicy, type NamedLocationInput } from "@engawa/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends } from "../../../test/database.ts";
import { PASSWORD, seedWorld, type World } from "../../../test/fixtures.ts";
import { TestBrowser } from "../../../test/http.ts";
import { newMember } from "../../../test/mfa.ts";
import { createTestApp, type TestApp } from "../../../test/testApp.ts";
import { WsClient, type Frame } from "../../../test/wsClient.ts";
import { scopeFor } from "../../platform/scope.ts";

const HOME_ADDRESS = "203.0.113.9";

/**
 * Continuous access evaluation of places (issue 7: "the client's IP leaves an allowed location"),
 * on both databases, under "block outside the hospital's trusted range". Each HTTP request is
 * decided on its own address, so the same session from outside is refused at once. An open
 * WebSocket keeps the address it connected from; when the admin narrows the trusted range so that
 * address is no longer in it, the connection re-decides at once and loses the channel it follows.
 */
describe.each(backends())("places evaluated continuously on %s", (backend) => {
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

  it("refuses a request from outside at once, and drops an open connection whose address leaves the range", async () => {
    const member = await newMember(t, world);
    const scope = scopeFor({ type: "system", reason: "test" }, world.a.id);
    const team = await t.services.collaboration.createTeam(scope, member.id, {
      name: "Outpatients",
      visibility: "private",
    });
    const [general] = await t.services.collaboration.listChannels(scope, team.id, member.id);

    const owner = new TestBrowser(t.app);
    await owner.signIn("acme", world.a.users.owner.email, PASSWORD);
    // The test's connections come from loopback: that is "the hospital" here.
    const hospital: NamedLocationInput = {
      name: "Hospital",
      ranges: ["127.0.0.1/32"],
      countries: [],
      includeUnknownCountry: false,
      trusted: true,
    };
    const location = await owner.post("/api/t/acme/conditional-access/locations", hospital);
    expect(location.status, location.body).toBe(201);
    const locationId = location.json<{ location: { id: string } }>().location.id;
    const template = mfaForEveryonePolicy("Only in the hospital");
    const policy = await owner.post("/api/t/acme/conditional-access/policies", {
      ...template,
      state: "on",
      include: { ...template.include, all: false, users: [member.id] },
      conditions: {
        ...template.conditions,
        locations: { any: true, trusted: false, include: [], excludeTrusted: true, exclude: [] },
      },
      grant: { ...template.grant, block: true, controls: [] },
    });
    expect(policy.status, policy.body).toBe(201);

    const ward = new TestBrowser(t.app);
    expect((await ward.signIn("acme", member.email, PASSWORD)).status).toBe(200);
    expect((await ward.get("/api/t/acme/teams")).status).toBe(200);
    const socket = await WsClient.connect(base, ward);
    sockets.push(socket);
    await socket.next((f) => f.event === "ready");
    expect(await socket.send("channel.subscribe", { channelId: general!.id })).toMatchObject({
      ok: true,
    });

    // The same session's cookie, from home: refused on that request.
    const fromHome = new TestBrowser(t.app, HOME_ADDRESS);
    for (const [name, value] of ward.cookies) fromHome.cookies.set(name, value);
    const refused = await fromHome.get("/api/t/acme/teams");
    expect(refused.status).toBe(403);
    expect(refused.json<{ error: { code: string } }>().error.code).toBe("access_blocked");

    // The range no longer holds the connection's address: it re-decides now.
    const narrowed = await owner.request(
      "PUT",
      `/api/t/acme/conditional-access/locations/${locationId}`,
      { ...hospital, ranges: ["10.20.0.0/16"] },
    );
    expect(narrowed.status, narrowed.body).toBe(200);
    await socket.next(
      (f: Frame) =>
        f.event === "channel.access_lost" &&
        (f.payload as { channelId: string }).channelId === general!.id,
      5000,
    );
    expect(await socket.send("channel.subscribe", { channelId: general!.id })).toMatchObject({
      ok: false,
    });
    expect((await ward.get("/api/t/acme/teams")).status).toBe(403);
  });
});
