import { useEffect, useRef, type ReactNode } from "react";
import { Button, makeStyles, tokens } from "@fluentui/react-components";
import { DismissRegular } from "@fluentui/react-icons";
import { useTranslation } from "react-i18next";
import type { MentionsInput, Message } from "@engawa/shared";
import type { ThreadMessages } from "../../chat/messageState.ts";
import { ErrorMessage } from "../../components/ErrorMessage.tsx";
import { Loading } from "../../components/Loading.tsx";
import { Composer } from "./Composer.tsx";
import type { ChannelMember } from "../../chat/mentions.ts";
import { MessageList } from "./MessageList.tsx";

const useStyles = makeStyles({
  panel: {
    display: "flex",
    flexDirection: "column",
    minHeight: 0,
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingVerticalS,
    borderLeft: `1px solid ${tokens.colorNeutralStroke2}`,
    "@media (max-width: 900px)": {
      borderLeft: "none",
      borderTop: `1px solid ${tokens.colorNeutralStroke2}`,
    },
  },
  header: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalS },
  heading: {
    flexGrow: 1,
    margin: 0,
    fontSize: tokens.fontSizeBase400,
    fontWeight: tokens.fontWeightSemibold,
    ":focus": { outlineStyle: "none" },
    ":focus-visible": { outline: `2px solid ${tokens.colorStrokeFocus2}` },
  },
  root: {
    listStyleType: "none",
    margin: 0,
    padding: 0,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    maxHeight: "40%",
    overflowY: "auto",
    flexShrink: 0,
  },
  closed: { margin: 0, color: tokens.colorNeutralForeground2 },
});

/**
 * A thread beside the channel (Teams' reply pane): the message it answers, its replies (live,
 * older ones on request) and a reply box. Opening it moves focus to its heading so a screen
 * reader says where the reader is; Close returns them to the message they opened it from.
 */
export function ThreadPanel({
  root,
  thread,
  failure,
  renderItem,
  onOlder,
  onReply,
  members,
  onMentionStart,
  meId,
  onClose,
}: {
  root: Message | undefined;
  thread: ThreadMessages;
  failure: unknown;
  renderItem: (message: Message) => ReactNode;
  onOlder: () => Promise<void>;
  onReply: (body: string, mentions: MentionsInput | undefined) => Promise<void>;
  members: readonly ChannelMember[] | null;
  onMentionStart: () => void;
  meId: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const styles = useStyles();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [thread.rootId]);

  return (
    <aside aria-labelledby="thread-heading" className={styles.panel}>
      <div className={styles.header}>
        <h2 id="thread-heading" ref={heading} tabIndex={-1} className={styles.heading}>
          {t("chat.thread")}
        </h2>
        <Button
          appearance="subtle"
          icon={<DismissRegular />}
          aria-label={t("chat.closeThread")}
          onClick={onClose}
        />
      </div>
      {root && <ul className={styles.root}>{renderItem(root)}</ul>}
      <ErrorMessage error={failure} />
      {thread.loaded ? (
        <MessageList
          label={t("chat.repliesLabel")}
          messages={thread.replies}
          hasOlder={thread.hasOlder}
          olderLabel={t("chat.loadOlderReplies")}
          onLoadOlder={onOlder}
          emptyText={t("chat.noReplies")}
          anchorBottom={false}
          renderItem={renderItem}
        />
      ) : (
        !failure && <Loading />
      )}
      {root?.body === null ? (
        <p className={styles.closed}>{t("chat.replyClosed")}</p>
      ) : (
        <Composer
          label={t("chat.replyLabel")}
          placeholder={t("chat.replyPlaceholder")}
          members={members}
          onMentionStart={onMentionStart}
          meId={meId}
          onSend={(body, _attachments, mentions) => onReply(body, mentions)}
        />
      )}
    </aside>
  );
}
