import { useState, type FormEvent } from "react";
import { useFocusFirstInvalid } from "../useFocusFirstInvalid.ts";
import { Button, Field, Input } from "@fluentui/react-components";
import { useTranslation } from "react-i18next";
import { LIMITS, type MeResponse, type SignInRequest } from "@engawa/shared";
import { apiRequest } from "../api/client.ts";
import { lastTenant, rememberTenant, useUserSession } from "../api/session.tsx";
import { blamedField, ErrorMessage, StatusMessage } from "../components/ErrorMessage.tsx";
import { useFormStyles } from "../components/layout.ts";
import { PageHeading } from "../components/PageHeading.tsx";
import { PublicShell } from "../components/PublicShell.tsx";
import { RouterLink } from "../components/RouterLink.tsx";
import {
  checkEmail,
  checkRequired,
  checkSlug,
  compact,
  validation,
  type FieldErrors,
} from "../forms.ts";
import { navigate, useLocation } from "../router.ts";

const FIELDS = ["tenant", "email", "password"] as const;
type SignInField = (typeof FIELDS)[number];

/**
 * Sign-in to an organisation. The organisation ID is prefilled from `?tenant=` (links from an
 * invitation) or from the last one used on this browser; the e-mail from `?email=`.
 */
export function SignInPage() {
  const { t } = useTranslation();
  const { ref: formRef, focusFirstInvalid } = useFocusFirstInvalid<HTMLFormElement>();
  const styles = useFormStyles();
  const { search } = useLocation();
  const { setMe } = useUserSession();
  const [initial] = useState(() => new URLSearchParams(search));
  const [form, setForm] = useState({
    tenant: initial.get("tenant") ?? lastTenant(),
    email: initial.get("email") ?? "",
    password: "",
  });
  const reason = initial.get("reason");
  const [errors, setErrors] = useState<FieldErrors<SignInField>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const labels: Record<SignInField, string> = {
    tenant: t("common.tenantId"),
    email: t("common.email"),
    password: t("common.password"),
  };

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    const tenant = form.tenant.trim().toLowerCase();
    const problems = compact<SignInField>({
      tenant: checkSlug(t, tenant),
      email: checkEmail(t, form.email),
      password: checkRequired(t, form.password),
    });
    setErrors(problems);
    setFailure(null);
    if (Object.keys(problems).length > 0) {
      focusFirstInvalid();
      return;
    }
    const body: SignInRequest = { tenant, email: form.email.trim(), password: form.password };
    setBusy(true);
    try {
      const me = await apiRequest<MeResponse>("/api/auth/sign-in", { method: "POST", body });
      rememberTenant(me.tenant.slug);
      setMe(me);
      navigate("/", { replace: true });
    } catch (error) {
      setFailure(error);
      setForm((previous) => ({ ...previous, password: "" }));
    } finally {
      setBusy(false);
    }
  }

  const blamed = blamedField(failure, FIELDS);
  return (
    <PublicShell>
      <PageHeading>{t("signIn.title")}</PageHeading>
      {reason === "session_ended" && (
        <StatusMessage intent="info" message={t("signIn.sessionEnded")} />
      )}
      {reason === "signed_out" && <StatusMessage intent="info" message={t("signIn.signedOut")} />}
      <form
        ref={formRef}
        className={styles.card}
        noValidate
        onSubmit={(event) => void submit(event)}
      >
        <p className={styles.help}>{t("signIn.intro")}</p>
        <Field label={labels.tenant} hint={t("signIn.tenantHint")} {...validation(errors.tenant)}>
          <Input
            required
            autoComplete="organization"
            autoCapitalize="none"
            spellCheck={false}
            maxLength={32}
            value={form.tenant}
            onChange={(_e, data) => setForm({ ...form, tenant: data.value })}
          />
        </Field>
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
        <ErrorMessage error={failure} fieldLabel={blamed ? labels[blamed] : null} />
        <div className={styles.actions}>
          <Button type="submit" appearance="primary" disabled={busy}>
            {t("signIn.submit")}
          </Button>
        </div>
        <p className={styles.help}>
          <RouterLink href="/operator/sign-in">{t("signIn.operatorLink")}</RouterLink>
        </p>
      </form>
    </PublicShell>
  );
}
