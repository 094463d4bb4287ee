import { Button, makeStyles, tokens } from "@fluentui/react-components";
import { useTranslation } from "react-i18next";
import type { Message } from "@engawa/shared";
import type { ChatApi } from "../../chat/chatApi.ts";
import { usePins } from "../../chat/usePins.ts";
import { DateTime } from "../../components/DateTime.tsx";
import { ErrorMessage } from "../../components/ErrorMessage.tsx";
import { Loading } from "../../components/Loading.tsx";
import { ChatPanel } from "./ChatPanel.tsx";
import { usePanelStyles } from "./panelStyles.ts";

const useStyles = makeStyles({
  wrap: { padding: `0 ${tokens.spacingHorizontalS}` },
});

/**
 * The channel's pinned messages, a panel under its header (the same shell as Activity and search:
 * not a modal, Escape or Close closes it, its heading takes focus when it opens): newest pin
 * first, each with its author, when it was posted, its text and who pinned it. Choosing one brings
 * the reader to the message (`onOpen`).
 */
export function PinnedPanel({
  api,
  channelId,
  fromSeq,
  authorLabel,
  onOpen,
  onClose,
}: {
  api: ChatApi;
  channelId: string;
  /** The channel view's sequence number: live changes follow from it. */
  fromSeq: number | null;
  authorLabel: (message: Message) => string;
  onOpen: (message: Message) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const styles = { ...usePanelStyles(), ...useStyles() };
  const { list, failure } = usePins(api, channelId, fromSeq);
  return (
    <div className={styles.wrap}>
      <ChatPanel
        id="pins-panel"
        heading={t("pins.heading")}
        closeLabel={t("pins.close")}
        onClose={onClose}
      >
        <ErrorMessage error={failure} />
        {list === null ? (
          !failure && <Loading />
        ) : list.messages.length === 0 ? (
          <p>{t("pins.empty")}</p>
        ) : (
          <ul className={styles.list} aria-label={t("pins.listLabel")}>
            {list.messages.map((message) => (
              <li key={message.id}>
                <Button
                  appearance="subtle"
                  className={styles.entry}
                  onClick={() => onOpen(message)}
                >
                  <span className={styles.where}>
                    {message.threadRootId !== null && `${t("pins.reply")} · `}
                    {authorLabel(message)}
                    {" · "}
                    <DateTime value={message.createdAt} />
                  </span>
                  <span className={styles.excerpt}>
                    {/* A message of files alone is named by its files. */}
                    {message.body || message.attachments.map((a) => a.name).join(", ")}
                  </span>
                  {message.pinned && (
                    <span className={styles.where}>
                      {t("pins.pinnedBy", { name: message.pinned.by.displayName })}
                      {" · "}
                      <DateTime value={message.pinned.at} />
                    </span>
                  )}
                </Button>
              </li>
            ))}
          </ul>
        )}
      </ChatPanel>
    </div>
  );
}
