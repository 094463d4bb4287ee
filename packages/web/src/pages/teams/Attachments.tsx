import { Button, ProgressBar, makeStyles, tokens } from "@fluentui/react-components";
import { AttachRegular, DismissRegular, DocumentRegular } from "@fluentui/react-icons";
import { useTranslation } from "react-i18next";
import type { Attachment } from "@engawa/shared";
import { formatSize } from "../../chat/fileUpload.ts";
import type { PendingFile } from "../../chat/usePendingFiles.ts";
import { errorText } from "../../components/ErrorMessage.tsx";

const useStyles = makeStyles({
  list: {
    listStyle: "none",
    margin: 0,
    padding: 0,
    display: "flex",
    flexWrap: "wrap",
    gap: tokens.spacingHorizontalS,
  },
  card: {
    display: "flex",
    alignItems: "center",
    gap: tokens.spacingHorizontalS,
    padding: tokens.spacingHorizontalS,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    maxWidth: "100%",
  },
  pending: { flexDirection: "column", alignItems: "stretch", minWidth: "14rem" },
  row: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalS },
  name: { overflowWrap: "anywhere", flexGrow: 1 },
  meta: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
  error: { color: tokens.colorPaletteRedForeground1, fontSize: tokens.fontSizeBase200, margin: 0 },
  thumbnail: { display: "block", maxWidth: "240px", maxHeight: "180px", borderRadius: "4px" },
});

/** The files of a message: a preview for images, the name as a download link, and the size. */
export function MessageAttachments({
  attachments,
  fileUrl,
}: {
  attachments: Attachment[];
  /**
   * Where a file's download (`content`) or preview (`thumbnail`) is; null for a download the
   * session may not make (view-only), shown as the name without a link.
   */
  fileUrl: (attachment: Attachment, part: "content" | "thumbnail") => string | null;
}) {
  const { t, i18n } = useTranslation();
  const styles = useStyles();
  if (attachments.length === 0) return null;
  return (
    <ul className={styles.list} aria-label={t("files.attachedLabel")}>
      {attachments.map((a) => (
        <li key={a.versionId} className={styles.card}>
          {a.hasThumbnail ? (
            <img className={styles.thumbnail} src={fileUrl(a, "thumbnail") ?? undefined} alt="" />
          ) : (
            <DocumentRegular aria-hidden="true" fontSize={24} />
          )}
          <span className={styles.name}>
            <DownloadName name={a.name} href={fileUrl(a, "content")} />{" "}
            <span className={styles.meta}>{formatSize(a.size, i18n.language)}</span>
          </span>
        </li>
      ))}
    </ul>
  );
}

/**
 * A file's name as its download link or, when the session may only view it, as text saying so
 * (the server refuses the download either way; this only does not offer it).
 */
export function DownloadName({
  name,
  href,
  className,
}: {
  name: string;
  href: string | null;
  className?: string;
}) {
  const { t } = useTranslation();
  const styles = useStyles();
  if (href === null)
    return (
      <span className={className}>
        {name} <span className={styles.meta}>{t("files.viewOnly")}</span>
      </span>
    );
  return (
    <a className={className} href={href} download={name}>
      {name}
    </a>
  );
}

/** Files chosen for the next message: upload progress, failures in words, and a way to remove each. */
export function PendingAttachments({
  files,
  maxBytes,
  onRemove,
}: {
  files: PendingFile[];
  maxBytes: number | null;
  onRemove: (key: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const styles = useStyles();
  if (files.length === 0) return null;
  const limit = maxBytes === null ? "" : formatSize(maxBytes, i18n.language);
  return (
    <ul className={styles.list} aria-label={t("files.pendingLabel")}>
      {files.map((f) => {
        const failed = f.error !== null;
        const tooLarge =
          f.error === "too_large" ||
          (typeof f.error === "object" &&
            f.error !== null &&
            "code" in f.error &&
            f.error.code === "file_too_large");
        return (
          <li key={f.key} className={`${styles.card} ${styles.pending}`}>
            <div className={styles.row}>
              <AttachRegular aria-hidden="true" />
              <span className={styles.name}>{f.name}</span>
              <span className={styles.meta}>{formatSize(f.size, i18n.language)}</span>
              <Button
                appearance="subtle"
                size="small"
                icon={<DismissRegular />}
                aria-label={t("files.remove", { name: f.name })}
                onClick={() => onRemove(f.key)}
              />
            </div>
            {failed ? (
              <p className={styles.error} role="alert">
                {tooLarge ? t("files.tooLarge", { limit }) : errorText(t, f.error)}
              </p>
            ) : (
              <ProgressBar
                value={f.uploaded ? 1 : f.progress}
                aria-label={
                  f.uploaded
                    ? t("files.uploaded", { name: f.name })
                    : t("files.uploading", { name: f.name })
                }
              />
            )}
          </li>
        );
      })}
    </ul>
  );
}
