import { useId, useLayoutEffect, useRef, useState } from "react";
import { Button, makeStyles, tokens } from "@fluentui/react-components";
import { ArrowUpRegular } from "@fluentui/react-icons";
import { useTranslation } from "react-i18next";
import { ErrorMessage } from "../../components/ErrorMessage.tsx";
import type { MeetingChat } from "../../meetings/useMeetingChat.ts";
import { MeetingChatComposer } from "./MeetingChatComposer.tsx";
import { MeetingChatMessages } from "./MeetingChatMessages.tsx";

const useStyles = makeStyles({
  panel: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalM,
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusLarge,
    minHeight: 0,
    "& h2": { fontSize: tokens.fontSizeBase400, margin: 0 },
  },
  log: {
    flexGrow: 1,
    minHeight: "8rem",
    overflowY: "auto",
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
    ":focus-visible": { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: "-2px" },
  },
  older: { alignSelf: "center" },
  note: { margin: "auto 0", color: tokens.colorNeutralForeground2, textAlign: "center" },
});

/** How close to the bottom (px) still counts as reading the newest: new messages scroll in. */
const NEAR_BOTTOM = 96;

/**
 * The meeting's chat beside the stage: its messages (author, and time in the viewer's zone) as a
 * live log that screen readers announce politely, older ones on request, and the composer. A new
 * message scrolls into view only if one was already reading the newest; an older page keeps what
 * was on screen in place. The log itself takes focus, so it scrolls from the keyboard.
 */
export function MeetingChatPanel({
  id,
  chat,
  selfName,
}: {
  id: string;
  chat: MeetingChat;
  selfName: string;
}) {
  const { t } = useTranslation();
  const styles = useStyles();
  const headingId = useId();
  const box = useRef<HTMLDivElement>(null);
  const nearBottom = useRef(true);
  const previous = useRef<{ firstId?: string; height: number }>({ height: 0 });
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [olderFailure, setOlderFailure] = useState<unknown>(null);
  const { messages, hasOlder, loaded } = chat.log;

  useLayoutEffect(() => {
    const element = box.current;
    if (!element) return;
    const firstId = messages[0]?.id;
    const before = previous.current;
    if (before.firstId !== undefined && firstId !== before.firstId)
      element.scrollTop += element.scrollHeight - before.height;
    else if (nearBottom.current) element.scrollTop = element.scrollHeight;
    previous.current = { firstId, height: element.scrollHeight };
  }, [messages]);

  async function older(): Promise<void> {
    setLoadingOlder(true);
    setOlderFailure(null);
    try {
      await chat.loadOlder();
    } catch (error) {
      setOlderFailure(error);
    } finally {
      setLoadingOlder(false);
    }
  }

  return (
    <aside id={id} aria-labelledby={headingId} className={styles.panel}>
      <h2 id={headingId}>{t("meetings.chat.title")}</h2>
      <ErrorMessage error={chat.failure ?? olderFailure} />
      {chat.failure !== null && (
        <Button className={styles.older} onClick={chat.retry}>
          {t("meetings.chat.retry")}
        </Button>
      )}
      <div
        ref={box}
        role="log"
        aria-live="polite"
        aria-label={t("meetings.chat.messages")}
        tabIndex={0}
        className={styles.log}
        onScroll={(event) => {
          const element = event.currentTarget;
          nearBottom.current =
            element.scrollHeight - element.scrollTop - element.clientHeight < NEAR_BOTTOM;
        }}
      >
        {hasOlder && (
          <Button
            className={styles.older}
            size="small"
            icon={<ArrowUpRegular />}
            disabled={loadingOlder}
            onClick={() => void older()}
          >
            {t("meetings.chat.older")}
          </Button>
        )}
        {messages.length === 0 && chat.failure === null && (
          <p className={styles.note}>
            {loaded ? t("meetings.chat.empty") : t("meetings.chat.loading")}
          </p>
        )}
        <MeetingChatMessages
          messages={messages}
          authorOf={(message) =>
            message.participantId === chat.participantId
              ? t("meetings.stage.you", { name: selfName })
              : message.authorName
          }
        />
      </div>
      <MeetingChatComposer onSend={chat.send} />
    </aside>
  );
}
