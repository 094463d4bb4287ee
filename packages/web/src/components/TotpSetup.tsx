import { useState, type FormEvent } from "react";
import { Button, Field, Input, makeStyles, tokens } from "@fluentui/react-components";
import { PhoneKeyRegular } from "@fluentui/react-icons";
import { useTranslation } from "react-i18next";
import { renderSVG } from "uqr";
import type { EnrolledResponse, TotpSetupResponse } from "@engawa/shared";
import { useUserSession } from "../api/session.tsx";
import { compact, validation } from "../forms.ts";
import { useSubmission } from "../useSubmission.ts";
import { CopyField } from "./CopyField.tsx";
import { ErrorMessage } from "./ErrorMessage.tsx";
import { useFormStyles } from "./layout.ts";

const FIELDS = ["code"] as const;

const useStyles = makeStyles({
  qr: {
    display: "block",
    width: "200px",
    height: "200px",
    padding: tokens.spacingHorizontalS,
    backgroundColor: "#ffffff",
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  code: { maxWidth: "12em" },
});

/** Six digits, spaces ignored (apps show `123 456`). */
export function normaliseTotp(text: string): string {
  return text.replace(/\s+/g, "");
}

/**
 * The six-digit code input every authenticator-app form uses: numeric keyboard on phones, and
 * `one-time-code` so the browser or password manager can fill it in.
 */
export function TotpCodeInput({
  value,
  onChange,
  autoFocus = false,
}: {
  value: string;
  onChange: (value: string) => void;
  autoFocus?: boolean;
}) {
  const styles = useStyles();
  return (
    <Input
      required
      className={styles.code}
      autoComplete="one-time-code"
      inputMode="numeric"
      pattern="[0-9 ]*"
      maxLength={7}
      spellCheck={false}
      autoFocus={autoFocus}
      value={value}
      onChange={(_e, data) => onChange(data.value)}
    />
  );
}

/**
 * Setting up an authenticator app: the server makes a secret, the page shows it as a QR code (the
 * `otpauth://` URI, rendered in the browser: the secret never goes to a third party) and as text
 * to type, and the first code from the app confirms the app has it.
 */
export function TotpSetup({ onEnrolled }: { onEnrolled: (result: EnrolledResponse) => void }) {
  const { t } = useTranslation();
  const form = useFormStyles();
  const styles = useStyles();
  const { request } = useUserSession();
  const [setup, setSetup] = useState<TotpSetupResponse | null>(null);
  const [code, setCode] = useState("");
  const [startFailure, setStartFailure] = useState<unknown>(null);
  const [starting, setStarting] = useState(false);
  const { formRef, errors, failure, busy, check, send } = useSubmission(FIELDS);

  async function start(): Promise<void> {
    setStarting(true);
    setStartFailure(null);
    try {
      setSetup(await request<TotpSetupResponse>("/api/me/mfa/totp", { method: "POST" }));
    } catch (error) {
      setStartFailure(error);
    } finally {
      setStarting(false);
    }
  }

  async function confirm(event: FormEvent): Promise<void> {
    event.preventDefault();
    const digits = normaliseTotp(code);
    if (!check(compact({ code: /^\d{6}$/.test(digits) ? undefined : t("verify.codeInvalid") })))
      return;
    await send(async () => {
      const result = await request<EnrolledResponse>("/api/me/mfa/totp/confirm", {
        method: "POST",
        body: { code: digits },
      });
      onEnrolled(result);
    });
  }

  if (!setup) {
    return (
      <div className={form.form}>
        <ErrorMessage error={startFailure} />
        <div className={form.actions}>
          <Button icon={<PhoneKeyRegular />} disabled={starting} onClick={() => void start()}>
            {t("mfa.totpStart")}
          </Button>
        </div>
      </div>
    );
  }

  const qr = `data:image/svg+xml;utf8,${encodeURIComponent(renderSVG(setup.uri))}`;
  return (
    <form ref={formRef} className={form.form} noValidate onSubmit={(event) => void confirm(event)}>
      <p className={form.help}>{t("mfa.totpScan")}</p>
      <img className={styles.qr} src={qr} alt={t("mfa.qrAlt")} width={200} height={200} />
      <CopyField label={t("mfa.secretLabel")} value={setup.secret} />
      <Field label={t("mfa.confirmLabel")} hint={t("verify.codeHint")} {...validation(errors.code)}>
        <TotpCodeInput value={code} onChange={setCode} />
      </Field>
      <ErrorMessage error={failure} />
      <div className={form.actions}>
        <Button type="submit" appearance="primary" disabled={busy}>
          {t("mfa.confirmSubmit")}
        </Button>
      </div>
    </form>
  );
}
