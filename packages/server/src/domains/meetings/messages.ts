import {
  MeetingKnockSubscribePayload,
  MeetingPresentPayload,
  MeetingLobbySubscribePayload,
  MeetingPublishPayload,
  MeetingRoomJoinPayload,
  MeetingRoomLeavePayload,
  MeetingSignalPayload,
  MeetingStartPayload,
  MeetingSubscribePayload,
  MeetingTricklePayload,
} from "@engawa/shared";
import { defineMessage, defineRoomMessage } from "../../gateway/defineMessage.ts";
import { loaded, meetingOfPayload, meetingToPresentIn } from "./resources.ts";

/** The meetings' WebSocket message types: the live lobby. */
export const meetingMessages = [
  defineMessage({
    type: "meeting.lobby.subscribe",
    action: "meeting.lobby.list",
    summary:
      "Follow a meeting's lobby (organisers and presenters): who waits now, then meeting.lobby whenever it changes",
    payload: MeetingLobbySubscribePayload,
    resource: meetingOfPayload,
    handler: (ctx) =>
      ctx.services.meetings.followLobby(ctx.connection, loaded(ctx.resource).meeting),
  }),
  defineMessage({
    type: "meeting.knock.subscribe",
    action: "meeting.join",
    summary:
      "Follow one's own knock while waiting: its state now, then meeting.knock when let in or turned away",
    payload: MeetingKnockSubscribePayload,
    resource: meetingOfPayload,
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
  defineRoomMessage({
    type: "meeting.room.join",
    action: "meeting.room.join",
    summary:
      "Enter a meeting's media room with one's admitted join: who is in, the ICE servers, then meeting.room, meeting.signal and meeting.closed events",
    payload: MeetingRoomJoinPayload,
    resource: meetingOfPayload,
    handler: (ctx) =>
      ctx.services.meetings.enterRoom(
        ctx.connection,
        loaded(ctx.resource).meeting,
        ctx.payload.participantId,
      ),
  }),
  defineRoomMessage({
    type: "meeting.room.leave",
    action: "meeting.room.leave",
    summary: "Leave a meeting's media room (the attendance report records the time)",
    payload: MeetingRoomLeavePayload,
    resource: meetingOfPayload,
    handler: async (ctx) => {
      await ctx.services.meetings.leaveRoom(
        ctx.connection,
        loaded(ctx.resource).meeting,
        ctx.payload.participantId,
      );
      return { left: true };
    },
  }),
  defineRoomMessage({
    type: "meeting.room.signal",
    action: "meeting.room.signal",
    summary:
      "Send an offer, an answer or an ICE candidate to another participant in the room (relayed, never kept)",
    payload: MeetingSignalPayload,
    resource: meetingOfPayload,
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
  defineRoomMessage({
    type: "meeting.room.present",
    action: "meeting.room.present",
    summary:
      "Start or stop sharing one's screen from one's own seat: starting by the organisation's who-may-present rule for one's role, stopping always; everyone hears meeting.room",
    payload: MeetingPresentPayload,
    resource: meetingToPresentIn,
    context: (payload) => ({ presenting: String(payload.presenting) }),
    handler: (ctx) =>
      ctx.services.meetings.presentInRoom(
        ctx.connection,
        loaded(ctx.resource).meeting,
        ctx.payload.participantId,
        ctx.payload.presenting,
      ),
  }),
];

/**
 * The SFU's signalling (rooms that run through Janus): publish one's media, subscribe to
 * another's, answer a subscription, trickle candidates. The same action as peer-to-peer
 * signalling: it is signalling, from one's own seat.
 */
export const meetingMediaMessages = [
  defineRoomMessage({
    type: "meeting.media.publish",
    action: "meeting.room.signal",
    summary: "Publish one's media through the SFU: an offer in, the SFU's answer back",
    payload: MeetingPublishPayload,
    resource: meetingOfPayload,
    handler: (ctx) => ctx.services.meetings.sfu.publish(ctx.connection, ctx.payload),
  }),
  defineRoomMessage({
    type: "meeting.media.subscribe",
    action: "meeting.room.signal",
    summary: "Receive another participant's media through the SFU: the SFU's offer back",
    payload: MeetingSubscribePayload,
    resource: meetingOfPayload,
    handler: (ctx) => ctx.services.meetings.sfu.subscribe(ctx.connection, ctx.payload),
  }),
  defineRoomMessage({
    type: "meeting.media.start",
    action: "meeting.room.signal",
    summary: "Answer a subscription's offer: the other participant's media starts",
    payload: MeetingStartPayload,
    resource: meetingOfPayload,
    handler: async (ctx) => {
      await ctx.services.meetings.sfu.start(ctx.connection, ctx.payload);
      return { started: true };
    },
  }),
  defineRoomMessage({
    type: "meeting.media.trickle",
    action: "meeting.room.signal",
    summary: "An ICE candidate for one's publisher or a subscription (null: gathering completed)",
    payload: MeetingTricklePayload,
    resource: meetingOfPayload,
    handler: async (ctx) => {
      await ctx.services.meetings.sfu.trickle(ctx.connection, ctx.payload);
      return { sent: true };
    },
  }),
];
