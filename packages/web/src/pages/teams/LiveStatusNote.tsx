import { makeStyles, mergeClasses, tokens } from "@fluentui/react-components";
import { PlugDisconnectedRegular } from "@fluentui/react-icons";
import { useTranslation } from "react-i18next";
import { useLiveStatus } from "../../chat/ChatConnectionContext.tsx";

const useStyles = makeStyles({
  note: {
    display: "inline-flex",
    alignItems: "center",
    gap: tokens.spacingHorizontalXS,
    color: tokens.colorNeutralForeground2,
    fontSize: tokens.fontSizeBase200,
  },
  warning: { color: tokens.colorPaletteDarkOrangeForeground1 },
});

/**
 * Says in words when messages are not arriving live (connecting, or reconnecting after the
 * connection dropped; missed messages follow once it is back). Silent while all is well.
 */
export function LiveStatusNote() {
  const { t } = useTranslation();
  const styles = useStyles();
  const status = useLiveStatus();
  return (
    <span role="status" className={styles.note}>
      {status === "reconnecting" && (
        <span className={mergeClasses(styles.note, styles.warning)}>
          <PlugDisconnectedRegular aria-hidden />
          {t("chat.live.reconnecting")}
        </span>
      )}
      {status === "connecting" && t("chat.live.connecting")}
    </span>
  );
}
