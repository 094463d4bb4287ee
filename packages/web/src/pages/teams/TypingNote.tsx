import { makeStyles, tokens } from "@fluentui/react-components";
import { useTranslation } from "react-i18next";
import type { Typist } from "../../chat/chatConnection.ts";

const useStyles = makeStyles({
  note: {
    margin: 0,
    minHeight: tokens.lineHeightBase200,
    color: tokens.colorNeutralForeground2,
    fontSize: tokens.fontSizeBase200,
  },
});

/**
 * "Sato is typing…" under the messages: a polite live region, so screen readers hear it without
 * being interrupted; it keeps its height when empty so the page does not jump.
 */
export function TypingNote({ typists }: { typists: readonly Typist[] }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const [first, second] = typists;
  const text =
    typists.length === 0 || !first
      ? ""
      : typists.length === 1
        ? t("typing.one", { name: first.displayName })
        : typists.length === 2 && second
          ? t("typing.two", { first: first.displayName, second: second.displayName })
          : t("typing.many");
  return (
    <p className={styles.note} role="status" aria-live="polite">
      {text}
    </p>
  );
}
