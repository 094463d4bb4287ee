import { useEffect, useState, type FormEvent } from "react";
import { Button, Field, Input, makeStyles, tokens } from "@fluentui/react-components";
import { KeyRegular } from "@fluentui/react-icons";
import { useTranslation } from "react-i18next";
import type { MeResponse, PasskeyOptionsResponse } from "@engawa/shared";
import { takeReturn } from "../api/afterSignIn.ts";
import { ApiError, apiRequest } from "../api/client.ts";
import { passkeyAssertion, stepPath, VERIFY_PATH } from "../api/mfa.ts";
import { useRequiredUser, useUserSession } from "../api/session.tsx";
import { ErrorPage, LoadingPage } from "../components/ErrorPage.tsx";
import { ErrorMessage } from "../components/ErrorMessage.tsx";
import { useFormStyles } from "../components/layout.ts";
import { PageHeading } from "../components/PageHeading.tsx";
import { PublicShell } from "../components/PublicShell.tsx";
import { normaliseTotp, TotpCodeInput } from "../components/TotpSetup.tsx";
import { compact, validation } from "../forms.ts";
import { navigate } from "../router.ts";
import { useSubmission } from "../useSubmission.ts";

const FIELDS = ["code"] as const;
const RECOVERY_PATTERN = /^[A-Za-z0-9]{5}-?[A-Za-z0-9]{5}$/;

const useStyles = makeStyles({
  others: {
    display: "flex",
    flexDirection: "column",
    alignItems: "flex-start",
    gap: tokens.spacingVerticalS,
    margin: 0,
    padding: 0,
    border: "none",
  },
  legend: {
    padding: 0,
    marginBottom: tokens.spacingVerticalS,
    color: tokens.colorNeutralForeground2,
  },
  recovery: { maxWidth: "14em", fontFamily: tokens.fontFamilyMonospace },
});

/**
 * `/sign-in/verify`: the second sign-in step after the password. Until it is done the server
 * refuses everything else, so a session here is either finished here or signed out (Cancel).
 */
export function VerifyPage() {
  const { me, error } = useRequiredUser();
  const step = me ? stepPath(me) : VERIFY_PATH;
  useEffect(() => {
    if (step !== VERIFY_PATH) navigate(step ?? "/", { replace: true });
  }, [step]);
  if (error) return <ErrorPage error={error} />;
  if (!me || step !== VERIFY_PATH) return <LoadingPage />;
  return <VerifyForm me={me} />;
}

function VerifyForm({ me }: { me: MeResponse }) {
  const { t } = useTranslation();
  const form = useFormStyles();
  const styles = useStyles();
  const { setMe, signOut, sessionEnded } = useUserSession();
  const factors = me.security.factors;
  const [mode, setMode] = useState<"totp" | "recovery">(
    factors.includes("totp") || !factors.includes("recovery_code") ? "totp" : "recovery",
  );
  const [code, setCode] = useState("");
  const { formRef, errors, failure, busy, check, send } = useSubmission(FIELDS);
  const totpAvailable = factors.includes("totp");
  const showCodeForm = mode === "recovery" || totpAvailable;
  const passkeyAvailable = factors.includes("passkey");
  const switchable =
    (mode === "totp" && factors.includes("recovery_code")) ||
    (mode === "recovery" && totpAvailable);

  /** One attempt of the step; five wrong codes end the session (401), back to sign-in. */
  async function finish(path: string, body: unknown): Promise<void> {
    try {
      const next = await apiRequest<MeResponse>(path, {
        method: "POST",
        body,
        csrfToken: me.session.csrfToken,
      });
      setMe(next);
      navigate(stepPath(next) ?? takeReturn(), { replace: true });
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 401) sessionEnded("too_many_codes");
      throw caught;
    }
  }

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (mode === "totp") {
      const digits = normaliseTotp(code);
      const problem = /^\d{6}$/.test(digits) ? undefined : t("verify.codeInvalid");
      if (!check(compact({ code: problem }))) return;
      await send(
        () => finish("/api/auth/second-factor/totp", { code: digits }),
        () => setCode(""),
      );
    } else {
      const text = code.trim();
      const problem = RECOVERY_PATTERN.test(text) ? undefined : t("verify.recoveryInvalid");
      if (!check(compact({ code: problem }))) return;
      await send(() => finish("/api/auth/second-factor/recovery-code", { code: text }));
    }
  }

  async function verifyWithPasskey(): Promise<void> {
    if (!check({})) return;
    await send(async () => {
      const challenge = await apiRequest<PasskeyOptionsResponse>(
        "/api/auth/second-factor/passkey/options",
        { method: "POST", csrfToken: me.session.csrfToken },
      );
      const credential = await passkeyAssertion(challenge);
      await finish("/api/auth/second-factor/passkey", {
        challengeId: challenge.challengeId,
        credential,
      });
    });
  }

  function switchTo(next: "totp" | "recovery"): void {
    setMode(next);
    setCode("");
    check({});
  }

  return (
    <PublicShell>
      <PageHeading>{t("verify.title")}</PageHeading>
      <form ref={formRef} className={form.card} noValidate onSubmit={(event) => void submit(event)}>
        <p className={form.help}>{t("verify.intro", { org: me.tenant.name })}</p>
        {showCodeForm &&
          (mode === "totp" ? (
            <Field
              label={t("verify.codeLabel")}
              hint={t("verify.codeHint")}
              {...validation(errors.code)}
            >
              <TotpCodeInput value={code} onChange={setCode} autoFocus />
            </Field>
          ) : (
            <Field
              label={t("verify.recoveryLabel")}
              hint={t("verify.recoveryHint")}
              {...validation(errors.code)}
            >
              <Input
                required
                className={styles.recovery}
                autoComplete="off"
                autoCapitalize="characters"
                spellCheck={false}
                maxLength={11}
                autoFocus
                value={code}
                onChange={(_e, data) => setCode(data.value)}
              />
            </Field>
          ))}
        <ErrorMessage error={failure} />
        <div className={form.actions}>
          {showCodeForm && (
            <Button type="submit" appearance="primary" disabled={busy}>
              {t("verify.submit")}
            </Button>
          )}
          <Button type="button" disabled={busy} onClick={() => void signOut()}>
            {t("verify.cancel")}
          </Button>
        </div>
        {(passkeyAvailable || switchable) && (
          <fieldset className={styles.others}>
            <legend className={styles.legend}>{t("verify.otherWays")}</legend>
            {passkeyAvailable && (
              <Button
                type="button"
                appearance={showCodeForm ? "secondary" : "primary"}
                icon={<KeyRegular />}
                disabled={busy}
                onClick={() => void verifyWithPasskey()}
              >
                {t("verify.usePasskey")}
              </Button>
            )}
            {mode === "totp" && factors.includes("recovery_code") && (
              <Button type="button" appearance="transparent" onClick={() => switchTo("recovery")}>
                {t("verify.useRecovery")}
              </Button>
            )}
            {mode === "recovery" && totpAvailable && (
              <Button type="button" appearance="transparent" onClick={() => switchTo("totp")}>
                {t("verify.useTotp")}
              </Button>
            )}
          </fieldset>
        )}
      </form>
    </PublicShell>
  );
}
