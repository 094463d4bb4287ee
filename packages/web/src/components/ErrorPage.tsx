import { Button } from "@fluentui/react-components";
import { useTranslation } from "react-i18next";
import { ErrorMessage } from "./ErrorMessage.tsx";
import { useFormStyles } from "./layout.ts";
import { Loading } from "./Loading.tsx";
import { PageHeading } from "./PageHeading.tsx";
import { PublicShell } from "./PublicShell.tsx";

/** Shown while a signed-in area asks who is signed in. */
export function LoadingPage() {
  return (
    <PublicShell>
      <Loading />
    </PublicShell>
  );
}

/** Shown when a signed-in area could not even ask the server (network down, server error). */
export function ErrorPage({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const styles = useFormStyles();
  return (
    <PublicShell>
      <PageHeading>{t("app.errorTitle")}</PageHeading>
      <div className={styles.card}>
        <ErrorMessage error={error} />
        <div className={styles.actions}>
          <Button appearance="primary" onClick={() => window.location.reload()}>
            {t("app.retry")}
          </Button>
        </div>
      </div>
    </PublicShell>
  );
}
