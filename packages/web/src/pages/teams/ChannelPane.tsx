import { useEffect, useEffectEvent, useState } from "react";
import { Button, makeStyles, mergeClasses, tokens } from "@fluentui/react-components";
import { LockClosedRegular, PeopleRegular } from "@fluentui/react-icons";
import { useTranslation } from "react-i18next";
import type { ChannelSummary, MeResponse, Message, TeamSummary } from "@engawa/shared";
import type { ChatApi } from "../../chat/chatApi.ts";
import { useChannelMessages } from "../../chat/useChannelMessages.ts";
import { useMarkRead } from "../../chat/useMarkRead.ts";
import { useChannelMembers } from "../../chat/useChannelMembers.ts";
import { existingMentions, mentionsToSend } from "../../chat/mentions.ts";
import { ConfirmDialog } from "../../components/ConfirmDialog.tsx";
import { ErrorMessage } from "../../components/ErrorMessage.tsx";
import { Loading } from "../../components/Loading.tsx";
import { Composer } from "./Composer.tsx";
import { MessageItem, type MessageActions } from "./MessageItem.tsx";
import { MessageList } from "./MessageList.tsx";
import { ThreadPanel } from "./ThreadPanel.tsx";

const useStyles = makeStyles({
  pane: {
    flexGrow: 1,
    display: "flex",
    flexDirection: "column",
    minHeight: 0,
    minWidth: 0,
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusMedium,
  },
  header: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    gap: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalM}`,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  title: { display: "flex", flexDirection: "column", flexGrow: 1, minWidth: 0 },
  heading: {
    display: "flex",
    alignItems: "center",
    gap: tokens.spacingHorizontalXS,
    margin: 0,
    fontSize: tokens.fontSizeBase500,
    fontWeight: tokens.fontWeightSemibold,
    overflowWrap: "anywhere",
  },
  team: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
  body: {
    flexGrow: 1,
    minHeight: 0,
    display: "grid",
    gridTemplateColumns: "minmax(0, 1fr)",
    gridTemplateRows: "minmax(0, 1fr)",
  },
  withThread: {
    gridTemplateColumns: "minmax(0, 1fr) minmax(260px, 380px)",
    "@media (max-width: 900px)": {
      gridTemplateColumns: "minmax(0, 1fr)",
      gridTemplateRows: "minmax(0, 1fr) minmax(0, 1fr)",
    },
  },
  column: {
    display: "flex",
    flexDirection: "column",
    minHeight: 0,
    gap: tokens.spacingVerticalS,
    padding: `0 ${tokens.spacingHorizontalS} ${tokens.spacingVerticalS}`,
  },
  status: { padding: tokens.spacingHorizontalL },
});

/**
 * One channel: its name and team, the messages (live, older on request), the composer, and the
 * thread beside it when one is open. It marks the channel read while it is on screen. When the
 * person loses access it reports it and shows nothing more of the channel.
 */
export function ChannelPane({
  api,
  me,
  team,
  channel,
  title,
  onRead,
  onAccessLost,
  onManageMembers,
}: {
  api: ChatApi;
  me: MeResponse;
  team: TeamSummary;
  channel: ChannelSummary;
  /** The channel's name in the reader's language ("General" is translated). */
  title: string;
  onRead: (channelId: string) => void;
  onAccessLost: (channelId: string) => void;
  onManageMembers: (() => void) | null;
}) {
  const { t } = useTranslation();
  const styles = useStyles();
  const messages = useChannelMessages(api, channel.id);
  const { view, applyOwn } = messages;
  const [deleting, setDeleting] = useState<Message | null>(null);
  const members = useChannelMembers(api, channel.id);
  useMarkRead(api, channel.id, view.main?.lastSeq, channel.lastReadSeq, onRead);

  const lost = useEffectEvent(() => onAccessLost(channel.id));
  useEffect(() => {
    if (view.status === "lost") lost();
  }, [view.status]);

  const actionsFor = (message: Message, inThread: boolean): MessageActions => {
    const mine = message.author.id === me.user.id;
    return {
      ...(mine
        ? {
            onEdit: async (m: Message, body: string) => {
              // An edit keeps the mentions whose names are still in the text.
              const kept = existingMentions(m);
              applyOwn(await api.edit(m.id, body, mentionsToSend(body, kept.picked, kept.channel)));
            },
          }
        : {}),
      ...(mine || team.myRole === "owner" ? { onDelete: setDeleting } : {}),
      ...(inThread ? {} : { onOpenThread: (m: Message) => void messages.openThread(m.id) }),
    };
  };
  const author = (message: Message) =>
    message.author.id === me.user.id
      ? t("chat.you", { name: message.author.displayName })
      : message.author.displayName;
  const render = (inThread: boolean) => (message: Message) => (
    <MessageItem
      key={message.id}
      message={message}
      authorLabel={author(message)}
      meId={me.user.id}
      selected={!inThread && view.thread?.rootId === message.id}
      actions={actionsFor(message, inThread)}
    />
  );
  const closeThread = () => {
    const rootId = view.thread?.rootId;
    messages.closeThread();
    if (rootId) window.setTimeout(() => document.getElementById(`thread-of-${rootId}`)?.focus(), 0);
  };
  const thread = view.thread;

  return (
    <section aria-labelledby="channel-heading" className={styles.pane}>
      <div className={styles.header}>
        <div className={styles.title}>
          <h2 id="channel-heading" tabIndex={-1} className={styles.heading}>
            {title}
            {channel.kind === "private" && (
              <LockClosedRegular role="img" aria-label={t("chat.privateChannel")} />
            )}
          </h2>
          <span className={styles.team}>{t("chat.channelOf", { team: team.name })}</span>
        </div>
        {onManageMembers && (
          <Button icon={<PeopleRegular />} onClick={onManageMembers}>
            {t("chat.manageChannel")}
          </Button>
        )}
      </div>
      {view.status === "loading" && (
        <div className={styles.status}>
          <Loading />
        </div>
      )}
      {view.status === "failed" && (
        <div className={styles.status}>
          <ErrorMessage error={view.failure} />
        </div>
      )}
      {view.main && (
        <div className={mergeClasses(styles.body, thread !== null && styles.withThread)}>
          <div className={styles.column}>
            <MessageList
              label={t("chat.messagesLabel", { channel: title })}
              messages={view.main.messages}
              hasOlder={view.main.hasOlder}
              olderLabel={t("chat.loadOlder")}
              onLoadOlder={messages.loadOlder}
              emptyText={t("chat.noMessages")}
              renderItem={render(false)}
            />
            <Composer
              label={t("chat.composerLabel")}
              placeholder={t("chat.composerPlaceholder")}
              members={members.list}
              onMentionStart={members.refresh}
              meId={me.user.id}
              onSend={async (body, mentions) =>
                applyOwn(await api.post(channel.id, body, { mentions }))
              }
            />
          </div>
          {thread && (
            <ThreadPanel
              root={view.main.messages.find((m) => m.id === thread.rootId)}
              thread={thread}
              failure={view.threadFailure}
              renderItem={render(true)}
              onOlder={messages.olderReplies}
              members={members.list}
              onMentionStart={members.refresh}
              meId={me.user.id}
              onReply={async (body, mentions) =>
                applyOwn(
                  await api.post(channel.id, body, { threadRootId: thread.rootId, mentions }),
                )
              }
              onClose={closeThread}
            />
          )}
        </div>
      )}
      {deleting && (
        <ConfirmDialog
          title={t("chat.deleteTitle")}
          confirmLabel={t("chat.delete")}
          onClose={() => setDeleting(null)}
          onConfirm={async () => applyOwn(await api.remove(deleting.id))}
        >
          <p>{t("chat.deleteBody")}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
