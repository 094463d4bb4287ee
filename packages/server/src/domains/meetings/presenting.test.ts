import type {
  JoinMeetingResponse,
  Meeting,
  MeetingPolicy,
  MeetingRole,
  MeetingRoomEvent,
  MeetingRoomJoined,
  WhoMayPresent,
} from "@engawa/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends } from "../../../test/database.ts";
import { PASSWORD, seedWorld, type World } from "../../../test/fixtures.ts";
import { TestBrowser } from "../../../test/http.ts";
import { newMember } from "../../../test/mfa.ts";
import { createTestApp, type TestApp } from "../../../test/testApp.ts";
import { WsClient, type Frame } from "../../../test/wsClient.ts";
import { scopeFor } from "../../platform/scope.ts";
import { mayPresent } from "./room.ts";

/**
 * Who may present (share their screen), on both databases: the organisation's `whoMayPresent`
 * decides starting for the organiser, a presenter and an attendee (Cedar, `meeting.room.present`);
 * stopping is always allowed; the room announces who presents and the rule; a refusal is
 * `forbidden` and audited; someone made attendee while presenting stops presenting when the rule
 * does not let attendees present.
 */
describe.each(backends())("who may present on %s", (backend) => {
  let t: TestApp;
  let world: World;
  let base: string;
  const sockets: WsClient[] = [];
  const as: Record<"owner" | "member" | "colleague", TestBrowser> = {} as never;
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

  async function setRule(rule: WhoMayPresent): Promise<void> {
    const now = (await as.owner.get("/api/t/acme/meeting-policy")).json<{
      policy: MeetingPolicy;
    }>().policy;
    const reply = await as.owner.request("PUT", "/api/t/acme/meeting-policy", {
      ...now,
      whoMayPresent: rule,
    });
    expect(reply.status, reply.body).toBe(200);
  }

  interface Seat {
    socket: WsClient;
    participantId: string;
  }
  async function seat(browser: TestBrowser, meeting: Meeting): Promise<Seat & MeetingRoomJoined> {
    const join = await browser.post("/api/t/acme/meeting-joins", { code: meeting.joinCode });
    expect(join.status, join.body).toBe(201);
    const { participantId } = join.json<JoinMeetingResponse>();
    const socket = await WsClient.connect(base, browser);
    sockets.push(socket);
    await socket.next((f) => f.event === "ready");
    const entered = await socket.send("meeting.room.join", {
      meetingId: meeting.id,
      participantId,
    });
    expect(entered).toMatchObject({ ok: true });
    return { ...(entered.payload as MeetingRoomJoined), socket, participantId };
  }
  const present = (who: Seat, meetingId: string, presenting: boolean) =>
    who.socket.send("meeting.room.present", {
      meetingId,
      participantId: who.participantId,
      presenting,
    });

  async function meetingWithPresenter(): Promise<Meeting> {
    const startsAt = new Date(t.clock.now().getTime() + 3600_000);
    const meeting = (
      await as.owner.post("/api/t/acme/meetings", {
        title: "症例検討",
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 3600_000).toISOString(),
        coOrganizerIds: [],
        inviteeIds: [world.a.users.member.id, colleagueId],
        lobbyBypass: "invited",
      })
    ).json<{ meeting: Meeting }>().meeting;
    const made = await as.owner.request(
      "PUT",
      `/api/t/acme/meetings/${meeting.id}/roles/${colleagueId}`,
      { role: "presenter" },
    );
    expect(made.status, made.body).toBe(200);
    return meeting;
  }

  it("each rule against the organiser, a presenter and an attendee; stopping always; the room tells", async () => {
    const meeting = await meetingWithPresenter();
    const owner = await seat(as.owner, meeting);
    const presenter = await seat(as.colleague, meeting);
    const attendee = await seat(as.member, meeting);
    expect([owner.yourRole, presenter.yourRole, attendee.yourRole]).toEqual([
      "organizer",
      "presenter",
      "attendee",
    ]);
    expect(owner.peers.every((p) => !p.presenting)).toBe(true);

    const expected: Record<WhoMayPresent, [boolean, boolean, boolean]> = {
      everyone: [true, true, true],
      presenters: [true, true, false],
      organizers: [true, false, false],
    };
    for (const rule of ["everyone", "presenters", "organizers"] as const) {
      await setRule(rule);
      const seats = [owner, presenter, attendee];
      for (const [i, who] of seats.entries()) {
        const started = await present(who, meeting.id, true);
        if (expected[rule][i]) {
          expect(started, `${rule} #${i}`).toMatchObject({
            ok: true,
            payload: { presenting: true },
          });
          // Everyone hears who presents, and the rule.
          const heard = await attendee.socket.next(
            (f: Frame) =>
              f.event === "meeting.room" &&
              (f.payload as MeetingRoomEvent).whoMayPresent === rule &&
              (f.payload as MeetingRoomEvent).peers.some(
                (p) => p.participantId === who.participantId && p.presenting,
              ),
            5000,
          );
          expect(heard.event).toBe("meeting.room");
        } else
          expect(started, `${rule} #${i}`).toMatchObject({
            ok: false,
            error: { code: "forbidden" },
          });
        // Stopping is always allowed, whatever the rule.
        expect(await present(who, meeting.id, false), `${rule} #${i} stops`).toMatchObject({
          ok: true,
          payload: { presenting: false },
        });
      }
    }
    // Another's seat is not one's own: 404, whatever the rule lets one do.
    expect(
      await owner.socket.send("meeting.room.present", {
        meetingId: meeting.id,
        participantId: attendee.participantId,
        presenting: true,
      }),
    ).toMatchObject({ ok: false, error: { code: "not_found" } });

    // The refusals are audited as denials of the action.
    const events = (
      await t.services.audit.list(scopeFor({ type: "system", reason: "test" }, world.a.id), {
        limit: 500,
      })
    ).events;
    expect(events.some((e) => e.action === "meeting.room.present" && e.outcome === "deny")).toBe(
      true,
    );
  });

  it("someone made attendee while presenting stops presenting, and everyone hears it", async () => {
    await setRule("presenters");
    const meeting = await meetingWithPresenter();
    const owner = await seat(as.owner, meeting);
    const presenter = await seat(as.colleague, meeting);
    expect(await present(presenter, meeting.id, true)).toMatchObject({ ok: true });
    const demoted = await as.owner.request(
      "PUT",
      `/api/t/acme/meetings/${meeting.id}/roles/${colleagueId}`,
      { role: "attendee" },
    );
    expect(demoted.status, demoted.body).toBe(200);
    for (const socket of [owner.socket, presenter.socket]) {
      const heard = await socket.next(
        (f: Frame) =>
          f.event === "meeting.room" &&
          (f.payload as MeetingRoomEvent).peers.some(
            (p) =>
              p.participantId === presenter.participantId && p.role === "attendee" && !p.presenting,
          ),
        5000,
      );
      expect(heard.event).toBe("meeting.room");
    }
    expect(await present(presenter, meeting.id, true)).toMatchObject({
      ok: false,
      error: { code: "forbidden" },
    });
    // Under "everyone", a demoted attendee keeps presenting.
    await setRule("everyone");
    const again = await meetingWithPresenter();
    const owner2 = await seat(as.owner, again);
    const presenter2 = await seat(as.colleague, again);
    expect(await present(presenter2, again.id, true)).toMatchObject({ ok: true });
    await as.owner.request("PUT", `/api/t/acme/meetings/${again.id}/roles/${colleagueId}`, {
      role: "attendee",
    });
    const heard = await owner2.socket.next(
      (f: Frame) =>
        f.event === "meeting.room" &&
        (f.payload as MeetingRoomEvent).peers.some(
          (p) => p.participantId === presenter2.participantId && p.role === "attendee",
        ),
      5000,
    );
    expect(
      (heard.payload as MeetingRoomEvent).peers.find(
        (p) => p.participantId === presenter2.participantId,
      )?.presenting,
    ).toBe(true);
  });

  it("the organisation narrowing who may present stops those who no longer may, in rooms already open", async () => {
    await setRule("everyone");
    const meeting = await meetingWithPresenter();
    const owner = await seat(as.owner, meeting);
    const presenter = await seat(as.colleague, meeting);
    const attendee = await seat(as.member, meeting);
    for (const who of [owner, presenter, attendee])
      expect(await present(who, meeting.id, true)).toMatchObject({ ok: true });
    await setRule("organizers");
    const presentingNow = (event: MeetingRoomEvent) =>
      event.peers
        .filter((p) => p.presenting)
        .map((p) => p.participantId)
        .sort();
    for (const socket of [owner.socket, presenter.socket, attendee.socket]) {
      const heard = await socket.next(
        (f: Frame) =>
          f.event === "meeting.room" &&
          (f.payload as MeetingRoomEvent).whoMayPresent === "organizers",
        5000,
      );
      expect(presentingNow(heard.payload as MeetingRoomEvent)).toEqual([owner.participantId]);
    }
    expect(await present(attendee, meeting.id, true)).toMatchObject({
      ok: false,
      error: { code: "forbidden" },
    });
  });

  it("someone without an account presents only when everyone may, and always stops (Cedar)", () => {
    const decide = (rule: WhoMayPresent, presenting: boolean, callerRole = "attendee") =>
      t.services.access.decide({
        subject: { kind: "MeetingGuest", id: "g1", tenantId: world.a.id, meetingId: "m1" },
        action: "meeting.room.present",
        target: {
          kind: "Meeting",
          id: "m1",
          tenantId: world.a.id,
          callerRole,
          label: "none",
          whoMayPresent: rule,
        },
        context: { presenting: String(presenting) },
      }).allowed;
    expect([
      decide("everyone", true),
      decide("presenters", true),
      decide("organizers", true),
    ]).toEqual([true, false, false]);
    for (const rule of ["everyone", "presenters", "organizers"] as const)
      expect(decide(rule, false), rule).toBe(true);
    // Not let in (their join no longer admitted): nothing, not even stopping.
    expect(decide("everyone", true, "none")).toBe(false);
    expect(decide("everyone", false, "none")).toBe(false);
  });

  it("the room's own rule on a role change agrees with the policy's", () => {
    const roles: MeetingRole[] = ["organizer", "co_organizer", "presenter", "attendee"];
    const table = Object.fromEntries(
      (["everyone", "presenters", "organizers"] as const).map((rule) => [
        rule,
        roles.map((role) => mayPresent(role, rule)),
      ]),
    );
    expect(table).toEqual({
      everyone: [true, true, true, true],
      presenters: [true, true, true, false],
      organizers: [true, true, false, false],
    });
  });
});
