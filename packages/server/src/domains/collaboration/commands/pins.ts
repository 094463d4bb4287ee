import { PINS_LISTED, type Message, type PinnedMessages } from "@engawa/shared";
import { AppError } from "../../../platform/errors.ts";
import type { Scope } from "../../../platform/scope.ts";
import { COLLABORATION_EVENTS } from "../events.ts";
import type { ChannelRow, MessageWithAuthor } from "../store.ts";
import type { CollaborationDeps } from "./deps.ts";
import { announceChanged, present } from "./messages.ts";

/**
 * Pins a message to its channel (`on`) or unpins it, for everyone who reads the channel (Teams'
 * "Pin"). A change takes the channel's next sequence number like an edit, so open connections
 * and a reconnecting client see it, and is audited in the same transaction; asking for what is
 * already so changes nothing, announces nothing and audits nothing. A deleted message is never
 * pinned (deleting one unpins it).
 */
export async function setPin(
  deps: CollaborationDeps,
  scope: Scope,
  message: MessageWithAuthor,
  userId: string,
  on: boolean,
): Promise<Message> {
  if (message.deletedAt) throw new AppError("invalid_state", "A deleted message cannot be pinned.");
  const seq = await deps.database.transaction(async () => {
    const changed = await deps.pinStore.set(
      scope,
      message.id,
      on ? { at: deps.clock.now(), by: userId } : null,
    );
    if (!changed) {
      // Deleted since it was loaded: say so rather than answer a pin that did not happen.
      const now = await deps.store.message(scope, message.id);
      if (on && now?.deletedAt)
        throw new AppError("invalid_state", "A deleted message cannot be pinned.");
      return null;
    }
    const next = await deps.store.nextSeq(scope, message.channelId);
    await deps.store.touchMessage(scope, message.id, next);
    await deps.audit.append(scope, {
      action: on ? COLLABORATION_EVENTS.messagePinned : COLLABORATION_EVENTS.messageUnpinned,
      outcome: "allow",
      target: { type: "message", id: message.id },
      details: { channelId: message.channelId, authorId: message.authorId },
    });
    return next;
  });
  return announceChanged(deps, scope, message.id, seq ?? message.seq, seq !== null);
}

/** A channel's pinned messages (decrypted), newest pin first, and the channel's sequence number. */
export async function listPins(
  deps: CollaborationDeps,
  scope: Scope,
  channel: ChannelRow,
): Promise<PinnedMessages> {
  // The number first: a pin after it reaches the client live, so nothing falls between.
  const lastSeq = await deps.store.channelLastSeq(scope, channel.id);
  const rows = await deps.pinStore.ofChannel(scope, channel.id, PINS_LISTED);
  return { messages: await present(deps, scope, rows), lastSeq };
}
