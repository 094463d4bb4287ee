import { useState } from "react";
import {
  Button,
  CounterBadge,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  makeStyles,
  mergeClasses,
  tokens,
} from "@fluentui/react-components";
import { AlertRegular } from "@fluentui/react-icons";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import type { Notification } from "@engawa/shared";
import type { Activity } from "../../chat/useActivity.ts";
import { DateTime } from "../../components/DateTime.tsx";
import { ErrorMessage } from "../../components/ErrorMessage.tsx";
import { useFormStyles } from "../../components/layout.ts";
import { Loading } from "../../components/Loading.tsx";

const useStyles = makeStyles({
  list: { listStyleType: "none", margin: 0, padding: 0 },
  entry: {
    display: "flex",
    flexDirection: "column",
    alignItems: "flex-start",
    gap: tokens.spacingVerticalXXS,
    width: "100%",
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalS}`,
    textAlign: "start",
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  unread: { fontWeight: tokens.fontWeightSemibold },
  where: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
  excerpt: {
    fontWeight: tokens.fontWeightRegular,
    overflowWrap: "anywhere",
    display: "-webkit-box",
    WebkitLineClamp: 2,
    WebkitBoxOrient: "vertical",
    overflow: "hidden",
  },
});

/**
 * The Activity button of the chat page: its badge counts unread mentions, and a new one is
 * announced to screen readers as it arrives.
 */
export function ActivityButton({ activity, onOpen }: { activity: Activity; onOpen: () => void }) {
  const { t } = useTranslation();
  const hidden = useFormStyles().visuallyHidden;
  const latest = activity.latest;
  return (
    <>
      <Button
        icon={<AlertRegular />}
        onClick={onOpen}
        aria-label={t("activity.button", { count: activity.unread })}
      >
        {t("activity.title")}
        {activity.unread > 0 && <CounterBadge count={activity.unread} size="small" aria-hidden />}
      </Button>
      <span className={hidden} role="status" aria-live="polite">
        {latest ? describe(t, latest, latest.channel.name) : ""}
      </span>
    </>
  );
}

/**
 * The Activity feed: who mentioned the person, where, and the start of the message; unread entries
 * stand out (in weight and in words). Choosing one marks it read and opens its channel.
 */
export function ActivityDialog({
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
  const styles = useStyles();
  const [failure, setFailure] = useState<unknown>(null);
  const entries = activity.entries;

  async function choose(entry: Notification): Promise<void> {
    setFailure(null);
    try {
      if (entry.readAt === null) await activity.markRead([entry.id]);
      onOpenChannel(entry);
    } catch (error) {
      setFailure(error);
    }
  }

  return (
    <Dialog open onOpenChange={(_event, data) => !data.open && onClose()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{t("activity.title")}</DialogTitle>
          <DialogContent>
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
                      onClick={() => void choose(entry)}
                    >
                      <span>
                        {entry.readAt === null && `${t("activity.unreadMark")} `}
                        {describe(t, entry, channelName(entry))}
                      </span>
                      <span className={styles.where}>
                        {entry.channel.teamName
                          ? t("activity.where", {
                              channel: channelName(entry),
                              team: entry.channel.teamName,
                            })
                          : entry.channel.name || t("activity.chat")}
                        {" · "}
                        <DateTime value={entry.createdAt} />
                      </span>
                      <span className={styles.excerpt}>
                        {entry.excerpt || t("activity.deleted")}
                      </span>
                    </Button>
                  </li>
                ))}
              </ul>
            )}
          </DialogContent>
          <DialogActions>
            <Button
              disabled={activity.unread === 0}
              onClick={() => void activity.markRead("all").catch(setFailure)}
            >
              {t("activity.markAllRead")}
            </Button>
            <Button appearance="primary" onClick={onClose}>
              {t("common.close")}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

function describe(t: TFunction, entry: Notification, channel: string): string {
  const words = { name: entry.actor.displayName, channel };
  return entry.kind === "mention"
    ? t("activity.mentionedYou", words)
    : t("activity.mentionedChannel", words);
}
