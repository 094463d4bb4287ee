import {
  bigint,
  boolean,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { users } from "../identity/index.ts";
import { tenants } from "../tenancy/index.ts";

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/**
 * Teams: a group of people with channels (Microsoft Teams' model). Names and descriptions are
 * the tenant's own words but are shown in lists to everyone who may find the team, so they are
 * stored in plain text; what people write (messages) is encrypted (see `messages`).
 */
export const teams = pgTable(
  "teams",
  {
    id: uuid("id").primaryKey(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    /** `public` (anyone in the organisation but guests may join) or `private`. */
    visibility: text("visibility").notNull(),
    /** Whether guests may take part (with the tenant's `guestAccess`); off shuts its guests out. */
    allowGuests: boolean("allow_guests").notNull().default(true),
    /** The team's sensitivity label (`sensitivity_labels`, checked when set), or null. */
    labelId: uuid("label_id"),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: timestamptz("created_at").notNull(),
  },
  (t) => [index("teams_tenant").on(t.tenantId)],
);

/** Who belongs to a team, as `owner`, `member` or `guest`. */
export const teamMembers = pgTable(
  "team_members",
  {
    teamId: uuid("team_id")
      .notNull()
      .references(() => teams.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    role: text("role").notNull(),
    addedAt: timestamptz("added_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.userId] }), index("team_members_user").on(t.userId)],
);

/**
 * Channels of a team. `last_seq` is the channel's sequence counter: every post, edit and delete
 * takes the next number inside its transaction (the row lock orders them), so a reconnecting
 * client asks for "everything after n" and misses nothing.
 */
export const channels = pgTable(
  "channels",
  {
    id: uuid("id").primaryKey(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    /** The team of a standard or private channel; null for a chat. */
    teamId: uuid("team_id").references(() => teams.id),
    /**
     * `standard` (the whole team), `private` (its own members) or `chat` (a 1:1 or group chat
     * outside any team, its members in `channel_members`).
     */
    kind: text("kind").notNull(),
    name: text("name").notNull(),
    /**
     * The channel's own sensitivity label, or null. It can only add protection: decisions use the
     * most sensitive of the team's and the channel's (see `strongestLabel`).
     */
    labelId: uuid("label_id"),
    lastSeq: bigint("last_seq", { mode: "number" }).notNull().default(0),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: timestamptz("created_at").notNull(),
  },
  (t) => [index("channels_team").on(t.teamId)],
);

/** Members of a private channel (`owner` or `member`) or a chat. Standard channels take the team's. */
export const channelMembers = pgTable(
  "channel_members",
  {
    channelId: uuid("channel_id")
      .notNull()
      .references(() => channels.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    role: text("role").notNull(),
    addedAt: timestamptz("added_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.channelId, t.userId] })],
);

/** Each person's read marker in a channel: the sequence number read up to. */
export const readMarkers = pgTable(
  "read_markers",
  {
    channelId: uuid("channel_id")
      .notNull()
      .references(() => channels.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    seq: bigint("seq", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.channelId, t.userId] })],
);

/**
 * Messages. The body is sealed under the tenant's `general` data key (AES-256-GCM, bound to the
 * message id), so a copy of the database holds no message text. `position` is the sequence number
 * it was posted with; `seq` that of its latest change (edit, delete), which is what catching up
 * reads by. A deleted message keeps its row as a tombstone without a body.
 */
export const messages = pgTable(
  "messages",
  {
    id: uuid("id").primaryKey(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    channelId: uuid("channel_id")
      .notNull()
      .references(() => channels.id),
    position: bigint("position", { mode: "number" }).notNull(),
    seq: bigint("seq", { mode: "number" }).notNull(),
    threadRootId: uuid("thread_root_id"),
    authorId: uuid("author_id")
      .notNull()
      .references(() => users.id),
    bodyEnc: text("body_enc"),
    /** Whether the message mentions the whole channel (@channel / @チャネル): every reader is told. */
    mentionsChannel: boolean("mentions_channel").notNull().default(false),
    createdAt: timestamptz("created_at").notNull(),
    editedAt: timestamptz("edited_at"),
    deletedAt: timestamptz("deleted_at"),
    /** When the message was pinned to its channel (null: not pinned; deleting unpins). */
    pinnedAt: timestamptz("pinned_at"),
    /** Who pinned it (anyone who may post in the channel). */
    pinnedBy: uuid("pinned_by").references(() => users.id),
  },
  (t) => [
    unique("messages_channel_position").on(t.channelId, t.position),
    unique("messages_channel_seq").on(t.channelId, t.seq),
    index("messages_thread").on(t.threadRootId),
    // A channel's pins, newest first, without reading its other messages.
    index("messages_pinned")
      .on(t.channelId, t.pinnedAt)
      .where(sql`${t.pinnedAt} is not null`),
  ],
);

/** Earlier versions of edited messages (history kept, sealed like the message). */
export const messageEdits = pgTable(
  "message_edits",
  {
    id: uuid("id").primaryKey(),
    messageId: uuid("message_id")
      .notNull()
      .references(() => messages.id),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    bodyEnc: text("body_enc").notNull(),
    replacedAt: timestamptz("replaced_at").notNull(),
  },
  (t) => [index("message_edits_message").on(t.messageId)],
);

/**
 * Each tenant's search key (32 random bytes, sealed under the tenant's `general` key): the HMAC
 * key of the blind index, so destroying the tenant's keys also unlinks the index from words.
 */
export const searchKeys = pgTable("search_keys", {
  tenantId: uuid("tenant_id")
    .primaryKey()
    .references(() => tenants.id),
  keyEnc: text("key_enc").notNull(),
  createdAt: timestamptz("created_at").notNull(),
});

/**
 * The blind index: for each message, the set of keyed hashes of its terms (searchTokens.ts) — no
 * positions, no counts, no plaintext.
 */
export const messageTerms = pgTable(
  "message_terms",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    messageId: uuid("message_id")
      .notNull()
      .references(() => messages.id),
    channelId: uuid("channel_id")
      .notNull()
      .references(() => channels.id),
    term: text("term").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.messageId, t.term] }),
    index("message_terms_lookup").on(t.tenantId, t.term),
  ],
);

/**
 * Files shared in a channel or chat (docs/SECURITY.md, "Encrypted files"). The name is sealed under
 * the tenant's `general` key; `name_key` is a keyed hash of the name (the search key), so "the same
 * name in the same channel" finds the file to add a version to without a plaintext name.
 */
export const files = pgTable(
  "files",
  {
    id: uuid("id").primaryKey(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    channelId: uuid("channel_id")
      .notNull()
      .references(() => channels.id),
    nameEnc: text("name_enc").notNull(),
    nameKey: text("name_key").notNull(),
    /** The newest version's number (row-locked while a version is added). */
    currentVersion: integer("current_version").notNull(),
    /** The file's own sensitivity label, or null; like a channel's, it only adds protection. */
    labelId: uuid("label_id"),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: timestamptz("created_at").notNull(),
  },
  (t) => [unique("files_channel_name").on(t.channelId, t.nameKey)],
);

/**
 * Versions of a file. The contents are in the data folder under `blob_id` (random, never the
 * name), encrypted with a data key of their own (STREAM AES-256-GCM, platform/crypto/fileCipher.ts)
 * that is stored here sealed under the tenant's `general` key. `content_type` was sniffed from
 * the bytes. A thumbnail (images) is encrypted with the same data key, bound to another id.
 */
export const fileVersions = pgTable(
  "file_versions",
  {
    id: uuid("id").primaryKey(),
    fileId: uuid("file_id")
      .notNull()
      .references(() => files.id),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    version: integer("version").notNull(),
    blobId: text("blob_id").notNull(),
    keyEnc: text("key_enc").notNull(),
    size: bigint("size", { mode: "number" }).notNull(),
    contentType: text("content_type").notNull(),
    /** The encrypted WebP preview of an image, when one could be made. */
    thumbnailBlobId: text("thumbnail_blob_id"),
    uploadedBy: uuid("uploaded_by")
      .notNull()
      .references(() => users.id),
    createdAt: timestamptz("created_at").notNull(),
  },
  (t) => [unique("file_versions_file_version").on(t.fileId, t.version)],
);

/** Files a message carries: the version current when it was posted, in the order given. */
export const messageAttachments = pgTable(
  "message_attachments",
  {
    messageId: uuid("message_id")
      .notNull()
      .references(() => messages.id),
    versionId: uuid("version_id")
      .notNull()
      .references(() => fileVersions.id),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    position: integer("position").notNull(),
  },
  (t) => [primaryKey({ columns: [t.messageId, t.versionId] })],
);

/**
 * The people a message mentions (@name). Only people who may read the channel are kept, so a
 * mention can never tell someone outside it that the message exists. Who is mentioned is metadata
 * like the author, so it is stored in plain text; the text around it stays sealed.
 */
export const messageMentions = pgTable(
  "message_mentions",
  {
    messageId: uuid("message_id")
      .notNull()
      .references(() => messages.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
  },
  (t) => [primaryKey({ columns: [t.messageId, t.userId] })],
);

/**
 * A person's notifications (the Activity feed): "X mentioned you" or "X mentioned the channel".
 * A row points at the message; it holds no text, and whether the person may still read the channel
 * is decided again each time the feed is shown or pushed.
 */
export const notifications = pgTable(
  "notifications",
  {
    id: uuid("id").primaryKey(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    /** `mention` (the person by name) or `channel_mention` (everyone in the channel). */
    kind: text("kind").notNull(),
    channelId: uuid("channel_id")
      .notNull()
      .references(() => channels.id),
    messageId: uuid("message_id")
      .notNull()
      .references(() => messages.id),
    actorId: uuid("actor_id")
      .notNull()
      .references(() => users.id),
    createdAt: timestamptz("created_at").notNull(),
    readAt: timestamptz("read_at"),
  },
  (t) => [
    index("notifications_user").on(t.tenantId, t.userId, t.createdAt),
    unique("notifications_once").on(t.userId, t.messageId),
  ],
);

/**
 * Reactions to messages (Teams' six: like, heart, laugh, surprised, sad, angry), one row per person
 * and reaction. Who reacted is shown to the channel's readers, like the author.
 */
export const messageReactions = pgTable(
  "message_reactions",
  {
    messageId: uuid("message_id")
      .notNull()
      .references(() => messages.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    reaction: text("reaction").notNull(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    createdAt: timestamptz("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.messageId, t.userId, t.reaction] })],
);
