import { randomUUID } from "node:crypto";
import type {
  CreateTeamRequest,
  TeamMember,
  TeamRole,
  TeamSummary,
  UpdateTeamRequest,
} from "@engawa/shared";
import { AppError } from "../../../platform/errors.ts";
import type { Scope } from "../../../platform/scope.ts";
import { COLLABORATION_EVENTS } from "../events.ts";
import { presentTeam } from "../presenters.ts";
import type { TeamRow } from "../store.ts";
import type { CollaborationDeps } from "./deps.ts";

/** The name of the channel every team starts with (Teams' "General"). */
export const GENERAL_CHANNEL = "General";

/** The asker's teams; for anyone but a guest also the public teams they could join. */
export async function listTeams(
  deps: CollaborationDeps,
  scope: Scope,
  userId: string,
  isGuest: boolean,
): Promise<TeamSummary[]> {
  const rows = await deps.store.teamsFor(scope, userId, !isGuest);
  return rows.map((r) => presentTeam(r.team, r.role));
}

/** Creates a team with its creator as owner and a General channel, audited. */
export async function createTeam(
  deps: CollaborationDeps,
  scope: Scope,
  userId: string,
  input: CreateTeamRequest,
): Promise<TeamSummary> {
  const now = deps.clock.now();
  const created = await deps.database.transaction(async () => {
    const team = await deps.store.insertTeam(scope, {
      id: randomUUID(),
      name: input.name.trim(),
      description: input.description?.trim() ?? "",
      visibility: input.visibility,
      allowGuests: true,
      labelId: null,
      createdBy: userId,
      createdAt: now,
    });
    await deps.store.putTeamMember(scope, team.id, userId, "owner", now);
    await deps.store.insertChannel(scope, {
      id: randomUUID(),
      teamId: team.id,
      kind: "standard",
      name: GENERAL_CHANNEL,
      createdBy: userId,
      createdAt: now,
    });
    await deps.audit.append(scope, {
      action: COLLABORATION_EVENTS.teamCreated,
      outcome: "allow",
      target: { type: "team", id: team.id },
      details: { name: team.name, visibility: team.visibility },
    });
    return team;
  });
  if (created.visibility === "public") deps.announcePublicTeam(created.tenantId);
  else deps.announceDirectory(created.tenantId, [userId]);
  return presentTeam(created, "owner");
}

export async function teamMembers(
  deps: CollaborationDeps,
  scope: Scope,
  teamId: string,
): Promise<TeamMember[]> {
  const rows = await deps.store.teamMembers(scope, teamId);
  return rows.map((r) => ({
    userId: r.userId,
    displayName: r.displayName,
    role: r.role as TeamRole,
  }));
}

/**
 * Adds a person of the organisation to a team, or changes their team role. A guest account is
 * always a team guest, whatever role was asked for.
 */
export async function putMember(
  deps: CollaborationDeps,
  scope: Scope,
  team: TeamRow,
  member: { userId: string; tenantRole: string },
  role: "owner" | "member",
  action: string = COLLABORATION_EVENTS.teamMemberAdded,
): Promise<void> {
  const teamRole = member.tenantRole === "guest" ? "guest" : role;
  await deps.database.transaction(async () => {
    await deps.store.putTeamMember(scope, team.id, member.userId, teamRole, deps.clock.now());
    await deps.audit.append(scope, {
      action,
      outcome: "allow",
      target: { type: "team", id: team.id },
      details: { userId: member.userId, role: teamRole },
    });
  });
  deps.announceAccess({
    tenantId: team.tenantId,
    userId: member.userId,
    teamId: team.id,
    channelId: null,
  });
  await announceMembers(deps, scope, team, member.userId);
}

/** The team's other members see its member list change (an open Members list reads it again). */
async function announceMembers(
  deps: CollaborationDeps,
  scope: Scope,
  team: TeamRow,
  changed: string,
): Promise<void> {
  const others = (await deps.store.teamMemberIds(scope, team.id)).filter((id) => id !== changed);
  deps.announceDirectory(team.tenantId, others);
}

/**
 * Removes a person from a team (and its private channels). The last owner stays: a team always
 * has someone who can manage it.
 */
export async function removeMember(
  deps: CollaborationDeps,
  scope: Scope,
  team: TeamRow,
  userId: string,
): Promise<void> {
  await deps.database.transaction(async () => {
    const role = await deps.store.teamRole(scope, team.id, userId);
    if (!role) throw new AppError("not_found", "That person is not in this team.");
    if (role === "owner" && (await deps.store.countTeamOwners(scope, team.id)) <= 1)
      throw new AppError("last_owner", "A team needs at least one owner.");
    await deps.store.removeTeamMember(scope, team.id, userId);
    await deps.audit.append(scope, {
      action: COLLABORATION_EVENTS.teamMemberRemoved,
      outcome: "allow",
      target: { type: "team", id: team.id },
      details: { userId },
    });
  });
  deps.announceAccess({ tenantId: team.tenantId, userId, teamId: team.id, channelId: null });
  await announceMembers(deps, scope, team, userId);
}

/**
 * Changes a team's settings: whether guests may take part. Turning guests off shuts the team's
 * guests out at once (their memberships stay, so turning it back on lets them in again); their
 * open connections re-decide their subscriptions now. Audited.
 */
export async function updateTeam(
  deps: CollaborationDeps,
  scope: Scope,
  team: TeamRow,
  input: UpdateTeamRequest,
  callerRole: string | null,
): Promise<TeamSummary> {
  const updated = await deps.database.transaction(async () => {
    const row = await deps.store.updateTeam(scope, team.id, { allowGuests: input.allowGuests });
    await deps.audit.append(scope, {
      action: COLLABORATION_EVENTS.teamUpdated,
      outcome: "allow",
      target: { type: "team", id: team.id },
      details: { allowGuests: input.allowGuests },
    });
    return row;
  });
  for (const member of await deps.store.teamMembers(scope, team.id))
    if (member.role === "guest")
      deps.announceAccess({
        tenantId: team.tenantId,
        userId: member.userId,
        teamId: team.id,
        channelId: null,
      });
  return presentTeam(updated, callerRole);
}

/**
 * Puts a sensitivity label on a team or takes it off (the route has checked that the label is the
 * organisation's), audited with the label before and after.
 */
export async function setTeamLabel(
  deps: CollaborationDeps,
  scope: Scope,
  team: TeamRow,
  labelId: string | null,
  callerRole: string | null,
): Promise<TeamSummary> {
  const updated = await deps.database.transaction(async () => {
    const row = await deps.store.updateTeam(scope, team.id, { labelId });
    await deps.audit.append(scope, {
      action: COLLABORATION_EVENTS.teamLabelSet,
      outcome: "allow",
      target: { type: "team", id: team.id },
      details: { before: team.labelId, after: labelId },
    });
    return row;
  });
  return presentTeam(updated, callerRole);
}
