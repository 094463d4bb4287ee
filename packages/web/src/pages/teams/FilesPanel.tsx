import { useState } from "react";
import { Button, makeStyles, tokens } from "@fluentui/react-components";
import { DeleteRegular, DocumentRegular } from "@fluentui/react-icons";
import { useTranslation } from "react-i18next";
import type { FileSummary } from "@engawa/shared";
import type { ChatApi } from "../../chat/chatApi.ts";
import { formatSize } from "../../chat/fileUpload.ts";
import { useLoader } from "../../api/useLoader.ts";
import { ConfirmDialog } from "../../components/ConfirmDialog.tsx";
import { DateTime } from "../../components/DateTime.tsx";
import { ErrorMessage, StatusMessage } from "../../components/ErrorMessage.tsx";
import { Loading } from "../../components/Loading.tsx";
import type { ChannelLabelling } from "./ChannelLabel.tsx";
import { DownloadName } from "./Attachments.tsx";
import { useActionMessages } from "../../useActionMessages.ts";
import { ChatPanel } from "./ChatPanel.tsx";
import { appliedLabelName, LabelBadge, LabelSelect, labelChangeMessage } from "./ContentLabel.tsx";
import { usePanelStyles } from "./panelStyles.ts";

const useStyles = makeStyles({
  row: {
    display: "flex",
    alignItems: "center",
    gap: tokens.spacingHorizontalS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalS}`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  text: { display: "flex", flexDirection: "column", flexGrow: 1, minWidth: 0 },
  name: { overflowWrap: "anywhere" },
  meta: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
});

/**
 * The channel's Files tab, as a panel above its messages: every file shared there, newest first,
 * with who shared it and when (in the viewer's time zone), a download link, and — for the person
 * who uploaded it or a team owner — Delete, asked for first because it removes every version and
 * takes the file off the messages that carried it.
 */
export function FilesPanel({
  api,
  channelId,
  channelTitle,
  mayDelete,
  labelling,
  onClose,
}: {
  api: ChatApi;
  channelId: string;
  channelTitle: string;
  mayDelete: (file: FileSummary) => boolean;
  /** The channel's labels: each file shows the one that applies; who may, labels a file. */
  labelling?: ChannelLabelling | undefined;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const styles = useStyles();
  const panel = usePanelStyles();
  const list = useLoader((signal) => api.files(channelId, signal));
  const [deleting, setDeleting] = useState<FileSummary | null>(null);
  const { notice, failure, attempt, succeeded } = useActionMessages();
  const files = list.data?.files ?? [];
  const labels = labelling?.labels ?? [];
  /** The label a file is decided under: the most sensitive of its team's, channel's and own. */
  const appliedTo = (file: FileSummary) =>
    appliedLabelName(labels, [labelling?.teamLabelId, labelling?.ownLabelId, file.labelId]);
  const mayLabel = Boolean(labelling?.mayChange) && labels.length > 0;
  const label = (file: FileSummary, picked: string | null) =>
    void attempt(async () => {
      const result = await api.setFileLabel(file.id, picked);
      list.reload();
      return labelChangeMessage(t, labels, { kind: "file", name: file.name }, result);
    });
  return (
    <ChatPanel
      id="files-panel"
      heading={t("files.panelHeading", { channel: channelTitle })}
      closeLabel={t("files.close")}
      onClose={onClose}
    >
      <StatusMessage message={notice} />
      <ErrorMessage error={list.error ?? failure} />
      {list.loading && !list.data && <Loading />}
      {list.data && files.length === 0 && <p>{t("files.none")}</p>}
      {files.length > 0 && (
        <ul className={panel.list} aria-label={t("files.listLabel", { channel: channelTitle })}>
          {files.map((file) => (
            <li key={file.id} className={styles.row}>
              <DocumentRegular aria-hidden="true" fontSize={24} />
              <span className={styles.text}>
                <DownloadName
                  className={styles.name}
                  name={file.name}
                  href={
                    list.data?.viewOnly.files.includes(file.id)
                      ? null
                      : api.fileUrl(file.id, "content", file.current.version)
                  }
                />
                <span className={styles.meta}>
                  {t("files.sharedBy", {
                    name: file.current.uploadedBy.displayName,
                    size: formatSize(file.current.size, i18n.language),
                    version: file.current.version,
                  })}{" "}
                  <DateTime value={file.current.createdAt} />
                </span>
              </span>
              {/* The picker shows the file's own label; the badge, one that applies over it. */}
              {(!mayLabel || appliedTo(file) !== appliedLabelName(labels, [file.labelId])) &&
                appliedTo(file) && <LabelBadge name={appliedTo(file) ?? ""} />}
              {mayLabel && (
                <LabelSelect
                  labels={labels}
                  value={file.labelId}
                  ariaLabel={t("labels.fileLabel", { name: file.name })}
                  onPick={(picked) => label(file, picked)}
                />
              )}
              {mayDelete(file) && (
                <Button
                  icon={<DeleteRegular />}
                  aria-label={t("files.deleteNamed", { name: file.name })}
                  onClick={() => setDeleting(file)}
                >
                  {t("files.delete")}
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      {deleting && (
        <ConfirmDialog
          title={t("files.deleteTitle", { name: deleting.name })}
          confirmLabel={t("files.delete")}
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await api.deleteFile(deleting.id);
            succeeded(t("files.deleted", { name: deleting.name }));
            list.reload();
          }}
        >
          <p>{t("files.deleteBody")}</p>
        </ConfirmDialog>
      )}
    </ChatPanel>
  );
}
