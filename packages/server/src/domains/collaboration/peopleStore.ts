import { and, asc, desc, eq, gt, isNull, ne, or, sql } from "drizzle-orm";
import type { Database } from "../../platform/db/database.ts";
import { requireTenant, type Scope } from "../../platform/scope.ts";
import { users } from "../identity/index.ts";
import { teamMembers, teams } from "./tables.ts";

/** What a people search looks for, already folded (see `foldPeopleQuery`). */
export interface PeopleLookup {
  /** The person searching: never in their own results. */
  askerId: string;
  /** Only people who share a team with the asker (a guest's search). */
  teamMatesOnly: boolean;
  /** The query, NFKC-normalised, lower case, without spaces. */
  folded: string;
  now: Date;
  limit: number;
}

/**
 * A name as the search compares it: NFKC (full-width letters and spaces become plain ones), lower
 * case, without spaces (so "山田花子" finds "山田 花子"). PostgreSQL 13+ has `normalize`; the
 * database is UTF-8 on both PGlite and the server.
 */
const foldedName = sql<string>`replace(lower(normalize(${users.displayName}, NFKC)), ' ', '')`;
const foldedEmail = sql<string>`lower(${users.email})`;

/** SQL for finding people to chat with, limited to the scope's tenant. */
export function createPeopleStore(database: Database) {
  const db = () => database.current();
  return {
    /**
     * Active people of the tenant whose name or address contains the query; names that start with
     * it first, then by name. Disabled, deleted, not yet joined and expired guest accounts never
     * appear. A guest's search reaches only people on one of the guest's teams that still allows
     * guests (the team's switch counts at once, as everywhere else).
     */
    async search(scope: Scope, lookup: PeopleLookup) {
      const tenantId = requireTenant(scope);
      const sharesATeam = sql`exists (select 1 from ${teamMembers} mine
        join ${teams} shared on shared.id = mine.team_id and shared.allow_guests
        join ${teamMembers} theirs on theirs.team_id = mine.team_id
        where mine.tenant_id = ${tenantId} and mine.user_id = ${lookup.askerId}
          and theirs.user_id = ${users.id})`;
      return db()
        .select({
          id: users.id,
          displayName: users.displayName,
          email: users.email,
          role: users.role,
        })
        .from(users)
        .where(
          and(
            eq(users.tenantId, tenantId),
            eq(users.status, "active"),
            isNull(users.deletedAt),
            ne(users.id, lookup.askerId),
            or(isNull(users.accessExpiresAt), gt(users.accessExpiresAt, lookup.now)),
            or(
              sql`strpos(${foldedName}, ${lookup.folded}) > 0`,
              sql`strpos(${foldedEmail}, ${lookup.folded}) > 0`,
            ),
            lookup.teamMatesOnly ? sharesATeam : undefined,
          ),
        )
        .orderBy(
          desc(sql`strpos(${foldedName}, ${lookup.folded}) = 1`),
          asc(users.displayName),
          asc(users.id),
        )
        .limit(lookup.limit);
    },
  };
}

export type PeopleStore = ReturnType<typeof createPeopleStore>;
