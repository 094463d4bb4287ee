import { useState } from "react";
import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useTranslation } from "react-i18next";
import type { MeResponse } from "@engawa/shared";
import { hasSecondFactor } from "../api/mfa.ts";
import { useUserSession } from "../api/session.tsx";
import { formatDateTime } from "./DateTime.tsx";
import { ErrorMessage } from "./ErrorMessage.tsx";
import { RouterButtonLink } from "./RouterLink.tsx";

const useStyles = makeStyles({
  stack: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
    ":not(:empty)": { marginBottom: tokens.spacingVerticalL },
  },
});

/**
 * What the user should know about their sign-in security, above every organisation page: a
 * recovery code was used (so someone may have signed in as them), and the organisation's deadline
 * for setting up 2-step verification while they have no factor yet.
 */
export function SecurityBanners({
  me,
  onSecurityPage,
}: {
  me: MeResponse;
  onSecurityPage: boolean;
}) {
  const { t } = useTranslation();
  const styles = useStyles();
  const { request, reload } = useUserSession();
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const { recoveryNoticeAt, enrollmentDueAt } = me.security;

  async function dismiss(): Promise<void> {
    setBusy(true);
    setFailure(null);
    try {
      await request("/api/me/mfa/notice/dismiss", { method: "POST" });
      await reload();
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className={styles.stack}>
      {recoveryNoticeAt && (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            {t("security.recoveryNotice", { date: formatDateTime(recoveryNoticeAt) })}
          </MessageBarBody>
          <MessageBarActions>
            <Button disabled={busy} onClick={() => void dismiss()}>
              {t("security.dismiss")}
            </Button>
          </MessageBarActions>
        </MessageBar>
      )}
      {enrollmentDueAt && !hasSecondFactor(me) && (
        <MessageBar intent="info" layout="multiline">
          <MessageBarBody>
            {t("security.enrollmentDue", {
              org: me.tenant.name,
              date: formatDateTime(enrollmentDueAt),
            })}
          </MessageBarBody>
          {!onSecurityPage && (
            <MessageBarActions>
              <RouterButtonLink href="/security" appearance="secondary">
                {t("security.setUpNow")}
              </RouterButtonLink>
            </MessageBarActions>
          )}
        </MessageBar>
      )}
      <ErrorMessage error={failure} />
    </div>
  );
}
