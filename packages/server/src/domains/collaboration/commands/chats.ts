import { randomUUID } from "node:crypto";
import type { ChatSummary, CreateChatRequest } from "@engawa/shared";
import { AppError } from "../../../platform/errors.ts";
import type { Scope } from "../../../platform/scope.ts";
import { COLLABORATION_EVENTS } from "../events.ts";
import type { ChannelRow } from "../store.ts";
import type { CollaborationDeps } from "./deps.ts";

/** The person's chats, each with its members, newest activity first. */
export async function listChats(
  deps: CollaborationDeps,
  scope: Scope,
  userId: string,
): Promise<ChatSummary[]> {
  const rows = await deps.store.chatsFor(scope, userId);
  return present(deps, scope, rows);
}

/**
 * Starts a 1:1 or group chat with people of the organisation. A guest may chat only with people
 * they share a team with (PRODUCT.md: guests do not reach the organisation's directory). A 1:1
 * chat that exists already is answered instead of a second one.
 */
export async function createChat(
  deps: CollaborationDeps,
  scope: Scope,
  creator: { id: string; role: string },
  input: CreateChatRequest,
): Promise<ChatSummary> {
  const others = input.userIds.filter((id) => id !== creator.id);
  if (others.length === 0)
    throw new AppError("invalid_value", "Choose at least one other person.", { field: "userIds" });
  for (const id of others) {
    const reachable =
      (await deps.store.isReachableUser(scope, id, deps.clock.now())) &&
      (creator.role !== "guest" || (await deps.store.shareATeam(scope, creator.id, id)));
    if (!reachable)
      throw new AppError("not_found", "One of these people cannot be found.", { field: "userIds" });
  }
  const [only] = others;
  if (others.length === 1 && only) {
    const existing = await deps.store.directChat(scope, creator.id, only);
    if (existing) return one(deps, scope, existing, creator.id);
  }
  const now = deps.clock.now();
  const chat = await deps.database.transaction(async () => {
    const row = await deps.store.insertChannel(scope, {
      id: randomUUID(),
      teamId: null,
      kind: "chat",
      name: input.topic?.trim() ?? "",
      createdBy: creator.id,
      createdAt: now,
    });
    for (const id of [creator.id, ...others])
      await deps.store.putChannelMember(scope, row.id, id, "member", now);
    await deps.audit.append(scope, {
      action: COLLABORATION_EVENTS.chatCreated,
      outcome: "allow",
      target: { type: "channel", id: row.id },
      details: { members: others.length + 1 },
    });
    return row;
  });
  // Its members may now see each other's presence, and their lists change.
  for (const id of [creator.id, ...others])
    deps.announceAccess({ tenantId: chat.tenantId, userId: id, teamId: null, channelId: chat.id });
  deps.announceChat(chat.tenantId, chat.id, others);
  return one(deps, scope, chat, creator.id);
}

async function one(deps: CollaborationDeps, scope: Scope, chat: ChannelRow, userId: string) {
  const mine = (await deps.store.chatsFor(scope, userId)).find((r) => r.channel.id === chat.id);
  const [summary] = await present(deps, scope, [mine ?? { channel: chat, readSeq: 0, unread: 0 }]);
  if (!summary) throw new AppError("not_found", "Not found.");
  return summary;
}

async function present(
  deps: CollaborationDeps,
  scope: Scope,
  rows: { channel: ChannelRow; readSeq: number; unread: number }[],
): Promise<ChatSummary[]> {
  const names = await deps.store.channelMemberNames(
    scope,
    rows.map((r) => r.channel.id),
  );
  return rows.map((r) => ({
    id: r.channel.id,
    topic: r.channel.name,
    members: names
      .filter((n) => n.channelId === r.channel.id)
      .map((n) => ({ userId: n.userId, displayName: n.displayName })),
    lastSeq: r.channel.lastSeq,
    lastReadSeq: r.readSeq,
    unread: r.unread,
  }));
}
