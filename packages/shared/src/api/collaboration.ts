import { Type, type Static } from "typebox";
import { DisplayName, Email, Slug, Timestamp, Uuid } from "./common.ts";
import { Attachment, FILE_LIMITS } from "./files.ts";

/** Limits of collaboration content, shared by the server's validation and the web client. */
export const COLLAB_LIMITS = {
  teamNameMax: 80,
  channelNameMax: 60,
  descriptionMax: 500,
  messageMax: 20_000,
  pageMax: 200,
} as const;

/**
 * A name of a team or channel: at least one visible character, no control characters, no
 * bidirectional overrides (the same rule as people's names).
 */
const namePattern = "^(?=.*\\S)[^\\u0000-\\u001f\\u007f\\u202a-\\u202e\\u2066-\\u2069]+$";

export const TeamName = Type.String({
  minLength: 1,
  maxLength: COLLAB_LIMITS.teamNameMax,
  pattern: namePattern,
});
export const ChannelName = Type.String({
  minLength: 1,
  maxLength: COLLAB_LIMITS.channelNameMax,
  pattern: namePattern,
});

/** Message text: any characters but NUL (PostgreSQL text cannot hold it); at least one visible. */
export const MessageBody = Type.String({
  minLength: 1,
  maxLength: COLLAB_LIMITS.messageMax,
  pattern: "^(?=[\\s\\S]*\\S)[^\\u0000]+$",
});

/** Public: anyone in the organisation (not guests) may find and join it. Private: by invitation. */
export const TEAM_VISIBILITIES = ["public", "private"] as const;
export const TeamVisibility = Type.Union([Type.Literal("public"), Type.Literal("private")]);
export type TeamVisibility = (typeof TEAM_VISIBILITIES)[number];

/** A person's place in a team (Teams' owner / member / guest). */
export const TEAM_ROLES = ["owner", "member", "guest"] as const;
export const TeamRole = Type.Union([
  Type.Literal("owner"),
  Type.Literal("member"),
  Type.Literal("guest"),
]);
export type TeamRole = (typeof TEAM_ROLES)[number];

/** Standard channels are open to the whole team; private ones to their own members only. */
export const CHANNEL_KINDS = ["standard", "private"] as const;
export const ChannelKind = Type.Union([Type.Literal("standard"), Type.Literal("private")]);
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** The reactions a message can get (Microsoft Teams' six), in the order they are offered. */
export const REACTIONS = ["like", "heart", "laugh", "surprised", "sad", "angry"] as const;
export const Reaction = Type.Union([
  Type.Literal("like"),
  Type.Literal("heart"),
  Type.Literal("laugh"),
  Type.Literal("surprised"),
  Type.Literal("sad"),
  Type.Literal("angry"),
]);
export type Reaction = (typeof REACTIONS)[number];

export const ReactionParams = Type.Object(
  { tenant: Slug, messageId: Uuid, reaction: Reaction },
  { additionalProperties: false },
);
export type ReactionParams = Static<typeof ReactionParams>;

export const TeamSummary = Type.Object({
  id: Uuid,
  name: Type.String(),
  description: Type.String(),
  visibility: TeamVisibility,
  /** The caller's role in the team; null for a public team they have not joined. */
  myRole: Type.Union([TeamRole, Type.Null()]),
  /** Whether guests may take part (the organisation's guest access must be on too). */
  allowGuests: Type.Boolean(),
  /** The team's sensitivity label (the organisation's labels), or none. */
  labelId: Type.Union([Uuid, Type.Null()]),
  createdAt: Timestamp,
});
export type TeamSummary = Static<typeof TeamSummary>;

export const TeamListResponse = Type.Object({ teams: Type.Array(TeamSummary) });
export type TeamListResponse = Static<typeof TeamListResponse>;

export const CreateTeamRequest = Type.Object(
  {
    name: TeamName,
    description: Type.Optional(Type.String({ maxLength: COLLAB_LIMITS.descriptionMax })),
    visibility: TeamVisibility,
  },
  { additionalProperties: false },
);
export type CreateTeamRequest = Static<typeof CreateTeamRequest>;

export const TeamParams = Type.Object(
  { tenant: Slug, teamId: Uuid },
  { additionalProperties: false },
);
export type TeamParams = Static<typeof TeamParams>;

export const TeamMemberParams = Type.Object(
  { tenant: Slug, teamId: Uuid, userId: Uuid },
  { additionalProperties: false },
);
export type TeamMemberParams = Static<typeof TeamMemberParams>;

export const TeamMember = Type.Object({
  userId: Uuid,
  displayName: Type.String(),
  role: TeamRole,
});
export type TeamMember = Static<typeof TeamMember>;

export const TeamResponse = Type.Object({ team: TeamSummary, members: Type.Array(TeamMember) });
export type TeamResponse = Static<typeof TeamResponse>;

/** Adds a person to a team or changes their role (a guest account is always a team guest). */
export const PutTeamMemberRequest = Type.Object(
  { role: Type.Union([Type.Literal("owner"), Type.Literal("member")]) },
  { additionalProperties: false },
);
export type PutTeamMemberRequest = Static<typeof PutTeamMemberRequest>;

export const ChannelSummary = Type.Object({
  id: Uuid,
  teamId: Uuid,
  kind: ChannelKind,
  name: Type.String(),
  /** The newest change's sequence number in this channel (0 when empty). */
  lastSeq: Type.Integer({ minimum: 0 }),
  /** The caller's read marker: the sequence number read up to. */
  lastReadSeq: Type.Integer({ minimum: 0 }),
  /** New messages (not the caller's own, not deleted) after the read marker. */
  unread: Type.Integer({ minimum: 0 }),
  /** The channel's own sensitivity label (the team's still applies; the stricter one counts). */
  labelId: Type.Union([Uuid, Type.Null()]),
});
export type ChannelSummary = Static<typeof ChannelSummary>;

export const ChannelListResponse = Type.Object({ channels: Type.Array(ChannelSummary) });
export type ChannelListResponse = Static<typeof ChannelListResponse>;

export const CreateChannelRequest = Type.Object(
  { name: ChannelName, kind: ChannelKind },
  { additionalProperties: false },
);
export type CreateChannelRequest = Static<typeof CreateChannelRequest>;

export const ChannelParams = Type.Object(
  { tenant: Slug, channelId: Uuid },
  { additionalProperties: false },
);
export type ChannelParams = Static<typeof ChannelParams>;

export const ChannelMemberParams = Type.Object(
  { tenant: Slug, channelId: Uuid, userId: Uuid },
  { additionalProperties: false },
);
export type ChannelMemberParams = Static<typeof ChannelMemberParams>;

/**
 * One message as its readers see it. `seq` is the channel's sequence number of the message's
 * latest change (post, edit or delete): a client that remembers the highest `seq` it has seen
 * asks for everything after it and receives each changed message once, in order.
 */
export const Message = Type.Object({
  id: Uuid,
  channelId: Uuid,
  seq: Type.Integer({ minimum: 1 }),
  /** The position of the message in the channel (its first sequence number). */
  position: Type.Integer({ minimum: 1 }),
  threadRootId: Type.Union([Uuid, Type.Null()]),
  author: Type.Object({ id: Uuid, displayName: Type.String() }),
  /** Null once deleted (a tombstone stays in its place). */
  body: Type.Union([Type.String(), Type.Null()]),
  createdAt: Timestamp,
  editedAt: Type.Union([Timestamp, Type.Null()]),
  deletedAt: Type.Union([Timestamp, Type.Null()]),
  replyCount: Type.Integer({ minimum: 0 }),
  /** Who reacted how, in the order the reactions are offered (only reactions someone gave). */
  reactions: Type.Array(
    Type.Object({
      reaction: Reaction,
      users: Type.Array(Type.Object({ id: Uuid, displayName: Type.String() })),
    }),
  ),
  /** The people the message mentions (each notified); the text shows them as "@name". */
  mentions: Type.Array(Type.Object({ id: Uuid, displayName: Type.String() })),
  /** Whether it mentions the whole channel (@channel / @チャネル). */
  mentionsChannel: Type.Boolean(),
  /** Files attached when it was posted (none once the message is deleted). */
  attachments: Type.Array(Attachment),
  /** Who pinned it to the channel and when; null when it is not pinned (never once deleted). */
  pinned: Type.Union([
    Type.Object({ by: Type.Object({ id: Uuid, displayName: Type.String() }), at: Timestamp }),
    Type.Null(),
  ]),
});
export type Message = Static<typeof Message>;

/** Most pinned messages one channel lists (the newest pins; older pins stay on their messages). */
export const PINS_LISTED = 100;

/**
 * A channel's pinned messages, newest pin first. `lastSeq` is the channel's sequence number when
 * the list was read: live changes after it bring the list up to date.
 */
export const PinnedMessages = Type.Object({
  messages: Type.Array(Message, { maxItems: PINS_LISTED }),
  lastSeq: Type.Integer({ minimum: 0 }),
});
export type PinnedMessages = Static<typeof PinnedMessages>;

export const MessagePage = Type.Object({
  messages: Type.Array(Message),
  /** The channel's newest sequence number when the page was read. */
  lastSeq: Type.Integer({ minimum: 0 }),
  /**
   * A conditional-access policy that applies to the reader here asks for the viewer's name to be
   * laid over the messages (session control `watermark`).
   */
  watermark: Type.Boolean(),
});
export type MessagePage = Static<typeof MessagePage>;

export const MessageQuery = Type.Object(
  {
    /** Changes after this sequence number, oldest first (catching up). */
    after: Type.Optional(Type.Integer({ minimum: 0 })),
    /** Messages positioned before this one, newest first (scrolling back). */
    before: Type.Optional(Type.Integer({ minimum: 1 })),
    /** Only the replies of this thread. */
    thread: Type.Optional(Uuid),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: COLLAB_LIMITS.pageMax })),
  },
  { additionalProperties: false },
);
export type MessageQuery = Static<typeof MessageQuery>;

/** Most people one message may mention by name. */
export const MENTIONS_MAX = 50;

/**
 * Whom a message mentions: people by id (those who cannot read the channel are dropped, never
 * told) and, optionally, the whole channel. The text names them as "@name" for readers.
 */
export const MentionsInput = Type.Object(
  {
    users: Type.Optional(Type.Array(Uuid, { maxItems: MENTIONS_MAX, uniqueItems: true })),
    channel: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type MentionsInput = Static<typeof MentionsInput>;

/**
 * A message needs text, files, or both. Files are uploaded first (into the same channel) and
 * named here by id; the newest version of each is attached.
 */
export const PostMessageRequest = Type.Object(
  {
    body: Type.Optional(MessageBody),
    threadRootId: Type.Optional(Uuid),
    attachments: Type.Optional(
      Type.Array(Uuid, { maxItems: FILE_LIMITS.attachmentsMax, uniqueItems: true }),
    ),
    mentions: Type.Optional(MentionsInput),
  },
  { additionalProperties: false },
);
export type PostMessageRequest = Static<typeof PostMessageRequest>;

export const MessageParams = Type.Object(
  { tenant: Slug, messageId: Uuid },
  { additionalProperties: false },
);
export type MessageParams = Static<typeof MessageParams>;

export const EditMessageRequest = Type.Object(
  { body: MessageBody, mentions: Type.Optional(MentionsInput) },
  { additionalProperties: false },
);
export type EditMessageRequest = Static<typeof EditMessageRequest>;

export const MarkReadRequest = Type.Object(
  { seq: Type.Integer({ minimum: 0 }) },
  { additionalProperties: false },
);
export type MarkReadRequest = Static<typeof MarkReadRequest>;

/** WebSocket: follow a channel, first catching up on what changed after `afterSeq`. */
export const ChannelSubscribePayload = Type.Object(
  { channelId: Uuid, afterSeq: Type.Optional(Type.Integer({ minimum: 0 })) },
  { additionalProperties: false },
);
export type ChannelSubscribePayload = Static<typeof ChannelSubscribePayload>;

export const ChannelUnsubscribePayload = Type.Object(
  { channelId: Uuid },
  { additionalProperties: false },
);

/** WebSocket: one is typing in a channel (the client sends it at most every few seconds). */
export const ChannelTypingPayload = Type.Object(
  { channelId: Uuid },
  { additionalProperties: false },
);

/** Server → client: someone else is typing in a followed channel. */
export interface ChannelTypingEvent {
  event: "channel.typing";
  payload: { channelId: string; user: { id: string; displayName: string } };
}

/** Server → client: one changed message of a followed channel. */
export interface ChannelMessageEvent {
  event: "channel.message";
  payload: { channelId: string; message: Message };
}

/** Server → client: the caller may no longer read the channel (removed); nothing more comes. */
export interface ChannelAccessLostEvent {
  event: "channel.access_lost";
  payload: { channelId: string };
}

export const SearchQuery = Type.Object(
  {
    q: Type.String({ minLength: 1, maxLength: 200 }),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
  },
  { additionalProperties: false },
);
export type SearchQuery = Static<typeof SearchQuery>;

export const SearchResult = Type.Object({
  message: Message,
  /** Where it was posted: a team's channel, or a chat (no team). */
  channel: Type.Object({
    id: Uuid,
    name: Type.String(),
    teamId: Type.Union([Uuid, Type.Null()]),
    teamName: Type.Union([Type.String(), Type.Null()]),
  }),
  /** UTF-16 ranges of `message.body` that matched the query, for highlighting. */
  highlights: Type.Array(
    Type.Object({ start: Type.Integer({ minimum: 0 }), end: Type.Integer({ minimum: 0 }) }),
  ),
});
export type SearchResult = Static<typeof SearchResult>;

export const SearchResponse = Type.Object({ results: Type.Array(SearchResult) });
export type SearchResponse = Static<typeof SearchResponse>;

/** Most people in one group chat (Teams allows 250; a class of 40 and its teachers fit well). */
export const CHAT_MEMBERS_MAX = 100;

/** A 1:1 or group chat outside any team. */
/** How much of a chat's newest message its list entry shows. */
export const CHAT_PREVIEW_MAX = 80;

/** A chat's newest message, as its list entry shows it (Teams' last-message line). */
export const ChatPreview = Type.Object({
  authorId: Uuid,
  authorName: Type.String(),
  /** The start of the text, white space folded; empty for a message of files alone. */
  text: Type.String({ maxLength: CHAT_PREVIEW_MAX + 1 }),
  withFiles: Type.Boolean(),
  createdAt: Type.String({ format: "date-time" }),
});
export type ChatPreview = Static<typeof ChatPreview>;

export const ChatSummary = Type.Object({
  id: Uuid,
  /** A group chat's optional topic; empty for a 1:1 chat. */
  topic: Type.String(),
  members: Type.Array(Type.Object({ userId: Uuid, displayName: Type.String() })),
  lastSeq: Type.Integer({ minimum: 0 }),
  lastReadSeq: Type.Integer({ minimum: 0 }),
  unread: Type.Integer({ minimum: 0 }),
  /** The newest message that was not deleted; null in a chat without one. */
  lastMessage: Type.Union([ChatPreview, Type.Null()]),
});
export type ChatSummary = Static<typeof ChatSummary>;

export const ChatListResponse = Type.Object({ chats: Type.Array(ChatSummary) });
export type ChatListResponse = Static<typeof ChatListResponse>;

/**
 * Starts a chat with these people (the caller is added). A 1:1 chat with someone who already has
 * one with the caller answers that chat instead of making a second.
 */
export const CreateChatRequest = Type.Object(
  {
    userIds: Type.Array(Uuid, { minItems: 1, maxItems: CHAT_MEMBERS_MAX - 1, uniqueItems: true }),
    topic: Type.Optional(Type.String({ maxLength: COLLAB_LIMITS.channelNameMax })),
  },
  { additionalProperties: false },
);
export type CreateChatRequest = Static<typeof CreateChatRequest>;

/** Names a group chat (an empty topic takes the name away: the members' names show instead). */
export const UpdateChatRequest = Type.Object(
  { topic: Type.String({ maxLength: COLLAB_LIMITS.channelNameMax }) },
  { additionalProperties: false },
);
export type UpdateChatRequest = Static<typeof UpdateChatRequest>;

export const ChatParams = Type.Object(
  { tenant: Slug, chatId: Uuid },
  { additionalProperties: false },
);
export type ChatParams = Static<typeof ChatParams>;

/** Who can read a channel (the people its messages can mention). */
export const ChannelMembersResponse = Type.Object({
  members: Type.Array(
    Type.Object({ userId: Uuid, displayName: Type.String(), guest: Type.Boolean() }),
  ),
});
export type ChannelMembersResponse = Static<typeof ChannelMembersResponse>;

export const NOTIFICATION_KINDS = ["mention", "channel_mention"] as const;

/**
 * One entry of a person's Activity feed. The excerpt is the message's text as it is now (empty
 * once deleted); an entry whose channel the person can no longer read is not shown at all.
 */
export const Notification = Type.Object({
  id: Uuid,
  kind: Type.Union([Type.Literal("mention"), Type.Literal("channel_mention")]),
  actor: Type.Object({ id: Uuid, displayName: Type.String() }),
  channel: Type.Object({
    id: Uuid,
    name: Type.String(),
    teamId: Type.Union([Uuid, Type.Null()]),
    teamName: Type.Union([Type.String(), Type.Null()]),
  }),
  messageId: Uuid,
  threadRootId: Type.Union([Uuid, Type.Null()]),
  excerpt: Type.String(),
  createdAt: Timestamp,
  readAt: Type.Union([Timestamp, Type.Null()]),
});
export type Notification = Static<typeof Notification>;

export const NotificationListResponse = Type.Object({
  notifications: Type.Array(Notification),
  unread: Type.Integer({ minimum: 0 }),
});
export type NotificationListResponse = Static<typeof NotificationListResponse>;

/** Marks some entries read, or all of them. */
export const MarkNotificationsReadRequest = Type.Object(
  {
    ids: Type.Optional(Type.Array(Uuid, { minItems: 1, maxItems: 200, uniqueItems: true })),
    all: Type.Optional(Type.Literal(true)),
  },
  { additionalProperties: false },
);
export type MarkNotificationsReadRequest = Static<typeof MarkNotificationsReadRequest>;

/** WebSocket: follow one's own Activity feed. */
export const ActivitySubscribePayload = Type.Object({}, { additionalProperties: false });

/** Server → client: a new entry in the person's Activity feed. */
export interface NotificationCreatedEvent {
  event: "notification.created";
  payload: { notification: Notification };
}

/**
 * Server → client, on one's Activity topic: someone started a chat with this person (re-read the
 * chat list). Only the id: the list read is decided like every other read.
 */
export interface ChatAddedEvent {
  event: "chat.added";
  payload: { chatId: string };
}

export const UpdateTeamRequest = Type.Object(
  { allowGuests: Type.Boolean() },
  { additionalProperties: false },
);
export type UpdateTeamRequest = Static<typeof UpdateTeamRequest>;

/** A guest invited into a team: a new account (with a link) or an existing guest added. */
export const InviteGuestRequest = Type.Object(
  { email: Email, displayName: DisplayName },
  { additionalProperties: false },
);
export type InviteGuestRequest = Static<typeof InviteGuestRequest>;

export const InviteGuestResponse = Type.Object({
  userId: Uuid,
  displayName: Type.String(),
  /** The link to send (copy or show as a QR code); null when the guest already has an account. */
  inviteUrl: Type.Union([Type.String(), Type.Null()]),
  /** When the link stops working. */
  linkExpiresAt: Type.Union([Timestamp, Type.Null()]),
  /** When the guest account stops working unless renewed. */
  accessExpiresAt: Timestamp,
});
export type InviteGuestResponse = Static<typeof InviteGuestResponse>;
