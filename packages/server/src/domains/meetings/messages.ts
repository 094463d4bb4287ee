import {
  MeetingKnockSubscribePayload,
  MeetingLobbySubscribePayload,
  MeetingRoomJoinPayload,
  MeetingRoomLeavePayload,
  MeetingSignalPayload,
} from "@engawa/shared";
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

/** The media room: entering it once admitted, leaving it, and relaying WebRTC signalling. */
export const meetingRoomMessages = [
  defineMessage({
    type: "meeting.room.join",
    action: "meeting.room.join",
    summary:
      "Enter a meeting's media room with one's admitted join: who is in, the ICE servers, then meeting.room, meeting.signal and meeting.closed events",
    payload: MeetingRoomJoinPayload,
    resource: (connection, payload, services) =>
      meetingForConnection(services, connection, payload.meetingId),
    handler: (ctx) =>
      ctx.services.meetings.enterRoom(
        ctx.connection,
        loaded(ctx.resource).meeting,
        ctx.payload.participantId,
      ),
  }),
  defineMessage({
    type: "meeting.room.leave",
    action: "meeting.room.leave",
    summary: "Leave a meeting's media room (the attendance report records the time)",
    payload: MeetingRoomLeavePayload,
    resource: (connection, payload, services) =>
      meetingForConnection(services, connection, payload.meetingId),
    handler: async (ctx) => {
      await ctx.services.meetings.leaveRoom(
        ctx.connection,
        loaded(ctx.resource).meeting,
        ctx.payload.participantId,
      );
      return { left: true };
    },
  }),
  defineMessage({
    type: "meeting.room.signal",
    action: "meeting.room.signal",
    summary:
      "Send an offer, an answer or an ICE candidate to another participant in the room (relayed, never kept)",
    payload: MeetingSignalPayload,
    resource: (connection, payload, services) =>
      meetingForConnection(services, connection, payload.meetingId),
    handler: (ctx) => {
      ctx.services.meetings.signal(
        ctx.connection,
        loaded(ctx.resource).meeting,
        ctx.payload.from,
        ctx.payload.to,
        ctx.payload.signal,
      );
      return Promise.resolve({ sent: true });
    },
  }),
];
