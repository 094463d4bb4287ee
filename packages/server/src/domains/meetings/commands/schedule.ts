import { randomBytes, randomUUID } from "node:crypto";
import {
  MEETING_LIMITS,
  meetingAnnouncementText,
  meetingJoinPath,
  type ScheduleMeetingRequest,
} from "@engawa/shared";
import { HOUR, type Clock } from "../../../platform/clock.ts";
import type { RequestInfo } from "../../../platform/context.ts";
import type { Database } from "../../../platform/db/database.ts";
import { AppError } from "../../../platform/errors.ts";
import type { Scope } from "../../../platform/scope.ts";
import type { AuditLog } from "../../audit/index.ts";
import { scopeOf, type Identity, type Principal } from "../../identity/index.ts";
import type { Keyring } from "../../keys/index.ts";
import type { ChannelPoster, MeetingChannels } from "../channels.ts";
import { MEETING_EVENTS } from "../events.ts";
import type { MeetingRow, MeetingsStore } from "../store.ts";

type UserPrincipal = Extract<Principal, { kind: "user" }>;

/** What scheduling works with. */
export interface ScheduleDeps {
  database: Database;
  clock: Clock;
  audit: AuditLog;
  keyring: Keyring;
  store: MeetingsStore;
  identity: Pick<Identity, "store">;
  /** Refuses an id that is not one of the organisation's sensitivity labels (null passes). */
  requireLabel: (scope: Scope, labelId: string | null) => Promise<void>;
  channels: MeetingChannels;
}

/** The AAD of a meeting's sealed title: it opens only as this meeting's title. */
export function titleContext(meetingId: string): string {
  return `meeting-title:${meetingId}`;
}

/**
 * Schedules a meeting for its organiser. Co-organisers and invitees must be people of the
 * organisation (guests may be invited); the join code is 128 random bits. A meeting in a channel
 * or chat needs the organiser to be allowed to post there now (a refusal is audited and nothing is
 * written), and is announced there, as the organiser, in the same transaction: the meeting and its
 * announcement are written together or not at all.
 */
export async function scheduleMeeting(
  deps: ScheduleDeps,
  principal: UserPrincipal,
  input: ScheduleMeetingRequest,
  request: RequestInfo,
): Promise<MeetingRow> {
  const scope = scopeOf(principal);
  const startsAt = new Date(input.startsAt);
  const endsAt = new Date(input.endsAt);
  if (endsAt.getTime() <= startsAt.getTime())
    throw new AppError("invalid_request", "A meeting must end after it starts.", {
      field: "endsAt",
    });
  if (endsAt.getTime() - startsAt.getTime() > MEETING_LIMITS.hoursMax * HOUR)
    throw new AppError(
      "invalid_request",
      `A meeting lasts at most ${MEETING_LIMITS.hoursMax} hours.`,
      { field: "endsAt" },
    );
  const organizerId = principal.user.id;
  const coOrganizerIds = input.coOrganizerIds.filter((id) => id !== organizerId);
  const coOrganizers = new Set(coOrganizerIds);
  const inviteeIds = input.inviteeIds.filter((id) => id !== organizerId && !coOrganizers.has(id));
  await requirePeople(deps, scope, coOrganizerIds, "coOrganizerIds", { guests: false });
  await requirePeople(deps, scope, inviteeIds, "inviteeIds");
  await deps.requireLabel(scope, input.labelId ?? null);
  const channelId = input.channelId ?? null;
  const post = channelId ? await posterFor(deps, principal, channelId, request) : null;
  const title = input.title.trim();
  const id = randomUUID();
  const row: Omit<MeetingRow, "tenantId"> = {
    id,
    titleEnc: await deps.keyring.encrypt(
      scope,
      "general",
      Buffer.from(title, "utf8"),
      titleContext(id),
    ),
    startsAt,
    endsAt,
    organizerId,
    joinCode: randomBytes(16).toString("base64url"),
    lobbyBypass: input.lobbyBypass,
    locked: false,
    attendeesMuted: false,
    labelId: input.labelId ?? null,
    channelId,
    endedAt: null,
    createdAt: deps.clock.now(),
  };
  const people = [
    ...coOrganizerIds.map((userId) => ({ userId, role: "co_organizer" as const })),
    ...inviteeIds.map((userId) => ({ userId, role: "attendee" as const })),
  ];
  await deps.database.transaction(async () => {
    await deps.store.insert(scope, row, people);
    await deps.audit.append(scope, {
      action: MEETING_EVENTS.scheduled,
      outcome: "allow",
      request,
      target: { type: "meeting", id: row.id },
      details: {
        coOrganizers: coOrganizerIds.length,
        invitees: inviteeIds.length,
        ...(channelId ? { channelId } : {}),
      },
    });
    if (post)
      await post(
        meetingAnnouncementText({
          title,
          startsAt: startsAt.toISOString(),
          endsAt: endsAt.toISOString(),
          path: meetingJoinPath(principal.tenant.slug, row.joinCode),
        }),
      );
  });
  return { ...row, tenantId: principal.tenant.id };
}

/** How to announce in the channel, once it is decided the organiser may post there; audited if not. */
async function posterFor(
  deps: ScheduleDeps,
  principal: UserPrincipal,
  channelId: string,
  request: RequestInfo,
): Promise<ChannelPoster> {
  try {
    return await deps.channels.poster(principal, channelId, request);
  } catch (error) {
    if (error instanceof AppError)
      await deps.audit.append(scopeOf(principal), {
        action: MEETING_EVENTS.scheduled,
        outcome: "deny",
        request,
        target: { type: "channel", id: channelId },
        details: { reason: error.code },
      });
    throw error;
  }
}

/**
 * Every id must be a living person of the organisation; the first that is not is named. Guests
 * may be invited but never co-organise: co-organisers run the lobby, lock, remove and end, which
 * the organisation keeps to its own people (`guests: false`).
 */
async function requirePeople(
  deps: ScheduleDeps,
  scope: Scope,
  ids: string[],
  field: string,
  { guests = true }: { guests?: boolean } = {},
): Promise<void> {
  const people = await deps.identity.store.livingUsersByIds(scope, ids);
  const found = new Set(people.map((u) => u.id));
  const missing = ids.find((id) => !found.has(id));
  if (missing !== undefined)
    throw new AppError("invalid_request", `${missing} is not a person of this organisation.`, {
      field,
    });
  const guest = guests ? undefined : people.find((u) => u.role === "guest");
  if (guest) throw new AppError("invalid_request", "A guest cannot be a co-organiser.", { field });
}
