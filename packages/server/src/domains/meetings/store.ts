import { and, asc, eq } from "drizzle-orm";
import type { MeetingPolicy } from "@engawa/shared";
import type { Database } from "../../platform/db/database.ts";
import { requireTenant, type Scope } from "../../platform/scope.ts";
import { meetingParticipants, meetingPeople, meetingPolicies, meetings } from "./tables.ts";

export type MeetingRow = typeof meetings.$inferSelect;
export type MeetingPersonRow = typeof meetingPeople.$inferSelect;
export type ParticipantRow = typeof meetingParticipants.$inferSelect;

/** SQL for meetings; every row by the scope's tenant. */
export function createMeetingsStore(database: Database) {
  const db = () => database.current();
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
      return db()
        .select()
        .from(meetingParticipants)
        .where(
          and(
            eq(meetingParticipants.tenantId, requireTenant(scope)),
            eq(meetingParticipants.meetingId, meetingId),
          ),
        )
        .orderBy(asc(meetingParticipants.requestedAt), asc(meetingParticipants.id));
    },
    /** The participant an anonymous joiner's ticket (its hash) belongs to. */
    async participantByTicket(
      scope: Scope,
      ticketHash: string,
    ): Promise<ParticipantRow | undefined> {
      return (
        await db()
          .select()
          .from(meetingParticipants)
          .where(
            and(
              eq(meetingParticipants.tenantId, requireTenant(scope)),
              eq(meetingParticipants.ticketHash, ticketHash),
            ),
          )
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
