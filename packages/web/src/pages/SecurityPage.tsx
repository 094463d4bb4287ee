import { useState } from "react";
import { Button, makeStyles, TableCell, TableRow, tokens } from "@fluentui/react-components";
import { ArrowSyncRegular, DeleteRegular } from "@fluentui/react-icons";
import { useTranslation } from "react-i18next";
import type {
  EnrolledResponse,
  MeResponse,
  MfaStatusResponse,
  PasskeySummary,
  RecoveryCodesResponse,
  SessionListResponse,
  DeviceListResponse,
} from "@engawa/shared";
import { useUserSession } from "../api/session.tsx";
import { useLoader } from "../api/useLoader.ts";
import { ChangePasswordForm } from "../components/ChangePasswordForm.tsx";
import { ConfirmDialog } from "../components/ConfirmDialog.tsx";
import { DateTime, formatDateTime } from "../components/DateTime.tsx";
import { ErrorMessage, StatusMessage } from "../components/ErrorMessage.tsx";
import { useFormStyles, useListStyles } from "../components/layout.ts";
import { Loading } from "../components/Loading.tsx";
import { PageHeading } from "../components/PageHeading.tsx";
import { PasskeyAdd } from "../components/PasskeyAdd.tsx";
import { RecordTable } from "../components/RecordTable.tsx";
import { RecoveryCodes } from "../components/RecoveryCodes.tsx";
import { OwnSignInsSection } from "../components/OwnSignInsSection.tsx";
import { SessionsSection } from "../components/SessionsSection.tsx";
import { DevicesSection } from "../components/DevicesSection.tsx";
import { TotpSetup } from "../components/TotpSetup.tsx";

const useStyles = makeStyles({
  sections: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL },
  heading: { fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold, margin: 0 },
  state: { margin: 0, fontWeight: tokens.fontWeightSemibold },
});

type Pending =
  | { kind: "removeTotp" }
  | { kind: "removePasskey"; passkey: PasskeySummary }
  | { kind: "regenerate" }
  | null;

/**
 * `/security`, "Sign-in and security": the user's password, own authenticator app, passkeys and
 * recovery codes, and the browsers where they are signed in. New recovery codes are shown once,
 * in place of the page, until the user says they are saved.
 */
export function SecurityPage({ me }: { me: MeResponse }) {
  const { t } = useTranslation();
  const form = useFormStyles();
  const list = useListStyles();
  const styles = useStyles();
  const { request, setMe, reload } = useUserSession();
  const status = useLoader((signal) => request<MfaStatusResponse>("/api/me/mfa", { signal }));
  const sessions = useLoader((signal) =>
    request<SessionListResponse>("/api/me/sessions", { signal }),
  );
  const devices = useLoader((signal) => request<DeviceListResponse>("/api/me/devices", { signal }));
  const [passwordNotice, setPasswordNotice] = useState<string | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [pending, setPending] = useState<Pending>(null);

  /** After a change: the list afresh, and the session (its factors drive the banners). */
  function changed(message: string): void {
    setNotice(message);
    status.reload();
    reload().catch(() => undefined);
  }

  function enrolled(result: EnrolledResponse, message: string): void {
    setMe(result.me);
    setNotice(message);
    status.reload();
    if (result.recoveryCodes) setCodes(result.recoveryCodes);
  }

  if (codes) {
    return (
      <>
        <PageHeading>{t("security.title")}</PageHeading>
        <StatusMessage message={notice} />
        <RecoveryCodes me={me} codes={codes} onDone={() => setCodes(null)} />
      </>
    );
  }

  const data = status.data;
  return (
    <>
      <PageHeading>{t("security.title")}</PageHeading>
      <p className={form.intro}>{t("security.intro")}</p>
      <StatusMessage message={notice} />
      <ErrorMessage error={status.error} />
      {!data ? (
        !status.error && <Loading />
      ) : (
        <div className={styles.sections}>
          <section className={form.card} aria-labelledby="security-password">
            <h2 id="security-password" className={styles.heading}>
              {t("changePassword.heading")}
            </h2>
            <p className={form.help}>{t("changePassword.help")}</p>
            <StatusMessage message={passwordNotice} />
            <ChangePasswordForm
              me={me}
              onChanged={(next) => {
                setMe(next);
                setPasswordNotice(t("changePassword.done"));
                sessions.reload();
              }}
            />
          </section>

          <section className={form.card} aria-labelledby="security-totp">
            <h2 id="security-totp" className={styles.heading}>
              {t("mfa.totpHeading")}
            </h2>
            <p className={form.help}>{t("mfa.totpHelp")}</p>
            {data.totp.enrolled ? (
              <>
                <p className={styles.state}>
                  {data.totp.confirmedAt
                    ? t("mfa.totpEnrolledAt", { date: formatDateTime(data.totp.confirmedAt) })
                    : t("mfa.totpEnrolledAt", { date: t("common.none") })}
                </p>
                <div className={form.actions}>
                  <Button
                    icon={<DeleteRegular />}
                    onClick={() => setPending({ kind: "removeTotp" })}
                  >
                    {t("mfa.totpRemove")}
                  </Button>
                </div>
              </>
            ) : (
              <>
                <p className={styles.state}>{t("mfa.totpNone")}</p>
                <TotpSetup onEnrolled={(result) => enrolled(result, t("mfa.totpAdded"))} />
              </>
            )}
          </section>

          <section className={form.card} aria-labelledby="security-passkeys">
            <h2 id="security-passkeys" className={styles.heading}>
              {t("mfa.passkeyHeading")}
            </h2>
            <p className={form.help}>{t("mfa.passkeyHelp")}</p>
            {data.passkeys.length === 0 ? (
              <p className={styles.state}>{t("mfa.passkeyNone")}</p>
            ) : (
              <RecordTable
                label={t("mfa.passkeyTable")}
                columns={[
                  t("mfa.passkeyName"),
                  t("common.createdAt"),
                  t("mfa.passkeyLastUsed"),
                  t("mfa.passkeyActions"),
                ]}
                loading={false}
                emptyText={null}
              >
                {data.passkeys.map((passkey) => (
                  <TableRow key={passkey.id}>
                    <TableCell>{passkey.name}</TableCell>
                    <TableCell className={list.nowrap}>
                      <DateTime value={passkey.createdAt} />
                    </TableCell>
                    <TableCell className={list.nowrap}>
                      {passkey.lastUsedAt ? (
                        <DateTime value={passkey.lastUsedAt} />
                      ) : (
                        t("mfa.neverUsed")
                      )}
                    </TableCell>
                    <TableCell>
                      <Button
                        appearance="subtle"
                        icon={<DeleteRegular />}
                        aria-label={t("mfa.passkeyRemoveLabel", { name: passkey.name })}
                        onClick={() => setPending({ kind: "removePasskey", passkey })}
                      >
                        {t("mfa.passkeyRemove")}
                      </Button>
                    </TableCell>
                  </TableRow>
                ))}
              </RecordTable>
            )}
            <PasskeyAdd
              onAdded={(result, name) => enrolled(result, t("mfa.passkeyAdded", { name }))}
            />
          </section>

          <section className={form.card} aria-labelledby="security-recovery">
            <h2 id="security-recovery" className={styles.heading}>
              {t("mfa.recoveryHeading")}
            </h2>
            <p className={form.help}>{t("mfa.recoveryHelp")}</p>
            {data.recoveryCodes.total > 0 ? (
              <>
                <p className={styles.state}>
                  {t("mfa.recoveryRemaining", {
                    remaining: String(data.recoveryCodes.remaining),
                    total: String(data.recoveryCodes.total),
                  })}
                </p>
                <div className={form.actions}>
                  <Button
                    icon={<ArrowSyncRegular />}
                    onClick={() => setPending({ kind: "regenerate" })}
                  >
                    {t("mfa.recoveryRegenerate")}
                  </Button>
                </div>
              </>
            ) : (
              <p className={form.help}>{t("mfa.recoveryNone")}</p>
            )}
          </section>

          <SessionsSection sessions={sessions} headingClassName={styles.heading} />
          <DevicesSection devices={devices} headingClassName={styles.heading} />
          <OwnSignInsSection headingClassName={styles.heading} />
        </div>
      )}

      {pending?.kind === "removeTotp" && (
        <ConfirmDialog
          title={t("mfa.totpRemoveTitle")}
          confirmLabel={t("mfa.totpRemove")}
          onClose={() => setPending(null)}
          onConfirm={async () => {
            await request("/api/me/mfa/totp", { method: "DELETE" });
            changed(t("mfa.totpRemoved"));
          }}
        >
          <p>{t("mfa.totpRemoveBody")}</p>
        </ConfirmDialog>
      )}
      {pending?.kind === "removePasskey" && (
        <ConfirmDialog
          title={t("mfa.passkeyRemoveTitle", { name: pending.passkey.name })}
          confirmLabel={t("mfa.passkeyRemove")}
          onClose={() => setPending(null)}
          onConfirm={async () => {
            await request(`/api/me/mfa/passkeys/${encodeURIComponent(pending.passkey.id)}`, {
              method: "DELETE",
            });
            changed(t("mfa.passkeyRemoved", { name: pending.passkey.name }));
          }}
        >
          <p>{t("mfa.passkeyRemoveBody")}</p>
        </ConfirmDialog>
      )}
      {pending?.kind === "regenerate" && (
        <ConfirmDialog
          title={t("mfa.recoveryRegenerateTitle")}
          confirmLabel={t("mfa.recoveryRegenerate")}
          onClose={() => setPending(null)}
          onConfirm={async () => {
            const result = await request<RecoveryCodesResponse>("/api/me/mfa/recovery-codes", {
              method: "POST",
            });
            setNotice(null);
            setPending(null);
            status.reload();
            setCodes(result.codes);
          }}
        >
          <p>{t("mfa.recoveryRegenerateBody")}</p>
        </ConfirmDialog>
      )}
    </>
  );
}
