import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type {
  ChannelMembersResponse,
  ChannelSummary,
  Message,
  NotificationListResponse,
  TeamSummary,
} from "@engawa/shared";
import { backends } from "../../../test/database.ts";
import { PASSWORD, seedWorld, type World } from "../../../test/fixtures.ts";
import { TestBrowser } from "../../../test/http.ts";
import { createTestApp, type TestApp } from "../../../test/testApp.ts";
import { WsClient } from "../../../test/wsClient.ts";

/**
 * @mentions and the Activity feed, on each database: a named reader is notified (live and in the
 * feed), a person who cannot read the channel is never told, @channel reaches every reader once,
 * an edit tells only the newly named, and someone removed from a private channel loses its entries.
 */
describe.each(backends())("mentions on %s", (backend) => {
  let t: TestApp;
  let world: World;
  let owner: TestBrowser;
  let member: TestBrowser;
  let admin: TestBrowser;
  let base: string;
  const sockets: WsClient[] = [];
  let team: TeamSummary;
  let general: ChannelSummary;

  const signedIn = async (email: string) => {
    const browser = new TestBrowser(t.app);
    const reply = await browser.signIn("acme", email, PASSWORD);
    if (reply.status !== 200) throw new Error(reply.body);
    return browser;
  };
  const post = async (browser: TestBrowser, channelId: string, body: object) => {
    const reply = await browser.post(`/api/t/acme/channels/${channelId}/messages`, body);
    if (reply.status !== 201) throw new Error(`post: ${reply.status} ${reply.body}`);
    return reply.json<Message>();
  };
  const feed = async (browser: TestBrowser) =>
    (await browser.get("/api/t/acme/notifications")).json<NotificationListResponse>();

  beforeAll(async () => {
    t = await createTestApp(backend);
    world = await seedWorld(t.services);
    owner = await signedIn(world.a.users.owner.email);
    member = await signedIn(world.a.users.member.email);
    admin = await signedIn(world.a.users.admin.email);
    await t.app.listen({ port: 0, host: "127.0.0.1" });
    const address = t.app.server.address();
    base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
    team = (
      await owner.post("/api/t/acme/teams", { name: "病棟", visibility: "private" })
    ).json<TeamSummary>();
    const put = await owner.request(
      "PUT",
      `/api/t/acme/teams/${team.id}/members/${world.a.users.member.id}`,
      { role: "member" },
    );
    expect(put.status).toBe(200);
    general = (await owner.get(`/api/t/acme/teams/${team.id}/channels`)).json<{
      channels: ChannelSummary[];
    }>().channels[0] as ChannelSummary;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await t.close();
  });

  it("lists the channel's readers for the composer, and hides the channel from others", async () => {
    const reply = await owner.get(`/api/t/acme/channels/${general.id}/members`);
    expect(reply.status).toBe(200);
    const ids = reply.json<ChannelMembersResponse>().members.map((m) => m.userId);
    expect(ids.sort()).toEqual([world.a.users.owner.id, world.a.users.member.id].sort());
    expect((await admin.get(`/api/t/acme/channels/${general.id}/members`)).status).toBe(404);
  });

  it("notifies a named reader live and in the feed, and never someone outside the channel", async () => {
    const socket = await WsClient.connect(base, member);
    sockets.push(socket);
    await socket.next((f) => f.event === "ready");
    expect(await socket.send("activity.subscribe", {})).toMatchObject({ ok: true });

    const message = await post(owner, general.id, {
      body: "@Member 明日の回診をお願いします (@Admin)",
      mentions: { users: [world.a.users.member.id, world.a.users.admin.id] },
    });
    // The admin is not on the team: dropped from the mentions, not told.
    expect(message.mentions.map((m) => m.id)).toEqual([world.a.users.member.id]);
    expect(message.mentionsChannel).toBe(false);

    const pushed = await socket.next((f) => f.event === "notification.created");
    expect(pushed.payload).toMatchObject({
      notification: {
        kind: "mention",
        messageId: message.id,
        actor: { id: world.a.users.owner.id },
        channel: { id: general.id, teamId: team.id, teamName: "病棟" },
        excerpt: "@Member 明日の回診をお願いします (@Admin)",
        readAt: null,
      },
    });
    const mine = await feed(member);
    expect(mine.unread).toBe(1);
    expect(mine.notifications.map((n) => n.messageId)).toEqual([message.id]);
    expect((await feed(admin)).notifications).toEqual([]);
    // The author is not told of their own message.
    expect((await feed(owner)).notifications).toEqual([]);

    // The page shows who is mentioned, for highlighting.
    const page = (await member.get(`/api/t/acme/channels/${general.id}/messages`)).json<{
      messages: Message[];
    }>();
    expect(page.messages.find((m) => m.id === message.id)?.mentions).toEqual([
      { id: world.a.users.member.id, displayName: expect.any(String) },
    ]);

    const id = mine.notifications[0]?.id as string;
    expect((await member.post("/api/t/acme/notifications/read", { ids: [id] })).status).toBe(200);
    expect((await feed(member)).unread).toBe(0);
    // A request that names nothing is refused, not taken as "all".
    expect((await member.post("/api/t/acme/notifications/read", {})).status).toBe(400);
  });

  it("tells every reader of @channel once, and on an edit only the newly named", async () => {
    const before = (await feed(member)).notifications.length;
    const message = await post(member, general.id, {
      body: "@channel 休憩室の掃除",
      mentions: { channel: true },
    });
    expect(message.mentionsChannel).toBe(true);
    const ownerFeed = await feed(owner);
    expect(ownerFeed.notifications.find((n) => n.messageId === message.id)).toMatchObject({
      kind: "channel_mention",
    });
    expect((await feed(member)).notifications.length).toBe(before);

    const edited = await member.request("PATCH", `/api/t/acme/messages/${message.id}`, {
      body: "@channel @Owner 休憩室の掃除 (edited)",
      mentions: { channel: true, users: [world.a.users.owner.id] },
    });
    expect(edited.status).toBe(200);
    expect(edited.json<Message>().mentions.map((m) => m.id)).toEqual([world.a.users.owner.id]);
    // Already told of this message: not a second time.
    expect(
      (await feed(owner)).notifications.filter((n) => n.messageId === message.id),
    ).toHaveLength(1);
  });

  it("drops the entries of a private channel once the person is removed from it", async () => {
    const secret = (
      await owner.post(`/api/t/acme/teams/${team.id}/channels`, { name: "人事", kind: "private" })
    ).json<ChannelSummary>();
    const path = `/api/t/acme/channels/${secret.id}/members/${world.a.users.member.id}`;
    expect((await owner.request("PUT", path)).status).toBe(200);
    await post(owner, secret.id, {
      body: "@Member 面談の件",
      mentions: { users: [world.a.users.member.id] },
    });
    expect(
      (await feed(member)).notifications.find((n) => n.channel.id === secret.id),
    ).toMatchObject({ excerpt: "@Member 面談の件", readAt: null });
    const unread = (await feed(member)).unread;

    expect((await owner.delete(path)).status).toBe(200);
    const after = await feed(member);
    expect(after.notifications.some((n) => n.channel.id === secret.id)).toBe(false);
    expect(after.unread).toBe(unread - 1);
  });

  it("refuses malformed mentions with a stable code", async () => {
    for (const mentions of [{ users: ["not-a-uuid"] }, { everyone: true }, { channel: "yes" }]) {
      const reply = await owner.post(`/api/t/acme/channels/${general.id}/messages`, {
        body: "x",
        mentions,
      });
      expect(reply.status, JSON.stringify(mentions)).toBe(400);
      expect(reply.json<{ error: { code: string } }>().error.code).toBe("invalid_request");
    }
  });
});
