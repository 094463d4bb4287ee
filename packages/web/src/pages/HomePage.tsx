import { useEffect } from "react";
import { makeStyles, tokens } from "@fluentui/react-components";
import { useTranslation } from "react-i18next";
import type { MeResponse } from "@engawa/shared";
import { takeReturn } from "../api/afterSignIn.ts";
import { useUserSession } from "../api/session.tsx";
import { RoleBadge } from "../components/Badges.tsx";
import { DateTime } from "../components/DateTime.tsx";
import { useFormStyles } from "../components/layout.ts";
import { PageHeading } from "../components/PageHeading.tsx";
import { navigate } from "../router.ts";

const useStyles = makeStyles({
  list: {
    display: "grid",
    gridTemplateColumns: "max-content 1fr",
    "@media (max-width: 600px)": { gridTemplateColumns: "1fr" },
    gap: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalXL}`,
    margin: 0,
  },
  term: { color: tokens.colorNeutralForeground2 },
  value: { margin: 0, overflowWrap: "anywhere" },
  heading: { fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold, margin: 0 },
});

/**
 * The signed-in user's start page: whom they are signed in as, and when this session will end
 * (idle and absolute limits, MHLW 6.0 requires an idle lock-out), in their own time zone.
 */
export function HomePage({ me }: { me: MeResponse }) {
  const { t } = useTranslation();
  const form = useFormStyles();
  const styles = useStyles();
  const { reload } = useUserSession();
  useEffect(() => {
    reload().catch(() => undefined);
  }, [reload]);
  useEffect(() => {
    // Single sign-on comes back here: on to the page that sent the person to sign in, if any.
    const next = takeReturn();
    if (next !== "/") navigate(next, { replace: true });
  }, []);
  return (
    <>
      <PageHeading>{t("home.title", { name: me.user.displayName })}</PageHeading>
      <p className={form.intro}>{t("home.intro", { org: me.tenant.name })}</p>
      <section className={form.card} aria-labelledby="home-session">
        <h2 id="home-session" className={styles.heading}>
          {t("home.sessionHeading")}
        </h2>
        <dl className={styles.list}>
          <dt className={styles.term}>{t("common.tenantName")}</dt>
          <dd className={styles.value}>{me.tenant.name}</dd>
          <dt className={styles.term}>{t("common.tenantId")}</dt>
          <dd className={styles.value}>{me.tenant.slug}</dd>
          <dt className={styles.term}>{t("common.email")}</dt>
          <dd className={styles.value}>{me.user.email}</dd>
          <dt className={styles.term}>{t("common.role")}</dt>
          <dd className={styles.value}>
            <RoleBadge role={me.user.role} />
          </dd>
          <dt className={styles.term}>{t("home.idleExpires")}</dt>
          <dd className={styles.value}>
            <DateTime value={me.session.idleExpiresAt} />
          </dd>
          <dt className={styles.term}>{t("home.absoluteExpires")}</dt>
          <dd className={styles.value}>
            <DateTime value={me.session.absoluteExpiresAt} />
          </dd>
        </dl>
        <p className={form.help}>{t("home.sessionNote")}</p>
      </section>
    </>
  );
}
