import { useId, useRef, useState, type KeyboardEvent } from "react";
import { Button, Field, Textarea, makeStyles, tokens } from "@fluentui/react-components";
import { AttachRegular, SendRegular } from "@fluentui/react-icons";
import { useTranslation } from "react-i18next";
import { COLLAB_LIMITS } from "@engawa/shared";
import { ErrorMessage } from "../../components/ErrorMessage.tsx";
import { useFormStyles } from "../../components/layout.ts";
import type { PendingFiles } from "../../chat/usePendingFiles.ts";
import { PendingAttachments } from "./Attachments.tsx";

const useStyles = makeStyles({
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
  row: { display: "flex", alignItems: "flex-end", gap: tokens.spacingHorizontalS },
  field: { flexGrow: 1 },
  textarea: { width: "100%" },
  hint: { margin: 0, color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
});

/**
 * Whether a key press should send: Enter alone sends, Shift+Enter is a new line, and Enter that
 * confirms a Japanese input method's conversion (`isComposing`, or key code 229 in some
 * browsers) never sends half-typed text.
 */
export function isSendKey(event: KeyboardEvent<HTMLTextAreaElement>): boolean {
  if (event.key !== "Enter" || event.shiftKey || event.altKey || event.ctrlKey || event.metaKey)
    return false;
  return !(event.nativeEvent.isComposing || event.keyCode === 229);
}

/**
 * Writes a message or a reply: a labelled text area (the label may be visually hidden, never
 * missing) with the keys explained beside it, and a Send button for those who prefer it. The text
 * stays until the server has it, so a failure loses nothing; focus stays in the box after sending.
 * With `files`, an Attach button (a real button, so keyboard users reach it) adds files, which
 * upload at once and go with the message; Send waits until they are all uploaded.
 */
export function Composer({
  label,
  placeholder,
  onSend,
  files,
  maxBytes = null,
}: {
  label: string;
  placeholder: string;
  onSend: (body: string, attachments: string[]) => Promise<void>;
  files?: PendingFiles;
  maxBytes?: number | null;
}) {
  const { t } = useTranslation();
  const styles = useStyles();
  const hidden = useFormStyles().visuallyHidden;
  const [body, setBody] = useState("");
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const box = useRef<HTMLTextAreaElement>(null);
  const hintId = useId();
  const picker = useRef<HTMLInputElement>(null);
  const ready = files?.ready ?? [];

  async function send(): Promise<void> {
    if (busy || files?.busy || (!body.trim() && ready.length === 0)) return;
    setBusy(true);
    setFailure(null);
    try {
      await onSend(body, ready);
      setBody("");
      files?.clear();
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
      box.current?.focus();
    }
  }

  return (
    <form
      className={styles.form}
      onSubmit={(event) => {
        event.preventDefault();
        void send();
      }}
    >
      <ErrorMessage error={failure} />
      {files && (
        <PendingAttachments files={files.files} maxBytes={maxBytes} onRemove={files.remove} />
      )}
      <div className={styles.row}>
        {files && (
          <>
            <input
              ref={picker}
              type="file"
              multiple
              hidden
              tabIndex={-1}
              aria-hidden="true"
              data-testid="file-picker"
              onChange={(event) => {
                if (event.target.files) files.add(Array.from(event.target.files));
                event.target.value = "";
              }}
            />
            <Button
              icon={<AttachRegular />}
              aria-label={t("files.attach")}
              title={t("files.attach")}
              onClick={() => picker.current?.click()}
            />
          </>
        )}
        <Field className={styles.field} label={{ children: label, className: hidden }}>
          <Textarea
            ref={box}
            className={styles.textarea}
            value={body}
            placeholder={placeholder}
            maxLength={COLLAB_LIMITS.messageMax}
            resize="vertical"
            aria-describedby={hintId}
            onChange={(_e, data) => setBody(data.value)}
            onKeyDown={(event) => {
              if (!isSendKey(event)) return;
              event.preventDefault();
              void send();
            }}
          />
        </Field>
        <Button
          type="submit"
          appearance="primary"
          icon={<SendRegular />}
          disabled={busy || files?.busy === true}
        >
          {t("chat.send")}
        </Button>
      </div>
      <p id={hintId} className={styles.hint}>
        {t("chat.composerHint")}
      </p>
    </form>
  );
}
