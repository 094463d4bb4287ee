import { Button, CounterBadge, makeStyles, mergeClasses, tokens } from "@fluentui/react-components";
import { ChatAddRegular, PeopleRegular, PersonRegular } from "@fluentui/react-icons";
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
});

/** Where a chat opens. */
export const chatHref = (chatId: string) => `/chats/${chatId}`;

/**
 * The sidebar's Chats section: one's 1:1 and group chats, newest activity first, each a link
 * with its unread count in words for screen readers (not colour only), and the New chat button.
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
                <span className={sidebar.channelName}>
                  {chatTitle(chat, meId, t("chats.nameSeparator"))}
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
