import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChannelSummary, TeamSummary } from "@engawa/shared";
import { backends } from "../../../test/database.ts";
import { PASSWORD, seedWorld, type World } from "../../../test/fixtures.ts";
import { TestBrowser } from "../../../test/http.ts";
import { createTestApp, type TestApp } from "../../../test/testApp.ts";
import { WsClient, type Frame } from "../../../test/wsClient.ts";
import { PRESENCE_GRACE_MS } from "./presence.ts";

/**
 * Presence over the WebSocket on each database: online while a connection is open, away when its
 * client says so, offline once the last connection has been closed for the grace period; seen only
 * by people who share a team or chat (anyone else is answered like an unknown id); and membership
 * changes pushed to the person's open connections (`directory.changed`).
 */
describe.each(backends())("presence and pushed memberships on %s", (backend) => {
  let t: TestApp;
  let world: World;
  let base: string;
  let team: TeamSummary;
  const sockets: WsClient[] = [];
  const browsers: Record<string, TestBrowser> = {};

  const signedIn = async (slug: string, email: string) => {
    const browser = new TestBrowser(t.app);
    const reply = await browser.signIn(slug, email, PASSWORD);
    if (reply.status !== 200) throw new Error(reply.body);
    return browser;
  };
  const connect = async (browser: TestBrowser | undefined) => {
    if (!browser) throw new Error("not signed in");
    const client = await WsClient.connect(base, browser);
    sockets.push(client);
    await client.next((f) => f.event === "ready");
    return client;
  };
  /** The next frame after those already received that matches. */
  const upcoming = (client: WsClient, match: (f: Frame) => boolean) => {
    const start = client.frames.length;
    return client.next((f) => client.frames.indexOf(f) >= start && match(f));
  };
  const changed = (userId: string, state: string) => (f: Frame) =>
    f.event === "presence.changed" &&
    (f.payload as { userId: string; state: string }).userId === userId &&
    (f.payload as { state: string }).state === state;
  const presenceOf = (reply: Frame) =>
    Object.fromEntries(
      (reply.payload as { presence: { userId: string; state: string }[] }).presence.map((p) => [
        p.userId,
        p.state,
      ]),
    );
  const settle = () => new Promise((resolve) => setTimeout(resolve, 150));

  beforeAll(async () => {
    t = await createTestApp(backend);
    world = await seedWorld(t.services);
    for (const role of ["owner", "admin", "member", "guest"] as const)
      browsers[role] = await signedIn("acme", world.a.users[role].email);
    browsers.otherOwner = await signedIn("beta", world.b.users.owner.email);
    await t.app.listen({ port: 0, host: "127.0.0.1" });
    const address = t.app.server.address();
    base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
    const owner = browsers.owner as TestBrowser;
    team = (await owner.post("/api/t/acme/teams", { name: "病棟", visibility: "private" })).json();
    for (const who of [world.a.users.member.id, world.a.users.guest.id])
      expect(
        (
          await owner.request("PUT", `/api/t/acme/teams/${team.id}/members/${who}`, {
            role: "member",
          })
        ).status,
      ).toBe(200);
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await t.close();
  });

  it("shows a team mate online on connecting, away when their client idles, offline after the grace period", async () => {
    const memberId = world.a.users.member.id;
    const watcher = await connect(browsers.owner);
    const first = await watcher.send("presence.subscribe", { userIds: [memberId] });
    expect(first).toMatchObject({ ok: true });
    expect(presenceOf(first)).toEqual({ [memberId]: "offline" });

    const online = upcoming(watcher, changed(memberId, "online"));
    const member = await connect(browsers.member);
    await online;

    const away = upcoming(watcher, changed(memberId, "away"));
    expect(await member.send("presence.set", { state: "away" })).toMatchObject({
      ok: true,
      payload: { state: "away" },
    });
    await away;
    // A second window in use makes the person online again; idle there too, away again.
    const second = await connect(browsers.member);
    await upcoming(watcher, changed(memberId, "online"));
    const awayAgain = upcoming(watcher, changed(memberId, "away"));
    await second.send("presence.set", { state: "away" });
    await awayAgain;
    const back = upcoming(watcher, changed(memberId, "online"));
    await member.send("presence.set", { state: "online" });
    await back;

    // Both windows close: within the grace period (a reload) nothing changes, then offline.
    member.close();
    second.close();
    await member.closed();
    await second.closed();
    await settle();
    t.clock.advance(PRESENCE_GRACE_MS - 1_000);
    t.services.collaboration.presence.expireDue();
    await settle();
    expect(watcher.frames.filter(changed(memberId, "offline"))).toHaveLength(0);
    const offline = upcoming(watcher, changed(memberId, "offline"));
    t.clock.advance(2_000);
    t.services.collaboration.presence.expireDue();
    await offline;

    // A reload within the grace period is not seen at all.
    const reloaded = upcoming(watcher, changed(memberId, "online"));
    const again = await connect(browsers.member);
    await reloaded;
    const before = watcher.frames.length;
    again.close();
    await again.closed();
    const last = await connect(browsers.member);
    t.clock.advance(PRESENCE_GRACE_MS + 1_000);
    t.services.collaboration.presence.expireDue();
    await settle();
    expect(watcher.frames.slice(before).filter((f) => f.event === "presence.changed")).toEqual([]);
    last.close();
    await last.closed();
    await settle();
    t.clock.advance(PRESENCE_GRACE_MS + 1_000);
    t.services.collaboration.presence.expireDue();
    await watcher.next(changed(memberId, "offline"));
  });

  it("answers people one shares no team or chat with, and other tenants' people, like unknown ids", async () => {
    const memberId = world.a.users.member.id;
    const adminId = world.a.users.admin.id;
    const unknown = "00000000-0000-4000-8000-000000000000";
    // The member is online; the admin is on no team with them.
    const member = await connect(browsers.member);
    const admin = await connect(browsers.admin);
    const other = await connect(browsers.otherOwner);
    expect(
      presenceOf(await admin.send("presence.subscribe", { userIds: [memberId, unknown, adminId] })),
    ).toEqual({ [memberId]: "offline", [unknown]: "offline", [adminId]: "online" });
    expect(
      presenceOf(await other.send("presence.subscribe", { userIds: [memberId, adminId] })),
    ).toEqual({ [memberId]: "offline", [adminId]: "offline" });
    // Changes are not told to them either.
    await member.send("presence.set", { state: "away" });
    await settle();
    for (const socket of [admin, other])
      expect(socket.frames.filter((f) => f.event === "presence.changed")).toEqual([]);

    // A chat together makes them visible to each other at once.
    const seen = upcoming(admin, changed(memberId, "away"));
    expect(
      (await (browsers.admin as TestBrowser).post("/api/t/acme/chats", { userIds: [memberId] }))
        .status,
    ).toBe(200);
    await seen;
    await member.send("presence.set", { state: "online" });
    await admin.next(changed(memberId, "online"));
    await settle();
    expect(other.frames.filter((f) => f.event === "presence.changed")).toEqual([]);

    // A guest sees the people of their teams only, not the organisation's others.
    const guest = await connect(browsers.guest);
    expect(
      presenceOf(await guest.send("presence.subscribe", { userIds: [memberId, adminId] })),
    ).toEqual({ [memberId]: "online", [adminId]: "offline" });
  });

  it("refuses bad presence payloads with invalid_request", async () => {
    const socket = await connect(browsers.member);
    const tooMany = Array.from(
      { length: 201 },
      (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
    );
    for (const [type, payload] of [
      ["presence.set", { state: "busy" }],
      ["presence.set", {}],
      ["presence.subscribe", { userIds: ["not-a-uuid"] }],
      ["presence.subscribe", { userIds: tooMany }],
      ["presence.subscribe", { userIds: [world.a.users.owner.id, world.a.users.owner.id] }],
      ["presence.subscribe", { userIds: [], extra: true }],
    ] as const)
      expect(await socket.send(type, payload), `${type} ${JSON.stringify(payload)}`).toMatchObject({
        ok: false,
        error: { code: "invalid_request" },
      });
  });

  it("tells a person's open connections when they are added to or removed from a channel or team, and everyone but guests of a new public team", async () => {
    const owner = browsers.owner as TestBrowser;
    const memberId = world.a.users.member.id;
    const socket = await connect(browsers.member);
    const bystander = await connect(browsers.admin);
    const directory = (f: Frame) => f.event === "directory.changed";

    let next = upcoming(socket, directory);
    const secret = (
      await owner.post(`/api/t/acme/teams/${team.id}/channels`, { name: "秘密", kind: "private" })
    ).json<ChannelSummary>();
    expect(
      (await owner.request("PUT", `/api/t/acme/channels/${secret.id}/members/${memberId}`, {}))
        .status,
    ).toBe(200);
    expect((await next).payload).toEqual({});

    next = upcoming(socket, directory);
    expect(
      (await owner.delete(`/api/t/acme/channels/${secret.id}/members/${memberId}`)).status,
    ).toBe(200);
    await next;

    // A new standard channel in their team; then removal from the team itself.
    next = upcoming(socket, directory);
    expect(
      (
        await owner.post(`/api/t/acme/teams/${team.id}/channels`, {
          name: "連絡",
          kind: "standard",
        })
      ).status,
    ).toBe(201);
    await next;
    next = upcoming(socket, directory);
    expect((await owner.delete(`/api/t/acme/teams/${team.id}/members/${memberId}`)).status).toBe(
      200,
    );
    await next;
    await settle();
    // Someone on none of these teams heard nothing.
    expect(bystander.frames.filter(directory)).toEqual([]);

    // A new public team is news to everyone who may join it, but not to guests.
    const guest = await connect(browsers.guest);
    const joinable = upcoming(bystander, directory);
    expect(
      (await owner.post("/api/t/acme/teams", { name: "全体", visibility: "public" })).status,
    ).toBe(201);
    await joinable;
    await settle();
    expect(guest.frames.filter(directory)).toEqual([]);
  });
  it("tells a team's other members when someone joins or leaves it (an open Members list reads again)", async () => {
    const owner = browsers.owner as TestBrowser;
    const ownerSocket = await connect(browsers.owner);
    const directory = (f: Frame) => f.event === "directory.changed";
    const newcomer = world.a.users.admin.id;
    let next = upcoming(ownerSocket, directory);
    expect(
      (
        await owner.request("PUT", `/api/t/acme/teams/${team.id}/members/${newcomer}`, {
          role: "member",
        })
      ).status,
    ).toBe(200);
    await next;
    // And a private channel's other members, when someone is added to it or removed. (Its
    // creation is news to the creator's own connections: wait for that first.)
    next = upcoming(ownerSocket, directory);
    const ward = (
      await owner.post(`/api/t/acme/teams/${team.id}/channels`, { name: "病棟", kind: "private" })
    ).json<ChannelSummary>();
    await next;
    await settle();
    next = upcoming(ownerSocket, directory);
    expect(
      (await owner.request("PUT", `/api/t/acme/channels/${ward.id}/members/${newcomer}`, {}))
        .status,
    ).toBe(200);
    await next;
    next = upcoming(ownerSocket, directory);
    expect((await owner.delete(`/api/t/acme/channels/${ward.id}/members/${newcomer}`)).status).toBe(
      200,
    );
    await next;
    next = upcoming(ownerSocket, directory);
    expect((await owner.delete(`/api/t/acme/teams/${team.id}/members/${newcomer}`)).status).toBe(
      200,
    );
    await next;
  });
});
