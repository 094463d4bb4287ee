import { useEffect, useId, useRef, useState } from "react";
import { Button, Field, Textarea, makeStyles, tokens } from "@fluentui/react-components";
import { SendRegular } from "@fluentui/react-icons";
import { useTranslation } from "react-i18next";
import { COLLAB_LIMITS } from "@engawa/shared";
import { ErrorMessage } from "../../components/ErrorMessage.tsx";
import { useFormStyles } from "../../components/layout.ts";
import { isSendKey } from "../teams/Composer.tsx";

const useStyles = makeStyles({
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
  row: { display: "flex", alignItems: "flex-end", gap: tokens.spacingHorizontalS },
  field: { flexGrow: 1, minWidth: 0 },
  textarea: { width: "100%" },
  hint: { margin: 0, color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
});

/**
 * Writes in the meeting's chat: a labelled text area (Enter sends, Shift+Enter is a new line, and
 * Enter that confirms a Japanese conversion never sends — the channel composer's rule) and a Send
 * button. It takes focus when the chat opens, so one can type at once. The box empties on sending,
 * so the next message can be typed meanwhile; one the server refuses comes back with the reason in
 * words, so a failure loses nothing. Messages go one after another, in the order written.
 */
export function MeetingChatComposer({ onSend }: { onSend: (body: string) => Promise<void> }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const hidden = useFormStyles().visuallyHidden;
  const hintId = useId();
  const box = useRef<HTMLTextAreaElement>(null);
  const [body, setBody] = useState("");
  const [failure, setFailure] = useState<unknown>(null);
  const [inFlight, setInFlight] = useState(0);
  const queue = useRef<Promise<void>>(Promise.resolve());
  useEffect(() => box.current?.focus(), []);

  function send(): void {
    if (!body.trim()) return;
    const text = body;
    setBody("");
    setFailure(null);
    setInFlight((count) => count + 1);
    queue.current = queue.current.then(async () => {
      try {
        await onSend(text);
      } catch (error) {
        setFailure(error);
        setBody((current) => (current ? `${text}\n${current}` : text));
      } finally {
        setInFlight((count) => count - 1);
      }
    });
    box.current?.focus();
  }

  return (
    <form
      className={styles.form}
      onSubmit={(event) => {
        event.preventDefault();
        send();
      }}
    >
      <ErrorMessage error={failure} />
      <div className={styles.row}>
        <Field
          className={styles.field}
          label={{ children: t("meetings.chat.composerLabel"), className: hidden }}
        >
          <Textarea
            ref={box}
            className={styles.textarea}
            value={body}
            placeholder={t("meetings.chat.composerPlaceholder")}
            maxLength={COLLAB_LIMITS.messageMax}
            resize="vertical"
            aria-describedby={hintId}
            onChange={(_event, data) => setBody(data.value)}
            onKeyDown={(event) => {
              if (!isSendKey(event)) return;
              event.preventDefault();
              send();
            }}
          />
        </Field>
        <Button type="submit" appearance="primary" icon={<SendRegular />} aria-busy={inFlight > 0}>
          {t("meetings.chat.send")}
        </Button>
      </div>
      <p id={hintId} className={styles.hint}>
        {t("meetings.chat.composerHint")}
      </p>
    </form>
  );
}
