import { useEffect, useRef, useState } from "react";
import { Button, Field, Textarea, makeStyles, tokens } from "@fluentui/react-components";
import { useTranslation } from "react-i18next";
import { COLLAB_LIMITS } from "@engawa/shared";
import { ErrorMessage } from "../../components/ErrorMessage.tsx";
import { isSendKey } from "./Composer.tsx";

const useStyles = makeStyles({
  editor: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
  actions: { display: "flex", gap: tokens.spacingHorizontalS },
});

/**
 * Edits one's own message in place: the text area takes focus with the current text; Enter
 * saves, Shift+Enter adds a line, Escape or Cancel leaves it unchanged. The earlier text stays
 * on the server (edit history), and readers see "Edited".
 */
export function MessageEditor({
  initial,
  onSave,
  onDone,
}: {
  initial: string;
  onSave: (body: string) => Promise<void>;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const styles = useStyles();
  const [body, setBody] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const box = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    element.focus();
    element.setSelectionRange(element.value.length, element.value.length);
  }, []);

  async function save(): Promise<void> {
    if (busy || !body.trim()) return;
    if (body === initial) {
      onDone();
      return;
    }
    setBusy(true);
    setFailure(null);
    try {
      await onSave(body);
      onDone();
    } catch (error) {
      setFailure(error);
      setBusy(false);
    }
  }

  return (
    <div className={styles.editor}>
      <Field label={t("chat.editLabel")} hint={t("chat.editHint")}>
        <Textarea
          ref={box}
          value={body}
          maxLength={COLLAB_LIMITS.messageMax}
          resize="vertical"
          onChange={(_e, data) => setBody(data.value)}
          onKeyDown={(event) => {
            if (event.key === "Escape") {
              event.preventDefault();
              onDone();
            } else if (isSendKey(event)) {
              event.preventDefault();
              void save();
            }
          }}
        />
      </Field>
      <ErrorMessage error={failure} />
      <div className={styles.actions}>
        <Button appearance="primary" size="small" disabled={busy} onClick={() => void save()}>
          {t("common.save")}
        </Button>
        <Button size="small" disabled={busy} onClick={onDone}>
          {t("common.cancel")}
        </Button>
      </div>
    </div>
  );
}
