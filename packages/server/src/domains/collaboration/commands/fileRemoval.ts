import type { Scope } from "../../../platform/scope.ts";
import { COLLABORATION_EVENTS } from "../events.ts";
import type { FileRow } from "../fileStore.ts";
import type { CollaborationDeps } from "./deps.ts";
import { attachmentsOf } from "./files.ts";
import { announceChanged, searchableText } from "./messages.ts";
import { bodyContext } from "./notifications.ts";

/**
 * Deletes a shared file for good: every version, its previews, and its place on the messages that
 * carried it. Each such message takes the channel's next sequence number (open connections and
 * reconnecting clients see the attachment go) and is indexed again without the file's name, so
 * search no longer finds it by that name. The encrypted blobs are removed once the rows are gone;
 * their data keys went with the version rows, so a copy of a blob left in a backup cannot be read
 * with what the database keeps. Audited.
 */
export async function deleteFile(
  deps: CollaborationDeps,
  scope: Scope,
  file: FileRow,
  deletedBy: string,
): Promise<void> {
  const { blobIds, changed } = await deps.database.transaction(async () => {
    const messageIds = await deps.fileStore.messagesWithFile(scope, file.id);
    const blobIds = await deps.fileStore.removeFile(scope, file.id);
    const changed: { id: string; seq: number }[] = [];
    for (const messageId of messageIds) {
      const message = await deps.store.message(scope, messageId);
      if (!message) continue;
      const seq = await deps.store.nextSeq(scope, message.channelId);
      await deps.store.touchMessage(scope, message.id, seq);
      changed.push({ id: message.id, seq });
      if (message.deletedAt || !message.bodyEnc) continue;
      const body = (
        await deps.keyring.decrypt(scope, "general", message.bodyEnc, bodyContext(message.id))
      ).toString("utf8");
      const names = ((await attachmentsOf(deps, scope, [message.id])).get(message.id) ?? []).map(
        (a) => a.name,
      );
      await deps.search.index(scope, message.id, message.channelId, searchableText(body, names));
    }
    await deps.audit.append(scope, {
      action: COLLABORATION_EVENTS.fileDeleted,
      outcome: "allow",
      target: { type: "file", id: file.id },
      details: {
        channelId: file.channelId,
        uploadedBy: file.createdBy,
        deletedBy,
        versions: file.currentVersion,
        messages: messageIds.length,
      },
    });
    return { blobIds, changed };
  });
  for (const blobId of blobIds) await deps.blobs.remove(file.tenantId, blobId);
  for (const { id, seq } of changed) await announceChanged(deps, scope, id, seq);
}
