import { PEOPLE_SEARCH_MAX, type Person } from "@engawa/shared";
import { AppError } from "../../../platform/errors.ts";
import type { Scope } from "../../../platform/scope.ts";
import type { CollaborationDeps } from "./deps.ts";

/** The query as names are compared: NFKC, lower case, no white space (see peopleStore). */
export function foldPeopleQuery(query: string): string {
  return query.normalize("NFKC").toLowerCase().replace(/\s+/gu, "");
}

/**
 * People the asker may start a chat with, by part of their name or address. Members, admins and
 * owners find anyone active in the organisation; a guest only people of their teams (PRODUCT.md:
 * guests do not reach the organisation's directory), the same rule `createChat` applies. Nothing
 * about roles leaves the server except whether someone is a guest.
 */
export async function searchPeople(
  deps: CollaborationDeps,
  scope: Scope,
  asker: { id: string; role: string },
  query: string,
  limit = PEOPLE_SEARCH_MAX,
): Promise<Person[]> {
  const folded = foldPeopleQuery(query);
  if (folded.length === 0)
    throw new AppError("invalid_request", "Type part of a name or e-mail address.", {
      field: "query",
    });
  const rows = await deps.peopleStore.search(scope, {
    askerId: asker.id,
    teamMatesOnly: asker.role === "guest",
    folded,
    now: deps.clock.now(),
    limit: Math.min(limit, PEOPLE_SEARCH_MAX),
  });
  return rows.map((row) => ({
    id: row.id,
    displayName: row.displayName,
    email: row.email,
    guest: row.role === "guest",
  }));
}
