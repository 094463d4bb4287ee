import { randomUUID } from "node:crypto";
import type { ChannelSummary, CreateChannelRequest } from "@engawa/shared";
import { AppError } from "../../../platform/errors.ts";
import type { Scope } from "../../../platform/scope.ts";
import { COLLABORATION_EVENTS } from "../events.ts";
import { presentChannel } from "../presenters.ts";
import type { ChannelRow, TeamRow } from "../store.ts";
import type { CollaborationDeps } from "./deps.ts";
import { addChatMember } from "./chats.ts";
import { admitMember } from "./membership.ts";

/** The team's channels the person can see: standard ones, and private ones they are in. */
export async function listChannels(
  deps: CollaborationDeps,
  scope: Scope,
  teamId: string,
  userId: string,
): Promise<ChannelSummary[]> {
  const rows = await deps.store.channelsFor(scope, teamId, userId);
  return rows.map((r) => presentChannel(r.channel, r.readSeq, r.unread));
}

/** Creates a channel; the creator of a private channel is its first owner. */
export async function createChannel(
  deps: CollaborationDeps,
  scope: Scope,
  team: TeamRow,
  userId: string,
  input: CreateChannelRequest,
): Promise<ChannelSummary> {
  const now = deps.clock.now();
  const channel = await deps.database.transaction(async () => {
    const row = await deps.store.insertChannel(scope, {
      id: randomUUID(),
      teamId: team.id,
      kind: input.kind,
      name: input.name.trim(),
      createdBy: userId,
      createdAt: now,
    });
    if (input.kind === "private")
      await deps.store.putChannelMember(scope, row.id, userId, "owner", now);
    await deps.audit.append(scope, {
      action: COLLABORATION_EVENTS.channelCreated,
      outcome: "allow",
      target: { type: "channel", id: row.id },
      details: { teamId: team.id, name: row.name, kind: row.kind },
    });
    return row;
  });
  // The team's people (for a private channel, its creator's other windows) see it at once.
  deps.announceDirectory(
    channel.tenantId,
    channel.kind === "private" ? [userId] : await deps.store.teamMemberIds(scope, team.id),
  );
  return presentChannel(channel, 0, 0);
}

/** Adds a member of the team to a private channel. */
export async function addChannelMember(
  deps: CollaborationDeps,
  scope: Scope,
  channel: ChannelRow,
  caller: { id: string; role: string },
  userId: string,
): Promise<void> {
  if (channel.kind === "chat") return addChatMember(deps, scope, channel, caller, userId);
  await admitMember(deps, scope, channel, userId, async () => {
    if (channel.teamId === null || !(await deps.store.teamRole(scope, channel.teamId, userId)))
      throw new AppError("invalid_state", "Add the person to the team first.", { field: "userId" });
  });
  await announceOthers(deps, scope, channel, userId);
}

/** A private channel's or chat's other members see its member list change (an open list reads again). */
async function announceOthers(
  deps: CollaborationDeps,
  scope: Scope,
  channel: ChannelRow,
  changed: string,
): Promise<void> {
  const rest = await deps.store.channelMemberNames(scope, [channel.id]);
  deps.announceDirectory(
    channel.tenantId,
    rest.map((m) => m.userId).filter((id) => id !== changed),
  );
}

/**
 * Removes a person from a private channel, or someone leaves a chat: their open connections stop
 * receiving it at once, and a chat's others see one person fewer. Their messages stay (Teams).
 */
export async function removeChannelMember(
  deps: CollaborationDeps,
  scope: Scope,
  channel: ChannelRow,
  userId: string,
): Promise<void> {
  const chat = channel.kind === "chat";
  await deps.database.transaction(async () => {
    if (!(await deps.store.removeChannelMember(scope, channel.id, userId)))
      throw new AppError(
        "not_found",
        chat ? "That person is not in this chat." : "That person is not in this channel.",
      );
    await deps.audit.append(scope, {
      action: COLLABORATION_EVENTS.channelMemberRemoved,
      outcome: "allow",
      target: { type: "channel", id: channel.id },
      details: { userId },
    });
  });
  deps.announceAccess({ tenantId: channel.tenantId, userId, teamId: null, channelId: channel.id });
  await announceOthers(deps, scope, channel, userId);
}
