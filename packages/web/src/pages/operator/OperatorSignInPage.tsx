import { useState, type FormEvent } from "react";
import { useFocusFirstInvalid } from "../../useFocusFirstInvalid.ts";
import { Button, Field, Input } from "@fluentui/react-components";
import { useTranslation } from "react-i18next";
import { LIMITS, type OperatorMeResponse, type OperatorSignInRequest } from "@engawa/shared";
import { apiRequest } from "../../api/client.ts";
import { useOperatorSession } from "../../api/session.tsx";
import { blamedField, ErrorMessage, StatusMessage } from "../../components/ErrorMessage.tsx";
import { useFormStyles } from "../../components/layout.ts";
import { PageHeading } from "../../components/PageHeading.tsx";
import { PublicShell } from "../../components/PublicShell.tsx";
import { RouterLink } from "../../components/RouterLink.tsx";
import { checkEmail, checkRequired, compact, validation, type FieldErrors } from "../../forms.ts";
import { navigate, useLocation } from "../../router.ts";

const FIELDS = ["email", "password"] as const;
type OperatorField = (typeof FIELDS)[number];

/** Operator sign-in: a different kind of account from tenant users, with its own cookie. */
export function OperatorSignInPage() {
  const { t } = useTranslation();
  const { ref: formRef, focusFirstInvalid } = useFocusFirstInvalid<HTMLFormElement>();
  const styles = useFormStyles();
  const { search } = useLocation();
  const { setMe } = useOperatorSession();
  const [reason] = useState(() => new URLSearchParams(search).get("reason"));
  const [form, setForm] = useState({ email: "", password: "" });
  const [errors, setErrors] = useState<FieldErrors<OperatorField>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const labels: Record<OperatorField, string> = {
    email: t("common.email"),
    password: t("common.password"),
  };

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    const problems = compact<OperatorField>({
      email: checkEmail(t, form.email),
      password: checkRequired(t, form.password),
    });
    setErrors(problems);
    setFailure(null);
    if (Object.keys(problems).length > 0) {
      focusFirstInvalid();
      return;
    }
    const body: OperatorSignInRequest = { email: form.email.trim(), password: form.password };
    setBusy(true);
    try {
      setMe(
        await apiRequest<OperatorMeResponse>("/api/operator/auth/sign-in", {
          method: "POST",
          body,
        }),
      );
      navigate("/operator", { replace: true });
    } catch (error) {
      setFailure(error);
      setForm((previous) => ({ ...previous, password: "" }));
      focusFirstInvalid();
    } finally {
      setBusy(false);
    }
  }

  const blamed = blamedField(failure, FIELDS);
  return (
    <PublicShell>
      <PageHeading>{t("operatorSignIn.title")}</PageHeading>
      {reason === "session_ended" && (
        <StatusMessage intent="info" message={t("operatorSignIn.sessionEnded")} />
      )}
      {reason === "signed_out" && <StatusMessage intent="info" message={t("signIn.signedOut")} />}
      <form
        ref={formRef}
        className={styles.card}
        noValidate
        onSubmit={(event) => void submit(event)}
      >
        <p className={styles.help}>{t("operatorSignIn.intro")}</p>
        <Field label={labels.email} {...validation(errors.email)}>
          <Input
            required
            type="email"
            autoComplete="username"
            maxLength={LIMITS.emailMax}
            value={form.email}
            onChange={(_e, data) => setForm({ ...form, email: data.value })}
          />
        </Field>
        <Field label={labels.password} {...validation(errors.password)}>
          <Input
            required
            type="password"
            autoComplete="current-password"
            maxLength={LIMITS.passwordMax}
            value={form.password}
            onChange={(_e, data) => setForm({ ...form, password: data.value })}
          />
        </Field>
        <ErrorMessage
          error={failure}
          fieldLabel={blamed ? labels[blamed] : null}
          overrides={{ invalid_credentials: t("operatorSignIn.invalidCredentials") }}
        />
        <div className={styles.actions}>
          <Button type="submit" appearance="primary" disabled={busy}>
            {t("operatorSignIn.submit")}
          </Button>
        </div>
        <p className={styles.help}>
          <RouterLink href="/sign-in">{t("operatorSignIn.tenantLink")}</RouterLink>
        </p>
      </form>
    </PublicShell>
  );
}
