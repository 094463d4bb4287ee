import {
  AttendanceResponse,
  MeetingChatMessageResponse,
  MeetingChatQuery,
  MeetingChatResponse,
  PostMeetingChatRequest,
  MeetingParams,
  MeetingPersonParams,
  MeetingResponse,
  MeetingRoleRequest,
  MeetingRoleResponse,
  ParticipantParams,
  ParticipantResponse,
  ParticipantsResponse,
  UpdateMeetingRequest,
} from "@engawa/shared";
import { defineRoute } from "../../gateway/defineRoute.ts";
import { currentRequest } from "../../platform/context.ts";
import { AppError } from "../../platform/errors.ts";
import { ofKind, type Principal } from "../identity/index.ts";
import { loaded, meetingOfParams } from "./resources.ts";

/**
 * What organisers do while a meeting runs — lock it, mute attendees, hand out the presenter role,
 * remove someone, end it — and what the meeting's people see of who is in it. Every change is
 * audited (commands/controls.ts).
 */
export const meetingControlRoutes = [
  defineRoute({
    method: "PATCH",
    url: "/api/t/:tenant/meetings/:meetingId",
    summary: "Lock or unlock a meeting (nobody new gets in), or mute its attendees",
    action: "meeting.update",
    schema: { params: MeetingParams, body: UpdateMeetingRequest, response: MeetingResponse },
    resource: meetingOfParams,
    handler: async (ctx) => {
      const { meeting, relation } = loaded(ctx.resource);
      return {
        meeting: await ctx.services.meetings.update(
          ofKind(ctx.principal, "user"),
          meeting,
          relation,
          ctx.body,
          currentRequest(),
        ),
      };
    },
  }),
  defineRoute({
    method: "POST",
    url: "/api/t/:tenant/meetings/:meetingId/end",
    summary: "End a meeting for everyone: the room closes and nobody joins it again",
    action: "meeting.end",
    schema: { params: MeetingParams, response: MeetingResponse },
    resource: meetingOfParams,
    handler: async (ctx) => {
      const { meeting, relation } = loaded(ctx.resource);
      return {
        meeting: await ctx.services.meetings.end(
          ofKind(ctx.principal, "user"),
          meeting,
          relation,
          currentRequest(),
        ),
      };
    },
  }),
  defineRoute({
    method: "PUT",
    url: "/api/t/:tenant/meetings/:meetingId/roles/:userId",
    summary: "Make someone of the meeting a presenter or an attendee",
    action: "meeting.role.update",
    schema: {
      params: MeetingPersonParams,
      body: MeetingRoleRequest,
      response: MeetingRoleResponse,
    },
    resource: meetingOfParams,
    handler: async (ctx) => {
      await ctx.services.meetings.setRole(
        ofKind(ctx.principal, "user"),
        loaded(ctx.resource).meeting,
        ctx.params.userId,
        ctx.body.role,
        currentRequest(),
      );
      return { userId: ctx.params.userId, role: ctx.body.role };
    },
  }),
  defineRoute({
    method: "POST",
    url: "/api/t/:tenant/meetings/:meetingId/participants/:participantId/remove",
    summary: "Remove someone from a meeting and keep them out of it",
    action: "meeting.participant.remove",
    schema: { params: ParticipantParams, response: ParticipantResponse },
    resource: meetingOfParams,
    handler: async (ctx) => ({
      participant: await ctx.services.meetings.remove(
        ofKind(ctx.principal, "user"),
        loaded(ctx.resource).meeting,
        ctx.params.participantId,
        currentRequest(),
      ),
    }),
  }),
  defineRoute({
    method: "GET",
    url: "/api/t/:tenant/meetings/:meetingId/participants",
    summary: "Who is in a meeting now, with their roles (never those waiting in the lobby)",
    action: "meeting.participants.list",
    schema: { params: MeetingParams, response: ParticipantsResponse },
    resource: meetingOfParams,
    handler: async (ctx) => ({
      participants: await ctx.services.meetings.participants(
        ctx.scope,
        loaded(ctx.resource).meeting,
      ),
    }),
  }),
  defineRoute({
    method: "GET",
    url: "/api/t/:tenant/meetings/:meetingId/chat",
    summary: "A meeting's chat, newest first (its people, during and after the meeting)",
    action: "meeting.chat.read",
    schema: { params: MeetingParams, querystring: MeetingChatQuery, response: MeetingChatResponse },
    resource: meetingOfParams,
    handler: async (ctx) => ({
      messages: await ctx.services.meetings.chat(
        ctx.scope,
        loaded(ctx.resource).meeting,
        ctx.query.before ? new Date(ctx.query.before) : null,
      ),
    }),
  }),
  defineRoute({
    method: "POST",
    url: "/api/t/:tenant/meetings/:meetingId/chat",
    summary: "Write in a meeting's chat with one's admitted join (everyone in the room hears it)",
    action: "meeting.chat.post",
    status: 201,
    schema: {
      params: MeetingParams,
      body: PostMeetingChatRequest,
      response: MeetingChatMessageResponse,
    },
    resource: meetingOfParams,
    handler: async (ctx) => ({
      message: await ctx.services.meetings.postChat(
        roomPrincipal(ctx.principal),
        loaded(ctx.resource).meeting,
        ctx.body.participantId,
        ctx.body.body,
      ),
    }),
  }),
  defineRoute({
    method: "GET",
    url: "/api/t/:tenant/meetings/:meetingId/attendance",
    summary: "The attendance report: who knocked, got in and left, and when (organisers)",
    action: "meeting.attendance.read",
    schema: { params: MeetingParams, response: AttendanceResponse },
    resource: meetingOfParams,
    handler: async (ctx) => ({
      attendance: await ctx.services.meetings.attendance(ctx.scope, loaded(ctx.resource).meeting),
    }),
  }),
];

/** A user, or an admitted meeting guest (the policy let them reach this meeting's chat). */
function roomPrincipal(
  principal: Principal,
): Extract<Principal, { kind: "user" | "meeting_guest" }> {
  if (principal.kind !== "user" && principal.kind !== "meeting_guest")
    throw new AppError("forbidden", "You do not have permission to do this.");
  return principal;
}
