import { useState, type FormEvent } from "react";
import { Button, Field, Input } from "@fluentui/react-components";
import { useTranslation } from "react-i18next";
import type { TFunction } from "i18next";
import {
  SESSION_LIMITS,
  type MeResponse,
  type TenantSettings,
  type TenantSettingsResponse,
} from "@engawa/shared";
import { useUserSession } from "../../api/session.tsx";
import { useLoader } from "../../api/useLoader.ts";
import { ErrorMessage, StatusMessage } from "../../components/ErrorMessage.tsx";
import { useFormStyles } from "../../components/layout.ts";
import { Loading } from "../../components/Loading.tsx";
import { PageHeading } from "../../components/PageHeading.tsx";
import { compact, validation } from "../../forms.ts";
import { useSubmission } from "../../useSubmission.ts";

const FIELDS = ["sessionIdleMinutes", "sessionAbsoluteHours"] as const;
type SettingsField = (typeof FIELDS)[number];

function checkRange(t: TFunction, text: string, min: number, max: number): string | undefined {
  const value = Number(text);
  return /^\d+$/.test(text.trim()) && value >= min && value <= max
    ? undefined
    : t("settings.outOfRange", { min, max });
}

/**
 * The organisation's session limits (idle and absolute). MHLW 6.0 asks for an idle lock-out and
 * leaves its length to the organisation; the bounds come from SESSION_LIMITS, shared with the server.
 */
export function SettingsPage({ me }: { me: MeResponse }) {
  const { t } = useTranslation();
  const { request } = useUserSession();
  const path = `/api/t/${encodeURIComponent(me.tenant.slug)}/settings`;
  const loaded = useLoader((signal) => request<TenantSettingsResponse>(path, { signal }));
  return (
    <>
      <PageHeading>{t("settings.title")}</PageHeading>
      <ErrorMessage error={loaded.error} />
      {loaded.data ? (
        <SettingsForm path={path} initial={loaded.data.settings} />
      ) : (
        !loaded.error && <Loading />
      )}
    </>
  );
}

function SettingsForm({ path, initial }: { path: string; initial: TenantSettings }) {
  const { t } = useTranslation();
  const { formRef, errors, failure, blamed, busy, check, send } = useSubmission(FIELDS);
  const styles = useFormStyles();
  const { request } = useUserSession();
  const [form, setForm] = useState({
    sessionIdleMinutes: String(initial.sessionIdleMinutes),
    sessionAbsoluteHours: String(initial.sessionAbsoluteHours),
  });
  const [saved, setSaved] = useState(false);
  const L = SESSION_LIMITS;
  const labels: Record<SettingsField, string> = {
    sessionIdleMinutes: t("settings.idle"),
    sessionAbsoluteHours: t("settings.absolute"),
  };

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    setSaved(false);
    const problems = compact<SettingsField>({
      sessionIdleMinutes: checkRange(
        t,
        form.sessionIdleMinutes,
        L.idleMinutesMin,
        L.idleMinutesMax,
      ),
      sessionAbsoluteHours: checkRange(
        t,
        form.sessionAbsoluteHours,
        L.absoluteHoursMin,
        L.absoluteHoursMax,
      ),
    });
    const settings: TenantSettings = {
      sessionIdleMinutes: Number(form.sessionIdleMinutes),
      sessionAbsoluteHours: Number(form.sessionAbsoluteHours),
    };
    if (
      !problems.sessionIdleMinutes &&
      !problems.sessionAbsoluteHours &&
      settings.sessionIdleMinutes > settings.sessionAbsoluteHours * 60
    ) {
      problems.sessionIdleMinutes = t("settings.idleTooLong");
    }
    if (!check(problems)) return;
    await send(async () => {
      const result = await request<TenantSettingsResponse>(path, { method: "PUT", body: settings });
      setForm({
        sessionIdleMinutes: String(result.settings.sessionIdleMinutes),
        sessionAbsoluteHours: String(result.settings.sessionAbsoluteHours),
      });
      setSaved(true);
    });
  }

  return (
    <form ref={formRef} className={styles.form} noValidate onSubmit={(event) => void submit(event)}>
      <fieldset className={styles.section}>
        <legend className={styles.legend}>{t("settings.sessionSection")}</legend>
        <p className={styles.help}>{t("settings.sessionHelp")}</p>
        <Field
          label={labels.sessionIdleMinutes}
          hint={t("settings.idleHint", { min: L.idleMinutesMin, max: L.idleMinutesMax })}
          {...validation(errors.sessionIdleMinutes)}
        >
          <Input
            required
            type="number"
            inputMode="numeric"
            min={L.idleMinutesMin}
            max={L.idleMinutesMax}
            step={1}
            value={form.sessionIdleMinutes}
            onChange={(_e, data) => setForm({ ...form, sessionIdleMinutes: data.value })}
          />
        </Field>
        <Field
          label={labels.sessionAbsoluteHours}
          hint={t("settings.absoluteHint", { min: L.absoluteHoursMin, max: L.absoluteHoursMax })}
          {...validation(errors.sessionAbsoluteHours)}
        >
          <Input
            required
            type="number"
            inputMode="numeric"
            min={L.absoluteHoursMin}
            max={L.absoluteHoursMax}
            step={1}
            value={form.sessionAbsoluteHours}
            onChange={(_e, data) => setForm({ ...form, sessionAbsoluteHours: data.value })}
          />
        </Field>
      </fieldset>
      <StatusMessage message={saved ? t("settings.saved") : null} />
      <ErrorMessage error={failure} fieldLabel={blamed ? labels[blamed] : null} />
      <div className={styles.actions}>
        <Button type="submit" appearance="primary" disabled={busy}>
          {t("common.save")}
        </Button>
      </div>
    </form>
  );
}
