import type { Attachment, FileSummary, FileVersion } from "@engawa/shared";
import type { FileRow, VersionWithUploader } from "./fileStore.ts";

/** What readers see of a file version: never its key, blob id or anything stored for the server. */
export function presentVersion(version: VersionWithUploader): FileVersion {
  return {
    id: version.id,
    version: version.version,
    size: version.size,
    contentType: version.contentType,
    hasThumbnail: version.thumbnailBlobId !== null,
    uploadedBy: { id: version.uploadedBy, displayName: version.uploaderName },
    createdAt: version.createdAt.toISOString(),
  };
}

/** A file with its decrypted name, as of `current`. */
export function presentFile(
  file: FileRow,
  name: string,
  current: VersionWithUploader,
): FileSummary {
  return {
    id: file.id,
    channelId: file.channelId,
    name,
    current: presentVersion(current),
    createdBy: file.createdBy,
    createdAt: file.createdAt.toISOString(),
    labelId: file.labelId,
  };
}

export function presentAttachment(
  file: FileRow,
  name: string,
  version: VersionWithUploader,
): Attachment {
  return {
    fileId: file.id,
    versionId: version.id,
    version: version.version,
    name,
    size: version.size,
    contentType: version.contentType,
    hasThumbnail: version.thumbnailBlobId !== null,
  };
}
