import { randomUUID } from "node:crypto";
import {
  CHAT_MEMBERS_MAX,
  CHAT_PREVIEW_MAX,
  parseMeetingAnnouncement,
  type ChatPreview,
  type ChatSummary,
  type CreateChatRequest,
} from "@engawa/shared";
import { AppError } from "../../../platform/errors.ts";
import type { Scope } from "../../../platform/scope.ts";
import { COLLABORATION_EVENTS } from "../events.ts";
import type { ChannelRow } from "../store.ts";
import type { CollaborationDeps } from "./deps.ts";
import { admitMember } from "./membership.ts";
import { bodyContext } from "./notifications.ts";

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
 * chat that exists already is answered instead of a second one; a named chat is a group chat.
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
    if (!(await reachable(deps, scope, creator, id)))
      throw new AppError("not_found", "One of these people cannot be found.", { field: "userIds" });
  }
  const [only] = others;
  // With a name it is a group chat (of two, for now), not the pair's 1:1 chat.
  if (others.length === 1 && only && !input.topic?.trim()) {
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

/**
 * Whether the caller may bring this person into a chat: someone active (not invited only, not a
 * guest whose period ended), and for a guest only someone they share a team with — the people
 * search's rule, so nobody is reachable here who could not be found there.
 */
async function reachable(
  deps: CollaborationDeps,
  scope: Scope,
  caller: { id: string; role: string },
  userId: string,
): Promise<boolean> {
  return (
    (await deps.store.isReachableUser(scope, userId, deps.clock.now())) &&
    (caller.role !== "guest" || (await deps.store.shareATeam(scope, caller.id, userId)))
  );
}

/** A 1:1 chat: two people and no name. It stays theirs (Teams): a third starts a group chat. */
const isDirect = (chat: ChannelRow, memberCount: number) => memberCount === 2 && chat.name === "";

/**
 * Adds someone to a group chat; they see its history from the start, as in Teams' group chats,
 * which is why a 1:1 chat is refused (the web client starts a new group chat instead). Their open
 * pages list it at once and the others' member lists change.
 */
export async function addChatMember(
  deps: CollaborationDeps,
  scope: Scope,
  chat: ChannelRow,
  caller: { id: string; role: string },
  userId: string,
): Promise<void> {
  const members = await deps.store.channelMemberNames(scope, [chat.id]);
  if (members.some((m) => m.userId === userId)) return;
  if (isDirect(chat, members.length))
    throw new AppError(
      "invalid_state",
      "A 1:1 chat stays between its two people. Start a group chat to add someone.",
      { field: "userId" },
    );
  if (members.length >= CHAT_MEMBERS_MAX)
    throw new AppError("invalid_state", `A chat holds at most ${CHAT_MEMBERS_MAX} people.`, {
      field: "userId",
    });
  if (!(await reachable(deps, scope, caller, userId)))
    throw new AppError("not_found", "That person cannot be found.", { field: "userId" });
  await admitMember(deps, scope, chat, userId);
  deps.announceChat(chat.tenantId, chat.id, [userId]);
  deps.announceDirectory(
    chat.tenantId,
    members.map((m) => m.userId),
  );
}

/**
 * Names a group chat, or takes its name away (the members' names show instead). A 1:1 chat is
 * not named: a name would make it a group chat that others could be added to.
 */
export async function renameChat(
  deps: CollaborationDeps,
  scope: Scope,
  chat: ChannelRow,
  callerId: string,
  topic: string,
): Promise<ChatSummary> {
  const members = await deps.store.channelMemberNames(scope, [chat.id]);
  if (isDirect(chat, members.length))
    throw new AppError("invalid_state", "A 1:1 chat has no name. Start a group chat to name one.", {
      field: "topic",
    });
  const name = topic.trim();
  await deps.database.transaction(async () => {
    await deps.store.renameChannel(scope, chat.id, name);
    await deps.audit.append(scope, {
      action: COLLABORATION_EVENTS.chatUpdated,
      outcome: "allow",
      target: { type: "channel", id: chat.id },
      details: { named: name !== "" },
    });
  });
  deps.announceDirectory(
    chat.tenantId,
    members.map((m) => m.userId),
  );
  return one(deps, scope, { ...chat, name }, callerId);
}

async function one(deps: CollaborationDeps, scope: Scope, chat: ChannelRow, userId: string) {
  const mine = (await deps.store.chatsFor(scope, userId)).find((r) => r.channel.id === chat.id);
  const [summary] = await present(deps, scope, [mine ?? { channel: chat, readSeq: 0, unread: 0 }]);
  if (!summary) throw new AppError("not_found", "Not found.");
  return summary;
}

/**
 * Each chat's newest message as its list entry shows it: the author and the start of the text,
 * unsealed here for the person whose list it is (they are in every one of these chats).
 */
async function previews(
  deps: CollaborationDeps,
  scope: Scope,
  chatIds: string[],
): Promise<Map<string, ChatPreview>> {
  const found = new Map<string, ChatPreview>();
  for (const row of await deps.store.newestMessages(scope, chatIds)) {
    const body = row.bodyEnc
      ? (await deps.keyring.decrypt(scope, "general", row.bodyEnc, bodyContext(row.id))).toString(
          "utf8",
        )
      : "";
    found.set(row.channelId, {
      authorId: row.authorId,
      authorName: row.authorName,
      text: shortened(previewOf(body)),
      withFiles: row.withFiles,
      createdAt: row.createdAt.toISOString(),
    });
  }
  return found;
}

/**
 * What of a message the chat list shows: a meeting's announcement (the words-free lines the web
 * client shows as a card) by its 📅 and title alone, anything else as it is.
 */
export function previewOf(body: string): string {
  const announced = parseMeetingAnnouncement(body);
  return announced ? `📅 ${announced.title}` : body;
}

/** White space folded to single spaces, cut at CHAT_PREVIEW_MAX characters with an ellipsis. */
export function shortened(text: string): string {
  const folded = text.replace(/\s+/gu, " ").trim();
  const characters = [...folded];
  return characters.length > CHAT_PREVIEW_MAX
    ? `${characters.slice(0, CHAT_PREVIEW_MAX).join("")}…`
    : folded;
}

async function present(
  deps: CollaborationDeps,
  scope: Scope,
  rows: { channel: ChannelRow; readSeq: number; unread: number }[],
): Promise<ChatSummary[]> {
  const ids = rows.map((r) => r.channel.id);
  const names = await deps.store.channelMemberNames(scope, ids);
  const newest = await previews(deps, scope, ids);
  return rows.map((r) => ({
    id: r.channel.id,
    topic: r.channel.name,
    members: names
      .filter((n) => n.channelId === r.channel.id)
      .map((n) => ({ userId: n.userId, displayName: n.displayName })),
    lastSeq: r.channel.lastSeq,
    lastReadSeq: r.readSeq,
    unread: r.unread,
    lastMessage: newest.get(r.channel.id) ?? null,
  }));
}
