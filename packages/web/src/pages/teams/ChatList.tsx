import { Button, CounterBadge, makeStyles, mergeClasses, tokens } from "@fluentui/react-components";
import { ChatAddRegular, PeopleRegular, PersonRegular } from "@fluentui/react-icons";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import type { ChatSummary } from "@engawa/shared";
import { chatTitle } from "../../chat/chatNames.ts";
import { useFormStyles } from "../../components/layout.ts";
import { linkClickHandler } from "../../router.ts";
import { useSidebarStyles } from "./TeamsSidebar.tsx";

const useStyles = makeStyles({
  section: { marginBottom: tokens.spacingVerticalM },
  header: {
    display: "flex",
    alignItems: "center",
    gap: tokens.spacingHorizontalXS,
    paddingLeft: tokens.spacingHorizontalS,
  },
  icon: { flexShrink: 0, color: tokens.colorNeutralForeground2 },
  names: { display: "flex", flexDirection: "column", flexGrow: 1, minWidth: 0 },
  preview: {
    overflow: "hidden",
    textOverflow: "ellipsis",
    whiteSpace: "nowrap",
    color: tokens.colorNeutralForeground2,
    fontSize: tokens.fontSizeBase200,
    fontWeight: tokens.fontWeightRegular,
  },
});

/** A chat's newest message as its entry's second line ("You: …", "佐藤 花子: …"), if any. */
function previewLine(t: TFunction, chat: ChatSummary, meId: string): string | null {
  const last = chat.lastMessage;
  if (!last) return null;
  const who = last.authorId === meId ? t("chats.previewYou") : last.authorName;
  const text = last.text || (last.withFiles ? t("chats.previewFiles") : "");
  return t("chats.preview", { who, text });
}

/** Where a chat opens. */
export const chatHref = (chatId: string) => `/chats/${chatId}`;

/**
 * The sidebar's Chats section: one's 1:1 and group chats, newest activity first, each a link
 * with its newest message's author and first words under its name (Teams' list), its unread count
 * in words for screen readers (not colour only), and the New chat button.
 */
export function ChatList({
  chats,
  meId,
  openChatId,
  onNewChat,
  onChosen,
}: {
  chats: ChatSummary[] | null;
  meId: string;
  openChatId: string | null;
  onNewChat: () => void;
  onChosen: (chatId: string) => void;
}) {
  const { t } = useTranslation();
  const styles = useStyles();
  const sidebar = useSidebarStyles();
  const hidden = useFormStyles().visuallyHidden;
  return (
    <section aria-labelledby="chats-heading" className={styles.section}>
      <div className={styles.header}>
        <h2 id="chats-heading" className={sidebar.teamName}>
          {t("chats.heading")}
        </h2>
        <Button appearance="subtle" size="small" icon={<ChatAddRegular />} onClick={onNewChat}>
          {t("chats.new")}
        </Button>
      </div>
      {chats === null && <p className={sidebar.empty}>{t("chats.loading")}</p>}
      {chats?.length === 0 && <p className={sidebar.empty}>{t("chats.none")}</p>}
      <ul className={sidebar.list} aria-labelledby="chats-heading">
        {(chats ?? []).map((chat) => {
          const current = chat.id === openChatId;
          const unread = current ? 0 : chat.unread;
          const href = chatHref(chat.id);
          const group = chat.members.length > 2;
          const preview = previewLine(t, chat, meId);
          return (
            <li key={chat.id}>
              <a
                href={href}
                onClick={(event) => {
                  onChosen(chat.id);
                  linkClickHandler(href)(event);
                }}
                aria-current={current ? "page" : undefined}
                className={mergeClasses(sidebar.channel, unread > 0 && sidebar.unread)}
              >
                {group ? (
                  <PeopleRegular
                    role="img"
                    aria-label={t("chats.group", { count: chat.members.length })}
                    className={styles.icon}
                  />
                ) : (
                  <PersonRegular aria-hidden className={styles.icon} />
                )}
                <span className={styles.names}>
                  <span className={sidebar.channelName}>
                    {chatTitle(chat, meId, t("chats.nameSeparator"))}
                  </span>
                  {preview && <span className={styles.preview}>{preview}</span>}
                </span>
                {unread > 0 && (
                  <>
                    <CounterBadge count={unread} size="small" aria-hidden />
                    <span className={hidden}>{t("chat.unread", { count: unread })}</span>
                  </>
                )}
              </a>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
