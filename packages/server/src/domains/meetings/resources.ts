import type { Resolved } from "../../gateway/defineRoute.ts";
import type { Services } from "../../gateway/services.ts";
import { AppError } from "../../platform/errors.ts";
import { scopeFor, type Scope } from "../../platform/scope.ts";
import type { RoomConnectionView } from "../../gateway/defineMessage.ts";
import { scopeOf, type Principal } from "../identity/index.ts";
import type { MeetingRelation } from "./service.ts";
import type { MeetingRow } from "./store.ts";

interface LoaderParts {
  principal: Principal;
  scope: Scope;
  services: Services;
}

/** The meeting of a route's `:tenant` and `:meetingId` (the loader of every meeting route). */
export function meetingOfParams(
  parts: LoaderParts & { params: { tenant: string; meetingId: string } },
): Promise<Resolved<MeetingResource | null>> {
  return meetingById(parts, parts.params.tenant, parts.params.meetingId);
}

/** The meeting a WebSocket message's `meetingId` names (the loader of every meeting message). */
export function meetingOfPayload(
  connection: RoomConnectionView,
  payload: { meetingId: string },
  services: Services,
): Promise<Resolved<MeetingResource | null>> {
  return meetingForConnection(services, connection, payload.meetingId);
}

/**
 * The meeting a `meeting.room.present` names, with the organisation's `whoMayPresent` on it: the
 * policy decides starting to present by it and the asker's role.
 */
export async function meetingToPresentIn(
  connection: RoomConnectionView,
  payload: { meetingId: string },
  services: Services,
): Promise<Resolved<MeetingResource | null>> {
  const resolved = await meetingForConnection(services, connection, payload.meetingId);
  if (resolved.target.kind !== "Meeting") return resolved;
  const policy = await services.meetings.policy(scopeOf(connection.principal));
  return { ...resolved, target: { ...resolved.target, whoMayPresent: policy.whoMayPresent } };
}

/** A meeting as a route acts on it, with the asker's relation to it (the policy reads it). */
export interface MeetingResource {
  meeting: MeetingRow;
  relation: MeetingRelation;
}

const notFound = (): AppError => new AppError("not_found", "Not found.");

/**
 * The meeting named by `:meetingId` in the tenant of the URL, as the policy sees it for the asker.
 * Only a user of that tenant reads it; anyone else gets a stand-in the policy denies (an operator
 * learns nothing of the tenant's meetings).
 */
export async function meetingById(
  parts: LoaderParts,
  slug: string,
  meetingId: string,
): Promise<Resolved<MeetingResource | null>> {
  return meetingBy(
    parts,
    slug,
    (scope) => parts.services.meetings.byId(scope, meetingId),
    meetingId,
  );
}

/**
 * The meeting whose join code a person brings. An unknown code is 404, as a meeting of another
 * organisation is: the code is the only thing a knock can show.
 */
export async function meetingByJoinCode(
  parts: LoaderParts,
  slug: string,
  code: string,
): Promise<Resolved<MeetingResource | null>> {
  return meetingBy(parts, slug, (scope) => parts.services.meetings.byJoinCode(scope, code), "code");
}

async function meetingBy(
  parts: LoaderParts,
  slug: string,
  find: (scope: Scope) => Promise<MeetingRow | undefined>,
  standInId: string,
): Promise<Resolved<MeetingResource | null>> {
  const tenant = await parts.services.tenancy.store.bySlug(slug);
  if (!tenant) throw notFound();
  const principal = parts.principal;
  if (principal.kind === "meeting_guest" && principal.tenant.id === tenant.id) {
    const meeting = await find(scopeFor(parts.scope.actor, tenant.id));
    if (!meeting) throw notFound();
    return guestMeeting(parts.services, principal, meeting);
  }
  if (principal.kind !== "user") {
    return {
      target: {
        kind: "Meeting",
        id: standInId,
        tenantId: tenant.id,
        callerRole: "none",
        label: "none",
      },
      value: null,
      tenantId: tenant.id,
    };
  }
  if (principal.tenant.id !== tenant.id) throw notFound();
  const scope = scopeFor(parts.scope.actor, tenant.id);
  const meeting = await find(scope);
  if (!meeting) throw notFound();
  return resolvedMeeting(parts.services, scope, meeting, principal.user.id);
}

/** The meeting a WebSocket message names, in the connection's organisation (404 otherwise). */
export async function meetingForConnection(
  services: Services,
  connection: RoomConnectionView,
  meetingId: string,
): Promise<Resolved<MeetingResource | null>> {
  const principal = connection.principal;
  const scope = scopeOf(principal);
  const meeting = await services.meetings.byId(scope, meetingId);
  if (!meeting) throw notFound();
  if (principal.kind === "meeting_guest") return guestMeeting(services, principal, meeting);
  return resolvedMeeting(services, scope, meeting, principal.user.id);
}

/**
 * A meeting as the policy sees it for a meeting guest: an attendee of their own meeting while
 * their join is admitted (read now), a stranger to any other (the policy refuses them there).
 */
async function guestMeeting(
  services: Services,
  principal: Extract<Principal, { kind: "meeting_guest" }>,
  meeting: MeetingRow,
): Promise<Resolved<MeetingResource | null>> {
  const mine = meeting.id === principal.guest.meetingId;
  const row = mine
    ? await services.meetings.participant(
        scopeOf(principal),
        meeting.id,
        principal.guest.participantId,
      )
    : undefined;
  const relation: MeetingRelation = row?.state === "admitted" ? "attendee" : "none";
  return {
    target: {
      kind: "Meeting",
      id: meeting.id,
      tenantId: meeting.tenantId,
      callerRole: relation,
      label: meeting.labelId ?? "none",
    },
    value: { meeting, relation },
    tenantId: meeting.tenantId,
  };
}

/** A meeting as the policy sees it for one person: their relation to it, read now. */
async function resolvedMeeting(
  services: Services,
  scope: Scope,
  meeting: MeetingRow,
  userId: string,
): Promise<Resolved<MeetingResource | null>> {
  const relation = await services.meetings.relationOf(scope, meeting, userId);
  return {
    target: {
      kind: "Meeting",
      id: meeting.id,
      tenantId: meeting.tenantId,
      callerRole: relation,
      label: meeting.labelId ?? "none",
    },
    value: { meeting, relation },
    tenantId: meeting.tenantId,
  };
}

/** The resource a handler gets once the policy allowed: never the stand-in. */
export function loaded(resource: MeetingResource | null): MeetingResource {
  if (!resource) throw notFound();
  return resource;
}
