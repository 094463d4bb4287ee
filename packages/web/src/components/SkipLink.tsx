import { makeStyles, tokens } from "@fluentui/react-components";
import { useTranslation } from "react-i18next";

const useStyles = makeStyles({
  link: {
    position: "absolute",
    left: tokens.spacingHorizontalS,
    top: "-100px",
    zIndex: 1000,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorBrandForegroundLink,
    border: `2px solid ${tokens.colorStrokeFocus2}`,
    borderRadius: tokens.borderRadiusMedium,
    ":focus": { top: tokens.spacingVerticalS },
  },
});

/**
 * "Skip to main content" for keyboard users (WCAG 2.4.1). It moves focus itself instead of
 * following `#main`, because the page's own fragment may hold a link token (setup, invitation).
 */
export function SkipLink() {
  const { t } = useTranslation();
  const styles = useStyles();
  return (
    <a
      href="#main"
      className={styles.link}
      onClick={(event) => {
        event.preventDefault();
        document.getElementById("main")?.focus();
      }}
    >
      {t("app.skipToMain")}
    </a>
  );
}
