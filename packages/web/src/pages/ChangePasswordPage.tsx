import { useEffect } from "react";
import { Button } from "@fluentui/react-components";
import { SignOutRegular } from "@fluentui/react-icons";
import { useTranslation } from "react-i18next";
import type { MeResponse } from "@engawa/shared";
import { takeReturn } from "../api/afterSignIn.ts";
import { PASSWORD_CHANGE_PATH, stepPath } from "../api/mfa.ts";
import { useRequiredUser, useUserSession } from "../api/session.tsx";
import { ChangePasswordForm } from "../components/ChangePasswordForm.tsx";
import { ErrorPage, LoadingPage } from "../components/ErrorPage.tsx";
import { StatusMessage } from "../components/ErrorMessage.tsx";
import { useFormStyles } from "../components/layout.ts";
import { PageHeading } from "../components/PageHeading.tsx";
import { PublicShell } from "../components/PublicShell.tsx";
import { navigate } from "../router.ts";

/**
 * `/sign-in/change-password`: the sign-in step after a temporary password from an admin, or once
 * the organisation's maximum password age has passed. The server refuses everything else until
 * the password is changed, and every organisation page sends such a session here. The answer is
 * the renewed session and its next step (maybe setting up 2-step verification), or home.
 */
export function ChangePasswordPage() {
  const { me, error } = useRequiredUser();
  const step = me ? stepPath(me) : PASSWORD_CHANGE_PATH;
  useEffect(() => {
    if (step !== PASSWORD_CHANGE_PATH) navigate(step ?? "/", { replace: true });
  }, [step]);
  if (error) return <ErrorPage error={error} />;
  if (!me || step !== PASSWORD_CHANGE_PATH) return <LoadingPage />;
  return <ChangePasswordStep me={me} />;
}

function ChangePasswordStep({ me }: { me: MeResponse }) {
  const { t } = useTranslation();
  const form = useFormStyles();
  const { setMe, signOut } = useUserSession();
  return (
    <PublicShell>
      <PageHeading>{t("changePassword.stepTitle")}</PageHeading>
      <StatusMessage
        intent="info"
        message={t("changePassword.stepIntro", { org: me.tenant.name })}
      />
      <ChangePasswordForm
        me={me}
        className={form.card}
        onChanged={(next) => {
          setMe(next);
          navigate(stepPath(next) ?? takeReturn(), { replace: true });
        }}
      >
        <Button type="button" icon={<SignOutRegular />} onClick={() => void signOut()}>
          {t("common.signOut")}
        </Button>
      </ChangePasswordForm>
    </PublicShell>
  );
}
