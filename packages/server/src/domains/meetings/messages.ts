import { MeetingKnockSubscribePayload, MeetingLobbySubscribePayload } from "@engawa/shared";
import { defineMessage } from "../../gateway/defineMessage.ts";
import { loaded, meetingForConnection } from "./resources.ts";

/** The meetings' WebSocket message types: the live lobby. */
export const meetingMessages = [
  defineMessage({
    type: "meeting.lobby.subscribe",
    action: "meeting.lobby.list",
    summary:
      "Follow a meeting's lobby (organisers and presenters): who waits now, then meeting.lobby whenever it changes",
    payload: MeetingLobbySubscribePayload,
    resource: (connection, payload, services) =>
      meetingForConnection(services, connection, payload.meetingId),
    handler: (ctx) =>
      ctx.services.meetings.followLobby(ctx.connection, loaded(ctx.resource).meeting),
  }),
  defineMessage({
    type: "meeting.knock.subscribe",
    action: "meeting.join",
    summary:
      "Follow one's own knock while waiting: its state now, then meeting.knock when let in or turned away",
    payload: MeetingKnockSubscribePayload,
    resource: (connection, payload, services) =>
      meetingForConnection(services, connection, payload.meetingId),
    handler: (ctx) =>
      ctx.services.meetings.followKnock(
        ctx.connection,
        loaded(ctx.resource).meeting,
        ctx.payload.participantId,
      ),
  }),
];
