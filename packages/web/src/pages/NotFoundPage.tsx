import { useTranslation } from "react-i18next";
import { useFormStyles } from "../components/layout.ts";
import { PageHeading } from "../components/PageHeading.tsx";
import { PublicShell } from "../components/PublicShell.tsx";
import { RouterLink } from "../components/RouterLink.tsx";

/** Any path the client does not know (the server sends index.html for every non-API path). */
export function NotFoundPage() {
  const { t } = useTranslation();
  const styles = useFormStyles();
  return (
    <PublicShell>
      <PageHeading>{t("notFound.title")}</PageHeading>
      <div className={styles.card}>
        <p className={styles.help}>{t("notFound.body")}</p>
        <p className={styles.help}>
          <RouterLink href="/">{t("notFound.home")}</RouterLink>
        </p>
      </div>
    </PublicShell>
  );
}
