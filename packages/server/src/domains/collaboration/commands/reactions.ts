import type { Message, Reaction } from "@engawa/shared";
import { AppError } from "../../../platform/errors.ts";
import type { Scope } from "../../../platform/scope.ts";
import type { MessageWithAuthor } from "../store.ts";
import type { CollaborationDeps } from "./deps.ts";
import { announceChanged } from "./messages.ts";

/**
 * Adds or takes back one person's reaction. A change takes the channel's next sequence number like
 * an edit, so open connections and a reconnecting client see it; asking for what is already so
 * changes nothing and announces nothing.
 */
export async function setReaction(
  deps: CollaborationDeps,
  scope: Scope,
  message: MessageWithAuthor,
  userId: string,
  reaction: Reaction,
  on: boolean,
): Promise<Message> {
  if (message.deletedAt)
    throw new AppError("invalid_state", "A deleted message takes no reactions.");
  const seq = await deps.database.transaction(async () => {
    const changed = on
      ? await deps.reactionStore.add(scope, message.id, userId, reaction, deps.clock.now())
      : await deps.reactionStore.remove(scope, message.id, userId, reaction);
    if (!changed) return null;
    const next = await deps.store.nextSeq(scope, message.channelId);
    await deps.store.touchMessage(scope, message.id, next);
    return next;
  });
  return announceChanged(deps, scope, message.id, seq ?? message.seq, seq !== null);
}
