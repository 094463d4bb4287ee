import { useState, type FormEvent } from "react";
import { Button, Checkbox, Field, Input, Select, Textarea } from "@fluentui/react-components";
import { useTranslation } from "react-i18next";
import {
  discoveryUrlOf,
  isAdminRole,
  ssoPresetValues,
  type MeResponse,
  type SsoPreset,
  type SsoSettings,
  type SsoSettingsResponse,
  type TestSsoConnectionResponse,
  type UpdateSsoSettingsRequest,
  type UserListResponse,
} from "@engawa/shared";
import { useUserSession } from "../../api/session.tsx";
import { useLoader } from "../../api/useLoader.ts";
import { CopyField } from "../../components/CopyField.tsx";
import { ErrorMessage, StatusMessage } from "../../components/ErrorMessage.tsx";
import { useFormStyles } from "../../components/layout.ts";
import { Loading } from "../../components/Loading.tsx";
import { PageHeading } from "../../components/PageHeading.tsx";
import { validation } from "../../forms.ts";
import { useSubmission } from "../../useSubmission.ts";
import { BreakGlassList } from "./BreakGlassList.tsx";

const FIELDS = [
  "enabled",
  "preset",
  "entraTenantId",
  "issuer",
  "clientId",
  "clientSecret",
  "scopes",
  "emailClaim",
  "nameClaim",
  "groupsClaim",
  "allowedDomains",
  "jitEnabled",
  "buttonLabel",
  "requireSso",
] as const;
type SsoField = (typeof FIELDS)[number];

/** The organisation's OpenID Connect provider, and its break-glass accounts. */
export function SsoPage({ me }: { me: MeResponse }) {
  const { t } = useTranslation();
  const { request } = useUserSession();
  const base = `/api/t/${encodeURIComponent(me.tenant.slug)}`;
  const loaded = useLoader(async (signal) => ({
    sso: (await request<SsoSettingsResponse>(`${base}/sso`, { signal })).sso,
    users: (await request<UserListResponse>(`${base}/users`, { signal })).users,
  }));
  return (
    <>
      <PageHeading>{t("sso.title")}</PageHeading>
      <ErrorMessage error={loaded.error} />
      {loaded.data ? (
        <>
          <SsoForm base={base} initial={loaded.data.sso} />
          <BreakGlassList
            base={base}
            me={me}
            users={loaded.data.users.filter((u) => isAdminRole(u.role) && u.status === "active")}
          />
        </>
      ) : (
        !loaded.error && <Loading />
      )}
    </>
  );
}

type FormState = Omit<UpdateSsoSettingsRequest, "allowedDomains" | "clientSecret"> & {
  allowedDomains: string;
  clientSecret: string;
};

function formOf(sso: SsoSettings): FormState {
  return {
    enabled: sso.enabled,
    preset: sso.preset,
    entraTenantId: sso.entraTenantId,
    issuer: sso.issuer,
    clientId: sso.clientId,
    clientSecret: "",
    scopes: sso.scopes,
    emailClaim: sso.emailClaim,
    nameClaim: sso.nameClaim,
    groupsClaim: sso.groupsClaim,
    allowedDomains: sso.allowedDomains.join("\n"),
    jitEnabled: sso.jitEnabled,
    buttonLabel: sso.buttonLabel,
    requireSso: sso.requireSso,
  };
}

function SsoForm({ base, initial }: { base: string; initial: SsoSettings }) {
  const { t } = useTranslation();
  const styles = useFormStyles();
  const { request } = useUserSession();
  const { formRef, errors, failure, blamed, busy, check, send } = useSubmission(FIELDS);
  const [current, setCurrent] = useState(initial);
  const [form, setForm] = useState(() => formOf(initial));
  const [saved, setSaved] = useState(false);
  const [test, setTest] = useState<TestSsoConnectionResponse | null>(null);
  const [testing, setTesting] = useState(false);
  const set = (change: Partial<FormState>) => setForm((previous) => ({ ...previous, ...change }));
  const labels: Record<SsoField, string> = {
    enabled: t("sso.enabled"),
    preset: t("sso.preset"),
    entraTenantId: t("sso.entraTenantId"),
    issuer: t("sso.issuer"),
    clientId: t("sso.clientId"),
    clientSecret: t("sso.clientSecret"),
    scopes: t("sso.scopes"),
    emailClaim: t("sso.emailClaim"),
    nameClaim: t("sso.nameClaim"),
    groupsClaim: t("sso.groupsClaim"),
    allowedDomains: t("sso.domains"),
    jitEnabled: t("sso.jit"),
    buttonLabel: t("sso.buttonLabel"),
    requireSso: t("sso.requireSso"),
  };

  /** A preset fills in the provider's documented issuer and usual claims. */
  function choosePreset(preset: SsoPreset, entraTenantId = form.entraTenantId): void {
    const values = ssoPresetValues(preset, entraTenantId);
    set({
      preset,
      entraTenantId,
      ...(values
        ? {
            issuer: values.issuer,
            scopes: values.scopes,
            emailClaim: values.emailClaim,
            nameClaim: values.nameClaim,
            groupsClaim: values.groupsClaim,
            buttonLabel: form.buttonLabel || values.buttonLabel,
          }
        : { issuer: "" }),
    });
  }

  async function testConnection(): Promise<void> {
    setTesting(true);
    setTest(null);
    try {
      setTest(
        await request<TestSsoConnectionResponse>(`${base}/sso/test`, {
          method: "POST",
          body: { issuer: form.issuer.trim() },
        }),
      );
    } catch (error) {
      setTest({
        reachable: false,
        problem: error instanceof Error ? error.message : String(error),
      });
    } finally {
      setTesting(false);
    }
  }

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    setSaved(false);
    const domains = form.allowedDomains
      .split(/[\s,]+/)
      .map((d) => d.trim().toLowerCase())
      .filter(Boolean);
    const badDomain = domains.some(
      (d) => !/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/.test(d),
    );
    if (!check(badDomain ? { allowedDomains: t("sso.badDomains") } : {})) return;
    const body: UpdateSsoSettingsRequest = {
      ...form,
      issuer: form.issuer.trim(),
      clientId: form.clientId.trim(),
      clientSecret: form.clientSecret === "" ? null : form.clientSecret,
      allowedDomains: domains,
    };
    await send(async () => {
      const result = await request<SsoSettingsResponse>(`${base}/sso`, { method: "PUT", body });
      setCurrent(result.sso);
      setForm(formOf(result.sso));
      setSaved(true);
    });
  }

  const input = (
    field: "clientId" | "scopes" | "emailClaim" | "nameClaim" | "groupsClaim" | "buttonLabel",
    hint?: string,
  ) => (
    <Field label={labels[field]} hint={hint} {...validation(errors[field])}>
      <Input
        value={form[field]}
        spellCheck={false}
        onChange={(_e, data) => set({ [field]: data.value })}
      />
    </Field>
  );

  return (
    <form ref={formRef} className={styles.form} noValidate onSubmit={(event) => void submit(event)}>
      <p className={styles.help}>{t("sso.intro")}</p>
      <fieldset className={styles.section}>
        <legend className={styles.legend}>{t("sso.providerSection")}</legend>
        <Field label={labels.preset} hint={t("sso.presetNote")}>
          <Select
            value={form.preset}
            onChange={(_e, data) => choosePreset(data.value as SsoPreset)}
          >
            <option value="custom">{t("sso.presetCustom")}</option>
            <option value="google">{t("sso.presetGoogle")}</option>
            <option value="entra">{t("sso.presetEntra")}</option>
          </Select>
        </Field>
        {form.preset === "entra" && (
          <Field
            label={labels.entraTenantId}
            hint={t("sso.entraTenantIdHint")}
            {...validation(errors.entraTenantId)}
          >
            <Input
              value={form.entraTenantId}
              spellCheck={false}
              onChange={(_e, data) => choosePreset("entra", data.value)}
            />
          </Field>
        )}
        <Field label={labels.issuer} hint={t("sso.issuerHint")} {...validation(errors.issuer)}>
          <Input
            type="url"
            value={form.issuer}
            readOnly={form.preset !== "custom"}
            spellCheck={false}
            onChange={(_e, data) => set({ issuer: data.value })}
          />
        </Field>
        {form.issuer.trim() && (
          <p className={styles.help}>
            {t("sso.discovery", { url: discoveryUrlOf(form.issuer.trim()) })}
          </p>
        )}
        <div className={styles.actions}>
          <Button
            type="button"
            disabled={testing || !form.issuer.trim()}
            onClick={() => void testConnection()}
          >
            {t("sso.test")}
          </Button>
        </div>
        <StatusMessage
          intent={test && !test.reachable ? "warning" : "success"}
          message={
            test
              ? test.reachable
                ? t("sso.testOk", { issuer: test.issuer ?? "" })
                : t("sso.testFailed", { problem: test.problem ?? "" })
              : null
          }
        />
        <CopyField label={t("sso.redirectUri")} value={current.redirectUri} />
        {input("clientId")}
        <Field
          label={labels.clientSecret}
          hint={current.clientSecretSet ? t("sso.secretSet") : t("sso.secretNotSet")}
          {...validation(errors.clientSecret)}
        >
          <Input
            type="password"
            autoComplete="off"
            value={form.clientSecret}
            onChange={(_e, data) => set({ clientSecret: data.value })}
          />
        </Field>
        {input("scopes")}
      </fieldset>
      <fieldset className={styles.section}>
        <legend className={styles.legend}>{t("sso.claimsSection")}</legend>
        {input("emailClaim")}
        {input("nameClaim")}
        {input("groupsClaim")}
      </fieldset>
      <fieldset className={styles.section}>
        <legend className={styles.legend}>{t("sso.accessSection")}</legend>
        <Field
          label={labels.allowedDomains}
          hint={t("sso.domainsHint")}
          {...validation(errors.allowedDomains)}
        >
          <Textarea
            value={form.allowedDomains}
            spellCheck={false}
            onChange={(_e, data) => set({ allowedDomains: data.value })}
          />
        </Field>
        <Checkbox
          label={labels.jitEnabled}
          checked={form.jitEnabled}
          onChange={(_e, data) => set({ jitEnabled: data.checked === true })}
        />
        {input("buttonLabel", t("sso.buttonLabelHint"))}
        <Checkbox
          label={labels.enabled}
          checked={form.enabled}
          onChange={(_e, data) => set({ enabled: data.checked === true })}
        />
        <Checkbox
          label={labels.requireSso}
          checked={form.requireSso}
          onChange={(_e, data) => set({ requireSso: data.checked === true })}
        />
      </fieldset>
      <StatusMessage message={saved ? t("sso.saved") : null} />
      <ErrorMessage error={failure} fieldLabel={blamed ? labels[blamed] : null} />
      <div className={styles.actions}>
        <Button type="submit" appearance="primary" disabled={busy}>
          {t("common.save")}
        </Button>
      </div>
    </form>
  );
}
