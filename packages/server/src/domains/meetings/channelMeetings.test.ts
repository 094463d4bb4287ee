import {
  parseMeetingAnnouncement,
  type ChatSummary,
  type JoinMeetingResponse,
  type LobbyBypass,
  type Meeting,
  type MessagePage,
  type TeamSummary,
} from "@engawa/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends } from "../../../test/database.ts";
import { privateTeamOfOwnerAndMember, type PrivateTeam } from "../../../test/collaboration.ts";
import { PASSWORD } from "../../../test/fixtures.ts";
import { TestBrowser } from "../../../test/http.ts";
import { createTestApp, type TestApp } from "../../../test/testApp.ts";
import type { MessageChange } from "../collaboration/index.ts";

/**
 * A meeting in a channel or chat (issue "Meetings": "an optional channel …; 'meet now' from a
 * channel or chat"), through the API on both databases: the organiser must be allowed to post
 * there (no existence told otherwise), the meeting is announced there as a message, and the
 * channel's members count as invited — the lobby's "people who were invited" lets them in, for as
 * long as they are in the channel.
 */
describe.each(backends())("meetings in a channel or chat on %s", (backend) => {
  let t: TestApp;
  let team: PrivateTeam;
  let chat: ChatSummary;
  let betaChannelId = "";
  const heard: MessageChange[] = [];

  beforeAll(async () => {
    t = await createTestApp(backend);
    team = await privateTeamOfOwnerAndMember(t, "病棟チーム");
    t.services.collaboration.onMessage((change) => heard.push(change));
    const reply = await team.owner.post("/api/t/acme/chats", {
      userIds: [team.world.a.users.member.id],
    });
    expect(reply.status, reply.body).toBe(200);
    chat = reply.json<ChatSummary>();
    // A channel of another organisation, made by its owner.
    const beta = new TestBrowser(t.app);
    expect((await beta.signIn("beta", team.world.b.users.owner.email, PASSWORD)).status).toBe(200);
    const betaTeam = (
      await beta.post("/api/t/beta/teams", { name: "Beta team", visibility: "private" })
    ).json<TeamSummary>();
    betaChannelId = (await beta.get(`/api/t/beta/teams/${betaTeam.id}/channels`)).json<{
      channels: { id: string }[];
    }>().channels[0]!.id;
  });
  afterAll(async () => t.close());

  function scheduleBody(channelId: unknown, lobbyBypass: LobbyBypass | null = "invited") {
    const startsAt = new Date(t.clock.now().getTime() + 3600_000);
    return {
      title: "症例検討",
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 1800_000).toISOString(),
      coOrganizerIds: [],
      inviteeIds: [],
      lobbyBypass,
      channelId,
    };
  }
  async function schedule(by: TestBrowser, channelId: string): Promise<Meeting> {
    const reply = await by.post("/api/t/acme/meetings", scheduleBody(channelId));
    expect(reply.status, reply.body).toBe(201);
    return reply.json<{ meeting: Meeting }>().meeting;
  }
  const messagesOf = async (by: TestBrowser, channelId: string) => {
    const reply = await by.get(`/api/t/acme/channels/${channelId}/messages`);
    expect(reply.status, reply.body).toBe(200);
    return reply.json<MessagePage>().messages;
  };
  const knock = async (by: TestBrowser, meeting: Meeting) => {
    const reply = await by.post("/api/t/acme/meeting-joins", { code: meeting.joinCode });
    expect(reply.status, reply.body).toBe(201);
    return reply.json<JoinMeetingResponse>().outcome;
  };
  const myMeetings = async (by: TestBrowser) =>
    (await by.get("/api/t/acme/meetings")).json<{ meetings: Meeting[] }>().meetings;

  it("is scheduled in a channel the organiser is in, and announced there as them", async () => {
    const before = heard.length;
    const meeting = await schedule(team.member, team.general.id);
    expect(meeting.channelId).toBe(team.general.id);
    const read = await team.member.get(`/api/t/acme/meetings/${meeting.id}`);
    expect(read.json<{ meeting: Meeting }>().meeting.channelId).toBe(team.general.id);

    const messages = await messagesOf(team.owner, team.general.id);
    const announcement = messages.find((m) => m.body?.includes(meeting.joinCode));
    expect(announcement?.author.id).toBe(team.world.a.users.member.id);
    expect(parseMeetingAnnouncement(announcement?.body ?? "")).toEqual({
      title: "症例検討",
      startsAt: meeting.startsAt,
      endsAt: meeting.endsAt,
      path: `/t/acme/meet/${meeting.joinCode}`,
    });
    // Heard live once, after the meeting and its announcement committed.
    expect(heard.slice(before).map((change) => change.message.id)).toEqual([announcement?.id]);
  });

  it("is scheduled in a chat, announced there", async () => {
    const meeting = await schedule(team.owner, chat.id);
    expect(meeting.channelId).toBe(chat.id);
    const messages = await messagesOf(team.member, chat.id);
    expect(messages.some((m) => m.body?.endsWith(`/t/acme/meet/${meeting.joinCode}`))).toBe(true);
  });

  it("is refused in a channel or chat one is not in, as if it did not exist; nothing is written", async () => {
    const meetingsBefore = (await myMeetings(team.admin)).length;
    const channelBefore = (await messagesOf(team.owner, team.general.id)).length;
    const chatBefore = (await messagesOf(team.owner, chat.id)).length;
    // acme's admin is in neither the private team nor the chat; beta's channel is another
    // organisation's; the last id names nothing.
    for (const channelId of [
      team.general.id,
      chat.id,
      betaChannelId,
      "00000000-0000-4000-8000-000000000000",
    ]) {
      const reply = await team.admin.post("/api/t/acme/meetings", scheduleBody(channelId));
      expect(reply.status, `${channelId}: ${reply.body}`).toBe(404);
      expect(reply.json<{ error: { code: string } }>().error.code).toBe("not_found");
    }
    expect((await myMeetings(team.admin)).length).toBe(meetingsBefore);
    expect((await messagesOf(team.owner, team.general.id)).length).toBe(channelBefore);
    expect((await messagesOf(team.owner, chat.id)).length).toBe(chatBefore);
  });

  it("lets the channel's members in under the invited option, and nobody else of it", async () => {
    const inChannel = await schedule(team.owner, team.general.id);
    const inChat = await schedule(team.owner, chat.id);
    expect(await knock(team.member, inChannel)).toBe("admitted");
    expect(await knock(team.member, inChat)).toBe("admitted");
    // Not in the team: waits, and cannot read the meeting meanwhile.
    expect(await knock(team.admin, inChannel)).toBe("lobby");
    expect((await team.admin.get(`/api/t/acme/meetings/${inChannel.id}`)).status).toBe(404);
    // A channel member sees the meeting as an invitee before knocking, in their list too.
    const fresh = await schedule(team.owner, team.general.id);
    const read = await team.member.get(`/api/t/acme/meetings/${fresh.id}`);
    expect(read.status, read.body).toBe(200);
    expect(read.json<{ meeting: Meeting }>().meeting.yourRole).toBe("attendee");
    const listed = (await myMeetings(team.member)).find((m) => m.id === fresh.id);
    expect(listed?.yourRole).toBe("attendee");
    // Someone not in the team does not see it listed.
    expect((await myMeetings(team.admin)).some((m) => m.id === fresh.id)).toBe(false);
  });

  it("stops counting someone as invited once they leave the channel", async () => {
    const meeting = await schedule(team.owner, team.general.id);
    const removed = await team.owner.request(
      "DELETE",
      `/api/t/acme/teams/${team.general.teamId}/members/${team.world.a.users.member.id}`,
    );
    expect(removed.status, removed.body).toBeLessThan(300);
    expect((await myMeetings(team.member)).some((m) => m.id === meeting.id)).toBe(false);
    expect(await knock(team.member, meeting)).toBe("lobby");
  });

  it("answers a malformed channel id with 400 invalid_request naming the field", async () => {
    for (const channelId of ["not-a-uuid", 42, ""]) {
      const reply = await team.owner.post("/api/t/acme/meetings", scheduleBody(channelId));
      expect(reply.status, reply.body).toBe(400);
      const error = reply.json<{ error: { code: string; field?: string } }>().error;
      expect(error.code).toBe("invalid_request");
      expect(error.field ?? "").toContain("channelId");
    }
  });
});
