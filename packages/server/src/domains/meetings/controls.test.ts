import type {
  AttendanceResponse,
  JoinMeetingResponse,
  Meeting,
  ParticipantsResponse,
} from "@engawa/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends } from "../../../test/database.ts";
import { PASSWORD, seedWorld, type World } from "../../../test/fixtures.ts";
import { TestBrowser } from "../../../test/http.ts";
import { newMember } from "../../../test/mfa.ts";
import { createTestApp, type TestApp } from "../../../test/testApp.ts";
import { scopeFor } from "../../platform/scope.ts";

/**
 * Organisers running a meeting, on both databases (issue "Meetings": roles, lock, remove, end,
 * the attendance report; acceptance 1's API side): a locked meeting refuses a new joiner and not
 * its organiser; a removed participant cannot rejoin or see the meeting; an attendee's admit or
 * remove attempt is 403 and a presenter's admit is allowed; an ended meeting refuses everyone;
 * each change is audited; the participant list never shows who waits in the lobby.
 */
describe.each(backends())("running a meeting on %s", (backend) => {
  let t: TestApp;
  let world: World;
  const as: Record<"owner" | "member" | "colleague" | "guest" | "admin", TestBrowser> = {} as never;
  let colleagueId = "";

  beforeAll(async () => {
    t = await createTestApp(backend);
    world = await seedWorld(t.services);
    const colleague = await newMember(t, world);
    colleagueId = colleague.id;
    for (const [who, email] of [
      ["owner", world.a.users.owner.email],
      ["admin", world.a.users.admin.email],
      ["member", world.a.users.member.email],
      ["colleague", colleague.email],
      ["guest", world.a.users.guest.email],
    ] as const) {
      as[who] = new TestBrowser(t.app);
      const reply = await as[who].signIn("acme", email, PASSWORD);
      expect(reply.status, `${who}: ${reply.body}`).toBe(200);
    }
  });
  afterAll(async () => t.close());

  async function schedule(inviteeIds: string[]): Promise<Meeting> {
    const startsAt = new Date(t.clock.now().getTime() + 3600_000);
    const reply = await as.owner.post("/api/t/acme/meetings", {
      title: "病棟カンファレンス",
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 3600_000).toISOString(),
      coOrganizerIds: [],
      inviteeIds,
      lobbyBypass: "invited",
    });
    expect(reply.status, reply.body).toBe(201);
    return reply.json<{ meeting: Meeting }>().meeting;
  }
  async function join(browser: TestBrowser, meeting: Meeting) {
    const reply = await browser.post("/api/t/acme/meeting-joins", { code: meeting.joinCode });
    return reply;
  }
  async function joined(browser: TestBrowser, meeting: Meeting): Promise<JoinMeetingResponse> {
    const reply = await join(browser, meeting);
    expect(reply.status, reply.body).toBe(201);
    return reply.json<JoinMeetingResponse>();
  }
  const url = (meeting: Meeting, rest = "") => `/api/t/acme/meetings/${meeting.id}${rest}`;
  /** The ids of one's meetings: the coming ones, or those that are over. */
  const listedIds = async (browser: TestBrowser, when: "upcoming" | "past" = "upcoming") =>
    (await browser.get(`/api/t/acme/meetings?when=${when}`))
      .json<{ meetings: Meeting[] }>()
      .meetings.map((m) => m.id);
  const auditActions = async () =>
    (
      await t.services.audit.list(scopeFor({ type: "system", reason: "test" }, world.a.id), {
        limit: 500,
      })
    ).events.map((e) => e.action);

  it("lists one's meetings, and gives each as an .ics invitation to its people only", async () => {
    const meeting = await schedule([colleagueId]);
    const listed = async (browser: TestBrowser) =>
      (await browser.get("/api/t/acme/meetings")).json<{ meetings: Meeting[] }>().meetings;
    expect((await listed(as.owner)).map((m) => m.id)).toContain(meeting.id);
    const colleagues = await listed(as.colleague);
    expect(colleagues.find((m) => m.id === meeting.id)?.yourRole).toBe("attendee");
    expect((await listed(as.admin)).map((m) => m.id)).not.toContain(meeting.id);

    const ics = await as.colleague.get(url(meeting, "/invite.ics"));
    expect(ics.status, ics.body).toBe(200);
    expect(String(ics.headers["content-type"])).toMatch(/^text\/calendar/);
    expect(ics.body.replace(/\r\n /g, "")).toContain(`/t/acme/meet/${meeting.joinCode}`);
    expect((await as.admin.get(url(meeting, "/invite.ics"))).status).toBe(404);

    expect((await as.owner.post(url(meeting, "/end"))).status).toBe(200);
    expect((await listed(as.owner)).map((m) => m.id)).not.toContain(meeting.id);
  });

  it("a locked meeting refuses a new joiner, not its organiser; unlocking lets them knock", async () => {
    const meeting = await schedule([world.a.users.member.id]);
    const locked = await as.owner.request("PATCH", url(meeting), { locked: true });
    expect(locked.status, locked.body).toBe(200);
    expect(locked.json<{ meeting: Meeting }>().meeting.locked).toBe(true);
    const refused = await join(as.member, meeting);
    expect(refused.status).toBe(403);
    expect(refused.json<{ error: { code: string } }>().error.code).toBe("meeting_locked");
    expect((await joined(as.owner, meeting)).outcome).toBe("admitted");
    expect((await as.owner.request("PATCH", url(meeting), { locked: false })).status).toBe(200);
    expect((await joined(as.member, meeting)).outcome).toBe("admitted");
    // An attendee cannot lock it, nor end it.
    expect((await as.member.request("PATCH", url(meeting), { locked: true })).status).toBe(403);
    expect((await as.member.post(url(meeting, "/end"))).status).toBe(403);
    expect(await auditActions()).toContain("meeting.update");
  });

  it("an empty or unknown change is a 400 that changes nothing", async () => {
    const meeting = await schedule([]);
    for (const body of [{}, { locked: "yes" }, { title: "x" }]) {
      const reply = await as.owner.request("PATCH", url(meeting), body);
      expect(reply.status, JSON.stringify(body)).toBe(400);
      expect(reply.json<{ error: { code: string } }>().error.code).toBe("invalid_request");
    }
    const now = (await as.owner.get(url(meeting))).json<{ meeting: Meeting }>().meeting;
    expect(now).toMatchObject({ locked: false, attendeesMuted: false });
  });

  it("a removed participant is out: no rejoin, no meeting; attendees cannot remove or admit", async () => {
    const meeting = await schedule([world.a.users.member.id, colleagueId]);
    const member = await joined(as.member, meeting);
    await joined(as.colleague, meeting);
    const guest = await joined(as.guest, meeting);
    expect(guest.outcome).toBe("lobby");
    // The attendee (colleague) may neither remove nor admit: 403.
    expect(
      (await as.colleague.post(url(meeting, `/participants/${member.participantId}/remove`)))
        .status,
    ).toBe(403);
    expect(
      (await as.colleague.post(url(meeting, `/lobby/${guest.participantId}/admit`))).status,
    ).toBe(403);
    // The participant list shows who is in, never who waits.
    const list = (
      await as.colleague.get(url(meeting, "/participants"))
    ).json<ParticipantsResponse>();
    expect(list.participants.map((p) => p.participantId)).toContain(member.participantId);
    expect(list.participants.map((p) => p.participantId)).not.toContain(guest.participantId);
    // Someone waiting in the lobby learns nothing of who is in.
    expect((await as.guest.get(url(meeting, "/participants"))).status).toBe(403);

    const removed = await as.owner.post(
      url(meeting, `/participants/${member.participantId}/remove`),
    );
    expect(removed.status, removed.body).toBe(200);
    expect(removed.json<{ participant: { state: string } }>().participant.state).toBe("removed");
    const again = await join(as.member, meeting);
    expect(again.status).toBe(403);
    expect(again.json<{ error: { code: string } }>().error.code).toBe("removed_from_meeting");
    // Invited or not, they no longer see the meeting.
    expect((await as.member.get(url(meeting))).status).toBe(404);
    // Removing twice, or someone unknown: 404; the organiser cannot be removed.
    expect(
      (await as.owner.post(url(meeting, `/participants/${member.participantId}/remove`))).status,
    ).toBe(404);
    const own = await joined(as.owner, meeting);
    const selfRemoval = await as.owner.post(
      url(meeting, `/participants/${own.participantId}/remove`),
    );
    expect(selfRemoval.status).toBe(409);
    expect(await auditActions()).toContain("meeting.participant.remove");
    // Nor among their meetings, now or once it is over; the attendee keeps it in their past ones.
    expect(await listedIds(as.member)).not.toContain(meeting.id);
    expect((await as.owner.post(url(meeting, "/end"))).status).toBe(200);
    expect(await listedIds(as.member, "past")).not.toContain(meeting.id);
    expect(await listedIds(as.colleague, "past")).toContain(meeting.id);
  });

  it("a presenter runs the lobby; making them an attendee again takes it away", async () => {
    const meeting = await schedule([colleagueId]);
    const guest = await joined(as.guest, meeting);
    expect((await as.colleague.get(url(meeting, "/lobby"))).status).toBe(403);
    const made = await as.owner.request("PUT", url(meeting, `/roles/${colleagueId}`), {
      role: "presenter",
    });
    expect(made.status, made.body).toBe(200);
    expect((await as.colleague.get(url(meeting, "/lobby"))).status).toBe(200);
    expect(
      (await as.colleague.get(url(meeting))).json<{ meeting: Meeting }>().meeting.yourRole,
    ).toBe("presenter");
    // A presenter admits, but does not run the meeting's controls.
    expect(
      (await as.colleague.post(url(meeting, `/lobby/${guest.participantId}/admit`))).status,
    ).toBe(200);
    expect(
      (
        await as.colleague.request("PUT", url(meeting, `/roles/${colleagueId}`), {
          role: "attendee",
        })
      ).status,
    ).toBe(403);
    expect(
      (await as.owner.request("PUT", url(meeting, `/roles/${colleagueId}`), { role: "attendee" }))
        .status,
    ).toBe(200);
    expect((await as.colleague.get(url(meeting, "/lobby"))).status).toBe(403);
    // The organiser's own role does not change; someone not of the meeting is 404.
    expect(
      (
        await as.owner.request("PUT", url(meeting, `/roles/${world.a.users.owner.id}`), {
          role: "attendee",
        })
      ).status,
    ).toBe(409);
    expect(
      (
        await as.owner.request("PUT", url(meeting, `/roles/${world.a.users.admin.id}`), {
          role: "presenter",
        })
      ).status,
    ).toBe(404);
    expect(await auditActions()).toContain("meeting.role.update");
  });

  it("ending a meeting refuses everyone after, turns away who waits, and is in the attendance report", async () => {
    const meeting = await schedule([world.a.users.member.id]);
    const member = await joined(as.member, meeting);
    const guest = await joined(as.guest, meeting);
    // Not invited: waits, and is let in (so the meeting is theirs to list once it is over).
    const colleague = await joined(as.colleague, meeting);
    expect(colleague.outcome).toBe("lobby");
    const admitted = await as.owner.post(url(meeting, `/lobby/${colleague.participantId}/admit`));
    expect(admitted.status, admitted.body).toBe(200);
    expect((await as.owner.request("PATCH", url(meeting), { attendeesMuted: true })).status).toBe(
      200,
    );
    const ended = await as.owner.post(url(meeting, "/end"));
    expect(ended.status, ended.body).toBe(200);
    expect(ended.json<{ meeting: Meeting }>().meeting.endedAt).not.toBeNull();
    expect((await as.owner.post(url(meeting, "/end"))).status).toBe(409);
    for (const browser of [as.member, as.owner]) {
      const reply = await join(browser, meeting);
      expect(reply.status).toBe(403);
      expect(reply.json<{ error: { code: string } }>().error.code).toBe("meeting_ended");
    }
    const report = await as.owner.get(url(meeting, "/attendance"));
    expect(report.status, report.body).toBe(200);
    const rows = report.json<AttendanceResponse>().attendance;
    expect(rows.find((r) => r.participantId === member.participantId)).toMatchObject({
      state: "left",
      kind: "member",
    });
    const memberRow = rows.find((r) => r.participantId === member.participantId);
    expect(memberRow?.admittedAt).not.toBeNull();
    expect(memberRow?.leftAt).not.toBeNull();
    expect(rows.find((r) => r.participantId === guest.participantId)).toMatchObject({
      state: "denied",
      admittedAt: null,
    });
    // The report is the organisers'.
    expect((await as.member.get(url(meeting, "/attendance"))).status).toBe(403);
    expect(await auditActions()).toContain("meeting.end");
    // Over: among the past meetings of those who were in it (with their role), not the coming ones.
    const past = await as.owner.get("/api/t/acme/meetings?when=past");
    expect(past.status, past.body).toBe(200);
    expect(
      past.json<{ meetings: Meeting[] }>().meetings.find((m) => m.id === meeting.id),
    ).toMatchObject({ yourRole: "organizer" });
    expect(await listedIds(as.member, "past")).toContain(meeting.id);
    expect(await listedIds(as.member)).not.toContain(meeting.id);
    expect(await listedIds(as.colleague, "past")).toContain(meeting.id);
    // The guest was turned away at the door: never in it, it is not theirs to list.
    expect(await listedIds(as.guest, "past")).not.toContain(meeting.id);
    expect(await listedIds(as.admin, "past")).not.toContain(meeting.id);
    // Anything else asked of the list is a 400.
    const unknown = await as.owner.get("/api/t/acme/meetings?when=later");
    expect(unknown.status).toBe(400);
    expect(unknown.json<{ error: { code: string } }>().error.code).toBe("invalid_request");
  });
});
