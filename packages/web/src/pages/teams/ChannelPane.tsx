import { useEffect, useEffectEvent, useRef, useState } from "react";
import { makeStyles, mergeClasses, tokens } from "@fluentui/react-components";
import { useTranslation } from "react-i18next";
import type {
  ChannelSummary,
  FileListResponse,
  MeResponse,
  Message,
  Reaction,
} from "@engawa/shared";
import type { ChatApi } from "../../chat/chatApi.ts";
import { useChannelMessages } from "../../chat/useChannelMessages.ts";
import { useMarkRead } from "../../chat/useMarkRead.ts";
import { useChannelMembers } from "../../chat/useChannelMembers.ts";
import { useTyping } from "../../chat/useTyping.ts";
import { usePresence } from "../../chat/usePresence.ts";
import { ChannelPeople } from "./ChannelPeople.tsx";
import { existingMentions, mentionsToSend } from "../../chat/mentions.ts";
import { ConfirmDialog } from "../../components/ConfirmDialog.tsx";
import { ErrorMessage, StatusMessage } from "../../components/ErrorMessage.tsx";
import { RestrictedNotice, Watermark } from "./WorkContextPicker.tsx";
import { Loading } from "../../components/Loading.tsx";
import { Composer } from "./Composer.tsx";
import { usePendingFiles } from "../../chat/usePendingFiles.ts";
import { MessageItem, type MessageActions } from "./MessageItem.tsx";
import { MessageList } from "./MessageList.tsx";
import { ChannelHeader } from "./ChannelHeader.tsx";
import { PinnedPanel } from "./PinnedPanel.tsx";
import { ThreadPanel } from "./ThreadPanel.tsx";
import { TypingNote } from "./TypingNote.tsx";
import { ChannelLabel, type ChannelLabelling } from "./ChannelLabel.tsx";
import { appliedLabelName } from "./ContentLabel.tsx";
import { FilesPanel } from "./FilesPanel.tsx";
import { MeetNowButton } from "./MeetNowButton.tsx";

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
    position: "relative",
    display: "flex",
    flexDirection: "column",
    minHeight: 0,
    gap: tokens.spacingVerticalS,
    padding: `0 ${tokens.spacingHorizontalS} ${tokens.spacingVerticalS}`,
  },
  status: { padding: tokens.spacingHorizontalL },
  dropHint: { margin: 0, color: tokens.colorBrandForeground1, textAlign: "center" },
  dropping: {
    outline: `${tokens.strokeWidthThick} dashed ${tokens.colorBrandStroke1}`,
    outlineOffset: `-${tokens.strokeWidthThick}`,
  },
});

/**
 * One channel or chat: its name and team (or people), the messages (live, older on request), the
 * composer, the thread beside it when one is open, and its members, pinned messages or files in a
 * panel on request. It marks the channel read while it is on screen. When the
 * person loses access it reports it and shows nothing more of the channel.
 */
export function ChannelPane({
  api,
  me,
  subtitle,
  moderator,
  channel,
  title,
  onRead,
  onAccessLost,
  onManageMembers,
  manageLabel,
  workContext,
  labelling,
}: {
  api: ChatApi;
  me: MeResponse;
  /** Under the title: the channel's team, or a chat's people. */
  subtitle: string;
  /** May delete other people's messages (a team's owners; nobody in a chat). */
  moderator: boolean;
  /** A team's channel, or a chat (a channel without a team). */
  channel: Pick<ChannelSummary, "id" | "lastReadSeq"> & { kind: ChannelSummary["kind"] | "chat" };
  /** The channel's name in the reader's language ("General" is translated), or the chat's. */
  title: string;
  onRead: (channelId: string) => void;
  onAccessLost: (channelId: string) => void;
  onManageMembers: (() => void) | null;
  /** The manage button's words (a chat's settings); a private channel's members by default. */
  manageLabel?: string;
  /**
   * For a labelled team's channel while people are asked where they work: the label's name, the
   * place said (in words), whether to lay a watermark over the messages, and how to change place.
   */
  workContext?: {
    label: string;
    place: string;
    watermark: boolean;
    onChange: () => void;
  };
  /** A team channel's labels (none for a chat). */
  labelling?: ChannelLabelling;
}) {
  const { t } = useTranslation();
  const styles = useStyles();
  const typing = useTyping(channel.id, me.user.id);
  const messages = useChannelMessages(api, channel.id, (message) =>
    typing.posted(message.author.id),
  );
  const { view, applyOwn } = messages;
  const [deleting, setDeleting] = useState<Message | null>(null);
  const [actionFailure, setActionFailure] = useState<unknown>(null);
  const [pinsOpen, setPinsOpen] = useState(false);
  const pinsButton = useRef<HTMLButtonElement>(null);
  const [filesOpen, setFilesOpen] = useState(false);
  const filesButton = useRef<HTMLButtonElement>(null);
  /** The message chosen in the Pinned panel, shown highlighted. */
  const [highlighted, setHighlighted] = useState<string | null>(null);
  const members = useChannelMembers(api, channel.id);
  const [showPeople, setShowPeople] = useState(false);
  const authors = [
    ...(view.main?.messages ?? []).map((m) => m.author.id),
    ...(view.thread?.replies ?? []).map((m) => m.author.id),
  ];
  const presenceOf = usePresence(authors);
  const [maxBytes, setMaxBytes] = useState<number | null>(null);
  /** Downloads the session may not make here (view-only): their links are not offered. */
  const [viewOnly, setViewOnly] = useState<FileListResponse["viewOnly"] | null>(null);
  const [dragging, setDragging] = useState(false);
  const pending = usePendingFiles({
    slug: me.tenant.slug,
    channelId: channel.id,
    csrfToken: me.session.csrfToken,
    maxBytes,
  });
  useEffect(() => {
    const controller = new AbortController();
    api
      .files(channel.id, controller.signal)
      .then((list) => {
        setMaxBytes(list.maxBytes);
        setViewOnly(list.viewOnly);
      })
      // Without the limit the server still refuses a file that is too large.
      .catch(() => undefined);
    return () => controller.abort();
  }, [api, channel.id]);
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
      ...(mine || moderator ? { onDelete: setDeleting } : {}),
      ...(inThread ? {} : { onOpenThread: (m: Message) => void messages.openThread(m.id) }),
      onReact: (m: Message, reaction: Reaction, on: boolean) =>
        void api.react(m.id, reaction, on).then(changedOwn, setActionFailure),
      onPin: (m: Message, on: boolean) => void api.pin(m.id, on).then(changedOwn, setActionFailure),
    };
  };
  const changedOwn = (changed: Message) => {
    setActionFailure(null);
    applyOwn(changed);
  };
  const closePins = () => {
    setPinsOpen(false);
    window.setTimeout(() => pinsButton.current?.focus(), 0);
  };
  const closeFiles = () => {
    setFilesOpen(false);
    window.setTimeout(() => filesButton.current?.focus(), 0);
  };
  /**
   * Brings the reader to a pinned message: a reply in its thread, an older message after reading
   * back to it; it is highlighted and takes focus (the panel closes).
   */
  async function openPinned(message: Message): Promise<void> {
    setPinsOpen(false);
    setHighlighted(message.id);
    try {
      if (message.threadRootId) await messages.openThread(message.threadRootId);
      else await messages.loadBackTo(message.position);
    } catch (error) {
      setActionFailure(error);
    }
    focusWhenShown(`message-${message.id}`);
  }
  const author = (message: Message) =>
    message.author.id === me.user.id
      ? t("chat.you", { name: message.author.displayName })
      : message.author.displayName;
  const render = (inThread: boolean) => (message: Message) => (
    <MessageItem
      key={message.id}
      message={message}
      authorLabel={author(message)}
      presence={presenceOf(message.author.id)}
      meId={me.user.id}
      selected={!inThread && view.thread?.rootId === message.id}
      highlighted={highlighted === message.id}
      actions={actionsFor(message, inThread)}
      fileUrl={(a, part) =>
        part === "content" && (viewOnly?.channel || viewOnly?.files.includes(a.fileId))
          ? null
          : api.fileUrl(a.fileId, part, a.version)
      }
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
      <ChannelHeader
        subtitle={subtitle}
        channel={channel}
        title={title}
        pinsOpen={pinsOpen}
        pinsButton={pinsButton}
        onPins={() => {
          setFilesOpen(false);
          setShowPeople(false);
          if (pinsOpen) closePins();
          else setPinsOpen(true);
        }}
        filesOpen={filesOpen}
        filesButton={filesButton}
        onFiles={() => {
          setPinsOpen(false);
          setShowPeople(false);
          if (filesOpen) closeFiles();
          else setFilesOpen(true);
        }}
        peopleOpen={showPeople}
        onPeople={() => {
          setPinsOpen(false);
          setFilesOpen(false);
          if (!showPeople) members.refresh();
          setShowPeople(!showPeople);
        }}
        onManageMembers={onManageMembers}
        manageLabel={manageLabel}
        labelName={
          labelling &&
          appliedLabelName(labelling.labels, [labelling.teamLabelId, labelling.ownLabelId])
        }
        meetNow={
          me.user.role !== "guest" && (
            <MeetNowButton
              me={me}
              channelId={channel.id}
              title={
                channel.kind === "chat"
                  ? t("meetings.meetNowTitle", { name: me.user.displayName })
                  : t("meetings.meetNowInChannel", { channel: title })
              }
              onFailure={setActionFailure}
            />
          )
        }
        label={
          labelling && (
            <ChannelLabel
              api={api}
              channelId={channel.id}
              channelTitle={title}
              labelling={labelling}
            />
          )
        }
      />
      {showPeople && (
        <ChannelPeople
          id="channel-people"
          channelTitle={title}
          members={members.list}
          meId={me.user.id}
        />
      )}
      {filesOpen && (
        <FilesPanel
          api={api}
          channelId={channel.id}
          channelTitle={title}
          mayDelete={(file) => file.createdBy === me.user.id || moderator}
          labelling={labelling}
          onClose={closeFiles}
        />
      )}
      {pinsOpen && (
        <PinnedPanel
          api={api}
          channelId={channel.id}
          fromSeq={view.main?.baseSeq ?? null}
          authorLabel={author}
          onOpen={(message) => void openPinned(message)}
          onClose={closePins}
        />
      )}
      {view.status === "loading" && (
        <div className={styles.status}>
          <Loading />
        </div>
      )}
      {view.status === "restricted" && view.restriction && workContext && (
        <RestrictedNotice
          restriction={view.restriction}
          label={workContext.label}
          place={workContext.place}
          onChange={workContext.onChange}
        />
      )}
      {view.status === "restricted" && !workContext && (
        <div className={styles.status}>
          <StatusMessage
            intent="warning"
            message={t(`errors.${view.restriction ?? "title_only"}`)}
          />
        </div>
      )}
      {view.status === "failed" && (
        <div className={styles.status}>
          <ErrorMessage error={view.failure} />
        </div>
      )}
      {view.main && (
        <div className={mergeClasses(styles.body, thread !== null && styles.withThread)}>
          <div
            className={mergeClasses(styles.column, dragging && styles.dropping)}
            onDragOver={(event) => {
              if (!event.dataTransfer.types.includes("Files")) return;
              event.preventDefault();
              event.dataTransfer.dropEffect = "copy";
              setDragging(true);
            }}
            onDragLeave={(event) => {
              if (!event.currentTarget.contains(event.relatedTarget as Node | null))
                setDragging(false);
            }}
            onDrop={(event) => {
              if (event.dataTransfer.files.length === 0) return;
              event.preventDefault();
              setDragging(false);
              pending.add(Array.from(event.dataTransfer.files));
            }}
          >
            <ErrorMessage error={actionFailure} />
            {(workContext?.watermark || view.main.watermark) && <Watermark name={me.user.email} />}
            <MessageList
              label={t("chat.messagesLabel", { channel: title })}
              messages={view.main.messages}
              hasOlder={view.main.hasOlder}
              olderLabel={t("chat.loadOlder")}
              onLoadOlder={messages.loadOlder}
              emptyText={t("chat.noMessages")}
              renderItem={render(false)}
            />
            {dragging && <p className={styles.dropHint}>{t("files.dropHint")}</p>}
            <TypingNote typists={typing.typists} />
            <Composer
              label={t("chat.composerLabel")}
              placeholder={t("chat.composerPlaceholder")}
              members={members.list}
              onMentionStart={members.refresh}
              onTyped={typing.typed}
              meId={me.user.id}
              onSend={async (body, attachments, mentions) =>
                applyOwn(await api.post(channel.id, body, { attachments, mentions }))
              }
              files={pending}
              maxBytes={maxBytes}
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

/**
 * Scrolls an element into the middle of its list and focuses it once it is on the page (a thread
 * or an older page may still be rendering); gives up after a few seconds.
 */
function focusWhenShown(id: string, tries = 50): void {
  const element = document.getElementById(id);
  if (element) {
    element.scrollIntoView({ block: "center" });
    element.focus({ preventScroll: true });
  } else if (tries > 0) window.setTimeout(() => focusWhenShown(id, tries - 1), 100);
}
