import { randomUUID } from "node:crypto";
import type { Message } from "@engawa/shared";
import { describe, expect, it } from "vitest";
import { testAccessEngine } from "../../../test/testApp.ts";
import { PreparedFrame, type ConnectionView } from "../../gateway/defineMessage.ts";
import { ChannelFeed, channelTopic } from "./channelFeed.ts";
import type { ChannelAccessRow, CollaborationStore } from "./store.ts";

/**
 * The feed's cached decision (per connection and channel) against a fake hub and store: it is
 * used only while the connection's principal and the user's relations are the ones it was made
 * for — a re-checked principal or an access change decides afresh.
 */
describe("channel feed decisions", () => {
  const tenantId = randomUUID();
  const channelId = randomUUID();

  function principalOf(userId: string, stage = "complete") {
    return {
      kind: "user",
      user: {
        id: userId,
        tenantId,
        email: `${userId}@acme.example`,
        displayName: "Member",
        role: "member",
        status: "active",
      },
      tenant: { id: tenantId, slug: "acme", name: "Acme" },
      session: {
        id: randomUUID(),
        csrfToken: "csrf",
        idleExpiresAt: new Date(Date.now() + 3_600_000),
        absoluteExpiresAt: new Date(Date.now() + 3_600_000),
        stage,
        methods: "password",
        authenticatedAt: new Date(),
        recentlyAuthenticated: true,
      },
    } as unknown as ConnectionView["principal"];
  }

  function setUp() {
    /** What conditional access answers (policies and the work-context matrix). */
    const conditionsAllow = { value: true };
    const frames = new Map<string, unknown[]>();
    const connections: ConnectionView[] = [];
    const access = new Map<string, ChannelAccessRow | null>();
    let lookups = 0;
    /** While set, relation look-ups wait for it (a decision held in flight). */
    let held: Promise<void> | null = null;
    const row = (teamRole: string | null): ChannelAccessRow =>
      ({
        channel: { id: channelId, tenantId, kind: "standard" },
        teamRole,
        channelRole: null,
      }) as unknown as ChannelAccessRow;
    const store = {
      channelLastSeq: async () => 0,
      channelAccess: async (_scope: unknown, _channel: string, userId: string) => {
        lookups += 1;
        // Read when asked, answered when released (as a database read would be).
        const answer = access.get(userId) ?? row("member");
        if (held) await held;
        return answer;
      },
    } as unknown as CollaborationStore;
    const feed = new ChannelFeed({
      hub: () => ({
        subscribers: (_tenant, topic) => connections.filter((c) => topics.get(c)?.has(topic)),
        connectionsOf: (userId) => connections.filter((c) => c.principal.user.id === userId),
        tenantConnections: (tenantId) =>
          connections.filter((c) => c.principal.tenant.id === tenantId),
      }),
      access: testAccessEngine(),
      conditions: async () => conditionsAllow.value,
      // These cases carry no labels; the ranking of labels is tested with conditional access.
      strongestLabel: async (_scope, ids) => ids.find((id) => typeof id === "string") ?? null,
      store,
      changesAfter: async () => [],
    });
    const topics = new Map<ConnectionView, Set<string>>();
    const connect = (userId: string) => {
      const id = randomUUID();
      const sent: unknown[] = [];
      frames.set(id, sent);
      const connection: ConnectionView = {
        id,
        principal: principalOf(userId),
        info: { requestId: id, ip: "127.0.0.1", userAgent: null },
        state: new Map(),
        subscribe: (topic) => topics.get(connection)?.add(topic),
        unsubscribe: (topic) => topics.get(connection)?.delete(topic),
        send: (frame) => sent.push(frame),
      };
      topics.set(connection, new Set());
      connections.push(connection);
      return { connection, sent };
    };
    let seq = 0;
    const post = () => {
      seq += 1;
      feed.onMessage({
        tenantId,
        channelId,
        message: { id: randomUUID(), seq, body: `post ${seq}` } as unknown as Message,
      });
      return seq;
    };
    return {
      feed,
      connect,
      post,
      topics,
      revoke: (userId: string) => access.set(userId, row(null)),
      access,
      conditionsAllow,
      lookups: () => lookups,
      /** Holds relation look-ups until the returned function is called. */
      hold: () => {
        let release = () => undefined as void;
        held = new Promise<void>((resolve) => (release = resolve));
        return () => {
          held = null;
          release();
        };
      },
    };
  }

  const until = async (check: () => boolean) => {
    for (let i = 0; i < 500 && !check(); i += 1) await new Promise((r) => setTimeout(r, 5));
    expect(check()).toBe(true);
  };
  const seqsOf = (sent: unknown[]) =>
    sent
      .filter((f): f is PreparedFrame => f instanceof PreparedFrame)
      .map(
        (f) =>
          (JSON.parse(f.data.toString("utf8")) as { payload: { message: Message } }).payload.message
            .seq,
      );
  const events = (sent: unknown[]) =>
    sent.filter((f) => !(f instanceof PreparedFrame)).map((f) => (f as { event: string }).event);

  it("serializes a post once for every follower and decides each follower once until something changes", async () => {
    const world = setUp();
    const a = world.connect("user-a");
    const b = world.connect("user-b");
    await world.feed.follow(a.connection, channelId, undefined);
    await world.feed.follow(b.connection, channelId, undefined);
    world.post();
    await until(() => seqsOf(a.sent).length === 1 && seqsOf(b.sent).length === 1);
    expect(a.sent[0]).toBe(b.sent[0]);
    const lookups = world.lookups();
    for (let i = 0; i < 5; i += 1) world.post();
    await until(() => seqsOf(a.sent).length === 6 && seqsOf(b.sent).length === 6);
    expect(seqsOf(a.sent)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(world.lookups()).toBe(lookups);
  });

  it("decides a follower when it follows, so the channel's next post goes out without a decision", async () => {
    const world = setUp();
    const a = world.connect("user-a");
    await world.feed.follow(a.connection, channelId, undefined);
    await until(() => world.lookups() === 1);
    // Refused from here on: a post now would be decided afresh if the answer were not cached.
    world.revoke("user-a");
    world.post();
    await until(() => seqsOf(a.sent).length === 1);
    expect(world.lookups()).toBe(1);
    expect(events(a.sent)).toEqual([]);
  });

  it("tells a follower refused by conditional access at once, not at the channel's next post", async () => {
    const world = setUp();
    world.conditionsAllow.value = false;
    const a = world.connect("user-a");
    await world.feed.follow(a.connection, channelId, undefined);
    await until(() => events(a.sent).includes("channel.access_lost"));
    expect(world.topics.get(a.connection)?.has(channelTopic(channelId))).toBe(false);
  });

  it("a refusal decided for a cursor that is gone does not drop the channel followed again meanwhile", async () => {
    const world = setUp();
    const a = world.connect("user-a");
    world.revoke("user-a");
    const release = world.hold();
    await world.feed.follow(a.connection, channelId, undefined);
    await until(() => world.lookups() === 1);
    // Unfollowed and followed again while the first (refusing) answer is still being decided.
    world.feed.unfollow(a.connection, channelId);
    world.access.delete("user-a");
    await world.feed.follow(a.connection, channelId, undefined);
    release();
    world.post();
    await until(() => seqsOf(a.sent).length === 1);
    expect(events(a.sent)).toEqual([]);
    expect(world.topics.get(a.connection)?.has(channelTopic(channelId))).toBe(true);
  });

  it("decides afresh when the hub re-checked the principal (a session no longer complete reads nothing)", async () => {
    const world = setUp();
    const a = world.connect("user-a");
    await world.feed.follow(a.connection, channelId, undefined);
    world.post();
    await until(() => seqsOf(a.sent).length === 1);
    a.connection.principal = principalOf("user-a", "password_change");
    world.post();
    await until(() => events(a.sent).includes("channel.access_lost"));
    world.post();
    await new Promise((r) => setTimeout(r, 20));
    expect(seqsOf(a.sent)).toEqual([1]);
    expect(world.topics.get(a.connection)?.has(channelTopic(channelId))).toBe(false);
  });

  it("drops a channel at once when a re-read principal is refused by conditional access (a new work context)", async () => {
    const world = setUp();
    const a = world.connect("user-a");
    await world.feed.follow(a.connection, channelId, undefined);
    world.post();
    await until(() => seqsOf(a.sent).length === 1);
    // The person declared "public place": the matrix refuses the channel's label there.
    world.conditionsAllow.value = false;
    a.connection.principal = principalOf("user-a");
    world.feed.refresh(a.connection);
    await until(() => events(a.sent).includes("channel.access_lost"));
    world.post();
    await new Promise((r) => setTimeout(r, 20));
    expect(seqsOf(a.sent)).toEqual([1]);
    expect(world.topics.get(a.connection)?.has(channelTopic(channelId))).toBe(false);
  });

  it("keeps delivering when the conditional part still allows after a refresh", async () => {
    const world = setUp();
    const a = world.connect("user-a");
    await world.feed.follow(a.connection, channelId, undefined);
    a.connection.principal = principalOf("user-a");
    world.feed.refresh(a.connection);
    world.post();
    await until(() => seqsOf(a.sent).length === 1);
    expect(events(a.sent)).toEqual([]);
  });

  it("decides afresh after an access change of the user, and only theirs", async () => {
    const world = setUp();
    const a = world.connect("user-a");
    const b = world.connect("user-b");
    await world.feed.follow(a.connection, channelId, undefined);
    await world.feed.follow(b.connection, channelId, undefined);
    world.post();
    await until(() => seqsOf(a.sent).length === 1 && seqsOf(b.sent).length === 1);
    world.revoke("user-a");
    world.feed.onAccess({ tenantId, userId: "user-a", teamId: null, channelId });
    await until(() => events(a.sent).includes("channel.access_lost"));
    world.post();
    await until(() => seqsOf(b.sent).length === 2);
    expect(seqsOf(a.sent)).toEqual([1]);
    expect(events(b.sent)).toEqual([]);
  });
});
