import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChatSummary, PeopleResponse, Person, TeamSummary } from "@engawa/shared";
import { scopeFor } from "../../platform/scope.ts";
import { backends } from "../../../test/database.ts";
import { PASSWORD, seedWorld, type World } from "../../../test/fixtures.ts";
import { TestBrowser } from "../../../test/http.ts";
import { createTestApp, type TestApp } from "../../../test/testApp.ts";
import { WsClient } from "../../../test/wsClient.ts";

/**
 * Finding people to chat with, on each database: members find anyone active in their organisation
 * by part of a name (Japanese too, spaces and width folded) or address; guests only people of
 * their teams; disabled people and other organisations never; bad queries are refused in words.
 */
describe.each(backends())("people search and the chat list on %s", (backend) => {
  let t: TestApp;
  let world: World;
  let owner: TestBrowser;
  let member: TestBrowser;
  let guest: TestBrowser;
  let nurse: { id: string };
  let team: TeamSummary;

  const signedIn = async (email: string) => {
    const browser = new TestBrowser(t.app);
    const reply = await browser.signIn("acme", email, PASSWORD);
    if (reply.status !== 200) throw new Error(reply.body);
    return browser;
  };
  const find = async (browser: TestBrowser, query: string): Promise<Person[]> => {
    const reply = await browser.get(`/api/t/acme/people?query=${encodeURIComponent(query)}`);
    expect(reply.status, reply.body).toBe(200);
    return reply.json<PeopleResponse>().people;
  };
  const ids = (people: Person[]) => people.map((p) => p.id).sort();

  beforeAll(async () => {
    t = await createTestApp(backend);
    world = await seedWorld(t.services);
    const scope = scopeFor({ type: "local_admin", label: "test fixture" }, world.a.id);
    nurse = await t.services.identity.createActiveUser(scope, {
      email: "Sato.Hanako@acme.example",
      displayName: "佐藤 花子",
      role: "member",
      passwordHash: null,
    });
    owner = await signedIn(world.a.users.owner.email);
    member = await signedIn(world.a.users.member.email);
    guest = await signedIn(world.a.users.guest.email);
    // The guest shares one team with the member (and its owner), none with the admin or the nurse.
    team = (
      await owner.post("/api/t/acme/teams", { name: "病棟チーム", visibility: "private" })
    ).json<TeamSummary>();
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
    await t.close();
  });

  it("finds people by part of a Japanese name (spaces and width folded) or e-mail, case-insensitive", async () => {
    for (const query of [
      "佐藤",
      "花子",
      "佐藤花子",
      "佐藤　花子",
      "sato.hanako",
      "SATO",
      "ｓａｔｏ",
    ])
      expect(ids(await find(member, query)), query).toEqual([nurse.id]);
    const [found] = await find(member, "花子");
    // Name and address only: nothing about roles or administration.
    expect(found).toEqual({
      id: nurse.id,
      displayName: "佐藤 花子",
      email: "sato.hanako@acme.example",
      guest: false,
    });
    // Guests are marked as such; the asker is never among the results.
    const everyone = await find(member, "acme.example");
    expect(ids(everyone)).toEqual(
      ids([
        { id: world.a.users.owner.id },
        { id: world.a.users.admin.id },
        { id: world.a.users.guest.id },
        { id: nurse.id },
      ] as Person[]),
    );
    expect(everyone.find((p) => p.id === world.a.users.guest.id)?.guest).toBe(true);
    // Another organisation's people are not there.
    expect(await find(member, "beta")).toEqual([]);
  });

  it("answers a guest only with people who share a team with them", async () => {
    // The team's owner (who made it) and the member; not the admin, not the nurse.
    expect(ids(await find(guest, "acme.example"))).toEqual(
      [world.a.users.member.id, world.a.users.owner.id].sort(),
    );
    expect(await find(guest, "佐藤")).toEqual([]);
    expect(await find(guest, "admin")).toEqual([]);
    // A team that turns guests off no longer counts for its guests, for search and for chats.
    expect(
      (await owner.request("PATCH", `/api/t/acme/teams/${team.id}`, { allowGuests: false })).status,
    ).toBe(200);
    expect(await find(guest, "member")).toEqual([]);
    expect(
      (await guest.post("/api/t/acme/chats", { userIds: [world.a.users.member.id] })).status,
    ).toBe(404);
    await owner.request("PATCH", `/api/t/acme/teams/${team.id}`, { allowGuests: true });
    expect(ids(await find(guest, "member"))).toEqual([world.a.users.member.id]);
  });

  it("never shows disabled people, and answers at most 20", async () => {
    const disabled = await owner.post(`/api/t/acme/users/${nurse.id}/disable`);
    expect(disabled.status, disabled.body).toBe(200);
    expect(await find(member, "佐藤")).toEqual([]);
    expect((await member.post("/api/t/acme/chats", { userIds: [nurse.id] })).status).toBe(404);

    const scope = scopeFor({ type: "local_admin", label: "test fixture" }, world.a.id);
    for (let i = 0; i < 22; i += 1)
      await t.services.identity.createActiveUser(scope, {
        email: `ward${i}@acme.example`,
        displayName: `看護師 ${String(i).padStart(2, "0")}`,
        role: "member",
        passwordHash: null,
      });
    const many = await find(member, "看護師");
    expect(many).toHaveLength(20);
    expect(many[0]?.displayName).toBe("看護師 00");
    const few = await member.get(
      `/api/t/acme/people?query=${encodeURIComponent("看護師")}&limit=3`,
    );
    expect(few.json<PeopleResponse>().people).toHaveLength(3);
  });

  it("tells the other people's open connections of a new chat, and lists chats by their newest message", async () => {
    const start = async (userIds: string[], topic?: string) => {
      const reply = await member.post("/api/t/acme/chats", {
        userIds,
        ...(topic ? { topic } : {}),
      });
      expect(reply.status, reply.body).toBe(200);
      return reply.json<ChatSummary>().id;
    };
    const say = async (chatId: string, body: string) => {
      t.clock.advance(60_000);
      const reply = await member.post(`/api/t/acme/channels/${chatId}/messages`, { body });
      expect(reply.status, reply.body).toBe(201);
    };
    const order = async () =>
      (await member.get("/api/t/acme/chats"))
        .json<{ chats: ChatSummary[] }>()
        .chats.map((c) => c.id);

    // The owner's open page hears of the chat at once (their list changed).
    await t.app.listen({ port: 0, host: "127.0.0.1" });
    const address = t.app.server.address();
    const port = typeof address === "object" && address ? address.port : 0;
    const socket = await WsClient.connect(`http://127.0.0.1:${port}`, owner);
    try {
      await socket.next((f) => f.event === "ready");
      expect(await socket.send("activity.subscribe", {})).toMatchObject({ ok: true });
      const busy = await start([world.a.users.owner.id]);
      expect((await socket.next((f) => f.event === "chat.added")).payload).toEqual({
        chatId: busy,
      });

      // Sequence numbers are per chat: three messages do not make a chat newer than a later one.
      for (const body of ["一", "二", "三"]) await say(busy, body);
      t.clock.advance(60_000);
      const fresh = await start([world.a.users.owner.id, world.a.users.admin.id], "新しい話題");
      await socket.next(
        (f) => f.event === "chat.added" && (f.payload as { chatId: string }).chatId === fresh,
      );
      // Once for each chat the owner was added to.
      expect(socket.frames.filter((f) => f.event === "chat.added")).toHaveLength(2);
      expect(await order()).toEqual([fresh, busy]);
      await say(busy, "四");
      expect(await order()).toEqual([busy, fresh]);
      await say(fresh, "五");
      expect(await order()).toEqual([fresh, busy]);
    } finally {
      socket.close();
    }
  });

  it("adds people to a group chat, who then read its history; names it; anyone leaves; a 1:1 stays between two", async () => {
    const history = (browser: TestBrowser, chatId: string) =>
      browser.get(`/api/t/acme/channels/${chatId}/messages`);
    const listed = async (browser: TestBrowser) =>
      (await browser.get("/api/t/acme/chats")).json<{ chats: ChatSummary[] }>().chats;
    const group = (
      await member.post("/api/t/acme/chats", {
        userIds: [world.a.users.owner.id],
        topic: "申し送り",
      })
    ).json<ChatSummary>();
    expect(
      (await member.post(`/api/t/acme/channels/${group.id}/messages`, { body: "夜勤の件" })).status,
    ).toBe(201);

    // The member adds the guest (they share a team): the guest lists the chat and reads its history.
    const added = await member.request(
      "PUT",
      `/api/t/acme/channels/${group.id}/members/${world.a.users.guest.id}`,
    );
    expect(added.status, added.body).toBe(200);
    expect((await listed(guest)).map((c) => c.id)).toContain(group.id);
    expect((await history(guest, group.id)).body).toContain("夜勤の件");
    // A guest brings in only people of their teams.
    const outsider = await guest.request(
      "PUT",
      `/api/t/acme/channels/${group.id}/members/${nurse.id}`,
    );
    expect(outsider.status).toBe(404);
    expect(outsider.json()).toMatchObject({ error: { code: "not_found", field: "userId" } });

    // Anyone in it names it; the others' lists say so.
    const named = await guest.request("PATCH", `/api/t/acme/chats/${group.id}`, {
      topic: " 回診 ",
    });
    expect(named.status, named.body).toBe(200);
    expect(named.json<ChatSummary>().topic).toBe("回診");
    expect((await listed(owner)).find((c) => c.id === group.id)?.topic).toBe("回診");

    // A 1:1 chat takes neither a third person nor a name.
    const direct = (
      await member.post("/api/t/acme/chats", { userIds: [world.a.users.admin.id] })
    ).json<ChatSummary>();
    const third = await member.request(
      "PUT",
      `/api/t/acme/channels/${direct.id}/members/${world.a.users.owner.id}`,
    );
    expect(third.status).toBe(409);
    expect(third.json()).toMatchObject({ error: { code: "invalid_state", field: "userId" } });
    const directName = await member.request("PATCH", `/api/t/acme/chats/${direct.id}`, {
      topic: "x",
    });
    expect(directName.json()).toMatchObject({ error: { code: "invalid_state", field: "topic" } });

    // Nobody removes someone else from a chat; anyone leaves it, and then reads nothing of it.
    const ousted = await owner.request(
      "DELETE",
      `/api/t/acme/channels/${group.id}/members/${world.a.users.member.id}`,
    );
    expect([403, 404]).toContain(ousted.status);
    const left = await guest.request(
      "DELETE",
      `/api/t/acme/channels/${group.id}/members/${world.a.users.guest.id}`,
    );
    expect(left.status, left.body).toBe(200);
    expect([403, 404]).toContain((await history(guest, group.id)).status);
    expect((await listed(guest)).map((c) => c.id)).not.toContain(group.id);
    // Someone outside a chat cannot name it either.
    expect([403, 404]).toContain(
      (await guest.request("PATCH", `/api/t/acme/chats/${group.id}`, { topic: "y" })).status,
    );
  });

  it("shows each chat's newest message in the list, shortened, never a deleted one", async () => {
    const chat = (
      await member.post("/api/t/acme/chats", {
        userIds: [world.a.users.owner.id, world.a.users.admin.id],
      })
    ).json<ChatSummary>();
    expect(chat.lastMessage).toBeNull();
    const entry = async (browser: TestBrowser) =>
      (await browser.get("/api/t/acme/chats"))
        .json<{ chats: ChatSummary[] }>()
        .chats.find((c) => c.id === chat.id)?.lastMessage;
    const say = async (browser: TestBrowser, body: string) => {
      const reply = await browser.post(`/api/t/acme/channels/${chat.id}/messages`, { body });
      expect(reply.status, reply.body).toBe(201);
      return reply.json<{ id: string }>().id;
    };
    await say(member, "午前の訪問は\n  三件です");
    const long = "長".repeat(100);
    const last = await say(owner, long);
    expect(await entry(member)).toMatchObject({
      authorId: world.a.users.owner.id,
      text: `${"長".repeat(80)}…`,
      withFiles: false,
    });
    // Deleted, it gives way to the message before it — for every member alike.
    expect((await owner.request("DELETE", `/api/t/acme/messages/${last}`)).status).toBe(200);
    expect(await entry(owner)).toMatchObject({
      authorId: world.a.users.member.id,
      text: "午前の訪問は 三件です",
    });
    // A meeting scheduled in the chat is listed by its title, not its link's lines.
    const startsAt = new Date(Date.now() + 3_600_000);
    const scheduled = await member.post("/api/t/acme/meetings", {
      title: "退院前カンファレンス",
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 1_800_000).toISOString(),
      coOrganizerIds: [],
      inviteeIds: [],
      lobbyBypass: null,
      channelId: chat.id,
    });
    expect(scheduled.status, scheduled.body).toBe(201);
    expect((await entry(owner))?.text).toBe("📅 退院前カンファレンス");
  });

  it("starts no chat with someone who has not accepted their invitation yet, as search shows none", async () => {
    const invited = await owner.post("/api/t/acme/users", {
      email: "newcomer@acme.example",
      displayName: "新人 一郎",
      role: "member",
    });
    expect(invited.status, invited.body).toBe(201);
    const id = invited.json<{ user: { id: string } }>().user.id;
    expect(await find(member, "新人")).toEqual([]);
    const refused = await member.post("/api/t/acme/chats", { userIds: [id] });
    expect(refused.status).toBe(404);
    expect(refused.json()).toMatchObject({ error: { code: "not_found", field: "userIds" } });
  });

  it("refuses a bad query with a stable code", async () => {
    for (const url of [
      "/api/t/acme/people",
      "/api/t/acme/people?query=",
      `/api/t/acme/people?query=${encodeURIComponent("   ")}`,
      `/api/t/acme/people?query=${encodeURIComponent("a\u0000b")}`,
      `/api/t/acme/people?query=${"x".repeat(101)}`,
      "/api/t/acme/people?query=a&limit=21",
      "/api/t/acme/people?query=a&other=1",
    ]) {
      const reply = await member.get(url);
      expect(reply.status, url).toBe(400);
      expect(reply.json<{ error: { code: string } }>().error.code, url).toBe("invalid_request");
    }
    // A query of spaces that NFKC turns into nothing (ideographic space) is refused in words too.
    const ideographic = await member.get(
      `/api/t/acme/people?query=${encodeURIComponent("\u3000")}`,
    );
    expect(ideographic.status).toBe(400);
  });
});
