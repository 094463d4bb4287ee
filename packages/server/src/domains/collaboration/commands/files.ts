import { randomUUID } from "node:crypto";
import type { Readable } from "node:stream";
import {
  FILE_LIMITS,
  type Attachment,
  type FileDetail,
  type FileListResponse,
  type FileSummary,
} from "@engawa/shared";
import { newFileKey } from "../../../platform/crypto/fileCipher.ts";
import { AppError } from "../../../platform/errors.ts";
import type { Scope } from "../../../platform/scope.ts";
import { COLLABORATION_EVENTS } from "../events.ts";
import { nameIdentity, sanitiseFileName } from "../fileNames.ts";
import { sniffContentType, THUMBNAIL_TYPES } from "../fileSniff.ts";
import type { FileRow, VersionWithUploader } from "../fileStore.ts";
import { presentAttachment, presentFile, presentVersion } from "../filePresenters.ts";
import type { ChannelRow } from "../store.ts";
import { makeThumbnail } from "../thumbnails.ts";
import type { CollaborationDeps } from "./deps.ts";

const FILE_LIST_MAX = 200;

/** AES-GCM associated data: a sealed name or key cannot be moved to another file or version. */
const nameContext = (fileId: string) => `file-name|${fileId}`;
const keyContext = (versionId: string) => `file-key|${versionId}`;
/** The streaming cipher binds each blob to its version (and a thumbnail to its own id). */
const contentId = (versionId: string) => versionId;
const thumbnailId = (versionId: string) => `${versionId}|thumbnail`;

function megabytes(bytes: number): string {
  return `${Math.floor(bytes / (1024 * 1024))} MB`;
}

function tooLarge(maxBytes: number): AppError {
  return new AppError(
    "file_too_large",
    `The file is larger than this organisation's limit of ${megabytes(maxBytes)}.`,
  );
}

/**
 * Uploads a file into a channel (issue "Collaboration": streamed, size limit per tenant, stored
 * encrypted). The bytes stream through the file cipher to disk under a fresh data key — never
 * whole in memory, never on disk in plain text — and the limit is enforced while they arrive.
 * Then, in one short transaction, the file of the same name in the channel (or a new one) gets
 * its next version, with the data key sealed under the tenant's key. Images get a thumbnail.
 */
export async function uploadFile(
  deps: CollaborationDeps,
  scope: Scope,
  channel: ChannelRow,
  uploader: { id: string; displayName: string },
  input: { name: string; body: Readable; declaredLength: number | null },
): Promise<FileSummary> {
  const name = sanitiseFileName(input.name);
  const maxBytes = await deps.fileMaxBytes(scope);
  if (input.declaredLength !== null && input.declaredLength > maxBytes) {
    input.body.resume();
    throw tooLarge(maxBytes);
  }
  const versionId = randomUUID();
  const key = newFileKey();
  const blob = await deps.blobs.write(
    channel.tenantId,
    input.body,
    key,
    contentId(versionId),
    maxBytes,
    () => tooLarge(maxBytes),
  );
  const contentType = sniffContentType(blob.head, name);
  const keyEnc = await deps.keyring.encrypt(scope, "general", key, keyContext(versionId));
  const nameKey = await deps.search.nameKey(scope, channel.id, nameIdentity(name));
  const fileId = randomUUID();
  const nameEnc = await deps.keyring.encrypt(
    scope,
    "general",
    Buffer.from(name, "utf8"),
    nameContext(fileId),
  );
  const now = deps.clock.now();
  let file: FileRow;
  try {
    file = await deps.database.transaction(async () => {
      const taken = await deps.fileStore.takeVersion(scope, {
        id: fileId,
        channelId: channel.id,
        nameEnc,
        nameKey,
        createdBy: uploader.id,
        createdAt: now,
      });
      await deps.fileStore.insertVersion(scope, {
        id: versionId,
        fileId: taken.file.id,
        version: taken.version,
        blobId: blob.blobId,
        keyEnc,
        size: blob.size,
        contentType,
        thumbnailBlobId: null,
        uploadedBy: uploader.id,
        createdAt: now,
      });
      await deps.audit.append(scope, {
        action: COLLABORATION_EVENTS.fileUploaded,
        outcome: "allow",
        target: { type: "file", id: taken.file.id },
        details: { channelId: channel.id, version: taken.version, size: blob.size, contentType },
      });
      return taken.file;
    });
  } catch (error) {
    await deps.blobs.remove(channel.tenantId, blob.blobId);
    throw error;
  }
  let thumbnailBlobId: string | null = null;
  if (THUMBNAIL_TYPES.has(contentType) && blob.size <= FILE_LIMITS.thumbnailSourceMaxBytes)
    thumbnailBlobId = await storeThumbnail(
      deps,
      scope,
      channel.tenantId,
      versionId,
      blob.blobId,
      key,
    );
  const version: VersionWithUploader = {
    id: versionId,
    fileId: file.id,
    tenantId: channel.tenantId,
    version: file.currentVersion,
    blobId: blob.blobId,
    keyEnc,
    size: blob.size,
    contentType,
    thumbnailBlobId,
    uploadedBy: uploader.id,
    createdAt: now,
    uploaderName: uploader.displayName,
  };
  return presentFile(file, await fileName(deps, scope, file), version);
}

/** Makes, encrypts and records an image's thumbnail; a picture that cannot be decoded has none. */
async function storeThumbnail(
  deps: CollaborationDeps,
  scope: Scope,
  tenantId: string,
  versionId: string,
  blobId: string,
  key: Buffer,
): Promise<string | null> {
  const preview = await makeThumbnail(deps.blobs.read(tenantId, blobId, key, contentId(versionId)));
  if (!preview) return null;
  try {
    const thumbnailBlobId = await deps.blobs.writeBuffer(
      tenantId,
      preview,
      key,
      thumbnailId(versionId),
    );
    await deps.fileStore.setThumbnail(scope, versionId, thumbnailBlobId);
    return thumbnailBlobId;
  } catch {
    // The file itself is stored; it is only shown without a preview.
    return null;
  }
}

async function fileName(deps: CollaborationDeps, scope: Scope, file: FileRow): Promise<string> {
  return (
    await deps.keyring.decrypt(scope, "general", file.nameEnc, nameContext(file.id))
  ).toString("utf8");
}

/** The files of a channel (newest first) and the organisation's upload limit. */
export async function listFiles(
  deps: CollaborationDeps,
  scope: Scope,
  channel: ChannelRow,
): Promise<Omit<FileListResponse, "viewOnly">> {
  const rows = await deps.fileStore.channelFiles(scope, channel.id, FILE_LIST_MAX);
  const files = await Promise.all(
    rows.map(async (row) =>
      presentFile(row.file, await fileName(deps, scope, row.file), row.version),
    ),
  );
  return { files, maxBytes: await deps.fileMaxBytes(scope) };
}

export async function fileDetail(
  deps: CollaborationDeps,
  scope: Scope,
  file: FileRow,
): Promise<FileDetail> {
  const versions = await deps.fileStore.versions(scope, file.id);
  const current = versions.find((v) => v.version === file.currentVersion);
  if (!current) throw new AppError("not_found", "Not found.");
  return {
    file: presentFile(file, await fileName(deps, scope, file), current),
    versions: versions.map(presentVersion),
  };
}

/** A version's contents (or thumbnail), decrypted as it streams out. */
export async function openFile(
  deps: CollaborationDeps,
  scope: Scope,
  file: FileRow,
  versionNumber: number | undefined,
  part: "content" | "thumbnail",
): Promise<{ name: string; size: number | null; contentType: string; body: Readable }> {
  const version = await deps.fileStore.version(
    scope,
    file.id,
    versionNumber ?? file.currentVersion,
  );
  if (!version) throw new AppError("not_found", "No such version of this file.");
  const key = await deps.keyring.decrypt(scope, "general", version.keyEnc, keyContext(version.id));
  const name = await fileName(deps, scope, file);
  if (part === "thumbnail") {
    if (!version.thumbnailBlobId) throw new AppError("not_found", "This file has no preview.");
    return {
      name,
      size: null,
      contentType: "image/webp",
      body: deps.blobs.read(file.tenantId, version.thumbnailBlobId, key, thumbnailId(version.id)),
    };
  }
  return {
    name,
    size: version.size,
    contentType: version.contentType,
    body: deps.blobs.read(file.tenantId, version.blobId, key, contentId(version.id)),
  };
}

/**
 * The versions to attach to a new message: the newest version of each file named, which must be
 * a file of the same channel (a file elsewhere is answered like one that does not exist).
 */
export async function attachableVersions(
  deps: CollaborationDeps,
  scope: Scope,
  channelId: string,
  fileIds: string[],
): Promise<{ versionIds: string[]; names: string[] }> {
  const rows = await deps.fileStore.filesOf(scope, fileIds);
  const versionIds: string[] = [];
  const names: string[] = [];
  for (const id of fileIds) {
    const file = rows.find((r) => r.id === id);
    if (!file || file.channelId !== channelId)
      throw new AppError("invalid_value", "Attach files uploaded to this channel.", {
        field: "attachments",
      });
    const version = await deps.fileStore.version(scope, file.id, file.currentVersion);
    if (!version)
      throw new AppError("invalid_value", "The file is not ready.", { field: "attachments" });
    versionIds.push(version.id);
    names.push(await fileName(deps, scope, file));
  }
  return { versionIds, names };
}

/** Each message's attachments, as its readers see them. */
export async function attachmentsOf(
  deps: CollaborationDeps,
  scope: Scope,
  messageIds: string[],
): Promise<Map<string, Attachment[]>> {
  const rows = await deps.fileStore.attachments(scope, messageIds);
  const byMessage = new Map<string, Attachment[]>();
  for (const row of rows) {
    const list = byMessage.get(row.messageId) ?? [];
    list.push(presentAttachment(row.file, await fileName(deps, scope, row.file), row.version));
    byMessage.set(row.messageId, list);
  }
  return byMessage;
}
