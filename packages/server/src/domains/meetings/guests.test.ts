import type {
  AnonymousKnockResponse,
  JoinMeetingResponse,
  Meeting,
  MeetingEnterResponse,
  MeetingRoomEvent,
  MeetingRoomJoined,
} from "@engawa/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends } from "../../../test/database.ts";
import { PASSWORD, seedWorld, type World } from "../../../test/fixtures.ts";
import { TestBrowser } from "../../../test/http.ts";
import { createTestApp, type TestApp } from "../../../test/testApp.ts";
import { WsClient, type Frame } from "../../../test/wsClient.ts";

/**
 * People without an account after the lobby (issue "Meetings"): an admitted anonymous joiner
 * exchanges the ticket for the meeting cookie and enters the room over the WebSocket, seen by the
 * others as kind "anonymous" with the name they typed. Before admission, turned away, with a wrong
 * ticket, after removal or the meeting's end they are refused with stable codes; with the cookie
 * they reach that meeting's room and chat only — never user routes, channels, presence or another
 * meeting.
 */
describe.each(backends())("anonymous joiners in the room on %s", (backend) => {
  let t: TestApp;
  let world: World;
  let base: string;
  const sockets: WsClient[] = [];
  let owner: TestBrowser;

  beforeAll(async () => {
    t = await createTestApp(backend);
    world = await seedWorld(t.services);
    owner = new TestBrowser(t.app);
    expect((await owner.signIn("acme", world.a.users.owner.email, PASSWORD)).status).toBe(200);
    await t.app.listen({ port: 0, host: "127.0.0.1" });
    const address = t.app.server.address();
    base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await t.close();
  });

  async function connect(browser: TestBrowser): Promise<WsClient> {
    const socket = await WsClient.connect(base, browser);
    sockets.push(socket);
    await socket.next((f) => f.event === "ready");
    return socket;
  }
  async function schedule(title: string): Promise<Meeting> {
    const startsAt = new Date(t.clock.now().getTime() + 600_000);
    const reply = await owner.post("/api/t/acme/meetings", {
      title,
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 3600_000).toISOString(),
      coOrganizerIds: [],
      inviteeIds: [],
      lobbyBypass: "organizers",
    });
    expect(reply.status, reply.body).toBe(201);
    return reply.json<{ meeting: Meeting }>().meeting;
  }
  async function knock(meeting: Meeting, name: string) {
    const browser = new TestBrowser(t.app);
    const reply = await browser.post("/api/meeting-knocks/acme", { code: meeting.joinCode, name });
    expect(reply.status, reply.body).toBe(201);
    return { browser, ...reply.json<AnonymousKnockResponse>() };
  }
  const enter = (browser: TestBrowser, ticket: string) =>
    browser.post("/api/meeting-knocks/acme/enter", { ticket });
  const decide = (meeting: Meeting, participantId: string, how: "admit" | "deny") =>
    owner.post(`/api/t/acme/meetings/${meeting.id}/lobby/${participantId}/${how}`, {});

  it("an admitted anonymous joiner enters the room and hears its events; nothing else opens", async () => {
    const meeting = await schedule("保護者面談");
    const ownerJoin = (
      await owner.post("/api/t/acme/meeting-joins", { code: meeting.joinCode })
    ).json<JoinMeetingResponse>();
    const ownerSocket = await connect(owner);
    expect(
      await ownerSocket.send("meeting.room.join", {
        meetingId: meeting.id,
        participantId: ownerJoin.participantId,
      }),
    ).toMatchObject({ ok: true });

    const parent = await knock(meeting, "山田 (保護者)");
    // Before admission: no cookie, and no WebSocket.
    const early = await enter(parent.browser, parent.ticket);
    expect(early.status).toBe(409);
    expect(early.json()).toMatchObject({ error: { code: "still_in_lobby" } });
    expect(parent.browser.cookies.size).toBe(0);
    await expect(WsClient.connect(base, parent.browser)).rejects.toThrow("401");
    // A wrong ticket is not found (the same shape as a real one).
    const wrong = await enter(new TestBrowser(t.app), "A".repeat(43));
    expect(wrong.status).toBe(404);
    expect(wrong.json()).toMatchObject({ error: { code: "not_found" } });

    expect((await decide(meeting, parent.participantId, "admit")).status).toBe(200);
    const entered = await enter(parent.browser, parent.ticket);
    expect(entered.status, entered.body).toBe(200);
    expect(entered.json<MeetingEnterResponse>()).toEqual({
      meetingId: meeting.id,
      participantId: parent.participantId,
      displayName: "山田 (保護者)",
    });
    const cookie = String(entered.headers["set-cookie"]);
    expect(cookie).toMatch(/engawa_meeting=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/api/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/Max-Age=\d+/);
    expect(cookie).not.toMatch(/__Host-/);

    const guest = await connect(parent.browser);
    // Another's join does not open the room, nor does a frame outside the meeting room.
    expect(
      await guest.send("meeting.room.join", {
        meetingId: meeting.id,
        participantId: ownerJoin.participantId,
      }),
    ).toMatchObject({ ok: false, error: { code: "not_found" } });
    const seated = await guest.send("meeting.room.join", {
      meetingId: meeting.id,
      participantId: parent.participantId,
    });
    expect(seated).toMatchObject({ ok: true });
    const room = seated.payload as MeetingRoomJoined;
    expect(room.yourRole).toBe("attendee");
    // Let in, they are shown what every participant is of the meeting (no more).
    expect(room.meeting).toEqual({ title: meeting.title, label: null, watermark: false });
    expect(room.peers.find((p) => p.participantId === parent.participantId)).toEqual({
      participantId: parent.participantId,
      displayName: "山田 (保護者)",
      kind: "anonymous",
      role: "attendee",
      presenting: false,
    });
    // An attendee without an account presents when the organisation lets everyone (the default),
    // and may always stop (who-may-present by rule: presenting.test.ts, policy.cedar).
    for (const presenting of [true, false])
      expect(
        await guest.send("meeting.room.present", {
          meetingId: meeting.id,
          participantId: parent.participantId,
          presenting,
        }),
      ).toMatchObject({ ok: true, payload: { presenting } });
    const heard = await ownerSocket.next(
      (f: Frame) =>
        f.event === "meeting.room" && (f.payload as MeetingRoomEvent).peers.length === 2,
      5000,
    );
    expect((heard.payload as MeetingRoomEvent).peers.map((p) => p.kind).sort()).toEqual([
      "anonymous",
      "organizer",
    ]);
    // Signalling both ways, and room events: the guest hears the owner's offer.
    expect(
      await guest.send("meeting.room.signal", {
        meetingId: meeting.id,
        from: parent.participantId,
        to: ownerJoin.participantId,
        signal: { type: "offer", sdp: "v=0\r\n" },
      }),
    ).toMatchObject({ ok: true });
    await ownerSocket.next((f) => f.event === "meeting.signal", 5000);
    await ownerSocket.send("meeting.room.signal", {
      meetingId: meeting.id,
      from: ownerJoin.participantId,
      to: parent.participantId,
      signal: { type: "answer", sdp: "v=0\r\n" },
    });
    await guest.next((f) => f.event === "meeting.signal", 5000);

    // The meeting's chat, as themselves.
    const said = await parent.browser.post(`/api/t/acme/meetings/${meeting.id}/chat`, {
      participantId: parent.participantId,
      body: "よろしくお願いします",
    });
    expect(said.status, said.body).toBe(201);
    expect(said.json()).toMatchObject({ message: { authorName: "山田 (保護者)" } });
    await guest.next((f) => f.event === "meeting.chat", 5000);
    expect((await parent.browser.get(`/api/t/acme/meetings/${meeting.id}/chat`)).status).toBe(200);

    // Nothing of a user: no /api/me, no teams, no people, no channels, no presence, no meeting list.
    for (const url of [
      "/api/me",
      "/api/t/acme/teams",
      "/api/t/acme/meetings",
      `/api/t/acme/meetings/${meeting.id}`,
      `/api/t/acme/meetings/${meeting.id}/lobby`,
      `/api/t/acme/meetings/${meeting.id}/participants`,
    ]) {
      const reply = await parent.browser.get(url);
      expect([401, 403, 404], `${url}: ${reply.status}`).toContain(reply.status);
      expect(reply.body).not.toContain(world.a.users.owner.email);
    }
    for (const [type, payload] of [
      ["session.ping", {}],
      ["presence.subscribe", {}],
      ["activity.subscribe", {}],
      ["channel.subscribe", { channelId: "00000000-0000-4000-8000-000000000000" }],
      ["meeting.lobby.subscribe", { meetingId: meeting.id }],
    ] as const)
      expect(await guest.send(type, payload), type).toMatchObject({
        ok: false,
        error: { code: expect.stringMatching(/^(forbidden|not_found|invalid_request)$/) as string },
      });

    // Another meeting of the organisation: refused, even with a join of that meeting.
    const other = await schedule("職員会議");
    const otherJoin = (
      await owner.post("/api/t/acme/meeting-joins", { code: other.joinCode })
    ).json<JoinMeetingResponse>();
    expect(
      await guest.send("meeting.room.join", {
        meetingId: other.id,
        participantId: otherJoin.participantId,
      }),
    ).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(
      (
        await parent.browser.post(`/api/t/acme/meetings/${other.id}/chat`, {
          participantId: otherJoin.participantId,
          body: "x",
        })
      ).status,
    ).toBe(403);

    // Removed: the seat closes, the connection ends at its next frame, the ticket opens nothing.
    const removed = await owner.post(
      `/api/t/acme/meetings/${meeting.id}/participants/${parent.participantId}/remove`,
      {},
    );
    expect(removed.status, removed.body).toBe(200);
    await guest.next(
      (f) => f.event === "meeting.closed" && (f.payload as { reason: string }).reason === "removed",
      5000,
    );
    void guest.send("meeting.room.join", {
      meetingId: meeting.id,
      participantId: parent.participantId,
    });
    expect(await guest.closed()).toBe(4401);
    const again = await enter(parent.browser, parent.ticket);
    expect(again.status).toBe(403);
    expect(again.json()).toMatchObject({ error: { code: "removed_from_meeting" } });
    expect(
      (
        await parent.browser.post("/api/meeting-knocks/acme/state", { ticket: parent.ticket })
      ).json(),
    ).toEqual({ state: "removed" });
    await expect(WsClient.connect(base, parent.browser)).rejects.toThrow("401");
  });

  it("turned away, or the meeting ended: the ticket opens nothing", async () => {
    const meeting = await schedule("面談");
    const turnedAway = await knock(meeting, "佐藤");
    expect((await decide(meeting, turnedAway.participantId, "deny")).status).toBe(200);
    const denied = await enter(turnedAway.browser, turnedAway.ticket);
    expect(denied.status).toBe(403);
    expect(denied.json()).toMatchObject({ error: { code: "lobby_denied" } });

    const late = await knock(meeting, "鈴木");
    expect((await decide(meeting, late.participantId, "admit")).status).toBe(200);
    expect((await enter(late.browser, late.ticket)).status).toBe(200);
    const socket = await connect(late.browser);
    expect((await owner.post(`/api/t/acme/meetings/${meeting.id}/end`, {})).status).toBe(200);
    const afterEnd = await enter(late.browser, late.ticket);
    expect(afterEnd.status).toBe(403);
    expect(afterEnd.json()).toMatchObject({ error: { code: "meeting_ended" } });
    void socket.send("meeting.room.join", {
      meetingId: meeting.id,
      participantId: late.participantId,
    });
    expect(await socket.closed()).toBe(4401);
    expect(
      (await late.browser.post("/api/meeting-knocks/acme/state", { ticket: late.ticket })).json(),
    ).toEqual({ state: "ended" });
  });
});
