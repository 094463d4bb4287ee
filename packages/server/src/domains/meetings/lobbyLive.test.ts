import type {
  JoinMeetingResponse,
  Meeting,
  MeetingKnockEvent,
  MeetingLobbyEvent,
} from "@engawa/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends } from "../../../test/database.ts";
import { PASSWORD, seedWorld, type World } from "../../../test/fixtures.ts";
import { TestBrowser } from "../../../test/http.ts";
import { createTestApp, type TestApp } from "../../../test/testApp.ts";
import { WsClient, type Frame } from "../../../test/wsClient.ts";

/**
 * The lobby, live, on both databases (issue "Meetings": waiting people appear to organisers; the
 * person waiting learns at once when they are let in). The organiser's connection hears each knock
 * and each decision; the member waiting hears their admission on theirs; nobody else can follow
 * someone else's knock; the organisation's other people cannot follow the lobby.
 */
describe.each(backends())("the live lobby on %s", (backend) => {
  let t: TestApp;
  let world: World;
  let base: string;
  const sockets: WsClient[] = [];
  const as: Record<"owner" | "member" | "admin", TestBrowser> = {} as never;

  beforeAll(async () => {
    t = await createTestApp(backend);
    world = await seedWorld(t.services);
    for (const who of ["owner", "member", "admin"] as const) {
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

  async function connect(browser: TestBrowser): Promise<WsClient> {
    const socket = await WsClient.connect(base, browser);
    sockets.push(socket);
    await socket.next((f) => f.event === "ready");
    return socket;
  }
  /**
   * The first `meeting.lobby` event (seen or to come) whose waiting people are of these kinds (as
   * a set: knocks at one instant of the test clock have no order between them).
   */
  const lobbyEvent = (socket: WsClient, kinds: string[]) =>
    socket.next(
      (f: Frame) =>
        f.event === "meeting.lobby" &&
        JSON.stringify((f.payload as MeetingLobbyEvent).waiting.map((w) => w.kind).sort()) ===
          JSON.stringify([...kinds].sort()),
      5000,
    );

  it("the organiser hears each knock and decision; the person waiting hears they were let in", async () => {
    const startsAt = new Date(t.clock.now().getTime() + 3600_000);
    const meeting = (
      await as.owner.post("/api/t/acme/meetings", {
        title: "朝の申し送り",
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 1800_000).toISOString(),
        coOrganizerIds: [],
        inviteeIds: [],
        lobbyBypass: "organizers",
      })
    ).json<{ meeting: Meeting }>().meeting;
    const organiser = await connect(as.owner);
    const following = await organiser.send("meeting.lobby.subscribe", { meetingId: meeting.id });
    expect(following).toMatchObject({ ok: true, payload: { meetingId: meeting.id, waiting: [] } });
    // Someone of the organisation who does not organise it cannot follow the lobby.
    expect(
      await (await connect(as.admin)).send("meeting.lobby.subscribe", { meetingId: meeting.id }),
    ).toMatchObject({ ok: false, error: { code: "forbidden" } });

    const knock = (
      await as.member.post("/api/t/acme/meeting-joins", { code: meeting.joinCode })
    ).json<JoinMeetingResponse>();
    expect(knock.outcome).toBe("lobby");
    const heard = await lobbyEvent(organiser, ["member"]);
    expect((heard.payload as MeetingLobbyEvent).waiting[0]).toMatchObject({
      participantId: knock.participantId,
      displayName: "member of acme",
      kind: "member",
    });

    const waiting = await connect(as.member);
    expect(
      await waiting.send("meeting.knock.subscribe", {
        meetingId: meeting.id,
        participantId: knock.participantId,
      }),
    ).toMatchObject({ ok: true, payload: { state: "lobby" } });
    // Nobody else can follow that knock.
    expect(
      await (
        await connect(as.admin)
      ).send("meeting.knock.subscribe", {
        meetingId: meeting.id,
        participantId: knock.participantId,
      }),
    ).toMatchObject({ ok: false, error: { code: "not_found" } });

    const parent = await new TestBrowser(t.app).post("/api/meeting-knocks/acme", {
      code: meeting.joinCode,
      name: "保護者 山田",
    });
    expect(parent.status, parent.body).toBe(201);
    await lobbyEvent(organiser, ["member", "anonymous"]);

    const admitted = await as.owner.post(
      `/api/t/acme/meetings/${meeting.id}/lobby/${knock.participantId}/admit`,
    );
    expect(admitted.status, admitted.body).toBe(200);
    const told = await waiting.next((f: Frame) => f.event === "meeting.knock", 5000);
    expect(told.payload as MeetingKnockEvent).toEqual({
      meetingId: meeting.id,
      participantId: knock.participantId,
      state: "admitted",
    });
    // The member left the lobby; the parent still waits.
    await lobbyEvent(organiser, ["anonymous"]);
  });

  it("someone waiting when the meeting ends hears that it ended, not that they were turned away", async () => {
    const startsAt = new Date(t.clock.now().getTime() + 3600_000);
    const meeting = (
      await as.owner.post("/api/t/acme/meetings", {
        title: "終わる会議",
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 1800_000).toISOString(),
        coOrganizerIds: [],
        inviteeIds: [],
        lobbyBypass: "organizers",
      })
    ).json<{ meeting: Meeting }>().meeting;
    const knocked = await as.member.post("/api/t/acme/meeting-joins", { code: meeting.joinCode });
    expect(knocked.status, knocked.body).toBe(201);
    const knock = knocked.json<JoinMeetingResponse>();
    const waiting = await connect(as.member);
    await waiting.send("meeting.knock.subscribe", {
      meetingId: meeting.id,
      participantId: knock.participantId,
    });
    const ended = await as.owner.post(`/api/t/acme/meetings/${meeting.id}/end`);
    expect(ended.status, ended.body).toBe(200);
    const told = await waiting.next((f: Frame) => f.event === "meeting.knock", 5000);
    expect(told.payload as MeetingKnockEvent).toEqual({
      meetingId: meeting.id,
      participantId: knock.participantId,
      state: "ended",
    });
  });

  it("someone who stops waiting leaves the queue, and is not let in by having knocked", async () => {
    const startsAt = new Date(t.clock.now().getTime() + 3600_000);
    const meeting = (
      await as.owner.post("/api/t/acme/meetings", {
        title: "面談",
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 1800_000).toISOString(),
        coOrganizerIds: [],
        inviteeIds: [],
        lobbyBypass: "organizers",
      })
    ).json<{ meeting: Meeting }>().meeting;
    const organiser = await connect(as.owner);
    await organiser.send("meeting.lobby.subscribe", { meetingId: meeting.id });
    const knock = (
      await as.member.post("/api/t/acme/meeting-joins", { code: meeting.joinCode })
    ).json<JoinMeetingResponse>();
    await lobbyEvent(organiser, ["member"]);
    const waiting = await connect(as.member);
    expect(
      await waiting.send("meeting.room.leave", {
        meetingId: meeting.id,
        participantId: knock.participantId,
      }),
    ).toMatchObject({ ok: true });
    await organiser.next(
      (f: Frame) =>
        f.event === "meeting.lobby" && (f.payload as MeetingLobbyEvent).waiting.length === 0,
      5000,
    );
    // Nothing of the meeting opened for them by having knocked and left.
    expect((await as.member.get(`/api/t/acme/meetings/${meeting.id}`)).status).toBe(404);
    expect((await as.member.get(`/api/t/acme/meetings/${meeting.id}/chat`)).status).toBe(403);
    // Too late to admit them now.
    expect(
      (await as.owner.post(`/api/t/acme/meetings/${meeting.id}/lobby/${knock.participantId}/admit`))
        .status,
    ).toBe(404);
    // Leaving twice: nothing open any more.
    expect(
      await waiting.send("meeting.room.leave", {
        meetingId: meeting.id,
        participantId: knock.participantId,
      }),
    ).toMatchObject({ ok: false, error: { code: "not_found" } });
  });
});
