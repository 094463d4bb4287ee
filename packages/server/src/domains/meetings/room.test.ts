import { spawnSync } from "node:child_process";
import type {
  AttendanceResponse,
  JoinMeetingResponse,
  Meeting,
  MeetingRoomEvent,
  MeetingRoomJoined,
} from "@engawa/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../config/config.ts";
import { backends } from "../../../test/database.ts";
import { PASSWORD, seedWorld, type World } from "../../../test/fixtures.ts";
import { TestBrowser } from "../../../test/http.ts";
import { newMember } from "../../../test/mfa.ts";
import { createTestApp, type TestApp } from "../../../test/testApp.ts";
import { WsClient, type Frame } from "../../../test/wsClient.ts";
import { iceServersFor } from "./iceServers.ts";

/**
 * The media room over the WebSocket, on both databases (issue "Meetings": nobody in the lobby
 * receives media credentials or participant lists; all signalling travels over the Engawa
 * WebSocket as gateway actions). Admitted people enter with their own join and see each other;
 * offers and candidates reach exactly the named peer; someone waiting, someone using another's
 * join, or a removed participant cannot; a closed connection leaves (the attendance report
 * records it); ending the meeting closes everyone's seat.
 */
describe.each(backends())("the meeting room on %s", (backend) => {
  let t: TestApp;
  let world: World;
  let base: string;
  const sockets: WsClient[] = [];
  const as: Record<"owner" | "member" | "colleague" | "guest", TestBrowser> = {} as never;
  let colleagueId = "";

  beforeAll(async () => {
    t = await createTestApp(backend);
    world = await seedWorld(t.services);
    const colleague = await newMember(t, world);
    colleagueId = colleague.id;
    for (const [who, email] of [
      ["owner", world.a.users.owner.email],
      ["member", world.a.users.member.email],
      ["colleague", colleague.email],
      ["guest", world.a.users.guest.email],
    ] as const) {
      as[who] = new TestBrowser(t.app);
      const reply = await as[who].signIn("acme", email, PASSWORD);
      expect(reply.status, reply.body).toBe(200);
    }
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
  async function joined(browser: TestBrowser, meeting: Meeting): Promise<JoinMeetingResponse> {
    const reply = await browser.post("/api/t/acme/meeting-joins", { code: meeting.joinCode });
    expect(reply.status, reply.body).toBe(201);
    return reply.json<JoinMeetingResponse>();
  }
  const roomWith = (socket: WsClient, count: number) =>
    socket.next(
      (f: Frame) =>
        f.event === "meeting.room" && (f.payload as MeetingRoomEvent).peers.length === count,
      5000,
    );

  it("admitted people meet and signal each other; the lobby and strangers get nothing", async () => {
    const startsAt = new Date(t.clock.now().getTime() + 3600_000);
    const meeting = (
      await as.owner.post("/api/t/acme/meetings", {
        title: "回診",
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 3600_000).toISOString(),
        coOrganizerIds: [],
        inviteeIds: [world.a.users.member.id, colleagueId],
        lobbyBypass: "invited",
      })
    ).json<{ meeting: Meeting }>().meeting;
    const ownerJoin = await joined(as.owner, meeting);
    const memberJoin = await joined(as.member, meeting);
    const guestJoin = await joined(as.guest, meeting);
    expect(guestJoin.outcome).toBe("lobby");

    // Waiting in the lobby: no room, no peers, no ICE credentials.
    const guest = await connect(as.guest);
    expect(
      await guest.send("meeting.room.join", {
        meetingId: meeting.id,
        participantId: guestJoin.participantId,
      }),
    ).toMatchObject({ ok: false, error: { code: "forbidden" } });

    const owner = await connect(as.owner);
    const entered = await owner.send("meeting.room.join", {
      meetingId: meeting.id,
      participantId: ownerJoin.participantId,
    });
    expect(entered).toMatchObject({ ok: true });
    const mine = entered.payload as MeetingRoomJoined;
    expect(mine).toMatchObject({
      participantId: ownerJoin.participantId,
      yourRole: "organizer",
      mode: "p2p",
      iceServers: [],
      locked: false,
      meeting: { title: "回診", label: null, watermark: false },
    });
    expect(mine.peers.map((p) => p.participantId)).toEqual([ownerJoin.participantId]);

    const member = await connect(as.member);
    // Someone else's join does not open the room.
    expect(
      await member.send("meeting.room.join", {
        meetingId: meeting.id,
        participantId: ownerJoin.participantId,
      }),
    ).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(
      await member.send("meeting.room.join", {
        meetingId: meeting.id,
        participantId: memberJoin.participantId,
      }),
    ).toMatchObject({ ok: true, payload: { yourRole: "attendee" } });
    const seen = await roomWith(owner, 2);
    expect((seen.payload as MeetingRoomEvent).peers.map((p) => p.participantId).sort()).toEqual(
      [ownerJoin.participantId, memberJoin.participantId].sort(),
    );

    const offer = { type: "offer", sdp: "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n" };
    expect(
      await owner.send("meeting.room.signal", {
        meetingId: meeting.id,
        from: ownerJoin.participantId,
        to: memberJoin.participantId,
        signal: offer,
      }),
    ).toMatchObject({ ok: true });
    const relayed = await member.next((f) => f.event === "meeting.signal", 5000);
    expect(relayed.payload).toEqual({
      meetingId: meeting.id,
      from: ownerJoin.participantId,
      signal: offer,
    });
    const candidate = {
      type: "candidate",
      candidate: "candidate:1 1 udp 2122260223 10.200.1.1 50000 typ host",
      sdpMid: "0",
      sdpMLineIndex: 0,
    };
    // Signalling as someone else, or to someone not in the room: 404.
    expect(
      await member.send("meeting.room.signal", {
        meetingId: meeting.id,
        from: ownerJoin.participantId,
        to: memberJoin.participantId,
        signal: candidate,
      }),
    ).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(
      await member.send("meeting.room.signal", {
        meetingId: meeting.id,
        from: memberJoin.participantId,
        to: guestJoin.participantId,
        signal: candidate,
      }),
    ).toMatchObject({ ok: false, error: { code: "not_found" } });
    // A malformed signal is refused before anything is relayed.
    expect(
      await member.send("meeting.room.signal", {
        meetingId: meeting.id,
        from: memberJoin.participantId,
        to: ownerJoin.participantId,
        signal: { type: "offer", sdp: "x".repeat(40_000) },
      }),
    ).toMatchObject({ ok: false, error: { code: "invalid_request" } });

    // Locking is heard in the room.
    expect(
      (await as.owner.request("PATCH", `/api/t/acme/meetings/${meeting.id}`, { locked: true }))
        .status,
    ).toBe(200);
    await member.next(
      (f) => f.event === "meeting.room" && (f.payload as MeetingRoomEvent).locked,
      5000,
    );

    // Removed: the member's seat closes and the organiser sees them gone.
    const removed = await as.owner.post(
      `/api/t/acme/meetings/${meeting.id}/participants/${memberJoin.participantId}/remove`,
    );
    expect(removed.status, removed.body).toBe(200);
    expect((await member.next((f) => f.event === "meeting.closed", 5000)).payload).toEqual({
      meetingId: meeting.id,
      participantId: memberJoin.participantId,
      reason: "removed",
    });
    await roomWith(owner, 1);
    expect(
      await member.send("meeting.room.signal", {
        meetingId: meeting.id,
        from: memberJoin.participantId,
        to: ownerJoin.participantId,
        signal: candidate,
      }),
    ).toMatchObject({ ok: false, error: { code: "forbidden" } });
  });

  it("a closed connection leaves the room and the report records it; ending closes every seat", async () => {
    const startsAt = new Date(t.clock.now().getTime() + 3600_000);
    const meeting = (
      await as.owner.post("/api/t/acme/meetings", {
        title: "職員会議",
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 3600_000).toISOString(),
        coOrganizerIds: [],
        inviteeIds: [colleagueId],
        lobbyBypass: "invited",
      })
    ).json<{ meeting: Meeting }>().meeting;
    const ownerJoin = await joined(as.owner, meeting);
    const colleagueJoin = await joined(as.colleague, meeting);
    const owner = await connect(as.owner);
    await owner.send("meeting.room.join", {
      meetingId: meeting.id,
      participantId: ownerJoin.participantId,
    });
    const colleague = await connect(as.colleague);
    await colleague.send("meeting.room.join", {
      meetingId: meeting.id,
      participantId: colleagueJoin.participantId,
    });
    await roomWith(owner, 2);
    colleague.close();
    await roomWith(owner, 1);
    const report = (
      await as.owner.get(`/api/t/acme/meetings/${meeting.id}/attendance`)
    ).json<AttendanceResponse>();
    const row = report.attendance.find((r) => r.participantId === colleagueJoin.participantId);
    expect(row?.state).toBe("left");
    expect(row?.leftAt).not.toBeNull();

    expect((await as.owner.post(`/api/t/acme/meetings/${meeting.id}/end`)).status).toBe(200);
    expect((await owner.next((f) => f.event === "meeting.closed", 5000)).payload).toMatchObject({
      reason: "ended",
    });
  });
});

describe.each(backends())("the meeting chat on %s", (backend) => {
  let t: TestApp;
  let world: World;
  let base: string;
  const sockets: WsClient[] = [];
  const as: Record<"owner" | "member" | "guest", TestBrowser> = {} as never;

  beforeAll(async () => {
    t = await createTestApp(backend);
    world = await seedWorld(t.services);
    for (const who of ["owner", "member", "guest"] as const) {
      as[who] = new TestBrowser(t.app);
      const reply = await as[who].signIn("acme", world.a.users[who].email, PASSWORD);
      expect(reply.status, reply.body).toBe(200);
    }
    await t.app.listen({ port: 0, host: "127.0.0.1" });
    const address = t.app.server.address();
    base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await t.close();
  });

  it("is heard in the room, kept for the meeting's people after it ends, and closed to the lobby", async () => {
    const startsAt = new Date(t.clock.now().getTime() + 3600_000);
    const meeting = (
      await as.owner.post("/api/t/acme/meetings", {
        title: "学年会議",
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 3600_000).toISOString(),
        coOrganizerIds: [],
        inviteeIds: [world.a.users.member.id],
        lobbyBypass: "invited",
      })
    ).json<{ meeting: Meeting }>().meeting;
    const chatUrl = `/api/t/acme/meetings/${meeting.id}/chat`;
    const join = async (browser: TestBrowser) =>
      (
        await browser.post("/api/t/acme/meeting-joins", { code: meeting.joinCode })
      ).json<JoinMeetingResponse>();
    const ownerJoin = await join(as.owner);
    const memberJoin = await join(as.member);
    const guestJoin = await join(as.guest);
    expect(guestJoin.outcome).toBe("lobby");
    const owner = await WsClient.connect(base, as.owner);
    sockets.push(owner);
    await owner.next((f) => f.event === "ready");
    await owner.send("meeting.room.join", {
      meetingId: meeting.id,
      participantId: ownerJoin.participantId,
    });

    const posted = await as.member.post(chatUrl, {
      participantId: memberJoin.participantId,
      body: "資料は共有フォルダにあります",
    });
    expect(posted.status, posted.body).toBe(201);
    const heard = await owner.next((f) => f.event === "meeting.chat", 5000);
    expect(heard.payload).toMatchObject({
      participantId: memberJoin.participantId,
      authorName: "member of acme",
      body: "資料は共有フォルダにあります",
    });
    // Writing with someone else's join, or an empty body: refused, nothing kept.
    expect(
      (
        await as.member.post(chatUrl, {
          participantId: ownerJoin.participantId,
          body: "なりすまし",
        })
      ).status,
    ).toBe(404);
    expect(
      (await as.member.post(chatUrl, { participantId: memberJoin.participantId, body: " " }))
        .status,
    ).toBe(400);
    // Someone waiting in the lobby neither reads nor writes it.
    expect((await as.guest.get(chatUrl)).status).toBe(403);
    expect(
      (await as.guest.post(chatUrl, { participantId: guestJoin.participantId, body: "こんにちは" }))
        .status,
    ).toBe(403);

    expect((await as.owner.post(`/api/t/acme/meetings/${meeting.id}/end`)).status).toBe(200);
    const after = await as.member.get(chatUrl);
    expect(after.status, after.body).toBe(200);
    expect(after.json<{ messages: { body: string }[] }>().messages.map((m) => m.body)).toEqual([
      "資料は共有フォルダにあります",
    ]);
    const late = await as.member.post(chatUrl, {
      participantId: memberJoin.participantId,
      body: "遅れました",
    });
    expect(late.status).toBe(403);
    expect(late.json<{ error: { code: string } }>().error.code).toBe("meeting_ended");
  });
});

describe("TURN credentials", () => {
  it("follow coturn's shared-secret scheme: expiry:participant signed with HMAC-SHA1", () => {
    const media = loadConfig({
      ENGAWA_TURN_URLS: "turn:turn.example.jp:3478?transport=udp,turns:turn.example.jp:5349",
      ENGAWA_TURN_SECRET: "a-long-shared-secret-1234",
      ENGAWA_STUN_URLS: "stun:turn.example.jp:3478",
      ENGAWA_TURN_TTL_SECONDS: "600",
    }).media;
    const now = new Date("2026-11-24T09:00:00Z");
    const [stun, turn] = iceServersFor(media, "3b1f0e6c-8a4e-4d0a-9a7e-2c3f9b1d5e77", now);
    expect(stun).toEqual({ urls: ["stun:turn.example.jp:3478"] });
    const expiry = now.getTime() / 1000 + 600;
    expect(turn?.username).toBe(`${expiry}:3b1f0e6c-8a4e-4d0a-9a7e-2c3f9b1d5e77`);
    // Checked by OpenSSL, as coturn computes it: base64(HMAC-SHA1(secret, username)).
    const openssl = spawnSync(
      "sh",
      ["-c", 'printf %s "$U" | openssl dgst -sha1 -hmac "$S" -binary | base64'],
      {
        env: { U: turn?.username ?? "", S: "a-long-shared-secret-1234", PATH: process.env.PATH },
        encoding: "utf8",
      },
    );
    expect(turn?.credential).toBe(openssl.stdout.trim());
  });

  it("a TURN URL without the secret, or a Janus URL off loopback, stops the start with the reason", () => {
    expect(() => loadConfig({ ENGAWA_TURN_URLS: "turn:x.example:3478" })).toThrow(
      /ENGAWA_TURN_SECRET/,
    );
    expect(() => loadConfig({ ENGAWA_JANUS_URL: "ws://10.0.0.5:8188" })).toThrow(/loopback/);
    expect(() => loadConfig({ ENGAWA_STUN_URLS: "http://x" })).toThrow(/ENGAWA_STUN_URLS/);
  });
});
