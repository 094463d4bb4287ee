import { useRef, useState } from "react";
import { Button, Field, Input, makeStyles, tokens } from "@fluentui/react-components";
import { CopyRegular } from "@fluentui/react-icons";
import { useTranslation } from "react-i18next";

const useStyles = makeStyles({
  row: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "flex-end" },
  field: { flexGrow: 1, minWidth: 0 },
  note: {
    minHeight: "1.5em",
    color: tokens.colorNeutralForeground2,
    marginTop: tokens.spacingVerticalXS,
  },
});

/** The pre-Clipboard-API copy of the current selection; false where the browser refuses. */
function legacyCopy(): boolean {
  try {
    return document.execCommand("copy");
  } catch {
    return false;
  }
}

/**
 * A one-time link (invitation, owner link) shown read-only with a Copy button. Copying uses the
 * Clipboard API and falls back to selecting the text where that API is unavailable (plain http on
 * a LAN host is not a secure context).
 */
export function CopyField({ label, value }: { label: string; value: string }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const inputRef = useRef<HTMLInputElement>(null);
  const [status, setStatus] = useState<"copied" | "manual" | null>(null);

  async function copy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(value);
      setStatus("copied");
    } catch {
      const input = inputRef.current;
      input?.focus();
      input?.select();
      setStatus(legacyCopy() ? "copied" : "manual");
    }
  }

  return (
    <div>
      <div className={styles.row}>
        <Field label={label} className={styles.field}>
          <Input
            ref={inputRef}
            readOnly
            value={value}
            onFocus={(event) => event.currentTarget.select()}
          />
        </Field>
        <Button icon={<CopyRegular />} onClick={() => void copy()}>
          {t("common.copy")}
        </Button>
      </div>
      <div role="status" className={styles.note}>
        {status === "copied"
          ? t("common.copied")
          : status === "manual"
            ? t("common.copySelected")
            : ""}
      </div>
    </div>
  );
}
