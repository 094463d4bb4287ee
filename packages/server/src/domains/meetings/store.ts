import {
  and,
  asc,
  desc,
  eq,
  gt,
  inArray,
  isNotNull,
  isNull,
  lt,
  lte,
  or,
  type SQL,
} from "drizzle-orm";
import type { MeetingPolicy } from "@engawa/shared";
import type { Database } from "../../platform/db/database.ts";
import { requireTenant, type Scope } from "../../platform/scope.ts";
import {
  meetingMessages,
  meetingParticipants,
  meetingPeople,
  meetingPolicies,
  meetings,
} from "./tables.ts";

export type MeetingRow = typeof meetings.$inferSelect;
export type MeetingPersonRow = typeof meetingPeople.$inferSelect;
export type ParticipantRow = typeof meetingParticipants.$inferSelect;
export type MeetingMessageRow = typeof meetingMessages.$inferSelect;

/** SQL for meetings; every row by the scope's tenant. */
export function createMeetingsStore(database: Database) {
  const db = () => database.current();
  /** The ids of the meetings that name someone (co-organiser, presenter or invitee), as a subquery. */
  const namedIn = (tenantId: string, userId: string) =>
    db()
      .select({ id: meetingPeople.meetingId })
      .from(meetingPeople)
      .where(and(eq(meetingPeople.tenantId, tenantId), eq(meetingPeople.userId, userId)));
  /** The joins of the scope's tenant that meet the conditions, first knock first. */
  const participantsWhere = (scope: Scope, ...conditions: SQL[]) =>
    db()
      .select()
      .from(meetingParticipants)
      .where(and(eq(meetingParticipants.tenantId, requireTenant(scope)), ...conditions))
      .orderBy(asc(meetingParticipants.requestedAt), asc(meetingParticipants.id));
  return {
    async insert(
      scope: Scope,
      row: Omit<MeetingRow, "tenantId">,
      people: { userId: string; role: "co_organizer" | "attendee" }[],
    ): Promise<void> {
      const tenantId = requireTenant(scope);
      await db()
        .insert(meetings)
        .values({ ...row, tenantId });
      if (people.length > 0)
        await db()
          .insert(meetingPeople)
          .values(people.map((p) => ({ ...p, meetingId: row.id, tenantId })));
    },
    async byId(scope: Scope, id: string): Promise<MeetingRow | undefined> {
      return (
        await db()
          .select()
          .from(meetings)
          .where(and(eq(meetings.tenantId, requireTenant(scope)), eq(meetings.id, id)))
      )[0];
    },
    async byJoinCode(scope: Scope, code: string): Promise<MeetingRow | undefined> {
      return (
        await db()
          .select()
          .from(meetings)
          .where(and(eq(meetings.tenantId, requireTenant(scope)), eq(meetings.joinCode, code)))
      )[0];
    },
    /**
     * The meetings someone organises or is named in that have not ended and end after `since`,
     * soonest first (at most `limit`).
     */
    async mine(scope: Scope, userId: string, since: Date, limit: number): Promise<MeetingRow[]> {
      const tenantId = requireTenant(scope);
      const named = namedIn(tenantId, userId);
      return db()
        .select()
        .from(meetings)
        .where(
          and(
            eq(meetings.tenantId, tenantId),
            isNull(meetings.endedAt),
            gt(meetings.endsAt, since),
            or(eq(meetings.organizerId, userId), inArray(meetings.id, named)),
          ),
        )
        .orderBy(asc(meetings.startsAt), asc(meetings.id))
        .limit(limit);
    },
    /**
     * Meetings that are over (ended, or past their end time before `since`) that someone organised,
     * was named in or was let into, newest first.
     */
    async past(scope: Scope, userId: string, since: Date, limit: number): Promise<MeetingRow[]> {
      const tenantId = requireTenant(scope);
      const named = namedIn(tenantId, userId);
      // Let in at some point: admitted, or left after a decision (a knock never decided is not);
      // the same rule as `wasIn` in MeetingsService.relationOf.
      const wasIn = db()
        .select({ id: meetingParticipants.meetingId })
        .from(meetingParticipants)
        .where(
          and(
            eq(meetingParticipants.tenantId, tenantId),
            eq(meetingParticipants.userId, userId),
            or(
              eq(meetingParticipants.state, "admitted"),
              and(eq(meetingParticipants.state, "left"), isNotNull(meetingParticipants.decidedAt)),
            ),
          ),
        );
      return db()
        .select()
        .from(meetings)
        .where(
          and(
            eq(meetings.tenantId, tenantId),
            or(isNotNull(meetings.endedAt), lte(meetings.endsAt, since)),
            or(
              eq(meetings.organizerId, userId),
              inArray(meetings.id, named),
              inArray(meetings.id, wasIn),
            ),
          ),
        )
        .orderBy(desc(meetings.startsAt), desc(meetings.id))
        .limit(limit);
    },
    /** Running and coming meetings held in a channel or chat (whose members count as invited). */
    async inChannels(scope: Scope, since: Date, limit: number): Promise<MeetingRow[]> {
      return db()
        .select()
        .from(meetings)
        .where(
          and(
            eq(meetings.tenantId, requireTenant(scope)),
            isNull(meetings.endedAt),
            gt(meetings.endsAt, since),
            isNotNull(meetings.channelId),
          ),
        )
        .orderBy(asc(meetings.startsAt), asc(meetings.id))
        .limit(limit);
    },
    async people(scope: Scope, meetingId: string): Promise<MeetingPersonRow[]> {
      return db()
        .select()
        .from(meetingPeople)
        .where(
          and(
            eq(meetingPeople.tenantId, requireTenant(scope)),
            eq(meetingPeople.meetingId, meetingId),
          ),
        )
        .orderBy(asc(meetingPeople.role), asc(meetingPeople.userId));
    },
    async insertParticipant(scope: Scope, row: Omit<ParticipantRow, "tenantId">): Promise<void> {
      await db()
        .insert(meetingParticipants)
        .values({ ...row, tenantId: requireTenant(scope) });
    },
    async participants(scope: Scope, meetingId: string): Promise<ParticipantRow[]> {
      return participantsWhere(scope, eq(meetingParticipants.meetingId, meetingId));
    },
    /** One join of a meeting, by its id. */
    async participant(
      scope: Scope,
      meetingId: string,
      participantId: string,
    ): Promise<ParticipantRow | undefined> {
      return (
        await participantsWhere(
          scope,
          eq(meetingParticipants.meetingId, meetingId),
          eq(meetingParticipants.id, participantId),
        )
      )[0];
    },
    /** One person's joins of a meeting (the asker's relation reads them on every request). */
    async participantsOf(
      scope: Scope,
      meetingId: string,
      userId: string,
    ): Promise<ParticipantRow[]> {
      return participantsWhere(
        scope,
        eq(meetingParticipants.meetingId, meetingId),
        eq(meetingParticipants.userId, userId),
      );
    },
    /** Whether and how a meeting names one person (co-organiser, presenter or attendee). */
    async personOf(
      scope: Scope,
      meetingId: string,
      userId: string,
    ): Promise<MeetingPersonRow | undefined> {
      return (
        await db()
          .select()
          .from(meetingPeople)
          .where(
            and(
              eq(meetingPeople.tenantId, requireTenant(scope)),
              eq(meetingPeople.meetingId, meetingId),
              eq(meetingPeople.userId, userId),
            ),
          )
      )[0];
    },
    /** The participant an anonymous joiner's ticket (its hash) belongs to. */
    async participantByTicket(
      scope: Scope,
      ticketHash: string,
    ): Promise<ParticipantRow | undefined> {
      return (await participantsWhere(scope, eq(meetingParticipants.ticketHash, ticketHash)))[0];
    },
    /**
     * An anonymous joiner's join by its ticket's hash, in whichever organisation: a look-up by a
     * secret (the meeting cookie), which names the one row it may reach.
     */
    async participantBySecret(ticketHash: string): Promise<ParticipantRow | undefined> {
      return (
        await db()
          .select()
          .from(meetingParticipants)
          .where(eq(meetingParticipants.ticketHash, ticketHash))
      )[0];
    },
    /** Moves a waiting participant out of the lobby; false when they were not waiting there. */
    async decide(
      scope: Scope,
      meetingId: string,
      participantId: string,
      state: "admitted" | "denied",
      by: string,
      at: Date,
    ): Promise<ParticipantRow | undefined> {
      const [row] = await db()
        .update(meetingParticipants)
        .set({ state, decidedAt: at, decidedBy: by })
        .where(
          and(
            eq(meetingParticipants.tenantId, requireTenant(scope)),
            eq(meetingParticipants.meetingId, meetingId),
            eq(meetingParticipants.id, participantId),
            eq(meetingParticipants.state, "lobby"),
          ),
        )
        .returning();
      return row;
    },
    /** Locks or unlocks the meeting, mutes or unmutes its attendees; the row as it is now. */
    async setControls(
      scope: Scope,
      meetingId: string,
      controls: { locked?: boolean; attendeesMuted?: boolean },
    ): Promise<MeetingRow | undefined> {
      const [row] = await db()
        .update(meetings)
        .set(controls)
        .where(and(eq(meetings.tenantId, requireTenant(scope)), eq(meetings.id, meetingId)))
        .returning();
      return row;
    },
    /**
     * Ends the meeting (once: an ended meeting stays as it ended) and closes every join still
     * open — waiting or in — at the same time. Undefined when it had already ended.
     */
    async end(scope: Scope, meetingId: string, at: Date): Promise<MeetingRow | undefined> {
      const tenantId = requireTenant(scope);
      const [row] = await db()
        .update(meetings)
        .set({ endedAt: at })
        .where(
          and(
            eq(meetings.tenantId, tenantId),
            eq(meetings.id, meetingId),
            isNull(meetings.endedAt),
          ),
        )
        .returning();
      if (!row) return undefined;
      await db()
        .update(meetingParticipants)
        .set({ state: "left", leftAt: at })
        .where(
          and(
            eq(meetingParticipants.tenantId, tenantId),
            eq(meetingParticipants.meetingId, meetingId),
            eq(meetingParticipants.state, "admitted"),
          ),
        );
      await db()
        .update(meetingParticipants)
        .set({ state: "denied", decidedAt: at })
        .where(
          and(
            eq(meetingParticipants.tenantId, tenantId),
            eq(meetingParticipants.meetingId, meetingId),
            eq(meetingParticipants.state, "lobby"),
          ),
        );
      return row;
    },
    /** Names someone a presenter or an attendee of the meeting (replacing what they were). */
    async setRole(
      scope: Scope,
      meetingId: string,
      userId: string,
      role: "presenter" | "attendee",
    ): Promise<void> {
      await db()
        .insert(meetingPeople)
        .values({ meetingId, userId, role, tenantId: requireTenant(scope) })
        .onConflictDoUpdate({
          target: [meetingPeople.meetingId, meetingPeople.userId],
          set: { role },
        });
    },
    /**
     * Closes an open join: `left` (they left — the room, or the lobby before anyone decided — or
     * their connection went) or `removed` (by an organiser). Undefined when it was not open, or
     * not in `from` when given (a knock withdrawn only while it still waits).
     */
    async closeParticipant(
      scope: Scope,
      meetingId: string,
      participantId: string,
      state: "left" | "removed",
      at: Date,
      by: string | null,
      from?: readonly ("admitted" | "lobby")[],
    ): Promise<ParticipantRow | undefined> {
      const [row] = await db()
        .update(meetingParticipants)
        .set(state === "removed" ? { state, leftAt: at, decidedBy: by } : { state, leftAt: at })
        .where(
          and(
            eq(meetingParticipants.tenantId, requireTenant(scope)),
            eq(meetingParticipants.meetingId, meetingId),
            eq(meetingParticipants.id, participantId),
            inArray(
              meetingParticipants.state,
              from ?? (state === "left" ? ["admitted", "lobby"] : ["admitted"]),
            ),
          ),
        )
        .returning();
      return row;
    },
    /** How many meetings carry one of these labels (a label in use cannot be deleted). */
    async labelled(scope: Scope, labelIds: string[]): Promise<number> {
      if (labelIds.length === 0) return 0;
      const rows = await db()
        .select({ id: meetings.id })
        .from(meetings)
        .where(
          and(eq(meetings.tenantId, requireTenant(scope)), inArray(meetings.labelId, labelIds)),
        );
      return rows.length;
    },
    async insertMessage(scope: Scope, row: Omit<MeetingMessageRow, "tenantId">): Promise<void> {
      await db()
        .insert(meetingMessages)
        .values({ ...row, tenantId: requireTenant(scope) });
    },
    /** A meeting's chat, newest first, before a time (exclusive) when given. */
    async messages(
      scope: Scope,
      meetingId: string,
      before: Date | null,
      limit: number,
    ): Promise<MeetingMessageRow[]> {
      return db()
        .select()
        .from(meetingMessages)
        .where(
          and(
            eq(meetingMessages.tenantId, requireTenant(scope)),
            eq(meetingMessages.meetingId, meetingId),
            ...(before ? [lt(meetingMessages.createdAt, before)] : []),
          ),
        )
        .orderBy(desc(meetingMessages.createdAt), desc(meetingMessages.id))
        .limit(limit);
    },
    async policy(scope: Scope): Promise<MeetingPolicy | undefined> {
      return (
        await db()
          .select()
          .from(meetingPolicies)
          .where(eq(meetingPolicies.tenantId, requireTenant(scope)))
      )[0]?.policy;
    },
    async setPolicy(scope: Scope, policy: MeetingPolicy, at: Date): Promise<void> {
      const tenantId = requireTenant(scope);
      await db()
        .insert(meetingPolicies)
        .values({ tenantId, policy, updatedAt: at })
        .onConflictDoUpdate({ target: meetingPolicies.tenantId, set: { policy, updatedAt: at } });
    },
  };
}

export type MeetingsStore = ReturnType<typeof createMeetingsStore>;
