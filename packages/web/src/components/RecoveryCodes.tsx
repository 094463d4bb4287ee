import { useEffect, useRef, useState } from "react";
import { Button, makeStyles, tokens } from "@fluentui/react-components";
import { ArrowDownloadRegular, CopyRegular } from "@fluentui/react-icons";
import { useTranslation } from "react-i18next";
import type { MeResponse } from "@engawa/shared";
import { StatusMessage } from "./ErrorMessage.tsx";
import { useFormStyles } from "./layout.ts";

const useStyles = makeStyles({
  list: {
    display: "grid",
    gridTemplateColumns: "repeat(auto-fill, minmax(10em, 1fr))",
    gap: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`,
    margin: 0,
    padding: tokens.spacingHorizontalM,
    listStyleType: "none",
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase400,
    backgroundColor: tokens.colorNeutralBackground3,
    borderRadius: tokens.borderRadiusMedium,
  },
  heading: { fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold, margin: 0 },
});

/** Saves text as a file through a Blob URL (nothing leaves the browser). */
function saveText(text: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: "text/plain;charset=utf-8" }));
  const anchor = document.createElement("a");
  anchor.href = url;
  anchor.download = fileName;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * New recovery codes, shown this once: the list, Copy all, Download as .txt, and the button that
 * says they are saved (which leaves this view; the server keeps only their hashes).
 */
export function RecoveryCodes({
  me,
  codes,
  onDone,
}: {
  me: MeResponse;
  codes: readonly string[];
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const form = useFormStyles();
  const styles = useStyles();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [status, setStatus] = useState<string | null>(null);
  const header = t("mfa.codesFileHeader", { org: me.tenant.name, email: me.user.email });
  const text = `${header}\n\n${codes.join("\n")}\n`;

  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  async function copy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(text);
      setStatus(t("common.copied"));
    } catch {
      setStatus(t("common.copySelected"));
      const list = document.getElementById("recovery-codes");
      if (list) window.getSelection()?.selectAllChildren(list);
    }
  }

  return (
    <section className={form.card} aria-labelledby="recovery-codes-heading">
      <h2 id="recovery-codes-heading" ref={headingRef} tabIndex={-1} className={styles.heading}>
        {t("mfa.codesTitle")}
      </h2>
      <p className={form.help}>{t("mfa.codesBody")}</p>
      <ul id="recovery-codes" className={styles.list} aria-label={t("mfa.codesListLabel")}>
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ul>
      <StatusMessage message={status} />
      <div className={form.actions}>
        <Button icon={<CopyRegular />} onClick={() => void copy()}>
          {t("mfa.codesCopy")}
        </Button>
        <Button
          icon={<ArrowDownloadRegular />}
          onClick={() => saveText(text, `engawa-recovery-codes-${me.tenant.slug}.txt`)}
        >
          {t("mfa.codesDownload")}
        </Button>
        <Button appearance="primary" onClick={onDone}>
          {t("mfa.codesSaved")}
        </Button>
      </div>
    </section>
  );
}
