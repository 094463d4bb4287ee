import { randomUUID } from "node:crypto";
import type { MentionsInput, Message, MessagePage, MessageQuery } from "@engawa/shared";
import { AppError } from "../../../platform/errors.ts";
import type { Scope } from "../../../platform/scope.ts";
import { COLLABORATION_EVENTS } from "../events.ts";
import { presentMessage } from "../presenters.ts";
import type { ChannelRow, MessageWithAuthor } from "../store.ts";
import type { CollaborationDeps } from "./deps.ts";
import {
  bodyContext,
  recordMentionNotifications,
  resolveMentions,
  type ResolvedMentions,
} from "./notifications.ts";
import { attachableVersions, attachmentsOf } from "./files.ts";
import { extrasOf } from "./messageExtras.ts";

const DEFAULT_PAGE = 50;

const editContext = (editId: string) => `message-edit|${editId}`;

async function seal(deps: CollaborationDeps, scope: Scope, text: string, context: string) {
  return deps.keyring.encrypt(scope, "general", Buffer.from(text, "utf8"), context);
}

/** Messages as their readers see them: text decrypted, with what they show besides it. */
export async function present(
  deps: CollaborationDeps,
  scope: Scope,
  rows: MessageWithAuthor[],
): Promise<Message[]> {
  const extras = await extrasOf(deps, scope, rows);
  return Promise.all(
    rows.map(async (row) => {
      const body =
        row.bodyEnc && !row.deletedAt
          ? (
              await deps.keyring.decrypt(scope, "general", row.bodyEnc, bodyContext(row.id))
            ).toString("utf8")
          : null;
      return presentMessage(row, body, extras(row.id));
    }),
  );
}

/**
 * Stores whom a message mentions and tells them (inside the message's transaction). A new
 * message (`fresh`) has no earlier mentions to replace.
 */
async function recordMentions(
  deps: CollaborationDeps,
  scope: Scope,
  message: { id: string; channelId: string; authorId: string },
  mentions: ResolvedMentions,
  options: { fresh?: boolean } = {},
) {
  const userIds = mentions.users.map((u) => u.id);
  if (options.fresh) await deps.notificationStore.addMentions(scope, message.id, userIds);
  else await deps.notificationStore.setMentions(scope, message.id, userIds);
  return recordMentionNotifications(deps, scope, message, mentions);
}

/**
 * Posts a message (or a reply to a top-level message of the same channel), with text, files
 * uploaded to the channel, or both. The body is sealed and its search terms hashed before anything
 * is written (no slow work while the channel row is locked); the message, its sequence number and
 * its terms are one statement, and a plain message (no files, no mentions) is nothing else, so it
 * needs no transaction of its own; attachments and mentions are written after it in one. Open
 * connections hear of it after it commits (after the caller's transaction, when posted in one).
 * Attached files' names are indexed with the text, so search finds a message by the names of its
 * files.
 */
export async function postMessage(
  deps: CollaborationDeps,
  scope: Scope,
  channel: ChannelRow,
  author: { id: string; displayName: string },
  input: {
    body?: string | undefined;
    threadRootId?: string | undefined;
    attachments?: string[] | undefined;
    mentions?: MentionsInput | undefined;
  },
): Promise<Message> {
  const text = input.body ?? "";
  const fileIds = input.attachments ?? [];
  if (text === "" && fileIds.length === 0)
    throw new AppError("invalid_request", "Write a message or attach a file.", { field: "body" });
  if (input.threadRootId) {
    // A root deleted after this check keeps its replies, as one deleted after the reply does.
    const root = await deps.store.message(scope, input.threadRootId);
    if (!root || root.channelId !== channel.id || root.threadRootId !== null || root.deletedAt)
      throw new AppError("invalid_value", "Reply to a message of this channel.", {
        field: "threadRootId",
      });
  }
  const files = await attachableVersions(deps, scope, channel.id, fileIds);
  const id = randomUUID();
  const bodyEnc = await seal(deps, scope, text, bodyContext(id));
  const terms = await deps.search.termsOf(scope, searchableText(text, files.names));
  const mentions = await resolveMentions(deps, scope, channel, input.mentions);
  const fresh = {
    id,
    channelId: channel.id,
    threadRootId: input.threadRootId ?? null,
    authorId: author.id,
    bodyEnc,
    mentionsChannel: mentions.channel,
    createdAt: deps.clock.now(),
  };
  const store = async () => {
    const seq = await deps.store.insertSequencedMessage(scope, fresh, terms);
    const message = { ...fresh, position: seq, seq, editedAt: null, deletedAt: null };
    await deps.fileStore.attach(scope, id, files.versionIds);
    const told = await recordMentions(deps, scope, message, mentions, { fresh: true });
    const row = {
      ...message,
      pinnedAt: null,
      pinnedBy: null,
      tenantId: channel.tenantId,
      authorName: author.displayName,
    };
    return { row, told };
  };
  const alone = files.versionIds.length === 0 && mentions.users.length === 0 && !mentions.channel;
  const { row, told } = alone ? await store() : await deps.database.transaction(store);
  // What a new message shows is known without reading it back: no replies, reactions or pin yet, the
  // text just sealed, the people just resolved; only attached files are read (their presented
  // form). Four reads and a decryption fewer on every post.
  const attachments =
    fileIds.length > 0 ? ((await attachmentsOf(deps, scope, [id])).get(id) ?? []) : [];
  const message = presentMessage(row, text, {
    replyCount: 0,
    attachments,
    mentions: mentions.users,
    reactions: [],
    pinnedByName: null,
  });
  // After the commit of the work it is part of, if any (a meeting's announcement is posted in the
  // meeting's transaction): a change rolled back is never heard of. At once otherwise.
  deps.database.afterCommit(() => {
    deps.announceMessage({ tenantId: channel.tenantId, channelId: channel.id, message });
    deps.announceNotifications(channel.tenantId, told);
  });
  return message;
}

/**
 * A page of a channel: changes after a sequence number, or messages before a position. (Whether
 * to lay a watermark over it is conditional access's answer, added by the route.)
 */
export async function listMessages(
  deps: CollaborationDeps,
  scope: Scope,
  channel: ChannelRow,
  query: MessageQuery,
): Promise<Omit<MessagePage, "watermark">> {
  const limit = query.limit ?? DEFAULT_PAGE;
  const lastSeq = await deps.store.channelLastSeq(scope, channel.id);
  const rows =
    query.after !== undefined
      ? await deps.store.changedAfter(scope, channel.id, query.after, limit)
      : await deps.store.page(scope, channel.id, {
          before: query.before ?? null,
          thread: query.thread ?? null,
          limit,
        });
  return { messages: await present(deps, scope, rows), lastSeq };
}

/** Everything changed after `afterSeq`, in order (a reconnecting client catching up). */
export async function changesAfter(
  deps: CollaborationDeps,
  scope: Scope,
  channelId: string,
  afterSeq: number,
  limit: number,
): Promise<Message[]> {
  return present(deps, scope, await deps.store.changedAfter(scope, channelId, afterSeq, limit));
}

/** Edits one's message; the earlier text is kept (sealed) and "edited" is shown. */
export async function editMessage(
  deps: CollaborationDeps,
  scope: Scope,
  channel: ChannelRow,
  message: MessageWithAuthor,
  input: { body: string; mentions?: MentionsInput | undefined },
): Promise<Message> {
  const body = input.body;
  if (message.deletedAt || !message.bodyEnc)
    throw new AppError("invalid_state", "A deleted message cannot be edited.");
  const previous = await deps.keyring.decrypt(
    scope,
    "general",
    message.bodyEnc,
    bodyContext(message.id),
  );
  const editId = randomUUID();
  const previousEnc = await deps.keyring.encrypt(scope, "general", previous, editContext(editId));
  const bodyEnc = await seal(deps, scope, body, bodyContext(message.id));
  const mentions = await resolveMentions(deps, scope, channel, input.mentions);
  const now = deps.clock.now();
  const { seq, told } = await deps.database.transaction(async () => {
    const next = await deps.store.nextSeq(scope, message.channelId);
    await deps.store.insertEdit(scope, {
      id: editId,
      messageId: message.id,
      bodyEnc: previousEnc,
      replacedAt: now,
    });
    await deps.store.updateMessage(scope, message.id, {
      seq: next,
      bodyEnc,
      editedAt: now,
      mentionsChannel: mentions.channel,
    });
    const names = (await attachmentsOf(deps, scope, [message.id])).get(message.id) ?? [];
    await deps.search.index(
      scope,
      message.id,
      message.channelId,
      searchableText(
        body,
        names.map((a) => a.name),
      ),
    );
    return { seq: next, told: await recordMentions(deps, scope, message, mentions) };
  });
  const changed = await announceChanged(deps, scope, message.id, seq);
  deps.announceNotifications(channel.tenantId, told);
  return changed;
}

/** Deletes a message: the body goes (and its pin), a tombstone stays in its place; audited. */
export async function deleteMessage(
  deps: CollaborationDeps,
  scope: Scope,
  message: MessageWithAuthor,
): Promise<Message> {
  if (message.deletedAt) throw new AppError("invalid_state", "The message is already deleted.");
  const now = deps.clock.now();
  const seq = await deps.database.transaction(async () => {
    const next = await deps.store.nextSeq(scope, message.channelId);
    // Deleting unpins: a tombstone is never among the channel's pins.
    await deps.store.updateMessage(scope, message.id, {
      seq: next,
      bodyEnc: null,
      deletedAt: now,
      pinnedAt: null,
      pinnedBy: null,
    });
    await deps.store.deleteEdits(scope, message.id);
    await deps.search.index(scope, message.id, message.channelId, null);
    await deps.audit.append(scope, {
      action: COLLABORATION_EVENTS.messageDeleted,
      outcome: "allow",
      target: { type: "message", id: message.id },
      details: { channelId: message.channelId, authorId: message.authorId },
    });
    return next;
  });
  return announceChanged(deps, scope, message.id, seq);
}

export async function announceChanged(
  deps: CollaborationDeps,
  scope: Scope,
  messageId: string,
  seq: number,
  changed = true,
): Promise<Message> {
  const row = await deps.store.message(scope, messageId);
  if (!row) throw new AppError("not_found", "Not found.");
  const [message] = await present(deps, scope, [{ ...row, seq: Math.max(row.seq, seq) }]);
  if (!message) throw new AppError("not_found", "Not found.");
  if (changed) deps.announceMessage({ tenantId: row.tenantId, channelId: row.channelId, message });
  return message;
}

/** What the blind index holds for a message: its text and the names of its files. */
export function searchableText(body: string, fileNames: string[]): string {
  return [body, ...fileNames].join("\n");
}
