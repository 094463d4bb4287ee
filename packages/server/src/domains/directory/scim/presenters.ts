import { SCIM_SCHEMAS, type ScimGroup, type ScimUser } from "@engawa/shared";
import type { UserRow } from "../../identity/index.ts";
import type { GroupRow, MemberRow } from "../store.ts";

/**
 * Engawa rows as SCIM resources (RFC 7643 §4.1, §4.2, §3.1 `meta`). `meta.version` is a weak
 * ETag of the last change (RFC 7644 §3.14), so a client can tell whether it holds the latest.
 */
export function presentScimUser(user: UserRow, baseUrl: string): ScimUser {
  return {
    schemas: [SCIM_SCHEMAS.user],
    id: user.id,
    userName: user.email,
    displayName: user.displayName,
    name: { formatted: user.displayName },
    active: user.status !== "disabled",
    emails: [{ value: user.email, type: "work", primary: true }],
    meta: meta("User", `${baseUrl}/Users/${user.id}`, user.createdAt, user.updatedAt),
  };
}

export function presentScimGroup(
  group: GroupRow,
  members: MemberRow[] | null,
  baseUrl: string,
): ScimGroup {
  return {
    schemas: [SCIM_SCHEMAS.group],
    id: group.id,
    displayName: group.displayName,
    ...(group.externalId === null ? {} : { externalId: group.externalId }),
    ...(members === null
      ? {}
      : {
          members: members.map((m) => ({
            value: m.userId,
            display: m.displayName,
          })),
        }),
    meta: meta("Group", `${baseUrl}/Groups/${group.id}`, group.createdAt, group.updatedAt),
  };
}

export function versionOf(updatedAt: Date): string {
  return `W/"${updatedAt.getTime().toString(36)}"`;
}

function meta(resourceType: string, location: string, created: Date, lastModified: Date) {
  return {
    resourceType,
    created: created.toISOString(),
    lastModified: lastModified.toISOString(),
    location,
    version: versionOf(lastModified),
  };
}

export function listResponse<T>(total: number, startIndex: number, resources: T[]) {
  return {
    schemas: [SCIM_SCHEMAS.listResponse],
    totalResults: total,
    startIndex,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}
