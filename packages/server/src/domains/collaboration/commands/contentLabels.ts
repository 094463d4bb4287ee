import type { Scope } from "../../../platform/scope.ts";
import { COLLABORATION_EVENTS } from "../events.ts";
import type { FileRow } from "../fileStore.ts";
import type { ChannelRow } from "../store.ts";
import type { CollaborationDeps } from "./deps.ts";

/**
 * Labels a channel (or takes its own label off). Its team's label still applies: decisions use the
 * more sensitive of the two. Audited with the label before and after.
 */
export async function setChannelLabel(
  deps: CollaborationDeps,
  scope: Scope,
  channel: ChannelRow,
  labelId: string | null,
): Promise<void> {
  await deps.database.transaction(async () => {
    await deps.store.setChannelLabel(scope, channel.id, labelId);
    await deps.audit.append(scope, {
      action: COLLABORATION_EVENTS.channelLabelSet,
      outcome: "allow",
      target: { type: "channel", id: channel.id },
      details: { before: channel.labelId, after: labelId },
    });
  });
}

/** Labels a shared file (or takes its own label off); its channel's label still applies. */
export async function setFileLabel(
  deps: CollaborationDeps,
  scope: Scope,
  file: FileRow,
  labelId: string | null,
): Promise<void> {
  await deps.database.transaction(async () => {
    await deps.fileStore.setLabel(scope, file.id, labelId);
    await deps.audit.append(scope, {
      action: COLLABORATION_EVENTS.fileLabelSet,
      outcome: "allow",
      target: { type: "file", id: file.id },
      details: { channelId: file.channelId, before: file.labelId, after: labelId },
    });
  });
}
