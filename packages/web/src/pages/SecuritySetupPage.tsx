import { useEffect, useState } from "react";
import { Button, makeStyles, tokens } from "@fluentui/react-components";
import { SignOutRegular } from "@fluentui/react-icons";
import { useTranslation } from "react-i18next";
import type { EnrolledResponse, MeResponse } from "@engawa/shared";
import { takeReturn } from "../api/afterSignIn.ts";
import { SETUP_PATH, stepPath } from "../api/mfa.ts";
import { useRequiredUser, useUserSession } from "../api/session.tsx";
import { ErrorPage, LoadingPage } from "../components/ErrorPage.tsx";
import { StatusMessage } from "../components/ErrorMessage.tsx";
import { useFormStyles } from "../components/layout.ts";
import { PageHeading } from "../components/PageHeading.tsx";
import { PasskeyAdd } from "../components/PasskeyAdd.tsx";
import { PublicShell } from "../components/PublicShell.tsx";
import { RecoveryCodes } from "../components/RecoveryCodes.tsx";
import { TotpSetup } from "../components/TotpSetup.tsx";
import { navigate } from "../router.ts";

const useStyles = makeStyles({
  sections: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL },
  heading: { fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold, margin: 0 },
});

/**
 * `/security/setup`: the organisation requires 2-step verification and the user has none yet.
 * The server refuses everything else until a factor is set up, and every organisation page sends
 * such a session here. Setting one up finishes the sign-in; the recovery codes follow, once.
 */
export function SecuritySetupPage() {
  const { me, error } = useRequiredUser();
  const [enrolled, setEnrolled] = useState<{ me: MeResponse; codes: string[] } | null>(null);
  const step = me ? stepPath(me) : SETUP_PATH;
  useEffect(() => {
    if (!enrolled && step !== SETUP_PATH) navigate(step ?? "/", { replace: true });
  }, [enrolled, step]);
  if (error) return <ErrorPage error={error} />;
  if (enrolled) return <SetupDone me={enrolled.me} codes={enrolled.codes} />;
  if (!me || step !== SETUP_PATH) return <LoadingPage />;
  return (
    <SetupChoices
      me={me}
      onEnrolled={(codes, next) => {
        if (codes) setEnrolled({ me: next, codes });
        else navigate(stepPath(next) ?? takeReturn(), { replace: true });
      }}
    />
  );
}

function SetupChoices({
  me,
  onEnrolled,
}: {
  me: MeResponse;
  onEnrolled: (codes: string[] | null, me: MeResponse) => void;
}) {
  const { t } = useTranslation();
  const form = useFormStyles();
  const styles = useStyles();
  const { setMe, signOut } = useUserSession();
  const enrolled = (result: EnrolledResponse) => {
    onEnrolled(result.recoveryCodes, result.me);
    setMe(result.me);
  };
  return (
    <PublicShell width="medium">
      <PageHeading>{t("securitySetup.title")}</PageHeading>
      <StatusMessage intent="info" message={t("securitySetup.required", { org: me.tenant.name })} />
      <div className={styles.sections}>
        <section className={form.card} aria-labelledby="setup-totp">
          <h2 id="setup-totp" className={styles.heading}>
            {t("mfa.totpHeading")}
          </h2>
          <p className={form.help}>{t("mfa.totpHelp")}</p>
          <TotpSetup onEnrolled={enrolled} />
        </section>
        <section className={form.card} aria-labelledby="setup-passkey">
          <h2 id="setup-passkey" className={styles.heading}>
            {t("mfa.passkeyHeading")}
          </h2>
          <p className={form.help}>{t("mfa.passkeyHelp")}</p>
          <PasskeyAdd onAdded={enrolled} />
        </section>
        <div className={form.actions}>
          <Button icon={<SignOutRegular />} onClick={() => void signOut()}>
            {t("common.signOut")}
          </Button>
        </div>
      </div>
    </PublicShell>
  );
}

function SetupDone({ me, codes }: { me: MeResponse; codes: string[] }) {
  const { t } = useTranslation();
  return (
    <PublicShell width="medium">
      <PageHeading>{t("securitySetup.doneTitle")}</PageHeading>
      <RecoveryCodes
        me={me}
        codes={codes}
        onDone={() => navigate(takeReturn(), { replace: true })}
      />
    </PublicShell>
  );
}
