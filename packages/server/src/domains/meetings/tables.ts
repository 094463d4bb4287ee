import {
  boolean,
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import type { MeetingPolicy } from "@engawa/shared";
import { users } from "../identity/index.ts";
import { tenants } from "../tenancy/index.ts";

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/**
 * Scheduled meetings. The title is encrypted at rest like message bodies. `join_code` is the secret of the join link (128 random bits): it lets a
 * person knock, never in by itself — the lobby's rules decide (lobbyPolicy.ts). `lobby_bypass` is
 * the organiser's choice (null: the organisation's option), applied only while the organisation
 * lets organisers choose.
 */
export const meetings = pgTable(
  "meetings",
  {
    id: uuid("id").primaryKey(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    /** The title, sealed with the organisation's data key (a title can name a patient). */
    titleEnc: text("title_enc").notNull(),
    startsAt: timestamptz("starts_at").notNull(),
    endsAt: timestamptz("ends_at").notNull(),
    organizerId: uuid("organizer_id")
      .notNull()
      .references(() => users.id),
    joinCode: text("join_code").notNull(),
    lobbyBypass: text("lobby_bypass"),
    locked: boolean("locked").notNull().default(false),
    /** Attendees may not unmute themselves; organisers and presenters still may. */
    attendeesMuted: boolean("attendees_muted").notNull().default(false),
    /** One of the organisation's sensitivity labels (conditional access and the watermark read it). */
    labelId: uuid("label_id"),
    /**
     * The channel or chat the meeting belongs to (collaboration's `channels`): its members count
     * as invited, read on every request, so leaving the channel leaves the invitation too.
     */
    channelId: uuid("channel_id"),
    endedAt: timestamptz("ended_at"),
    createdAt: timestamptz("created_at").notNull(),
  },
  (t) => [
    uniqueIndex("meetings_join_code").on(t.joinCode),
    index("meetings_tenant_starts").on(t.tenantId, t.startsAt),
  ],
);

/**
 * The people named by a meeting: co-organisers and invitees, and whom an organiser made a presenter
 * or an attendee during it (`role`: co_organizer, presenter or attendee).
 */
export const meetingPeople = pgTable(
  "meeting_people",
  {
    meetingId: uuid("meeting_id")
      .notNull()
      .references(() => meetings.id, { onDelete: "cascade" }),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    role: text("role").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.meetingId, t.userId] }),
    index("meeting_people_user").on(t.tenantId, t.userId),
  ],
);

/**
 * Each join attempt that was not refused, and what became of it: `state` lobby (waiting),
 * admitted, denied (turned away from the lobby), left, removed (by an organiser) — the attendance
 * record the organiser's report reads. `user_id` is null for an anonymous joiner, who holds a
 * ticket instead.
 */
export const meetingParticipants = pgTable(
  "meeting_participants",
  {
    id: uuid("id").primaryKey(),
    meetingId: uuid("meeting_id")
      .notNull()
      .references(() => meetings.id, { onDelete: "cascade" }),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    userId: uuid("user_id").references(() => users.id),
    displayName: text("display_name").notNull(),
    kind: text("kind").notNull(),
    state: text("state").notNull(),
    requestedAt: timestamptz("requested_at").notNull(),
    decidedAt: timestamptz("decided_at"),
    decidedBy: uuid("decided_by"),
    /** When they left the meeting, were removed, or it ended (the attendance report's leave time). */
    leftAt: timestamptz("left_at"),
    /**
     * An anonymous joiner's bearer ticket, as its SHA-256 (the joiner keeps the ticket; it is
     * their only tie to this row). Null for a signed-in joiner.
     */
    ticketHash: text("ticket_hash"),
  },
  (t) => [
    index("meeting_participants_meeting").on(t.meetingId, t.state),
    // The meeting cookie is looked up by its ticket's hash on every request and room frame.
    uniqueIndex("meeting_participants_ticket").on(t.ticketHash),
    // Someone's past meetings include those they were let into.
    index("meeting_participants_user").on(t.tenantId, t.userId),
  ],
);

/**
 * The meeting's chat: each message by an admitted join, its body sealed with the organisation's
 * data key (AAD `meeting-chat:<meeting>:<id>`) like channel messages. Kept with the meeting: its
 * people read it afterwards.
 */
export const meetingMessages = pgTable(
  "meeting_messages",
  {
    id: uuid("id").primaryKey(),
    meetingId: uuid("meeting_id")
      .notNull()
      .references(() => meetings.id, { onDelete: "cascade" }),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    participantId: uuid("participant_id")
      .notNull()
      .references(() => meetingParticipants.id, { onDelete: "cascade" }),
    authorName: text("author_name").notNull(),
    bodyEnc: text("body_enc").notNull(),
    createdAt: timestamptz("created_at").notNull(),
  },
  (t) => [index("meeting_messages_meeting").on(t.meetingId, t.createdAt)],
);

/** The organisation's meeting policy (absent: DEFAULT_MEETING_POLICY). */
export const meetingPolicies = pgTable("meeting_policies", {
  tenantId: uuid("tenant_id")
    .primaryKey()
    .references(() => tenants.id),
  policy: jsonb("policy").$type<MeetingPolicy>().notNull(),
  updatedAt: timestamptz("updated_at").notNull(),
});
