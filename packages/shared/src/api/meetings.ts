import { Type, type Static } from "typebox";
import { MessageBody } from "./collaboration.ts";
import { Slug, Uuid } from "./common.ts";

/**
 * Meetings: who waits in the lobby and who goes straight in, in the vocabulary admins know from
 * Microsoft Teams ("who can bypass the lobby", collab-anchors.md A1 [T1][T2]).
 *
 * Bypass options, widest first (Graph's `lobbyBypassScope` names in brackets):
 * - `everyone` [everyone]: every signed-in account — the organisation's members and guests and
 *   people signed in to another organisation on this deployment;
 * - `organization_and_guests` [organizationAndFederated, without federation]: the organisation's
 *   members and its guests;
 * - `organization` [organizationExcludingGuests]: the organisation's members;
 * - `invited` [invited]: people invited to the meeting;
 * - `organizers` [organizer]: only the organiser and co-organisers.
 *
 * The organiser and co-organisers always go straight in. A person joining anonymously — with
 * the join link and a typed name, nothing else — always waits, whatever the option: the link
 * alone is never a credential (issue "Meetings", acceptance 4; the Jitsi complaints of
 * collab-anchors.md §b7 are about lobbies that a link or an early arrival could skip).
 */
export const LOBBY_BYPASS_OPTIONS = [
  "everyone",
  "organization_and_guests",
  "organization",
  "invited",
  "organizers",
] as const;
export type LobbyBypass = (typeof LOBBY_BYPASS_OPTIONS)[number];

/** Who a joiner is to the meeting: decides their label in the lobby and whether they bypass it. */
export const MEETING_JOINER_KINDS = [
  "organizer",
  "co_organizer",
  "member",
  "guest",
  /** Signed in to another organisation on the same deployment. */
  "external",
  /** No account: the join link and a typed name. */
  "anonymous",
] as const;
export type MeetingJoinerKind = (typeof MEETING_JOINER_KINDS)[number];

/** The meeting roles (Teams' organizer / co-organizer / presenter / attendee, [T3]). */
export const MEETING_ROLES = ["organizer", "co_organizer", "presenter", "attendee"] as const;
export type MeetingRole = (typeof MEETING_ROLES)[number];

/** Who may present (share a screen, unmute themselves while attendees are muted, …) [T4]. */
export const WHO_MAY_PRESENT = ["everyone", "presenters", "organizers"] as const;
export type WhoMayPresent = (typeof WHO_MAY_PRESENT)[number];

/**
 * The organisation's meeting policy. `organizersMayChangeBypass` false is the admin's lock: every
 * meeting uses the organisation's option. `anonymousJoin` false (the hospital preset) refuses
 * anyone without an account before they reach the lobby.
 */
export const MeetingPolicy = Type.Object(
  {
    lobbyBypass: Type.Enum(LOBBY_BYPASS_OPTIONS),
    organizersMayChangeBypass: Type.Boolean(),
    anonymousJoin: Type.Boolean(),
    whoMayPresent: Type.Enum(WHO_MAY_PRESENT),
    /** The lowest label rank that puts a watermark on a meeting (absent: the default, 2). */
    watermarkFromRank: Type.Optional(Type.Integer({ minimum: 0, maximum: 11 })),
  },
  { additionalProperties: false },
);
export type MeetingPolicy = Static<typeof MeetingPolicy>;

/** Teams' defaults: people in the organisation bypass; organisers may change it; anonymous may join. */
export const DEFAULT_MEETING_POLICY: MeetingPolicy = {
  lobbyBypass: "organization",
  organizersMayChangeBypass: true,
  anonymousJoin: true,
  whoMayPresent: "everyone",
};

/**
 * Meetings whose label ranks at least this high show each viewer a watermark of their name and
 * the time over video and shared screens (the "機密 or higher": rank 2 of the preset
 * 公開 · 社内 · 機密 · 極秘) — the default when the policy does not say.
 */
export const WATERMARK_FROM_RANK_DEFAULT = 2;

/** The hospital preset: only invited people bypass; organisers cannot widen it; no anonymous joins. */
export const HOSPITAL_MEETING_POLICY: MeetingPolicy = {
  lobbyBypass: "invited",
  organizersMayChangeBypass: false,
  anonymousJoin: false,
  whoMayPresent: "presenters",
};

/** What a join attempt comes to. */
export const JOIN_OUTCOMES = ["admitted", "lobby", "refused"] as const;
export type JoinOutcome = (typeof JOIN_OUTCOMES)[number];

/** Why a join was refused (each a stable error code the client words). */
export const JOIN_REFUSALS = [
  "meeting_ended",
  "meeting_locked",
  "removed_from_meeting",
  "anonymous_join_disabled",
] as const;
export type JoinRefusal = (typeof JOIN_REFUSALS)[number];

export const MEETING_LIMITS = {
  titleMax: 200,
  coOrganizersMax: 20,
  inviteesMax: 1000,
  /** The longest meeting (Teams meetings end after 30 h). */
  hoursMax: 30,
} as const;

/** A join code: 128 random bits in base64url, the secret part of the join link. */
export const MeetingJoinCode = Type.String({ pattern: "^[A-Za-z0-9_-]{22}$" });

export const ScheduleMeetingRequest = Type.Object(
  {
    title: Type.String({
      minLength: 1,
      maxLength: MEETING_LIMITS.titleMax,
      pattern: "^(?=.*\\S)[^\\u0000-\\u001f\\u007f]+$",
    }),
    startsAt: Type.String({ format: "date-time" }),
    endsAt: Type.String({ format: "date-time" }),
    coOrganizerIds: Type.Array(Uuid, {
      maxItems: MEETING_LIMITS.coOrganizersMax,
      uniqueItems: true,
    }),
    inviteeIds: Type.Array(Uuid, { maxItems: MEETING_LIMITS.inviteesMax, uniqueItems: true }),
    /** The organiser's choice of who bypasses the lobby; null: the organisation's option. */
    lobbyBypass: Type.Union([Type.Enum(LOBBY_BYPASS_OPTIONS), Type.Null()]),
    /**
     * One of the organisation's sensitivity labels (absent or null: none). Conditional access
     * decides on the meeting by it, as on labelled teams; from the watermark rank it shows each
     * viewer a watermark.
     */
    labelId: Type.Optional(Type.Union([Uuid, Type.Null()])),
    /**
     * The channel or chat the meeting belongs to (absent or null: none). The organiser must be
     * allowed to post there; its members count as invited, and the meeting is announced there.
     */
    channelId: Type.Optional(Type.Union([Uuid, Type.Null()])),
  },
  { additionalProperties: false },
);
export type ScheduleMeetingRequest = Static<typeof ScheduleMeetingRequest>;

export const Meeting = Type.Object({
  id: Uuid,
  title: Type.String(),
  startsAt: Type.String(),
  endsAt: Type.String(),
  organizerId: Uuid,
  coOrganizerIds: Type.Array(Uuid),
  inviteeIds: Type.Array(Uuid),
  /** The option the meeting runs with (the organiser's, unless the organisation locked it). */
  lobbyBypass: Type.Enum(LOBBY_BYPASS_OPTIONS),
  locked: Type.Boolean(),
  /** Attendees may not unmute themselves (organisers and presenters still may) [T4]. */
  attendeesMuted: Type.Boolean(),
  /** The meeting's sensitivity label, or null. */
  label: Type.Union([Type.Object({ id: Uuid, name: Type.String() }), Type.Null()]),
  /** Show each viewer a watermark of their name and the time over video and shared screens. */
  watermark: Type.Boolean(),
  endedAt: Type.Union([Type.String(), Type.Null()]),
  /** The channel or chat the meeting belongs to (its members count as invited), or null. */
  channelId: Type.Union([Uuid, Type.Null()]),
  /** The secret of the join link (`/t/<organisation>/meet/<code>`). */
  joinCode: MeetingJoinCode,
  /** The caller's role in it. */
  yourRole: Type.Enum(MEETING_ROLES),
});
export type Meeting = Static<typeof Meeting>;
export const MeetingsResponse = Type.Object({ meetings: Type.Array(Meeting) });
/** Which of one's meetings to list: running and coming ones (the default), or those that are over. */
export const MEETING_LISTS = ["upcoming", "past"] as const;
export type MeetingList = (typeof MEETING_LISTS)[number];
export const MeetingsQuery = Type.Object(
  { when: Type.Optional(Type.Enum(MEETING_LISTS)) },
  { additionalProperties: false },
);
export type MeetingsQuery = Static<typeof MeetingsQuery>;
export type MeetingsResponse = Static<typeof MeetingsResponse>;
export const MeetingResponse = Type.Object({ meeting: Meeting });
export type MeetingResponse = Static<typeof MeetingResponse>;

export const MeetingParams = Type.Object(
  { tenant: Slug, meetingId: Uuid },
  { additionalProperties: false },
);
export type MeetingParams = Static<typeof MeetingParams>;
export const LobbyEntryParams = Type.Object(
  { tenant: Slug, meetingId: Uuid, participantId: Uuid },
  { additionalProperties: false },
);
export type LobbyEntryParams = Static<typeof LobbyEntryParams>;

export const JoinMeetingRequest = Type.Object(
  { code: MeetingJoinCode },
  { additionalProperties: false },
);
export type JoinMeetingRequest = Static<typeof JoinMeetingRequest>;

/** A join that was not refused: straight in, or waiting in the lobby (and nothing more). */
export const JoinMeetingResponse = Type.Object({
  outcome: Type.Enum(["admitted", "lobby"] as const),
  participantId: Uuid,
  meetingId: Uuid,
});
export type JoinMeetingResponse = Static<typeof JoinMeetingResponse>;

/** Someone waiting, as organisers and presenters see them: a name and what kind of joiner. */
export const LobbyEntry = Type.Object({
  participantId: Uuid,
  displayName: Type.String(),
  kind: Type.Enum(MEETING_JOINER_KINDS),
  waitingSince: Type.String(),
});
export type LobbyEntry = Static<typeof LobbyEntry>;
export const LobbyResponse = Type.Object({ waiting: Type.Array(LobbyEntry) });
export type LobbyResponse = Static<typeof LobbyResponse>;

export const MeetingPolicyResponse = Type.Object({ policy: MeetingPolicy });
export type MeetingPolicyResponse = Static<typeof MeetingPolicyResponse>;
export const LobbyDecisionResponse = Type.Object({ participant: LobbyEntry });
export type LobbyDecisionResponse = Static<typeof LobbyDecisionResponse>;

/** At most this many anonymous joiners wait in one meeting's lobby (a flood stays bounded). */
export const ANONYMOUS_WAITING_MAX = 100;

/** A bearer ticket: 256 random bits in base64url, an anonymous joiner's only credential. */
export const MeetingTicket = Type.String({ pattern: "^[A-Za-z0-9_-]{43}$" });

/** Someone without an account knocks with the link and the name they type. */
export const AnonymousKnockRequest = Type.Object(
  {
    code: MeetingJoinCode,
    name: Type.String({
      minLength: 1,
      maxLength: 80,
      pattern: "^(?=.*\\S)[^\\u0000-\\u001f\\u007f]+$",
    }),
  },
  { additionalProperties: false },
);
export type AnonymousKnockRequest = Static<typeof AnonymousKnockRequest>;

/** An anonymous joiner always waits; the ticket is how they ask what became of them. */
export const AnonymousKnockResponse = Type.Object({
  outcome: Type.Literal("lobby"),
  participantId: Uuid,
  ticket: MeetingTicket,
});
export type AnonymousKnockResponse = Static<typeof AnonymousKnockResponse>;

export const MeetingTicketRequest = Type.Object(
  { ticket: MeetingTicket },
  { additionalProperties: false },
);
export type MeetingTicketRequest = Static<typeof MeetingTicketRequest>;

/** What became of a knock: still waiting, let in, or turned away — nothing else of the meeting. */
export const MeetingTicketResponse = Type.Object({
  /** removed (by an organiser), left, or ended (the meeting is over): the ticket opens nothing. */
  state: Type.Enum(["lobby", "admitted", "denied", "removed", "left", "ended"] as const),
});
export type MeetingTicketResponse = Static<typeof MeetingTicketResponse>;

/**
 * An admitted anonymous joiner exchanges the ticket for the meeting's cookie (HttpOnly, for /api
 * only, expiring with the meeting): what the WebSocket opened with it needs to enter the room.
 */
export const MeetingEnterResponse = Type.Object({
  meetingId: Uuid,
  participantId: Uuid,
  displayName: Type.String(),
});
export type MeetingEnterResponse = Static<typeof MeetingEnterResponse>;

/** WebSocket: an organiser or presenter follows a meeting's lobby (answered with who waits now). */
export const MeetingLobbySubscribePayload = Type.Object(
  { meetingId: Uuid },
  { additionalProperties: false },
);
export type MeetingLobbySubscribePayload = Static<typeof MeetingLobbySubscribePayload>;

/** WebSocket: someone waiting follows their own knock (answered with its state now). */
export const MeetingKnockSubscribePayload = Type.Object(
  { meetingId: Uuid, participantId: Uuid },
  { additionalProperties: false },
);
export type MeetingKnockSubscribePayload = Static<typeof MeetingKnockSubscribePayload>;

/** Server event `meeting.lobby`: who waits now, whenever it changes. */
export const MeetingLobbyEvent = Type.Object({ meetingId: Uuid, waiting: Type.Array(LobbyEntry) });
export type MeetingLobbyEvent = Static<typeof MeetingLobbyEvent>;

/** Server event `meeting.knock`: what became of one's knock. */
export const MeetingKnockEvent = Type.Object({
  meetingId: Uuid,
  participantId: Uuid,
  /** `ended`: the meeting ended while they waited (not a decision about them). */
  state: Type.Enum(["lobby", "admitted", "denied", "ended"] as const),
});
export type MeetingKnockEvent = Static<typeof MeetingKnockEvent>;

/** A participant of a meeting, by the id of their admitted join (one per join). */
export const ParticipantParams = LobbyEntryParams;
export type ParticipantParams = LobbyEntryParams;

export const MeetingPersonParams = Type.Object(
  { tenant: Slug, meetingId: Uuid, userId: Uuid },
  { additionalProperties: false },
);
export type MeetingPersonParams = Static<typeof MeetingPersonParams>;

/** What organisers change while a meeting runs: its lock, and whether attendees are muted. */
export const UpdateMeetingRequest = Type.Object(
  { locked: Type.Optional(Type.Boolean()), attendeesMuted: Type.Optional(Type.Boolean()) },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateMeetingRequest = Static<typeof UpdateMeetingRequest>;

/** The roles an organiser hands out during a meeting (co-organisers are named when scheduling). */
export const ASSIGNABLE_MEETING_ROLES = ["presenter", "attendee"] as const;
export const MeetingRoleRequest = Type.Object(
  { role: Type.Enum(ASSIGNABLE_MEETING_ROLES) },
  { additionalProperties: false },
);
export type MeetingRoleRequest = Static<typeof MeetingRoleRequest>;
export const MeetingRoleResponse = Type.Object({
  userId: Uuid,
  role: Type.Enum(ASSIGNABLE_MEETING_ROLES),
});
export type MeetingRoleResponse = Static<typeof MeetingRoleResponse>;

/**
 * A join's life after the lobby: `admitted` (in, or free to enter the room), `left`, `removed`
 * (by an organiser: kept out for the rest of the meeting).
 */
export const PARTICIPANT_STATES = ["admitted", "left", "removed"] as const;
export type ParticipantState = (typeof PARTICIPANT_STATES)[number];

/** Someone who was let in, as the meeting's people see them (never those in the lobby). */
export const MeetingParticipant = Type.Object({
  participantId: Uuid,
  userId: Type.Union([Uuid, Type.Null()]),
  displayName: Type.String(),
  kind: Type.Enum(MEETING_JOINER_KINDS),
  role: Type.Enum(MEETING_ROLES),
  state: Type.Enum(PARTICIPANT_STATES),
  /** In the media room right now (connected). */
  inRoom: Type.Boolean(),
});
export type MeetingParticipant = Static<typeof MeetingParticipant>;
export const ParticipantsResponse = Type.Object({ participants: Type.Array(MeetingParticipant) });
export type ParticipantsResponse = Static<typeof ParticipantsResponse>;
export const ParticipantResponse = Type.Object({ participant: MeetingParticipant });
export type ParticipantResponse = Static<typeof ParticipantResponse>;

/** One line of the attendance report: a join that was not refused, and what became of it. */
export const AttendanceEntry = Type.Object({
  participantId: Uuid,
  displayName: Type.String(),
  kind: Type.Enum(MEETING_JOINER_KINDS),
  /** lobby (still waiting), admitted, denied, left or removed. */
  state: Type.Enum(["lobby", "admitted", "denied", "left", "removed"] as const),
  knockedAt: Type.String(),
  admittedAt: Type.Union([Type.String(), Type.Null()]),
  leftAt: Type.Union([Type.String(), Type.Null()]),
});
export type AttendanceEntry = Static<typeof AttendanceEntry>;
export const AttendanceResponse = Type.Object({ attendance: Type.Array(AttendanceEntry) });
export type AttendanceResponse = Static<typeof AttendanceResponse>;

/**
 * An ICE server as RTCPeerConnection takes it. TURN credentials are coturn's time-limited
 * shared-secret ones ("TURN REST API", draft-uberti-behave-turn-rest-00): the username is the
 * expiry time and the participant, the credential an HMAC of it; the secret never leaves the
 * server.
 */
export const IceServer = Type.Object({
  urls: Type.Array(Type.String()),
  username: Type.Optional(Type.String()),
  credential: Type.Optional(Type.String()),
});
export type IceServer = Static<typeof IceServer>;

/** Someone in the media room, as the others see them. */
export const RoomPeer = Type.Object({
  participantId: Uuid,
  displayName: Type.String(),
  kind: Type.Enum(MEETING_JOINER_KINDS),
  role: Type.Enum(MEETING_ROLES),
  /** Sharing their screen now (the server decided they may, and announces it). */
  presenting: Type.Boolean(),
});
export type RoomPeer = Static<typeof RoomPeer>;

/**
 * WebSocket `meeting.room.present`: start (true) or stop (false) sharing one's screen from one's
 * own seat. Starting is the organisation's `whoMayPresent` for one's meeting role (Cedar decides:
 * `forbidden` otherwise); stopping is always allowed.
 */
export const MeetingPresentPayload = Type.Object(
  { meetingId: Uuid, participantId: Uuid, presenting: Type.Boolean() },
  { additionalProperties: false },
);
export type MeetingPresentPayload = Static<typeof MeetingPresentPayload>;

/** WebSocket: enter the media room with one's admitted join. */
export const MeetingRoomJoinPayload = Type.Object(
  { meetingId: Uuid, participantId: Uuid },
  { additionalProperties: false },
);
export type MeetingRoomJoinPayload = Static<typeof MeetingRoomJoinPayload>;
export const MeetingRoomLeavePayload = MeetingRoomJoinPayload;
export type MeetingRoomLeavePayload = MeetingRoomJoinPayload;

/** How media flows: peer to peer (small meetings) or through the SFU. */
export const MEDIA_MODES = ["p2p", "sfu"] as const;
export type MediaMode = (typeof MEDIA_MODES)[number];

/**
 * Server event `meeting.room` (and the answer to entering): who is in the room, and its state.
 * `mode` starts peer to peer and moves to `sfu` for good once the room outgrows the peer-to-peer
 * size (when the deployment has Janus): clients then drop their peer connections and publish to
 * the SFU. `feeds`: in `sfu` mode, who publishes media that can be subscribed to now.
 */
export const MeetingRoomEvent = Type.Object({
  meetingId: Uuid,
  peers: Type.Array(RoomPeer),
  locked: Type.Boolean(),
  attendeesMuted: Type.Boolean(),
  mode: Type.Enum(MEDIA_MODES),
  feeds: Type.Array(Uuid),
  /** The organisation's rule of who may share their screen (clients show it; the server decides). */
  whoMayPresent: Type.Enum(WHO_MAY_PRESENT),
});
export type MeetingRoomEvent = Static<typeof MeetingRoomEvent>;

/**
 * What everyone let into the room is shown of the meeting — people without an account too, who
 * read nothing else of it: its title, its label, and whether each viewer gets a watermark.
 */
export const MeetingInRoom = Type.Object({
  title: Type.String(),
  label: Type.Union([Type.Object({ id: Uuid, name: Type.String() }), Type.Null()]),
  watermark: Type.Boolean(),
});
export type MeetingInRoom = Static<typeof MeetingInRoom>;

/** The answer to entering the room: the room, one's own place in it, and the ICE servers. */
export const MeetingRoomJoined = Type.Intersect([
  MeetingRoomEvent,
  Type.Object({
    participantId: Uuid,
    yourRole: Type.Enum(MEETING_ROLES),
    iceServers: Type.Array(IceServer),
    meeting: MeetingInRoom,
  }),
]);
export type MeetingRoomJoined = Static<typeof MeetingRoomJoined>;

/** The signalling limits: an SDP of a few tracks is a few KB; a candidate line well under 1 KB. */
export const SIGNAL_LIMITS = { sdpMax: 32_768, candidateMax: 1024 } as const;

/** One WebRTC signalling message (RFC 8829 JSEP): a description, or an ICE candidate. */
export const MeetingSignal = Type.Union([
  Type.Object(
    {
      type: Type.Enum(["offer", "answer"] as const),
      sdp: Type.String({ minLength: 1, maxLength: SIGNAL_LIMITS.sdpMax }),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      type: Type.Literal("candidate"),
      candidate: Type.String({ maxLength: SIGNAL_LIMITS.candidateMax }),
      sdpMid: Type.Union([Type.String({ maxLength: 64 }), Type.Null()]),
      sdpMLineIndex: Type.Union([Type.Integer({ minimum: 0, maximum: 64 }), Type.Null()]),
    },
    { additionalProperties: false },
  ),
]);
export type MeetingSignal = Static<typeof MeetingSignal>;

/** WebSocket: signalling to one other participant in the room (relayed, never stored). */
export const MeetingSignalPayload = Type.Object(
  { meetingId: Uuid, from: Uuid, to: Uuid, signal: MeetingSignal },
  { additionalProperties: false },
);
export type MeetingSignalPayload = Static<typeof MeetingSignalPayload>;

/** Server event `meeting.signal`: signalling from another participant. */
export const MeetingSignalEvent = Type.Object({
  meetingId: Uuid,
  from: Uuid,
  signal: MeetingSignal,
});
export type MeetingSignalEvent = Static<typeof MeetingSignalEvent>;

/** Why one's place in the room closed. */
export const ROOM_CLOSE_REASONS = ["removed", "ended", "left"] as const;
/** Server event `meeting.closed`: one's place in the room closed (removed, or the meeting ended). */
export const MeetingClosedEvent = Type.Object({
  meetingId: Uuid,
  participantId: Uuid,
  reason: Type.Enum(ROOM_CLOSE_REASONS),
});
export type MeetingClosedEvent = Static<typeof MeetingClosedEvent>;

/** An SFU description (the browser's offer or answer); the same bound as peer-to-peer SDP. */
const Sdp = Type.String({ minLength: 1, maxLength: SIGNAL_LIMITS.sdpMax });
/** A browser's ICE candidate, or null when its gathering completed. */
const TrickleCandidate = Type.Union([
  Type.Object(
    {
      candidate: Type.String({ maxLength: SIGNAL_LIMITS.candidateMax }),
      sdpMid: Type.Union([Type.String({ maxLength: 64 }), Type.Null()]),
      sdpMLineIndex: Type.Union([Type.Integer({ minimum: 0, maximum: 64 }), Type.Null()]),
    },
    { additionalProperties: false },
  ),
  Type.Null(),
]);
/** A subscription's id as the server hands it out (96 random bits). */
const SubscriptionId = Type.String({ pattern: "^[A-Za-z0-9_-]{16}$" });

/** WebSocket (SFU): publish one's media — the offer in, the SFU's answer back. */
export const MeetingPublishPayload = Type.Object(
  { meetingId: Uuid, participantId: Uuid, offer: Sdp },
  { additionalProperties: false },
);
export type MeetingPublishPayload = Static<typeof MeetingPublishPayload>;
export const MeetingPublishAnswer = Type.Object({ answer: Type.String() });
export type MeetingPublishAnswer = Static<typeof MeetingPublishAnswer>;

/** WebSocket (SFU): receive another participant's media — the SFU's offer back. */
export const MeetingSubscribePayload = Type.Object(
  { meetingId: Uuid, participantId: Uuid, feed: Uuid },
  { additionalProperties: false },
);
export type MeetingSubscribePayload = Static<typeof MeetingSubscribePayload>;
export const MeetingSubscribeOffer = Type.Object({
  subscriptionId: Type.String(),
  offer: Type.String(),
});
export type MeetingSubscribeOffer = Static<typeof MeetingSubscribeOffer>;

/** WebSocket (SFU): the answer to a subscription's offer; media starts. */
export const MeetingStartPayload = Type.Object(
  { meetingId: Uuid, participantId: Uuid, subscriptionId: SubscriptionId, answer: Sdp },
  { additionalProperties: false },
);
export type MeetingStartPayload = Static<typeof MeetingStartPayload>;

/** WebSocket (SFU): an ICE candidate for one's publisher (`"publisher"`) or a subscription. */
export const MeetingTricklePayload = Type.Object(
  {
    meetingId: Uuid,
    participantId: Uuid,
    target: Type.Union([Type.Literal("publisher"), SubscriptionId]),
    candidate: TrickleCandidate,
  },
  { additionalProperties: false },
);
export type MeetingTricklePayload = Static<typeof MeetingTricklePayload>;

/** The most meeting chat messages one page lists (newest first; `before` pages back). */
export const MEETING_CHAT_PAGE = 100;

/** A message of a meeting's chat. */
export const MeetingChatMessage = Type.Object({
  id: Uuid,
  meetingId: Uuid,
  /** Who wrote it: their join in the meeting, and their name as it was. */
  participantId: Uuid,
  authorName: Type.String(),
  body: Type.String(),
  createdAt: Type.String(),
});
export type MeetingChatMessage = Static<typeof MeetingChatMessage>;

export const PostMeetingChatRequest = Type.Object(
  { participantId: Uuid, body: MessageBody },
  { additionalProperties: false },
);
export type PostMeetingChatRequest = Static<typeof PostMeetingChatRequest>;
export const MeetingChatMessageResponse = Type.Object({ message: MeetingChatMessage });
export type MeetingChatMessageResponse = Static<typeof MeetingChatMessageResponse>;

export const MeetingChatQuery = Type.Object(
  { before: Type.Optional(Type.String({ format: "date-time" })) },
  { additionalProperties: false },
);
export type MeetingChatQuery = Static<typeof MeetingChatQuery>;
/** Newest first. */
export const MeetingChatResponse = Type.Object({ messages: Type.Array(MeetingChatMessage) });
export type MeetingChatResponse = Static<typeof MeetingChatResponse>;
