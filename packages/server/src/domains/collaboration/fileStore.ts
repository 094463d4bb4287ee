import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "../../platform/db/database.ts";
import { requireTenant, type Scope } from "../../platform/scope.ts";
import { users } from "../identity/index.ts";
import { files, fileVersions, messageAttachments } from "./tables.ts";

export type FileRow = typeof files.$inferSelect;
export type FileVersionRow = typeof fileVersions.$inferSelect;
export interface VersionWithUploader extends FileVersionRow {
  uploaderName: string;
}
export interface AttachmentRow {
  messageId: string;
  file: FileRow;
  version: VersionWithUploader;
}

/** SQL of shared files, their versions and message attachments; every query within the tenant. */
export function createFileStore(database: Database) {
  const db = () => database.current();
  const versionColumns = { version: fileVersions, uploaderName: users.displayName };
  const withUploader = (rows: { version: FileVersionRow; uploaderName: string }[]) =>
    rows.map((r) => ({ ...r.version, uploaderName: r.uploaderName }));

  return {
    async file(scope: Scope, id: string): Promise<FileRow | undefined> {
      return (
        await db()
          .select()
          .from(files)
          .where(and(eq(files.tenantId, requireTenant(scope)), eq(files.id, id)))
      )[0];
    },
    async setLabel(scope: Scope, id: string, labelId: string | null): Promise<void> {
      await db()
        .update(files)
        .set({ labelId })
        .where(and(eq(files.tenantId, requireTenant(scope)), eq(files.id, id)));
    },
    async filesOf(scope: Scope, ids: string[]): Promise<FileRow[]> {
      if (ids.length === 0) return [];
      return db()
        .select()
        .from(files)
        .where(and(eq(files.tenantId, requireTenant(scope)), inArray(files.id, ids)));
    },
    /**
     * The file of this name in the channel, made if there is none, with its next version number
     * taken (row-locked to the end of the transaction, so two uploads get two numbers).
     */
    async takeVersion(
      scope: Scope,
      row: Omit<FileRow, "tenantId" | "currentVersion" | "labelId">,
    ): Promise<{ file: FileRow; version: number }> {
      const tenantId = requireTenant(scope);
      await db()
        .insert(files)
        .values({ ...row, tenantId, currentVersion: 0, labelId: null })
        .onConflictDoNothing({ target: [files.channelId, files.nameKey] });
      const [file] = await db()
        .update(files)
        .set({ currentVersion: sql`${files.currentVersion} + 1` })
        .where(
          and(
            eq(files.tenantId, tenantId),
            eq(files.channelId, row.channelId),
            eq(files.nameKey, row.nameKey),
          ),
        )
        .returning();
      if (!file) throw new Error("file row vanished");
      return { file, version: file.currentVersion };
    },
    async insertVersion(scope: Scope, row: Omit<FileVersionRow, "tenantId">): Promise<void> {
      await db()
        .insert(fileVersions)
        .values({ ...row, tenantId: requireTenant(scope) });
    },
    async setThumbnail(scope: Scope, versionId: string, blobId: string): Promise<void> {
      await db()
        .update(fileVersions)
        .set({ thumbnailBlobId: blobId })
        .where(
          and(eq(fileVersions.tenantId, requireTenant(scope)), eq(fileVersions.id, versionId)),
        );
    },
    /** A file's versions, newest first. */
    async versions(scope: Scope, fileId: string): Promise<VersionWithUploader[]> {
      const rows = await db()
        .select(versionColumns)
        .from(fileVersions)
        .innerJoin(users, eq(users.id, fileVersions.uploadedBy))
        .where(
          and(eq(fileVersions.tenantId, requireTenant(scope)), eq(fileVersions.fileId, fileId)),
        )
        .orderBy(desc(fileVersions.version));
      return withUploader(rows);
    },
    async version(
      scope: Scope,
      fileId: string,
      version: number,
    ): Promise<VersionWithUploader | undefined> {
      const rows = await db()
        .select(versionColumns)
        .from(fileVersions)
        .innerJoin(users, eq(users.id, fileVersions.uploadedBy))
        .where(
          and(
            eq(fileVersions.tenantId, requireTenant(scope)),
            eq(fileVersions.fileId, fileId),
            eq(fileVersions.version, version),
          ),
        );
      return withUploader(rows)[0];
    },
    /** A channel's files with their newest version, newest first. */
    async channelFiles(scope: Scope, channelId: string, limit: number) {
      const rows = await db()
        .select({ file: files, ...versionColumns })
        .from(files)
        .innerJoin(
          fileVersions,
          and(eq(fileVersions.fileId, files.id), eq(fileVersions.version, files.currentVersion)),
        )
        .innerJoin(users, eq(users.id, fileVersions.uploadedBy))
        .where(and(eq(files.tenantId, requireTenant(scope)), eq(files.channelId, channelId)))
        .orderBy(desc(fileVersions.createdAt), desc(files.id))
        .limit(limit);
      return rows.map((r) => ({
        file: r.file,
        version: { ...r.version, uploaderName: r.uploaderName },
      }));
    },
    async attach(scope: Scope, messageId: string, versionIds: string[]): Promise<void> {
      if (versionIds.length === 0) return;
      const tenantId = requireTenant(scope);
      await db()
        .insert(messageAttachments)
        .values(
          versionIds.map((versionId, position) => ({ messageId, versionId, tenantId, position })),
        );
    },
    /** The messages that carry any version of a file. */
    async messagesWithFile(scope: Scope, fileId: string): Promise<string[]> {
      const rows = await db()
        .selectDistinct({ messageId: messageAttachments.messageId })
        .from(messageAttachments)
        .innerJoin(fileVersions, eq(fileVersions.id, messageAttachments.versionId))
        .where(
          and(
            eq(messageAttachments.tenantId, requireTenant(scope)),
            eq(fileVersions.fileId, fileId),
          ),
        );
      return rows.map((r) => r.messageId);
    },
    /**
     * Removes a file, every version and every attachment of it; answers the blobs (contents and
     * previews) to remove once the transaction has committed.
     */
    async removeFile(scope: Scope, fileId: string): Promise<string[]> {
      const tenantId = requireTenant(scope);
      const versions = await db()
        .select({
          id: fileVersions.id,
          blobId: fileVersions.blobId,
          thumb: fileVersions.thumbnailBlobId,
        })
        .from(fileVersions)
        .where(and(eq(fileVersions.tenantId, tenantId), eq(fileVersions.fileId, fileId)));
      const versionIds = versions.map((v) => v.id);
      if (versionIds.length > 0) {
        await db()
          .delete(messageAttachments)
          .where(
            and(
              eq(messageAttachments.tenantId, tenantId),
              inArray(messageAttachments.versionId, versionIds),
            ),
          );
        await db()
          .delete(fileVersions)
          .where(and(eq(fileVersions.tenantId, tenantId), inArray(fileVersions.id, versionIds)));
      }
      await db()
        .delete(files)
        .where(and(eq(files.tenantId, tenantId), eq(files.id, fileId)));
      return versions.flatMap((v) => (v.thumb ? [v.blobId, v.thumb] : [v.blobId]));
    },
    /** The attachments of these messages, in the order they were given. */
    async attachments(scope: Scope, messageIds: string[]): Promise<AttachmentRow[]> {
      if (messageIds.length === 0) return [];
      const rows = await db()
        .select({
          messageId: messageAttachments.messageId,
          file: files,
          ...versionColumns,
        })
        .from(messageAttachments)
        .innerJoin(fileVersions, eq(fileVersions.id, messageAttachments.versionId))
        .innerJoin(files, eq(files.id, fileVersions.fileId))
        .innerJoin(users, eq(users.id, fileVersions.uploadedBy))
        .where(
          and(
            eq(messageAttachments.tenantId, requireTenant(scope)),
            inArray(messageAttachments.messageId, messageIds),
          ),
        )
        .orderBy(asc(messageAttachments.messageId), asc(messageAttachments.position));
      return rows.map((r) => ({
        messageId: r.messageId,
        file: r.file,
        version: { ...r.version, uploaderName: r.uploaderName },
      }));
    },
  };
}

export type FileStore = ReturnType<typeof createFileStore>;
