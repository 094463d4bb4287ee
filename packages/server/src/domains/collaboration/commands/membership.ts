import type { Scope } from "../../../platform/scope.ts";
import { COLLABORATION_EVENTS } from "../events.ts";
import type { ChannelRow } from "../store.ts";
import type { CollaborationDeps } from "./deps.ts";

/**
 * Puts a person in a private channel or a chat, audited, in one transaction (after `check`, run
 * inside it); their open connections hear of it once it has committed.
 */
export async function admitMember(
  deps: CollaborationDeps,
  scope: Scope,
  channel: ChannelRow,
  userId: string,
  check: () => Promise<void> = async () => undefined,
): Promise<void> {
  await deps.database.transaction(async () => {
    await check();
    await deps.store.putChannelMember(scope, channel.id, userId, "member", deps.clock.now());
    await deps.audit.append(scope, {
      action: COLLABORATION_EVENTS.channelMemberAdded,
      outcome: "allow",
      target: { type: "channel", id: channel.id },
      details: { userId },
    });
  });
  deps.announceAccess({ tenantId: channel.tenantId, userId, teamId: null, channelId: channel.id });
}
