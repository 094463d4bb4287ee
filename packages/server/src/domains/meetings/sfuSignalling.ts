import type {
  MeetingPublishAnswer,
  MeetingPublishPayload,
  MeetingStartPayload,
  MeetingSubscribeOffer,
  MeetingSubscribePayload,
  MeetingTricklePayload,
} from "@engawa/shared";
import type { RoomConnectionView as ConnectionView } from "../../gateway/defineMessage.ts";
import { AppError } from "../../platform/errors.ts";
import type { Sfu } from "./janus/sfu.ts";
import type { MeetingRooms } from "./room.ts";

/**
 * The SFU's signalling, as gateway actions over the Engawa WebSocket: each message names one's
 * own seat in the room (on this connection) and is refused unless the room runs through the SFU.
 * The browser offers and answers SDP and trickles candidates; Engawa speaks to Janus.
 */
export class SfuSignalling {
  private readonly rooms: MeetingRooms;
  private readonly sfu: Sfu | null;

  constructor(rooms: MeetingRooms, sfu: Sfu | null) {
    this.rooms = rooms;
    this.sfu = sfu;
  }

  async publish(
    connection: ConnectionView,
    payload: MeetingPublishPayload,
  ): Promise<MeetingPublishAnswer> {
    const sfu = this.seated(connection, payload.meetingId, payload.participantId);
    const answer = await sfu.publish(payload.meetingId, payload.participantId, payload.offer);
    // An attendee who publishes while attendees are muted is muted from the start.
    await this.rooms.enforceMute(connection.principal.tenant.id, payload.meetingId);
    return { answer };
  }

  async subscribe(
    connection: ConnectionView,
    payload: MeetingSubscribePayload,
  ): Promise<MeetingSubscribeOffer> {
    const sfu = this.seated(connection, payload.meetingId, payload.participantId);
    return sfu.subscribe(payload.meetingId, payload.participantId, payload.feed);
  }

  async start(connection: ConnectionView, payload: MeetingStartPayload): Promise<void> {
    const sfu = this.seated(connection, payload.meetingId, payload.participantId);
    await sfu.start(
      payload.meetingId,
      payload.participantId,
      payload.subscriptionId,
      payload.answer,
    );
  }

  async trickle(connection: ConnectionView, payload: MeetingTricklePayload): Promise<void> {
    const sfu = this.seated(connection, payload.meetingId, payload.participantId);
    await sfu.trickle(payload.meetingId, payload.participantId, payload.target, payload.candidate);
  }

  /** The SFU, for one's own seat in a room that runs through it. */
  private seated(connection: ConnectionView, meetingId: string, participantId: string): Sfu {
    this.rooms.requireSeat(connection, meetingId, participantId);
    if (!this.sfu || this.rooms.modeOf(meetingId) !== "sfu")
      throw new AppError("invalid_state", "This meeting's media flows peer to peer.");
    return this.sfu;
  }
}
