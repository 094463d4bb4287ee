import {
  DEFAULT_MEETING_POLICY,
  HOSPITAL_MEETING_POLICY,
  LOBBY_BYPASS_OPTIONS,
  type AnonymousKnockResponse,
  type MeetingTicketResponse,
  type JoinMeetingResponse,
  type LobbyBypass,
  type LobbyResponse,
  type Meeting,
  type MeetingPolicy,
} from "@engawa/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends } from "../../../test/database.ts";
import { PASSWORD, seedWorld, type World } from "../../../test/fixtures.ts";
import { TestBrowser } from "../../../test/http.ts";
import { newMember } from "../../../test/mfa.ts";
import { createTestApp, type TestApp } from "../../../test/testApp.ts";
import { scopeFor } from "../../platform/scope.ts";

/**
 * The lobby through the API, on both databases (issue "Meetings", acceptances 2 and 4): each of
 * the five bypass options against a member, an invited member, a guest, an invited guest and
 * someone without an account; the
 * join code alone never lets anyone in; organisers admit and turn away, attendees may not; the
 * admin's lock on the option; what someone waiting can and cannot see; people without an account
 * (always the lobby, refused by the hospital preset).
 */
describe.each(backends())("the meeting lobby on %s", (backend) => {
  let t: TestApp;
  let world: World;
  const as: Record<"owner" | "admin" | "member" | "invitee" | "guest", TestBrowser> = {} as never;
  let inviteeId = "";

  beforeAll(async () => {
    t = await createTestApp(backend);
    world = await seedWorld(t.services);
    const invitee = await newMember(t, world);
    inviteeId = invitee.id;
    for (const [who, email] of [
      ["owner", world.a.users.owner.email],
      ["admin", world.a.users.admin.email],
      ["member", world.a.users.member.email],
      ["invitee", invitee.email],
      ["guest", world.a.users.guest.email],
    ] as const) {
      as[who] = new TestBrowser(t.app);
      const reply = await as[who].signIn("acme", email, PASSWORD);
      expect(reply.status, `${who}: ${reply.body}`).toBe(200);
    }
  });
  afterAll(async () => t.close());

  const soon = () => new Date(t.clock.now().getTime() + 3600_000);
  async function schedule(
    lobbyBypass: LobbyBypass | null,
    inviteeIds: string[],
    by: TestBrowser = as.owner,
  ): Promise<Meeting> {
    const startsAt = soon();
    const reply = await by.post("/api/t/acme/meetings", {
      title: "外来カンファレンス",
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 3600_000).toISOString(),
      coOrganizerIds: [],
      inviteeIds,
      lobbyBypass,
    });
    expect(reply.status, reply.body).toBe(201);
    return reply.json<{ meeting: Meeting }>().meeting;
  }
  const join = (browser: TestBrowser, meeting: Meeting) =>
    browser.post("/api/t/acme/meeting-joins", { code: meeting.joinCode });
  const outcomeOf = async (browser: TestBrowser, meeting: Meeting) => {
    const reply = await join(browser, meeting);
    expect(reply.status, reply.body).toBe(201);
    return reply.json<JoinMeetingResponse>().outcome;
  };
  async function setPolicy(policy: MeetingPolicy) {
    const reply = await as.admin.request("PUT", "/api/t/acme/meeting-policy", policy);
    expect(reply.status, reply.body).toBe(200);
  }

  const knockAnonymously = (meeting: Meeting, name: string) =>
    new TestBrowser(t.app).post("/api/meeting-knocks/acme", { code: meeting.joinCode, name });
  const ticketState = async (ticket: string) => {
    const reply = await new TestBrowser(t.app).post("/api/meeting-knocks/acme/state", { ticket });
    expect(reply.status, reply.body).toBe(200);
    return reply.json<MeetingTicketResponse>().state;
  };

  /** Who goes straight in under each option (the rest wait); the organiser always does. */
  const EXPECTED: Record<
    LobbyBypass,
    Record<"member" | "invitee" | "guest" | "invitedGuest", boolean>
  > = {
    everyone: { member: true, invitee: true, guest: true, invitedGuest: true },
    organization_and_guests: { member: true, invitee: true, guest: true, invitedGuest: true },
    organization: { member: true, invitee: true, guest: false, invitedGuest: false },
    invited: { member: false, invitee: true, guest: false, invitedGuest: true },
    organizers: { member: false, invitee: false, guest: false, invitedGuest: false },
  };

  for (const option of LOBBY_BYPASS_OPTIONS) {
    it(`"${option}": members, invitees and guests go in or wait as the option says`, async () => {
      const withInvites = await schedule(option, [inviteeId, world.a.users.guest.id]);
      const without = await schedule(option, []);
      expect(withInvites.lobbyBypass).toBe(option);
      const got = {
        member: (await outcomeOf(as.member, without)) === "admitted",
        invitee: (await outcomeOf(as.invitee, withInvites)) === "admitted",
        guest: (await outcomeOf(as.guest, without)) === "admitted",
        invitedGuest: (await outcomeOf(as.guest, withInvites)) === "admitted",
      };
      expect(got).toEqual(EXPECTED[option]);
      expect(await outcomeOf(as.owner, without)).toBe("admitted");
      // Someone without an account, with the link and a name: always the lobby.
      const knock = await knockAnonymously(withInvites, "Yamada (parent)");
      expect(knock.status, knock.body).toBe(201);
      expect(knock.json<AnonymousKnockResponse>().outcome).toBe("lobby");
    });
  }

  it("the join code alone never lets anyone in: a waiting member sees nothing of the meeting until admitted", async () => {
    const meeting = await schedule("invited", [inviteeId]);
    const knock = await join(as.member, meeting);
    expect(knock.json<JoinMeetingResponse>()).toMatchObject({ outcome: "lobby" });
    // Knocking again keeps the same place in the queue.
    const again = await join(as.member, meeting);
    expect(again.json<JoinMeetingResponse>().participantId).toBe(
      knock.json<JoinMeetingResponse>().participantId,
    );
    expect((await as.member.get(`/api/t/acme/meetings/${meeting.id}`)).status).toBe(404);
    expect((await as.member.get(`/api/t/acme/meetings/${meeting.id}/lobby`)).status).toBe(403);

    const lobby = await as.owner.get(`/api/t/acme/meetings/${meeting.id}/lobby`);
    expect(lobby.status, lobby.body).toBe(200);
    const waiting = lobby.json<LobbyResponse>().waiting;
    expect(waiting).toEqual([
      expect.objectContaining({
        participantId: knock.json<JoinMeetingResponse>().participantId,
        displayName: "member of acme",
        kind: "member",
      }),
    ]);
    // An invitee (an attendee) may not run the lobby.
    const attempt = await as.invitee.post(
      `/api/t/acme/meetings/${meeting.id}/lobby/${waiting[0]!.participantId}/admit`,
    );
    expect(attempt.status).toBe(403);
    const admitted = await as.owner.post(
      `/api/t/acme/meetings/${meeting.id}/lobby/${waiting[0]!.participantId}/admit`,
    );
    expect(admitted.status, admitted.body).toBe(200);
    const seen = await as.member.get(`/api/t/acme/meetings/${meeting.id}`);
    expect(seen.status).toBe(200);
    expect(seen.json<{ meeting: Meeting }>().meeting).toMatchObject({
      title: "外来カンファレンス",
      yourRole: "attendee",
    });
    // Nobody waits any more; admitting them twice is 404.
    expect(
      (await as.owner.get(`/api/t/acme/meetings/${meeting.id}/lobby`)).json<LobbyResponse>()
        .waiting,
    ).toEqual([]);
    expect(
      (
        await as.owner.post(
          `/api/t/acme/meetings/${meeting.id}/lobby/${waiting[0]!.participantId}/admit`,
        )
      ).status,
    ).toBe(404);
  });

  it("an organiser turns a guest away; the lobby's decisions are audited", async () => {
    const meeting = await schedule("organization", []);
    const knock = (await join(as.guest, meeting)).json<JoinMeetingResponse>();
    expect(knock.outcome).toBe("lobby");
    const denied = await as.owner.post(
      `/api/t/acme/meetings/${meeting.id}/lobby/${knock.participantId}/deny`,
    );
    expect(denied.status, denied.body).toBe(200);
    expect((await as.guest.get(`/api/t/acme/meetings/${meeting.id}`)).status).toBe(404);
    const audit = await t.services.audit.list(
      scopeFor({ type: "system", reason: "test" }, world.a.id),
      {
        action: "meeting.",
        limit: 50,
      },
    );
    const ofMeeting = audit.events
      .filter((e) => e.target?.id === meeting.id)
      .map((e) => `${e.action} ${e.outcome}`);
    // The turned-away guest's attempt to read it is a denial, audited too.
    expect(ofMeeting.sort()).toEqual([
      "meeting.create allow",
      "meeting.join allow",
      "meeting.lobby.deny allow",
      "meeting.read deny",
    ]);
  });

  it("someone without an account waits with the name they typed, and learns only whether they were let in", async () => {
    const meeting = await schedule("everyone", []);
    const parent = (
      await knockAnonymously(meeting, "山田 (保護者)")
    ).json<AnonymousKnockResponse>();
    const stranger = (await knockAnonymously(meeting, "Someone")).json<AnonymousKnockResponse>();
    expect(await ticketState(parent.ticket)).toBe("lobby");
    const waiting = (
      await as.owner.get(`/api/t/acme/meetings/${meeting.id}/lobby`)
    ).json<LobbyResponse>().waiting;
    // (Both knocked at the same instant of the test clock: the order between them is not set.)
    expect(waiting.map((w) => `${w.displayName}: ${w.kind}`).sort()).toEqual([
      "Someone: anonymous",
      "山田 (保護者): anonymous",
    ]);
    const lobbyUrl = `/api/t/acme/meetings/${meeting.id}/lobby`;
    expect((await as.owner.post(`${lobbyUrl}/${parent.participantId}/admit`)).status).toBe(200);
    expect((await as.owner.post(`${lobbyUrl}/${stranger.participantId}/deny`)).status).toBe(200);
    expect(await ticketState(parent.ticket)).toBe("admitted");
    expect(await ticketState(stranger.ticket)).toBe("denied");
    // A ticket nobody was given, and a code nobody was given, are answered alike.
    const unknown = await new TestBrowser(t.app).post("/api/meeting-knocks/acme/state", {
      ticket: "B".repeat(43),
    });
    expect(unknown.status).toBe(404);
    const noMeeting = await new TestBrowser(t.app).post("/api/meeting-knocks/acme", {
      code: "C".repeat(22),
      name: "Someone",
    });
    expect(noMeeting.status).toBe(404);
  });

  it("someone without an account who stops waiting leaves the queue, and only a waiting knock can be withdrawn", async () => {
    const meeting = await schedule("everyone", []);
    const parent = (
      await knockAnonymously(meeting, "山田 (保護者)")
    ).json<AnonymousKnockResponse>();
    const admitted = (await knockAnonymously(meeting, "Someone")).json<AnonymousKnockResponse>();
    const lobbyUrl = `/api/t/acme/meetings/${meeting.id}/lobby`;
    expect((await as.owner.post(`${lobbyUrl}/${admitted.participantId}/admit`)).status).toBe(200);
    const withdraw = (ticket: string) =>
      new TestBrowser(t.app).post("/api/meeting-knocks/acme/withdraw", { ticket });

    const withdrawn = await withdraw(parent.ticket);
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.json<MeetingTicketResponse>().state).toBe("left");
    expect(await ticketState(parent.ticket)).toBe("left");
    const waiting = (await as.owner.get(lobbyUrl)).json<LobbyResponse>().waiting;
    expect(waiting).toEqual([]);
    // Withdrawn twice, an admitted knock, a ticket nobody was given: all alike, 404.
    expect((await withdraw(parent.ticket)).status).toBe(404);
    expect((await withdraw(admitted.ticket)).status).toBe(404);
    expect(await ticketState(admitted.ticket)).toBe("admitted");
    expect((await withdraw("B".repeat(43))).status).toBe(404);
    // The organiser's decision on a knock that left comes too late.
    expect((await as.owner.post(`${lobbyUrl}/${parent.participantId}/admit`)).status).toBe(404);
  });

  it("the hospital preset refuses people without an account before the lobby, and says why", async () => {
    await setPolicy(HOSPITAL_MEETING_POLICY);
    try {
      const meeting = await schedule(null, []);
      const refused = await knockAnonymously(meeting, "Someone");
      expect(refused.status).toBe(403);
      expect(refused.json()).toMatchObject({ error: { code: "anonymous_join_disabled" } });
      expect(
        (await as.owner.get(`/api/t/acme/meetings/${meeting.id}/lobby`)).json<LobbyResponse>()
          .waiting,
      ).toEqual([]);
    } finally {
      await setPolicy(DEFAULT_MEETING_POLICY);
    }
  });

  it("the admin's lock: with organisers not allowed to choose, every meeting uses the organisation's option", async () => {
    await setPolicy({
      lobbyBypass: "organizers",
      organizersMayChangeBypass: false,
      anonymousJoin: false,
      whoMayPresent: "presenters",
    });
    try {
      const meeting = await schedule("everyone", []);
      expect(meeting.lobbyBypass).toBe("organizers");
      expect(await outcomeOf(as.member, meeting)).toBe("lobby");
      // Members see the option and the lock (the schedule dialog shows them); only admins change it,
      // and guests, who schedule nothing, read nothing of it.
      const policy = await as.member.get("/api/t/acme/meeting-policy");
      expect(policy.status).toBe(200);
      expect(
        policy.json<{ policy: { lobbyBypass: string; organizersMayChangeBypass: boolean } }>(),
      ).toMatchObject({ policy: { lobbyBypass: "organizers", organizersMayChangeBypass: false } });
      const changed = await as.member.request("PUT", "/api/t/acme/meeting-policy", {
        lobbyBypass: "everyone",
        organizersMayChangeBypass: true,
        anonymousJoin: true,
        whoMayPresent: "everyone",
      });
      expect(changed.status).toBe(403);
      expect((await as.guest.get("/api/t/acme/meeting-policy")).status).toBe(403);
    } finally {
      await setPolicy({
        lobbyBypass: "organization",
        organizersMayChangeBypass: true,
        anonymousJoin: true,
        whoMayPresent: "everyone",
      });
    }
  });

  it("refuses what cannot be scheduled, in words; guests may not schedule or co-organise", async () => {
    const startsAt = soon().toISOString();
    const backwards = await as.member.post("/api/t/acme/meetings", {
      title: "Backwards",
      startsAt,
      endsAt: startsAt,
      coOrganizerIds: [],
      inviteeIds: [],
      lobbyBypass: null,
    });
    expect(backwards.status).toBe(400);
    expect(backwards.json()).toMatchObject({ error: { code: "invalid_request", field: "endsAt" } });
    const stranger = await as.member.post("/api/t/acme/meetings", {
      title: "With a stranger",
      startsAt,
      endsAt: new Date(Date.parse(startsAt) + 60_000).toISOString(),
      coOrganizerIds: [],
      inviteeIds: [world.b.users.member.id],
      lobbyBypass: null,
    });
    expect(stranger.json()).toMatchObject({
      error: { code: "invalid_request", field: "inviteeIds" },
    });
    // A guest may be invited, never made a co-organiser (who would run the lobby and end it).
    const guestCoOrganiser = await as.member.post("/api/t/acme/meetings", {
      title: "With a guest co-organiser",
      startsAt,
      endsAt: new Date(Date.parse(startsAt) + 60_000).toISOString(),
      coOrganizerIds: [world.a.users.guest.id],
      inviteeIds: [],
      lobbyBypass: null,
    });
    expect(guestCoOrganiser.status).toBe(400);
    expect(guestCoOrganiser.json()).toMatchObject({
      error: { code: "invalid_request", field: "coOrganizerIds" },
    });
    const guestInvited = await as.member.post("/api/t/acme/meetings", {
      title: "With a guest invited",
      startsAt,
      endsAt: new Date(Date.parse(startsAt) + 60_000).toISOString(),
      coOrganizerIds: [],
      inviteeIds: [world.a.users.guest.id],
      lobbyBypass: null,
    });
    expect(guestInvited.status, guestInvited.body).toBe(201);
    const byGuest = await as.guest.post("/api/t/acme/meetings", {
      title: "Guest's",
      startsAt,
      endsAt: new Date(Date.parse(startsAt) + 60_000).toISOString(),
      coOrganizerIds: [],
      inviteeIds: [],
      lobbyBypass: null,
    });
    expect(byGuest.status).toBe(403);
  });

  it("answers an unknown join code and another organisation's meeting like nothing", async () => {
    expect(
      (await as.member.post("/api/t/acme/meeting-joins", { code: "A".repeat(22) })).status,
    ).toBe(404);
    const meeting = await schedule("everyone", []);
    const other = new TestBrowser(t.app);
    await other.signIn("beta", world.b.users.member.email, PASSWORD);
    expect((await other.post("/api/t/beta/meeting-joins", { code: meeting.joinCode })).status).toBe(
      404,
    );
    expect((await other.post("/api/t/acme/meeting-joins", { code: meeting.joinCode })).status).toBe(
      404,
    );
  });
});
