import {
  AnonymousKnockRequest,
  AnonymousKnockResponse,
  JoinMeetingRequest,
  JoinMeetingResponse,
  LobbyDecisionResponse,
  LobbyEntryParams,
  LobbyResponse,
  MeetingParams,
  MeetingPolicy,
  MeetingPolicyResponse,
  MeetingResponse,
  MeetingsQuery,
  MeetingsResponse,
  MeetingEnterResponse,
  MeetingTicketRequest,
  MeetingTicketResponse,
  ScheduleMeetingRequest,
  TenantSlugParams,
} from "@engawa/shared";
import { defineRoute } from "../../gateway/defineRoute.ts";
import type { Services } from "../../gateway/services.ts";
import { tenantBySlug } from "../../gateway/resources.ts";
import { currentRequest } from "../../platform/context.ts";
import { AppError } from "../../platform/errors.ts";
import { scopeFor } from "../../platform/scope.ts";
import { setMeetingCookie } from "../../gateway/cookies.ts";
import { ofKind } from "../identity/index.ts";
import { meetingInvite } from "./calendar.ts";
import { loaded, meetingByJoinCode, meetingOfParams } from "./resources.ts";

/**
 * Meetings: scheduling, knocking with the join code, the lobby, and the organisation's meeting
 * policy. Every lobby decision is the server's (lobbyPolicy.ts) and audited.
 */
export const meetingsRoutes = [
  defineRoute({
    method: "GET",
    url: "/api/t/:tenant/meeting-policy",
    summary:
      "The organisation's meeting policy: who bypasses the lobby, anonymous joins, presenters",
    action: "meeting_policy.read",
    schema: { params: TenantSlugParams, response: MeetingPolicyResponse },
    resource: (parts) => tenantBySlug(parts, parts.params.tenant),
    handler: async (ctx) => ({ policy: await ctx.services.meetings.policy(ctx.scope) }),
  }),
  defineRoute({
    method: "PUT",
    url: "/api/t/:tenant/meeting-policy",
    summary: "Change the organisation's meeting policy",
    action: "meeting_policy.update",
    schema: { params: TenantSlugParams, body: MeetingPolicy, response: MeetingPolicyResponse },
    resource: (parts) => tenantBySlug(parts, parts.params.tenant),
    handler: async (ctx) => ({
      policy: await ctx.services.meetings.setPolicy(ctx.scope, ctx.body, currentRequest()),
    }),
  }),
  defineRoute({
    method: "POST",
    url: "/api/t/:tenant/meetings",
    summary: "Schedule a meeting: title, time, co-organisers, invitees and who bypasses the lobby",
    action: "meeting.create",
    status: 201,
    schema: { params: TenantSlugParams, body: ScheduleMeetingRequest, response: MeetingResponse },
    resource: (parts) => tenantBySlug(parts, parts.params.tenant),
    handler: async (ctx) => ({
      meeting: await ctx.services.meetings.schedule(
        ofKind(ctx.principal, "user"),
        ctx.body,
        currentRequest(),
      ),
    }),
  }),
  defineRoute({
    method: "GET",
    url: "/api/t/:tenant/meetings",
    summary:
      "The meetings one organises or is named in, from those running now, soonest first; with when=past, those that are over, newest first",
    action: "meeting.list",
    schema: { params: TenantSlugParams, querystring: MeetingsQuery, response: MeetingsResponse },
    resource: (parts) => tenantBySlug(parts, parts.params.tenant),
    handler: async (ctx) => {
      const principal = ofKind(ctx.principal, "user");
      return {
        meetings:
          ctx.query.when === "past"
            ? await ctx.services.meetings.past(principal)
            : await ctx.services.meetings.mine(principal),
      };
    },
  }),
  defineRoute({
    method: "GET",
    url: "/api/t/:tenant/meetings/:meetingId/invite.ics",
    summary: "A meeting as an iCalendar (.ics) invitation with its join link",
    action: "meeting.invite.download",
    hideOnDeny: true,
    raw: true,
    schema: { params: MeetingParams },
    resource: meetingOfParams,
    handler: async (ctx) => {
      const { meeting, relation } = loaded(ctx.resource);
      const shown = await ctx.services.meetings.shown(ctx.scope, meeting, relation);
      const joinUrl = new URL(
        `/t/${ctx.params.tenant}/meet/${shown.joinCode}`,
        ctx.services.config.publicUrl,
      ).toString();
      return ctx.reply
        .header("content-type", "text/calendar; charset=utf-8")
        .header("content-disposition", `attachment; filename="meeting-${meeting.id}.ics"`)
        .header("cache-control", "no-store")
        .send(meetingInvite(shown, joinUrl, ctx.services.clock.now()));
    },
  }),
  defineRoute({
    method: "GET",
    url: "/api/t/:tenant/meetings/:meetingId",
    summary: "A meeting one organises, was invited to or was admitted to",
    action: "meeting.read",
    hideOnDeny: true,
    schema: { params: MeetingParams, response: MeetingResponse },
    resource: meetingOfParams,
    handler: async (ctx) => {
      const { meeting, relation } = loaded(ctx.resource);
      return { meeting: await ctx.services.meetings.shown(ctx.scope, meeting, relation) };
    },
  }),
  defineRoute({
    method: "POST",
    url: "/api/t/:tenant/meeting-joins",
    summary:
      "Knock with a meeting's join code: straight in or to the lobby, as the lobby's rules decide (the code alone never lets anyone in)",
    action: "meeting.join",
    status: 201,
    schema: { params: TenantSlugParams, body: JoinMeetingRequest, response: JoinMeetingResponse },
    resource: (parts) => meetingByJoinCode(parts, parts.params.tenant, parts.body.code),
    handler: async (ctx) => {
      const { meeting, relation } = loaded(ctx.resource);
      return ctx.services.meetings.join(
        ofKind(ctx.principal, "user"),
        meeting,
        relation,
        currentRequest(),
      );
    },
  }),
  defineRoute({
    method: "POST",
    url: "/api/meeting-knocks/:tenant",
    summary:
      "Someone without an account knocks with the join link and a name: they always wait in the lobby, and get a ticket to ask what became of them",
    public:
      "a person without an account has only the join code; the lobby's rules decide (they always wait), the organisation's policy may refuse them, and every knock is audited",
    status: 201,
    schema: {
      params: TenantSlugParams,
      body: AnonymousKnockRequest,
      response: AnonymousKnockResponse,
    },
    handler: async (ctx) =>
      ctx.services.meetings.knockAnonymously(
        await tenantIdOf(ctx.services, ctx.params.tenant),
        ctx.body.code,
        ctx.body.name,
        currentRequest(),
      ),
  }),
  defineRoute({
    method: "POST",
    url: "/api/meeting-knocks/:tenant/state",
    summary: "What became of an anonymous knock: waiting, let in or turned away",
    public: "the ticket the knock returned is the anonymous joiner's credential (256 random bits)",
    schema: {
      params: TenantSlugParams,
      body: MeetingTicketRequest,
      response: MeetingTicketResponse,
    },
    handler: async (ctx) =>
      ctx.services.meetings.ticketState(
        await tenantIdOf(ctx.services, ctx.params.tenant),
        ctx.body.ticket,
      ),
  }),
  defineRoute({
    method: "POST",
    url: "/api/meeting-knocks/:tenant/withdraw",
    summary:
      "Someone without an account stops waiting in the lobby: the organisers' queue no longer shows them",
    public:
      "the ticket the knock returned is the anonymous joiner's credential (256 random bits); it withdraws only its own knock, and only while it waits",
    schema: {
      params: TenantSlugParams,
      body: MeetingTicketRequest,
      response: MeetingTicketResponse,
    },
    handler: async (ctx) =>
      ctx.services.meetings.withdrawTicket(
        await tenantIdOf(ctx.services, ctx.params.tenant),
        ctx.body.ticket,
      ),
  }),
  defineRoute({
    method: "POST",
    url: "/api/meeting-knocks/:tenant/enter",
    summary:
      "An admitted anonymous joiner exchanges the ticket for the meeting cookie (HttpOnly, /api only, until the meeting ends) that opens the WebSocket into that meeting's room",
    public:
      "the ticket is the anonymous joiner's credential (256 random bits); only a join the lobby admitted enters, and Cedar limits the cookie's principal to that meeting's room and chat",
    schema: {
      params: TenantSlugParams,
      body: MeetingTicketRequest,
      response: MeetingEnterResponse,
    },
    handler: async (ctx) => {
      const tenantId = await tenantIdOf(ctx.services, ctx.params.tenant);
      const request = currentRequest();
      try {
        const { entered, maxAgeSeconds } = await ctx.services.meetings.guests.enter(
          tenantId,
          ctx.body.ticket,
          request,
        );
        setMeetingCookie(ctx.reply, ctx.services.cookies, ctx.body.ticket, maxAgeSeconds);
        return entered;
      } catch (error) {
        if (error instanceof AppError)
          await ctx.services.denials.record(
            scopeFor({ type: "anonymous" }, tenantId),
            {
              action: "meeting.guest.enter",
              outcome: "deny",
              request,
              details: { reason: error.code },
            },
            `meeting_guest_enter|${error.code}`,
          );
        throw error;
      }
    },
  }),
  defineRoute({
    method: "GET",
    url: "/api/t/:tenant/meetings/:meetingId/lobby",
    summary: "Who waits in the lobby (organisers and presenters)",
    action: "meeting.lobby.list",
    schema: { params: MeetingParams, response: LobbyResponse },
    resource: meetingOfParams,
    handler: async (ctx) => ({
      waiting: await ctx.services.meetings.lobby(ctx.scope, loaded(ctx.resource).meeting),
    }),
  }),
  defineRoute({
    method: "POST",
    url: "/api/t/:tenant/meetings/:meetingId/lobby/:participantId/admit",
    summary: "Let someone in from the lobby",
    action: "meeting.lobby.admit",
    schema: { params: LobbyEntryParams, response: LobbyDecisionResponse },
    resource: meetingOfParams,
    handler: async (ctx) => ({
      participant: await ctx.services.meetings.decide(
        ofKind(ctx.principal, "user"),
        loaded(ctx.resource).meeting,
        ctx.params.participantId,
        "admitted",
        currentRequest(),
      ),
    }),
  }),
  defineRoute({
    method: "POST",
    url: "/api/t/:tenant/meetings/:meetingId/lobby/:participantId/deny",
    summary: "Turn someone in the lobby away",
    action: "meeting.lobby.deny",
    schema: { params: LobbyEntryParams, response: LobbyDecisionResponse },
    resource: meetingOfParams,
    handler: async (ctx) => ({
      participant: await ctx.services.meetings.decide(
        ofKind(ctx.principal, "user"),
        loaded(ctx.resource).meeting,
        ctx.params.participantId,
        "denied",
        currentRequest(),
      ),
    }),
  }),
];

/** The organisation of a public meeting route; an unknown one is 404, like an unknown code. */
async function tenantIdOf(services: Services, slug: string): Promise<string> {
  const tenant = await services.tenancy.store.bySlug(slug);
  if (!tenant) throw new AppError("not_found", "Not found.");
  return tenant.id;
}
