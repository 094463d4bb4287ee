import { useState, type FormEvent } from "react";
import { Button, Field, Input } from "@fluentui/react-components";
import { useTranslation } from "react-i18next";
import {
  LIMITS,
  type AcceptInviteRequest,
  type AcceptInviteResponse,
  type InviteInfoResponse,
} from "@engawa/shared";
import { apiRequest, asApiError } from "../api/client.ts";
import { useLoader } from "../api/useLoader.ts";
import { DateTime } from "../components/DateTime.tsx";
import { ErrorMessage, StatusMessage } from "../components/ErrorMessage.tsx";
import { useFormStyles } from "../components/layout.ts";
import { Loading } from "../components/Loading.tsx";
import { PageHeading } from "../components/PageHeading.tsx";
import {
  guessableProblem,
  PasswordFields,
  passwordProblems,
} from "../components/PasswordFields.tsx";
import { PublicShell } from "../components/PublicShell.tsx";
import { RouterButtonLink } from "../components/RouterLink.tsx";
import { checkRequired, compact, validation } from "../forms.ts";
import { fragmentParam, useLocation, withQuery } from "../router.ts";
import { useSubmission } from "../useSubmission.ts";

const FIELDS = ["displayName", "password", "confirm"] as const;
type InviteField = (typeof FIELDS)[number];

/**
 * Accepting an invitation: the token comes from the link's fragment and goes only into request
 * bodies. The invitee chooses their display name and password; the e-mail is fixed by the inviter.
 */
export function InvitePage() {
  const { t } = useTranslation();
  const { hash } = useLocation();
  const [token] = useState(() => fragmentParam(hash, "token"));
  const info = useLoader(async (signal) =>
    token
      ? apiRequest<InviteInfoResponse>("/api/invitations/inspect", {
          method: "POST",
          body: { token },
          signal,
        })
      : null,
  );
  const [accepted, setAccepted] = useState<AcceptInviteResponse | null>(null);

  if (accepted) return <Accepted result={accepted} />;
  const invalid =
    !token ||
    (info.error !== null &&
      ["invalid_token", "invalid_request", "not_found"].includes(asApiError(info.error).code));
  return (
    <PublicShell>
      {info.data ? (
        <>
          <PageHeading>{t("invite.titleFor", { org: info.data.tenant.name })}</PageHeading>
          <InviteForm token={token ?? ""} info={info.data} onAccepted={setAccepted} />
        </>
      ) : (
        <>
          <PageHeading>{t("invite.title")}</PageHeading>
          {invalid ? (
            <StatusMessage
              intent="warning"
              message={token ? t("invite.invalid") : t("invite.noToken")}
            />
          ) : info.error ? (
            <ErrorMessage error={info.error} />
          ) : (
            <Loading />
          )}
        </>
      )}
    </PublicShell>
  );
}

function Accepted({ result }: { result: AcceptInviteResponse }) {
  const { t } = useTranslation();
  const styles = useFormStyles();
  return (
    <PublicShell>
      <PageHeading>{t("invite.doneTitle")}</PageHeading>
      <div className={styles.card}>
        <StatusMessage
          message={t("invite.doneBody", { slug: result.tenant.slug, email: result.email })}
        />
        <div className={styles.actions}>
          <RouterButtonLink
            href={withQuery("/sign-in", { tenant: result.tenant.slug, email: result.email })}
          >
            {t("invite.goSignIn")}
          </RouterButtonLink>
        </div>
      </div>
    </PublicShell>
  );
}

function InviteForm({
  token,
  info,
  onAccepted,
}: {
  token: string;
  info: InviteInfoResponse;
  onAccepted: (result: AcceptInviteResponse) => void;
}) {
  const { t } = useTranslation();
  const { formRef, errors, failure, blamed, busy, check, send } = useSubmission(FIELDS);
  const styles = useFormStyles();
  const [form, setForm] = useState({ displayName: info.displayName, password: "", confirm: "" });
  const context = [info.tenant.name, info.tenant.slug, info.email, form.displayName];
  const labels: Record<InviteField, string> = {
    displayName: t("common.displayName"),
    password: t("common.password"),
    confirm: t("common.passwordConfirm"),
  };

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    const passwords = passwordProblems(t, form.password, form.confirm, info.passwordRules);
    passwords.password ??= await guessableProblem(t, form.password, context);
    const problems = compact<InviteField>({
      displayName: checkRequired(t, form.displayName),
      password: passwords.password,
      confirm: passwords.confirm,
    });
    if (!check(problems)) return;
    const body: AcceptInviteRequest = {
      token,
      displayName: form.displayName.trim(),
      password: form.password,
    };
    await send(async () =>
      onAccepted(
        await apiRequest<AcceptInviteResponse>("/api/invitations/accept", { method: "POST", body }),
      ),
    );
  }

  return (
    <form ref={formRef} className={styles.card} noValidate onSubmit={(event) => void submit(event)}>
      <p className={styles.help}>
        {t("invite.invitedAs", { org: info.tenant.name, role: t(`roles.${info.role}`) })}
      </p>
      <p className={styles.help}>
        {t("common.tenantId")}: <strong>{info.tenant.slug}</strong>
        {" / "}
        {t("invite.linkExpires")}: <DateTime value={info.expiresAt} />
      </p>
      <Field label={t("common.email")}>
        <Input type="email" autoComplete="username" readOnly value={info.email} />
      </Field>
      <Field label={labels.displayName} {...validation(errors.displayName)}>
        <Input
          required
          autoComplete="name"
          maxLength={LIMITS.displayNameMax}
          value={form.displayName}
          onChange={(_e, data) => setForm({ ...form, displayName: data.value })}
        />
      </Field>
      <PasswordFields
        password={form.password}
        confirm={form.confirm}
        onPassword={(password) => setForm({ ...form, password })}
        onConfirm={(confirm) => setForm({ ...form, confirm })}
        passwordError={errors.password}
        confirmError={errors.confirm}
        rules={info.passwordRules}
        context={context}
      />
      <ErrorMessage error={failure} fieldLabel={blamed ? labels[blamed] : null} />
      <div className={styles.actions}>
        <Button type="submit" appearance="primary" disabled={busy}>
          {t("invite.submit")}
        </Button>
      </div>
    </form>
  );
}
