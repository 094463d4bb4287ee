import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WS_MESSAGES } from "../src/gateway/registry.ts";
import { scopeFor } from "../src/platform/scope.ts";
import { backends } from "./database.ts";
import { seedWorld, type World } from "./fixtures.ts";
import { createTestApp, type TestApp } from "./testApp.ts";
import { activeMember } from "./walk/cases.ts";
import { signInAll, type Browsers, type Who } from "./walk/principals.ts";
import { WsClient, type Frame } from "./wsClient.ts";
import { TestBrowser } from "./http.ts";
import { PASSWORD } from "./fixtures.ts";

/** A channel of a team that acme's member owns (admin and guest are not in it). */
let walkChannelId = "";
/** A meeting acme's member organises (everyone else waits), and acme's guest's knock on it. */
let walkMeetingId = "";
let walkKnockId = "";
/** The organiser's own admitted joins of that meeting: one per room case. */
const walkJoins = {
  enter: "",
  leave: "",
  signal: "",
  signalTarget: "",
  sfu: "",
  present: "",
};

/** Walk cases for every WebSocket message type: who may send it, who may not. */
const WS_CASES: Record<
  string,
  {
    allowed: Who;
    denied: Who[];
    payload: () => unknown;
    /** Readies the authorised one's connection first (e.g. a seat in a meeting's room). */
    prepare?: (client: WsClient, connect: (who: Who) => Promise<WsClient>) => Promise<void>;
    /**
     * The error the authorised one gets from the domain once the policy let them through (not
     * `forbidden`): e.g. the SFU's signalling in a room that runs peer to peer.
     */
    domainRefusal?: string;
  }
> = {
  "session.ping": { allowed: "guest", denied: [], payload: () => ({}) },
  "audit.subscribe": { allowed: "admin", denied: ["member", "guest"], payload: () => ({}) },
  "realtime.unsubscribe": { allowed: "member", denied: [], payload: () => ({ topic: "audit" }) },
  "activity.subscribe": { allowed: "guest", denied: [], payload: () => ({}) },
  "presence.set": { allowed: "guest", denied: [], payload: () => ({ state: "away" }) },
  "presence.subscribe": {
    allowed: "guest",
    denied: [],
    payload: () => ({ userIds: [walkChannelId] }),
  },
  "channel.subscribe": {
    allowed: "member",
    denied: ["admin", "guest"],
    payload: () => ({ channelId: walkChannelId }),
  },
  "channel.typing": {
    allowed: "member",
    denied: ["admin", "guest"],
    payload: () => ({ channelId: walkChannelId }),
  },
  "channel.unsubscribe": {
    allowed: "member",
    denied: ["admin", "guest"],
    payload: () => ({ channelId: walkChannelId }),
  },
  "meeting.lobby.subscribe": {
    allowed: "member",
    denied: ["admin", "guest"],
    payload: () => ({ meetingId: walkMeetingId }),
  },
  "meeting.knock.subscribe": {
    allowed: "guest",
    denied: [],
    payload: () => ({ meetingId: walkMeetingId, participantId: walkKnockId }),
  },
  "meeting.room.join": {
    allowed: "member",
    denied: ["admin", "guest"],
    payload: () => ({ meetingId: walkMeetingId, participantId: walkJoins.enter }),
  },
  "meeting.room.present": {
    // The organiser presents from their seat; someone waiting in the lobby, or not of the meeting,
    // is refused (who may present by role: presenting.test.ts).
    allowed: "member",
    denied: ["admin", "guest"],
    payload: () => ({
      meetingId: walkMeetingId,
      participantId: walkJoins.present,
      presenting: true,
    }),
    prepare: async (client) => {
      const seated = await client.send("meeting.room.join", {
        meetingId: walkMeetingId,
        participantId: walkJoins.present,
      });
      if (!seated.ok) throw new Error(`seat: ${JSON.stringify(seated)}`);
    },
  },
  "meeting.room.leave": {
    allowed: "member",
    // Anyone of the organisation may leave their own seat; another's join is 404 (room.test.ts).
    denied: [],
    payload: () => ({ meetingId: walkMeetingId, participantId: walkJoins.leave }),
  },
  ...Object.fromEntries(
    (
      [
        ["meeting.media.publish", { offer: "v=0\r\n" }],
        ["meeting.media.subscribe", { feed: "00000000-0000-4000-8000-000000000000" }],
        ["meeting.media.start", { subscriptionId: "AAAAAAAAAAAAAAAA", answer: "v=0\r\n" }],
        ["meeting.media.trickle", { target: "publisher", candidate: null }],
      ] as const
    ).map(([type, extra]) => [
      type,
      {
        allowed: "member",
        denied: ["admin", "guest"] as Who[],
        payload: () => ({ meetingId: walkMeetingId, participantId: walkJoins.sfu, ...extra }),
        prepare: async (client: WsClient) => {
          const seated = await client.send("meeting.room.join", {
            meetingId: walkMeetingId,
            participantId: walkJoins.sfu,
          });
          if (!seated.ok) throw new Error(`seat: ${JSON.stringify(seated)}`);
        },
        // Without Janus every room runs peer to peer: the SFU's signalling is refused there.
        domainRefusal: "invalid_state",
      },
    ]),
  ),
  "meeting.room.signal": {
    allowed: "member",
    denied: ["admin", "guest"],
    payload: () => ({
      meetingId: walkMeetingId,
      from: walkJoins.signal,
      to: walkJoins.signalTarget,
      signal: { type: "candidate", candidate: "", sdpMid: "0", sdpMLineIndex: 0 },
    }),
    prepare: async (client, connect) => {
      const target = await connect("member");
      for (const [socket, participantId] of [
        [client, walkJoins.signal],
        [target, walkJoins.signalTarget],
      ] as const) {
        const seated = await socket.send("meeting.room.join", {
          meetingId: walkMeetingId,
          participantId,
        });
        if (!seated.ok) throw new Error(`seat: ${JSON.stringify(seated)}`);
      }
    },
  },
};

describe.each(backends())("real-time connections on %s", (backend) => {
  let t: TestApp;
  let world: World;
  let browsers: Browsers;
  let base: string;
  const open: WsClient[] = [];
  /** Opens a connection with a browser's session and waits until the hub listens. */
  const connectWith = async (browser: TestBrowser) => {
    const client = await WsClient.connect(base, browser);
    open.push(client);
    await client.next((f) => f.event === "ready");
    return client;
  };
  const connect = async (who: Who) => {
    return connectWith(browsers[who]);
  };

  beforeAll(async () => {
    t = await createTestApp(backend);
    world = await seedWorld(t.services);
    browsers = await signInAll(t, world);
    const scope = scopeFor({ type: "system", reason: "walk fixture" }, world.a.id);
    const team = await t.services.collaboration.createTeam(scope, world.a.users.member.id, {
      name: "Walk team",
      visibility: "private",
    });
    const [general] = await t.services.collaboration.listChannels(
      scope,
      team.id,
      world.a.users.member.id,
    );
    walkChannelId = general?.id ?? "";
    const startsAt = new Date(t.clock.now().getTime() + 3600_000);
    const meeting = await browsers.member.post("/api/t/acme/meetings", {
      title: "Walk meeting",
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 3600_000).toISOString(),
      coOrganizerIds: [],
      inviteeIds: [],
      lobbyBypass: "organizers",
    });
    const { id: meetingId, joinCode } = meeting.json<{
      meeting: { id: string; joinCode: string };
    }>().meeting;
    walkMeetingId = meetingId;
    walkKnockId = (
      await browsers.guest.post("/api/t/acme/meeting-joins", { code: joinCode })
    ).json<{ participantId: string }>().participantId;
    for (const key of Object.keys(walkJoins) as (keyof typeof walkJoins)[])
      walkJoins[key] = (
        await browsers.member.post("/api/t/acme/meeting-joins", { code: joinCode })
      ).json<{ participantId: string }>().participantId;
    await t.app.listen({ port: 0, host: "127.0.0.1" });
    const address = t.app.server.address();
    base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  });
  afterAll(async () => {
    for (const client of open) client.close();
    await t.close();
  });

  it("has a walk case for every message type", () => {
    expect(Object.keys(WS_CASES).sort()).toEqual(WS_MESSAGES.map((m) => m.type).sort());
  });

  it("refuses the handshake without a session, from another origin, and for an operator", async () => {
    await expect(WsClient.connect(base, null)).rejects.toThrow("401");
    await expect(WsClient.connect(base, browsers.member, "https://evil.example")).rejects.toThrow(
      "403",
    );
    await expect(WsClient.connect(base, browsers.operator)).rejects.toThrow("403");
  });

  for (const message of WS_MESSAGES) {
    it(`walks ${message.type}: denied principals get "forbidden", the authorised one succeeds`, async () => {
      const c = WS_CASES[message.type];
      if (!c) throw new Error(`no walk case for ${message.type}`);
      for (const who of c.denied) {
        const reply = await (await connect(who)).send(message.type, c.payload());
        expect(reply, `${message.type} by ${who}`).toMatchObject({
          ok: false,
          error: { code: "forbidden" },
        });
      }
      const client = await connect(c.allowed);
      await c.prepare?.(client, connect);
      const reply = await client.send(message.type, c.payload());
      expect(reply, `${message.type} by ${c.allowed}`).toMatchObject(
        c.domainRefusal ? { ok: false, error: { code: c.domainRefusal } } : { ok: true },
      );
    });
  }

  it("answers malformed frames, unknown types and invalid payloads with errors, and keeps the connection", async () => {
    const client = await connect("member");
    expect(await client.sendRaw("{not json")).toMatchObject({
      ok: false,
      error: { code: "invalid_request" },
    });
    expect(await client.send("nothing.here")).toMatchObject({
      ok: false,
      error: { code: "not_found" },
    });
    expect(await client.send("realtime.unsubscribe", { topic: "x".repeat(10_000) })).toMatchObject({
      ok: false,
      error: { code: "invalid_request" },
    });
    for (const payload of [
      { meetingId: walkMeetingId, participantId: walkJoins.present, presenting: "yes" },
      { meetingId: walkMeetingId, participantId: walkJoins.present },
      { meetingId: "x", participantId: walkJoins.present, presenting: true },
    ])
      expect(await client.send("meeting.room.present", payload)).toMatchObject({
        ok: false,
        error: { code: "invalid_request" },
      });
    expect(await client.send("session.ping")).toMatchObject({ ok: true });
  });

  it("ends a connection that sends an oversized frame, and the hub forgets it", async () => {
    const client = await connect("member");
    const before = t.services.realtime.size;
    client.sendUnanswered("x".repeat(70 * 1024));
    expect(await client.closed()).toBe(1009);
    for (let i = 0; i < 200 && t.services.realtime.size >= before; i += 1)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(t.services.realtime.size).toBe(before - 1);
    expect(await (await connect("member")).send("session.ping")).toMatchObject({ ok: true });
  });

  it("delivers a tenant's audit events only to its own subscribed admins, and stops at a role change", async () => {
    const admin = await connect("admin");
    const otherOwner = await connect("otherOwner");
    expect(await admin.send("audit.subscribe")).toMatchObject({ ok: true });
    expect(await otherOwner.send("audit.subscribe")).toMatchObject({ ok: true });
    const scope = scopeFor({ type: "system", reason: "fan-out test" }, world.a.id);
    await t.services.audit.append(scope, { action: "test.fanout", outcome: "allow" });
    const delivered = await admin.next((f) => isAudit(f, "test.fanout"));
    expect(delivered.payload).toMatchObject({ action: "test.fanout" });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(otherOwner.frames.some((f) => isAudit(f, "test.fanout"))).toBe(false);

    // The admin is demoted: the next event is not delivered to them any more.
    const ownerScope = scopeFor({ type: "system", reason: "fan-out test" }, world.a.id);
    const adminRow = await t.services.identity.store.user(ownerScope, world.a.users.admin.id);
    if (!adminRow) throw new Error("admin missing");
    await t.services.identity.changeRole(ownerScope, adminRow, "member");
    await admin.send("session.ping");
    await t.services.audit.append(scope, { action: "test.after_demotion", outcome: "allow" });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(admin.frames.some((f) => isAudit(f, "test.after_demotion"))).toBe(false);
    await t.services.identity.changeRole(ownerScope, { ...adminRow, role: "member" }, "admin");
  });

  it("closes a connection whose session was replaced by a new sign-in, at once", async () => {
    const browser = new TestBrowser(t.app);
    await browser.signIn("acme", world.a.users.owner.email, PASSWORD);
    const client = await connectWith(browser);
    expect(await client.send("audit.subscribe")).toMatchObject({ ok: true });
    await browser.signIn("acme", world.a.users.member.email, PASSWORD);
    expect(await client.closed()).toBe(4401);
  });

  it("stops delivering once the session's idle limit passes, and closes the connection", async () => {
    const browser = new TestBrowser(t.app);
    await browser.signIn("acme", world.a.users.owner.email, PASSWORD);
    const client = await connectWith(browser);
    expect(await client.send("audit.subscribe")).toMatchObject({ ok: true });
    t.clock.advance(31 * 60_000);
    const scope = scopeFor({ type: "system", reason: "idle test" }, world.a.id);
    await t.services.audit.append(scope, { action: "test.after_idle", outcome: "allow" });
    expect(await client.closed()).toBe(4401);
    expect(client.frames.some((f) => isAudit(f, "test.after_idle"))).toBe(false);
    browsers = await signInAll(t, world);
  });

  it("counts repeated forbidden messages instead of chaining each, and limits the frame rate", async () => {
    const client = await connect("member");
    const count = async () =>
      Number(
        (
          await t.db.privileged("SELECT count(*)::int AS n FROM audit_events WHERE chain = $1", [
            world.a.id,
          ])
        )[0]?.n,
      );
    t.clock.advance(61_000);
    await t.services.denials.flush(false);
    const before = await count();
    for (let i = 0; i < 30; i += 1)
      expect(await client.send("audit.subscribe")).toMatchObject({
        ok: false,
        error: { code: "forbidden" },
      });
    expect((await count()) - before).toBe(1);
    t.clock.advance(61_000);
    await t.services.denials.flush(false);
    expect((await count()) - before).toBe(2);
    const [last] = await t.db.privileged(
      "SELECT count FROM audit_events WHERE chain = $1 AND action = 'audit.read' ORDER BY seq DESC LIMIT 1",
      [world.a.id],
    );
    expect(last?.count).toBe(29);
    browsers = await signInAll(t, world);
    const replies = await Promise.all(
      Array.from({ length: 120 }, () => client.send("session.ping")),
    );
    expect(replies.filter((r) => r.error?.code === "rate_limited").length).toBeGreaterThan(0);
  });

  it("closes a disabled user's connection at once (4401)", async () => {
    const id = await activeMember({ t, world });
    const { TestBrowser } = await import("./http.ts");
    const browser = new TestBrowser(t.app);
    const scope = scopeFor({ type: "system", reason: "disable test" }, world.a.id);
    const user = await t.services.identity.store.user(scope, id);
    if (!user) throw new Error("user missing");
    await browser.signIn("acme", user.email, (await import("./fixtures.ts")).PASSWORD);
    const client = await connectWith(browser);
    await t.services.identity.disable(scope, user);
    expect(await client.closed()).toBe(4401);
  });

  it("an admin disables a user: their open connection closes and their next request is refused (issue 7, acceptance 3)", async () => {
    const id = await activeMember({ t, world });
    const scope = scopeFor({ type: "system", reason: "disable test" }, world.a.id);
    const user = await t.services.identity.store.user(scope, id);
    if (!user) throw new Error("user missing");
    const member = new TestBrowser(t.app);
    await member.signIn("acme", user.email, PASSWORD);
    const client = await connectWith(member);
    const disabled = await browsers.admin.post(`/api/t/acme/users/${id}/disable`);
    expect(disabled.status, disabled.body).toBe(200);
    // Continuous access evaluation: no waiting for a token to expire (5 s allowed, not a timing test).
    expect(await client.closed(5000)).toBe(4401);
    const next = await member.get("/api/t/acme/teams");
    expect(next.status).toBe(401);
  });

  it("a password change closes the connections of the person's other sessions, not its own (issue 7)", async () => {
    const id = await activeMember({ t, world });
    const scope = scopeFor({ type: "system", reason: "password test" }, world.a.id);
    const user = await t.services.identity.store.user(scope, id);
    if (!user) throw new Error("user missing");
    const here = new TestBrowser(t.app);
    const there = new TestBrowser(t.app);
    for (const b of [here, there]) await b.signIn("acme", user.email, PASSWORD);
    const [hereSocket, thereSocket] = [await connectWith(here), await connectWith(there)];
    const changed = await here.post("/api/me/password", {
      currentPassword: PASSWORD,
      newPassword: "a completely new phrase 42",
    });
    expect(changed.status, changed.body).toBe(200);
    expect(await thereSocket.closed(5000)).toBe(4401);
    expect(await hereSocket.send("session.ping")).toMatchObject({ ok: true });
  });

  it("closes only the connection of a session the user signed out from another browser, and all of them when an admin signs the user out", async () => {
    const id = await activeMember({ t, world });
    const { TestBrowser } = await import("./http.ts");
    const { PASSWORD: password } = await import("./fixtures.ts");
    const scope = scopeFor({ type: "system", reason: "revoke test" }, world.a.id);
    const user = await t.services.identity.store.user(scope, id);
    if (!user) throw new Error("user missing");
    const here = new TestBrowser(t.app);
    const there = new TestBrowser(t.app);
    const third = new TestBrowser(t.app);
    for (const b of [here, there, third]) await b.signIn("acme", user.email, password);
    const [hereSocket, thereSocket, thirdSocket] = [
      await connectWith(here),
      await connectWith(there),
      await connectWith(third),
    ];
    const sessions = (await here.get("/api/me/sessions")).json<{
      sessions: { id: string; current: boolean }[];
    }>().sessions;
    const thereId = (await there.get("/api/me/sessions"))
      .json<{ sessions: { id: string; current: boolean }[] }>()
      .sessions.find((s) => s.current)?.id;
    expect(sessions).toHaveLength(3);
    expect((await here.delete(`/api/me/sessions/${thereId ?? ""}`)).json()).toEqual({ revoked: 1 });
    expect(await thereSocket.closed()).toBe(4401);
    expect(await hereSocket.send("session.ping")).toMatchObject({ ok: true });
    expect(await thirdSocket.send("session.ping")).toMatchObject({ ok: true });

    const admin = new TestBrowser(t.app);
    await admin.signIn("acme", world.a.users.admin.email, password);
    expect((await admin.post(`/api/t/acme/users/${id}/sessions/revoke`)).json()).toEqual({
      revoked: 2,
    });
    expect(await hereSocket.closed()).toBe(4401);
    expect(await thirdSocket.closed()).toBe(4401);
  });
});

/** A pushed audit event for the given action. */
function isAudit(frame: Frame, action: string): boolean {
  return (
    frame.event === "audit.appended" && (frame.payload as { action: string }).action === action
  );
}
