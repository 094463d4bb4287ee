import { useRef, useState } from "react";
import {
  Button,
  Menu,
  MenuItem,
  MenuList,
  MenuPopover,
  MenuTrigger,
  makeStyles,
  mergeClasses,
  tokens,
} from "@fluentui/react-components";
import {
  ArrowReplyRegular,
  CommentMultipleRegular,
  DeleteRegular,
  EditRegular,
  MoreHorizontalRegular,
  PinOffRegular,
  PinRegular,
} from "@fluentui/react-icons";
import { useTranslation } from "react-i18next";
import {
  parseMeetingAnnouncement,
  type Attachment,
  type Message,
  type PresenceState,
  type Reaction,
} from "@engawa/shared";
import { DateTime } from "../../components/DateTime.tsx";
import { MessageAttachments } from "./Attachments.tsx";
import { MessageEditor } from "./MessageEditor.tsx";
import { mentionSegments } from "../../chat/mentions.ts";
import { ReactionChips, ReactionPicker } from "./Reactions.tsx";
import { PresenceDot } from "./PresenceDot.tsx";
import { MeetingAnnouncementCard } from "./MeetingAnnouncement.tsx";

const useStyles = makeStyles({
  item: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXXS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    borderRadius: tokens.borderRadiusMedium,
    ":hover": { backgroundColor: tokens.colorNeutralBackground1Hover },
    ":focus-within": { backgroundColor: tokens.colorNeutralBackground1Hover },
  },
  selected: { backgroundColor: tokens.colorBrandBackground2 },
  /** Chosen in the Pinned panel: stands out until another is chosen. */
  highlighted: {
    outline: `2px solid ${tokens.colorBrandStroke1}`,
    outlineOffset: "-2px",
    backgroundColor: tokens.colorBrandBackground2,
  },
  pinned: {
    display: "flex",
    alignItems: "center",
    gap: tokens.spacingHorizontalXXS,
    color: tokens.colorNeutralForeground2,
    fontSize: tokens.fontSizeBase200,
  },
  header: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "baseline",
    gap: tokens.spacingHorizontalS,
  },
  author: {
    display: "inline-flex",
    alignItems: "center",
    gap: tokens.spacingHorizontalXS,
    fontWeight: tokens.fontWeightSemibold,
  },
  meta: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
  spacer: { flexGrow: 1 },
  body: { margin: 0, whiteSpace: "pre-wrap", overflowWrap: "anywhere" },
  mention: { color: tokens.colorBrandForeground1, fontWeight: tokens.fontWeightSemibold },
  mentionOfMe: {
    color: tokens.colorNeutralForeground1,
    backgroundColor: tokens.colorPaletteYellowBackground2,
    borderRadius: tokens.borderRadiusSmall,
    fontWeight: tokens.fontWeightSemibold,
  },
  mentionedMe: { boxShadow: `inset 3px 0 0 ${tokens.colorPaletteDarkOrangeBorder2}` },
  tombstone: { margin: 0, fontStyle: "italic", color: tokens.colorNeutralForeground2 },
  thread: { alignSelf: "flex-start" },
});

/** What the reader may do with a message; missing handlers mean the action is not offered. */
export interface MessageActions {
  /** Only the author edits (the server's rule). */
  onEdit?: (message: Message, body: string) => Promise<void>;
  /** The author, or an owner of the team. */
  onDelete?: (message: Message) => void;
  /** Top-level messages open their thread. */
  onOpenThread?: (message: Message) => void;
  /** Anyone who may read the channel. */
  onReact?: (message: Message, reaction: Reaction, on: boolean) => void;
  /** Anyone who may post in the channel pins (`on`) or unpins it for everyone. */
  onPin?: (message: Message, on: boolean) => void;
}

/**
 * One message: author, time in the reader's zone, "Edited", "Pinned by X", the text (line breaks
 * kept, long words wrapped) — a meeting's announcement as a card with its join link — or the
 * tombstone once deleted. Its options (edit, pin, delete) sit in
 * a menu button; a top-level message shows its reply count, which opens the thread. The item can
 * take focus (`message-<id>`), so the Pinned panel can bring the reader to it.
 */
export function MessageItem({
  message,
  authorLabel,
  presence,
  meId,
  selected = false,
  highlighted = false,
  actions,
  fileUrl,
}: {
  message: Message;
  /** Where an attached file's download or preview is. */
  fileUrl: (attachment: Attachment, part: "content" | "thumbnail") => string | null;
  /** The author's name as shown ("Name (you)" for one's own). */
  authorLabel: string;
  /** The author's presence now, when known. */
  presence?: PresenceState;
  /** The reader, whose own mentions stand out. */
  meId: string;
  /** Its thread is the one open beside the list. */
  selected?: boolean;
  /** Chosen in the Pinned panel. */
  highlighted?: boolean;
  actions: MessageActions;
}) {
  const { t } = useTranslation();
  const styles = useStyles();
  const [editing, setEditing] = useState(false);
  const optionsButton = useRef<HTMLButtonElement>(null);
  const deleted = message.body === null;
  const { onEdit, onDelete, onOpenThread, onReact, onPin } = actions;
  const react = onReact
    ? (reaction: Reaction, on: boolean) => onReact(message, reaction, on)
    : undefined;
  const hasOptions =
    !deleted && (onEdit !== undefined || onDelete !== undefined || onPin !== undefined);
  const segments = mentionSegments(message, meId);
  /** A meeting announced here is shown as a card with its join link. */
  const announcement = message.body ? parseMeetingAnnouncement(message.body) : null;
  const mentionsMe = segments.some((segment) => segment.mention === "me");

  return (
    <li
      id={`message-${message.id}`}
      tabIndex={-1}
      className={mergeClasses(
        styles.item,
        selected && styles.selected,
        highlighted && styles.highlighted,
        !deleted && mentionsMe && styles.mentionedMe,
      )}
    >
      {message.pinned && !deleted && (
        <span className={styles.pinned}>
          <PinRegular aria-hidden />
          {t("pins.pinnedBy", { name: message.pinned.by.displayName })}
        </span>
      )}
      <div className={styles.header}>
        <span className={styles.author}>
          {presence && <PresenceDot state={presence} />}
          {authorLabel}
        </span>
        <span className={styles.meta}>
          <DateTime value={message.createdAt} />
        </span>
        {message.editedAt && !deleted && <span className={styles.meta}>{t("chat.edited")}</span>}
        <span className={styles.spacer} />
        {react && !deleted && !editing && (
          <ReactionPicker message={message} meId={meId} onReact={react} />
        )}
        {hasOptions && !editing && (
          <Menu>
            <MenuTrigger disableButtonEnhancement>
              <Button
                ref={optionsButton}
                appearance="subtle"
                size="small"
                icon={<MoreHorizontalRegular />}
                aria-label={t("chat.messageOptions")}
              />
            </MenuTrigger>
            <MenuPopover>
              <MenuList>
                {onEdit && (
                  <MenuItem icon={<EditRegular />} onClick={() => setEditing(true)}>
                    {t("chat.edit")}
                  </MenuItem>
                )}
                {onPin && (
                  <MenuItem
                    icon={message.pinned ? <PinOffRegular /> : <PinRegular />}
                    onClick={() => onPin(message, !message.pinned)}
                  >
                    {message.pinned ? t("pins.unpin") : t("pins.pin")}
                  </MenuItem>
                )}
                {onDelete && (
                  <MenuItem icon={<DeleteRegular />} onClick={() => onDelete(message)}>
                    {t("chat.delete")}
                  </MenuItem>
                )}
              </MenuList>
            </MenuPopover>
          </Menu>
        )}
      </div>
      {deleted ? (
        <p className={styles.tombstone}>{t("chat.deleted")}</p>
      ) : editing && onEdit ? (
        <MessageEditor
          initial={message.body ?? ""}
          onSave={(body) => onEdit(message, body)}
          onDone={() => {
            setEditing(false);
            window.setTimeout(() => optionsButton.current?.focus(), 0);
          }}
        />
      ) : announcement ? (
        <MeetingAnnouncementCard announcement={announcement} />
      ) : (
        message.body && (
          <p className={styles.body}>
            {segments.map((segment, index) =>
              segment.mention ? (
                <span
                  key={index}
                  className={segment.mention === "me" ? styles.mentionOfMe : styles.mention}
                >
                  {segment.text}
                </span>
              ) : (
                segment.text
              ),
            )}
          </p>
        )
      )}
      {!deleted && !editing && (
        <MessageAttachments attachments={message.attachments} fileUrl={fileUrl} />
      )}
      {!deleted && !editing && !message.body && message.attachments.length === 0 && (
        // Files only, and every one of them deleted since: say so rather than show nothing.
        <p className={styles.tombstone}>{t("files.goneFromMessage")}</p>
      )}
      {!deleted && <ReactionChips message={message} meId={meId} onReact={react} />}
      {onOpenThread && (message.replyCount > 0 || !deleted) && (
        <Button
          id={`thread-of-${message.id}`}
          className={styles.thread}
          appearance="transparent"
          size="small"
          icon={message.replyCount > 0 ? <CommentMultipleRegular /> : <ArrowReplyRegular />}
          aria-expanded={selected}
          onClick={() => onOpenThread(message)}
        >
          {message.replyCount > 0
            ? t("chat.replies", { count: message.replyCount })
            : t("chat.reply")}
        </Button>
      )}
    </li>
  );
}
