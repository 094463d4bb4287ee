import { useEffect, useRef } from "react";
import { makeStyles, tokens } from "@fluentui/react-components";
import { useTranslation } from "react-i18next";
import { hasNavigatedInApp } from "../router.ts";

const useStyles = makeStyles({
  heading: {
    fontSize: tokens.fontSizeBase600,
    lineHeight: tokens.lineHeightBase600,
    fontWeight: tokens.fontWeightSemibold,
    margin: `0 0 ${tokens.spacingVerticalL}`,
    ":focus": { outlineStyle: "none" },
    ":focus-visible": { outline: `2px solid ${tokens.colorStrokeFocus2}` },
  },
});

/**
 * The page's one `<h1>`. It also names the browser tab, and after an in-app navigation it takes
 * focus, so screen-reader users hear where they arrived (a single-page app has no page load).
 */
export function PageHeading({ children }: { children: string }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${children} - ${t("app.titleSuffix")}`;
  }, [children, t]);
  useEffect(() => {
    if (hasNavigatedInApp()) ref.current?.focus();
  }, []);
  return (
    <h1 ref={ref} tabIndex={-1} className={styles.heading}>
      {children}
    </h1>
  );
}
