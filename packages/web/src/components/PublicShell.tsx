import type { ReactNode } from "react";
import { mergeClasses } from "@fluentui/react-components";
import { useTranslation } from "react-i18next";
import { LanguageMenu } from "./LanguageMenu.tsx";
import { SkipLink } from "./SkipLink.tsx";
import { useLayoutStyles } from "./layout.ts";

/**
 * The frame of pages used before sign-in (setup, sign-in, invitation, not found): the product
 * name and the language menu, so a visitor can switch language before anything else.
 */
export function PublicShell({
  children,
  width = "narrow",
}: {
  children: ReactNode;
  width?: "narrow" | "medium" | "wide";
}) {
  const { t } = useTranslation();
  const styles = useLayoutStyles();
  return (
    <div className={styles.page}>
      <SkipLink />
      <header className={styles.header}>
        <span className={styles.brand}>
          {t("app.name")}
          <span className={styles.brandSub} lang="ja">
            {t("app.nameJa")}
          </span>
        </span>
        <span className={styles.spacer} />
        <LanguageMenu />
      </header>
      <main
        id="main"
        tabIndex={-1}
        className={mergeClasses(
          styles.main,
          width === "narrow" && styles.narrow,
          width === "medium" && styles.medium,
        )}
      >
        {children}
      </main>
    </div>
  );
}
