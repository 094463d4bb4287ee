import { useState, type FormEvent } from "react";
import { Button, Field, Input } from "@fluentui/react-components";
import { useTranslation } from "react-i18next";
import {
  LIMITS,
  PASSWORD_RULES,
  type SetupRequest,
  type SetupStatusResponse,
  type TenantCreatedResponse,
} from "@engawa/shared";
import { apiRequest } from "../api/client.ts";
import { useLoader } from "../api/useLoader.ts";
import { CopyField } from "../components/CopyField.tsx";
import { ErrorMessage, StatusMessage } from "../components/ErrorMessage.tsx";
import { useFormStyles } from "../components/layout.ts";
import { Loading } from "../components/Loading.tsx";
import {
  InviteeFields,
  ownerProblems,
  trimmedInvitee,
  type InviteeDraft,
} from "../components/InviteeFields.tsx";
import { PageHeading } from "../components/PageHeading.tsx";
import {
  guessableProblem,
  PasswordFields,
  passwordProblems,
} from "../components/PasswordFields.tsx";
import { PublicShell } from "../components/PublicShell.tsx";
import { RouterButtonLink, RouterLink } from "../components/RouterLink.tsx";
import { TenantFields, useTenantDraft } from "../components/TenantFields.tsx";
import { checkEmail, checkRequired, checkSlug, compact, validation } from "../forms.ts";
import { fragmentParam, useLocation } from "../router.ts";
import { useSubmission } from "../useSubmission.ts";

/** The form's fields in display order; the names are the request's own paths. */
const FIELDS = [
  "operator.email",
  "operator.displayName",
  "operator.password",
  "operator.confirm",
  "tenant.name",
  "tenant.slug",
  "owner.email",
  "owner.displayName",
] as const;
type SetupField = (typeof FIELDS)[number];

/** An operator's password is their only factor (the server's DEPLOYMENT_PASSWORD_RULES). */
const OPERATOR_RULES = { minLength: PASSWORD_RULES.minLengthAlone, characterMix: false };

/**
 * First-run setup, opened from the link printed on the server console. The one-time token is
 * read from the fragment (never sent to a server in a URL) and travels only in the POST body.
 */
export function SetupPage() {
  const { t } = useTranslation();
  const styles = useFormStyles();
  const { hash } = useLocation();
  const [token] = useState(() => fragmentParam(hash, "token"));
  const status = useLoader((signal) => apiRequest<SetupStatusResponse>("/api/setup", { signal }));
  const [done, setDone] = useState<TenantCreatedResponse | null>(null);

  if (done) {
    return (
      <PublicShell width="medium">
        <PageHeading>{t("setup.doneTitle")}</PageHeading>
        <div className={styles.card}>
          <StatusMessage
            message={t("setup.doneBody", { name: done.tenant.name, slug: done.tenant.slug })}
          />
          <CopyField label={t("setup.ownerLink")} value={done.ownerInviteUrl} />
          <div className={styles.actions}>
            <RouterButtonLink href="/operator">{t("setup.openConsole")}</RouterButtonLink>
          </div>
        </div>
      </PublicShell>
    );
  }

  if (status.loading || (!status.data && !status.error)) {
    return (
      <PublicShell width="medium">
        <PageHeading>{t("setup.title")}</PageHeading>
        <Loading />
      </PublicShell>
    );
  }

  if (status.data && !status.data.required) {
    return (
      <PublicShell width="medium">
        <PageHeading>{t("setup.alreadyTitle")}</PageHeading>
        <div className={styles.card}>
          <p className={styles.help}>{t("setup.alreadyBody")}</p>
          <ul>
            <li>
              <RouterLink href="/sign-in">{t("setup.signInTenant")}</RouterLink>
            </li>
            <li>
              <RouterLink href="/operator/sign-in">{t("setup.signInOperator")}</RouterLink>
            </li>
          </ul>
        </div>
      </PublicShell>
    );
  }

  return (
    <PublicShell width="medium">
      <PageHeading>{t("setup.title")}</PageHeading>
      {status.error ? (
        <ErrorMessage error={status.error} />
      ) : token ? (
        <SetupForm token={token} onDone={setDone} />
      ) : (
        <StatusMessage intent="warning" message={t("setup.noToken")} />
      )}
    </PublicShell>
  );
}

function SetupForm({
  token,
  onDone,
}: {
  token: string;
  onDone: (result: TenantCreatedResponse) => void;
}) {
  const { t } = useTranslation();
  const { formRef, errors, failure, blamed, busy, check, send } = useSubmission(FIELDS);
  const styles = useFormStyles();
  const [operator, setOperator] = useState({
    email: "",
    displayName: "",
    password: "",
    confirm: "",
  });
  const [owner, setOwner] = useState<InviteeDraft>({ email: "", displayName: "" });
  const tenant = useTenantDraft();
  const operatorContext = [operator.email, operator.displayName];

  const labels: Record<SetupField, string> = {
    "operator.email": t("setup.operatorEmail"),
    "operator.displayName": t("setup.operatorName"),
    "operator.password": t("common.password"),
    "operator.confirm": t("common.passwordConfirm"),
    "tenant.name": t("common.tenantName"),
    "tenant.slug": t("common.tenantId"),
    "owner.email": t("setup.ownerEmail"),
    "owner.displayName": t("setup.ownerName"),
  };

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    const passwords = passwordProblems(t, operator.password, operator.confirm, OPERATOR_RULES);
    passwords.password ??= await guessableProblem(t, operator.password, operatorContext);
    const problems = compact<SetupField>({
      "operator.email": checkEmail(t, operator.email),
      "operator.displayName": checkRequired(t, operator.displayName),
      "operator.password": passwords.password,
      "operator.confirm": passwords.confirm,
      "tenant.name": checkRequired(t, tenant.draft.name),
      "tenant.slug": checkSlug(t, tenant.draft.slug),
      ...ownerProblems(t, owner),
    });
    if (!check(problems)) return;
    const body: SetupRequest = {
      token,
      operator: {
        email: operator.email.trim(),
        displayName: operator.displayName.trim(),
        password: operator.password,
      },
      tenant: { name: tenant.draft.name.trim(), slug: tenant.draft.slug },
      owner: trimmedInvitee(owner),
    };
    await send(async () =>
      onDone(await apiRequest<TenantCreatedResponse>("/api/setup", { method: "POST", body })),
    );
  }

  return (
    <form ref={formRef} className={styles.form} noValidate onSubmit={(event) => void submit(event)}>
      <p className={styles.intro}>{t("setup.intro")}</p>
      <fieldset className={styles.section}>
        <legend className={styles.legend}>{t("setup.operatorSection")}</legend>
        <p className={styles.help}>{t("setup.operatorHelp")}</p>
        <Field label={labels["operator.email"]} {...validation(errors["operator.email"])}>
          <Input
            required
            type="email"
            autoComplete="email"
            maxLength={LIMITS.emailMax}
            value={operator.email}
            onChange={(_e, data) => setOperator({ ...operator, email: data.value })}
          />
        </Field>
        <Field
          label={labels["operator.displayName"]}
          {...validation(errors["operator.displayName"])}
        >
          <Input
            required
            autoComplete="name"
            maxLength={LIMITS.displayNameMax}
            value={operator.displayName}
            onChange={(_e, data) => setOperator({ ...operator, displayName: data.value })}
          />
        </Field>
        <PasswordFields
          password={operator.password}
          confirm={operator.confirm}
          onPassword={(password) => setOperator({ ...operator, password })}
          onConfirm={(confirm) => setOperator({ ...operator, confirm })}
          passwordError={errors["operator.password"]}
          confirmError={errors["operator.confirm"]}
          rules={OPERATOR_RULES}
          context={operatorContext}
        />
      </fieldset>
      <fieldset className={styles.section}>
        <legend className={styles.legend}>{t("setup.tenantSection")}</legend>
        <TenantFields
          draft={tenant.draft}
          onName={tenant.setName}
          onSlug={tenant.setSlug}
          nameError={errors["tenant.name"]}
          slugError={errors["tenant.slug"]}
        />
      </fieldset>
      <fieldset className={styles.section}>
        <legend className={styles.legend}>{t("setup.ownerSection")}</legend>
        <p className={styles.help}>{t("setup.ownerHelp")}</p>
        <InviteeFields
          invitee={owner}
          onChange={setOwner}
          labels={{ email: labels["owner.email"], displayName: labels["owner.displayName"] }}
          emailError={errors["owner.email"]}
          displayNameError={errors["owner.displayName"]}
        />
      </fieldset>
      <ErrorMessage error={failure} fieldLabel={blamed ? labels[blamed] : null} />
      <div className={styles.actions}>
        <Button type="submit" appearance="primary" disabled={busy}>
          {t("setup.submit")}
        </Button>
      </div>
    </form>
  );
}
