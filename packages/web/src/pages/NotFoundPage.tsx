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

/**
 * A meeting's join link that is cut short or mistyped (`/t/<organisation>/meet/…` without a whole
 * 22-character code): said in those words, not as an unknown page, so the person asks for the link
 * again.
 */
export function BadMeetingLinkPage() {
  const { t } = useTranslation();
  const styles = useFormStyles();
  return (
    <PublicShell>
      <PageHeading>{t("meetings.join.badLinkTitle")}</PageHeading>
      <div className={styles.card}>
        <p className={styles.help}>{t("meetings.join.badLinkBody")}</p>
        <p className={styles.help}>
          <RouterLink href="/">{t("notFound.home")}</RouterLink>
        </p>
      </div>
    </PublicShell>
  );
}
