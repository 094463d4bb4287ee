import type { ReactNode } from "react";
import { Button } from "@fluentui/react-components";
import { SignOutRegular } from "@fluentui/react-icons";
import { useTranslation } from "react-i18next";
import type { OperatorMeResponse } from "@engawa/shared";
import { useOperatorSession } from "../api/session.tsx";
import { LanguageMenu } from "./LanguageMenu.tsx";
import { SkipLink } from "./SkipLink.tsx";
import { useLayoutStyles } from "./layout.ts";

/**
 * The operator console's frame, titled differently from the organisation pages so nobody mistakes
 * one for the other: operators are a different kind of account and see no tenant content.
 */
export function OperatorShell({ me, children }: { me: OperatorMeResponse; children: ReactNode }) {
  const { t } = useTranslation();
  const layout = useLayoutStyles();
  const { signOut } = useOperatorSession();
  return (
    <div className={layout.page}>
      <SkipLink />
      <header className={layout.header}>
        <span className={layout.brand}>{t("app.operatorConsole")}</span>
        <span className={layout.spacer} />
        <span className={layout.headerText}>{me.operator.displayName}</span>
        <LanguageMenu />
        <Button appearance="secondary" icon={<SignOutRegular />} onClick={() => void signOut()}>
          {t("common.signOut")}
        </Button>
      </header>
      <main id="main" tabIndex={-1} className={layout.main}>
        {children}
      </main>
    </div>
  );
}
