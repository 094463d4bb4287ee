import { useEffect, useState } from "react";
import {
  Button,
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
import { ArrowUpRegular } from "@fluentui/react-icons";
import { useTranslation } from "react-i18next";
import { isAbort } from "../../api/client.ts";
import { ErrorMessage } from "../../components/ErrorMessage.tsx";
import { useFormStyles } from "../../components/layout.ts";
import { EMPTY_CHAT, olderCursor, withPage, type ChatLog } from "../../meetings/meetingChat.ts";
import type { MeetingApi } from "../../meetings/meetingApi.ts";
import { MeetingChatMessages } from "./MeetingChatMessages.tsx";

const useStyles = makeStyles({
  surface: { maxWidth: "min(48rem, calc(100vw - 2rem))" },
  intro: { marginBottom: tokens.spacingVerticalM },
  log: {
    maxHeight: "60vh",
    overflowY: "auto",
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalS,
    ":focus-visible": { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: "-2px" },
  },
  older: { alignSelf: "center" },
  note: { color: tokens.colorNeutralForeground2 },
});

/**
 * The chat of a meeting that is over, to read again (its people keep it: `meeting.chat.read`
 * allows organisers, presenters and attendees after the end): the messages oldest first with
 * author and time in the viewer's zone, older pages on request. Nothing can be written: the
 * server refuses posts once a meeting has ended.
 */
export function PastMeetingChatDialog({
  api,
  meetingId,
  title,
  onClose,
}: {
  api: MeetingApi;
  meetingId: string;
  title: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const form = useFormStyles();
  const styles = useStyles();
  const [log, setLog] = useState<ChatLog>(EMPTY_CHAT);
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(true);

  useEffect(() => {
    const controller = new AbortController();
    api
      .chat(meetingId, undefined, controller.signal)
      .then((page) => {
        if (!controller.signal.aborted)
          setLog((current) => withPage(current, page.messages, "first"));
      })
      .catch((error: unknown) => {
        if (!controller.signal.aborted && !isAbort(error)) setFailure(error);
      })
      .finally(() => {
        if (!controller.signal.aborted) setBusy(false);
      });
    return () => controller.abort();
  }, [api, meetingId]);

  async function older(): Promise<void> {
    setBusy(true);
    setFailure(null);
    try {
      const page = await api.chat(meetingId, olderCursor(log));
      setLog((current) => withPage(current, page.messages, "older"));
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog open onOpenChange={(_event, data) => !data.open && onClose()}>
      <DialogSurface className={styles.surface}>
        <DialogBody>
          <DialogTitle>{t("meetings.past.chatTitle", { title })}</DialogTitle>
          <DialogContent>
            <p className={mergeClasses(form.help, styles.intro)}>{t("meetings.past.chatIntro")}</p>
            <ErrorMessage error={failure} />
            <div
              role="log"
              // Read, not live: a page of older messages is not news to announce.
              aria-live="off"
              aria-label={t("meetings.past.chatLabel", { title })}
              tabIndex={0}
              className={styles.log}
            >
              {log.hasOlder && (
                <Button
                  className={styles.older}
                  size="small"
                  icon={<ArrowUpRegular />}
                  disabled={busy}
                  onClick={() => void older()}
                >
                  {t("meetings.chat.older")}
                </Button>
              )}
              {log.messages.length === 0 && failure === null && (
                <p className={styles.note}>
                  {log.loaded ? t("meetings.past.chatEmpty") : t("meetings.chat.loading")}
                </p>
              )}
              <MeetingChatMessages messages={log.messages} authorOf={(m) => m.authorName} />
            </div>
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" onClick={onClose}>
              {t("common.close")}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
