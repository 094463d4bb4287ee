import { Type, type Static } from "typebox";
import { Slug, Timestamp, Uuid } from "./common.ts";

/** Limits of shared files, for the server's validation and the web client. */
export const FILE_LIMITS = {
  /** Longest file name kept, in characters (longer names are shortened, extension kept). */
  nameMax: 200,
  /** Longest name accepted in an upload request (before sanitising). */
  requestNameMax: 1024,
  /** Files one message may carry. */
  attachmentsMax: 10,
  /** Images up to this size get a thumbnail (decoding is bounded by it). */
  thumbnailSourceMaxBytes: 25 * 1024 * 1024,
  /** The longer side of a thumbnail, in pixels. */
  thumbnailSize: 320,
} as const;

/** One stored version of a file. `contentType` was sniffed from the bytes, never taken from the client. */
export const FileVersion = Type.Object({
  id: Uuid,
  version: Type.Integer({ minimum: 1 }),
  size: Type.Integer({ minimum: 0 }),
  contentType: Type.String(),
  hasThumbnail: Type.Boolean(),
  uploadedBy: Type.Object({ id: Uuid, displayName: Type.String() }),
  createdAt: Timestamp,
});
export type FileVersion = Static<typeof FileVersion>;

/** A file shared in a channel or chat, as of its newest version. */
export const FileSummary = Type.Object({
  id: Uuid,
  channelId: Uuid,
  /** The sanitised name (stored encrypted). */
  name: Type.String(),
  current: FileVersion,
  /** Who uploaded the first version: they (or a team owner) may delete the file. */
  createdBy: Uuid,
  createdAt: Timestamp,
  /** The file's own sensitivity label (its channel's still applies; the stricter one counts). */
  labelId: Type.Union([Uuid, Type.Null()]),
});
export type FileSummary = Static<typeof FileSummary>;

export const FileDetail = Type.Object({
  file: FileSummary,
  /** Every version, newest first. */
  versions: Type.Array(FileVersion),
});
export type FileDetail = Static<typeof FileDetail>;

export const FileListResponse = Type.Object({
  files: Type.Array(FileSummary),
  /** The organisation's upload limit in bytes, so a client can refuse a file before sending it. */
  maxBytes: Type.Integer({ minimum: 1 }),
  /**
   * What the caller's session may see but not download now (a view-only session control, or the
   * label × work-context matrix): `channel` — the channel's files that carry no stricter label of
   * their own (attachments included); `files` — the listed files refused. The server refuses
   * these downloads whatever the client shows; this only lets it not offer them.
   */
  viewOnly: Type.Object({ channel: Type.Boolean(), files: Type.Array(Uuid) }),
});
export type FileListResponse = Static<typeof FileListResponse>;

/** A file attached to a message, as the message's readers see it. */
export const Attachment = Type.Object({
  fileId: Uuid,
  versionId: Uuid,
  version: Type.Integer({ minimum: 1 }),
  name: Type.String(),
  size: Type.Integer({ minimum: 0 }),
  contentType: Type.String(),
  hasThumbnail: Type.Boolean(),
});
export type Attachment = Static<typeof Attachment>;

export const FileParams = Type.Object(
  { tenant: Slug, fileId: Uuid },
  { additionalProperties: false },
);
export type FileParams = Static<typeof FileParams>;

/** The upload's file name travels in the query string: the body is the file's bytes. */
export const UploadQuery = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: FILE_LIMITS.requestNameMax }),
  },
  { additionalProperties: false },
);
export type UploadQuery = Static<typeof UploadQuery>;

/** Which version to download (default: the newest). */
export const FileVersionQuery = Type.Object(
  { version: Type.Optional(Type.Integer({ minimum: 1 })) },
  { additionalProperties: false },
);
export type FileVersionQuery = Static<typeof FileVersionQuery>;
