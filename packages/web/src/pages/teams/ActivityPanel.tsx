import { useState, type RefObject } from "react";
import { Button, CounterBadge, makeStyles, mergeClasses, tokens } from "@fluentui/react-components";
import { AlertRegular } from "@fluentui/react-icons";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import type { Notification } from "@engawa/shared";
import type { Activity } from "../../chat/useActivity.ts";
import { DateTime } from "../../components/DateTime.tsx";
import { ErrorMessage } from "../../components/ErrorMessage.tsx";
import { useFormStyles } from "../../components/layout.ts";
import { Loading } from "../../components/Loading.tsx";
import { ChatPanel, placeOf } from "./ChatPanel.tsx";
import { usePanelStyles } from "./panelStyles.ts";

const useStyles = makeStyles({
  badge: { marginInlineStart: tokens.spacingHorizontalXS },
});

/**
 * The Activity button of the chat page: its badge counts unread mentions, and a new one is
 * announced to screen readers as it arrives.
 */
export function ActivityButton({
  activity,
  expanded,
  onOpen,
  buttonRef,
}: {
  activity: Activity;
  /** Whether the Activity panel is open. */
  expanded: boolean;
  onOpen: () => void;
  /** Where focus returns when the dialog closes. */
  buttonRef: RefObject<HTMLButtonElement | null>;
}) {
  const { t } = useTranslation();
  const hidden = useFormStyles().visuallyHidden;
  const styles = { ...usePanelStyles(), ...useStyles() };
  const latest = activity.latest;
  return (
    <>
      <Button
        ref={buttonRef}
        icon={<AlertRegular />}
        aria-expanded={expanded}
        aria-controls={expanded ? "activity-panel" : undefined}
        onClick={onOpen}
      >
        {t("activity.title")}
        {activity.unread > 0 && (
          <>
            <span className={hidden}>{t("activity.unread", { count: activity.unread })}</span>
            <CounterBadge
              className={styles.badge}
              count={activity.unread}
              size="small"
              aria-hidden
            />
          </>
        )}
      </Button>
      <span className={hidden} role="status" aria-live="polite">
        {latest ? describe(t, latest, latest.channel.name) : ""}
      </span>
    </>
  );
}

/**
 * The Activity feed, a panel above the chat (like Teams' Activity pane, not a modal: the chat stays
 * usable beside it): who mentioned the person, where, and the start of the message; unread entries
 * stand out (in weight and in words). Choosing one marks it read and opens its channel. Focus goes
 * to the panel's heading when it opens; Escape closes it.
 */
export function ActivityPanel({
  activity,
  channelName,
  onOpenChannel,
  onClose,
}: {
  activity: Activity;
  /** The channel's name in the reader's language ("General" is translated). */
  channelName: (entry: Notification) => string;
  onOpenChannel: (entry: Notification) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const styles = { ...usePanelStyles(), ...useStyles() };
  const [failure, setFailure] = useState<unknown>(null);
  const entries = activity.entries;

  /** Opens the entry's channel at once; it is marked read on the way (a failure only leaves it unread). */
  function choose(entry: Notification): void {
    if (entry.readAt === null) void activity.markRead([entry.id]).catch(() => undefined);
    onOpenChannel(entry);
  }

  return (
    <ChatPanel
      id="activity-panel"
      heading={t("activity.title")}
      closeLabel={t("activity.close")}
      onClose={onClose}
      actions={
        <Button
          disabled={activity.unread === 0}
          onClick={() => void activity.markRead("all").catch(setFailure)}
        >
          {t("activity.markAllRead")}
        </Button>
      }
    >
      <ErrorMessage error={failure ?? activity.failure} />
      {entries === null ? (
        <Loading />
      ) : entries.length === 0 ? (
        <p>{t("activity.empty")}</p>
      ) : (
        <ul className={styles.list} aria-label={t("activity.listLabel")}>
          {entries.map((entry) => (
            <li key={entry.id}>
              <Button
                appearance="subtle"
                className={mergeClasses(styles.entry, entry.readAt === null && styles.unread)}
                onClick={() => choose(entry)}
              >
                <span>
                  {entry.readAt === null && `${t("activity.unreadMark")} `}
                  {describe(t, entry, channelName(entry))}
                </span>
                <span className={styles.where}>
                  {placeOf(t, entry.channel, channelName(entry))}
                  {" · "}
                  <DateTime value={entry.createdAt} />
                </span>
                <span className={styles.excerpt}>{entry.excerpt || t("activity.deleted")}</span>
              </Button>
            </li>
          ))}
        </ul>
      )}
    </ChatPanel>
  );
}

function describe(t: TFunction, entry: Notification, channel: string): string {
  const words = { name: entry.actor.displayName, channel };
  return entry.kind === "mention"
    ? t("activity.mentionedYou", words)
    : t("activity.mentionedChannel", words);
}
