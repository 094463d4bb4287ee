import { useState, type FormEvent } from "react";
import {
  Button,
  Field,
  Input,
  Radio,
  RadioGroup,
  Select,
  Textarea,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useTranslation } from "react-i18next";
import {
  TUNABLE_DETECTIONS,
  type DetectionLevel,
  type PolicyLevel,
  type RiskSettings,
  type RiskSettingsResponse,
} from "@engawa/shared";
import { useUserSession } from "../../api/session.tsx";
import { useLoader } from "../../api/useLoader.ts";
import { ErrorMessage, StatusMessage } from "../../components/ErrorMessage.tsx";
import { Loading } from "../../components/Loading.tsx";
import { useFormStyles } from "../../components/layout.ts";
import { detectionName } from "../../riskWords.ts";
import { compact, validation } from "../../forms.ts";
import { useSubmission } from "../../useSubmission.ts";

const LEVELS: readonly DetectionLevel[] = ["off", "low", "medium", "high"];
const RANGE_LISTS = ["trustedRanges", "anonymousRanges", "botnetRanges"] as const;
type RangeList = (typeof RANGE_LISTS)[number];
const THRESHOLDS = {
  failures: { min: 2, max: 1000 },
  accounts: { min: 2, max: 100 },
  windowMinutes: { min: 1, max: 24 * 60 },
} as const;
type Threshold = keyof typeof THRESHOLDS;
const FIELDS = [...RANGE_LISTS, "failures", "accounts", "windowMinutes"] as const;

const useStyles = makeStyles({
  levels: {
    display: "grid",
    gridTemplateColumns: "repeat(auto-fit, minmax(280px, 1fr))",
    gap: tokens.spacingVerticalM,
  },
  thresholds: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalL },
});

/** A textarea's lines as list entries (blank lines dropped). */
const linesOf = (text: string) =>
  text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);

/** Loose check before sending: the server checks every entry exactly and names a bad one. */
const looksLikeRange = (entry: string) => /^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(entry);

/** The detections' levels, the built-in risk policies, the thresholds and the address lists. */
export function RiskSettingsTab({ slug }: { slug: string }) {
  const { request } = useUserSession();
  const path = `/api/t/${slug}/risk/settings`;
  const loaded = useLoader((signal) => request<RiskSettingsResponse>(path, { signal }));
  if (loaded.error) return <ErrorMessage error={loaded.error} />;
  if (!loaded.data) return <Loading />;
  return <RiskSettingsForm path={path} initial={loaded.data.settings} />;
}

function RiskSettingsForm({ path, initial }: { path: string; initial: RiskSettings }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const form = useFormStyles();
  const { request } = useUserSession();
  const { formRef, errors, failure, busy, check, send } = useSubmission(FIELDS);
  const [settings, setSettings] = useState(initial);
  const [ranges, setRanges] = useState<Record<RangeList, string>>(() => ({
    trustedRanges: initial.trustedRanges.join("\n"),
    anonymousRanges: initial.anonymousRanges.join("\n"),
    botnetRanges: initial.botnetRanges.join("\n"),
  }));
  const [numbers, setNumbers] = useState<Record<Threshold, string>>(() => ({
    failures: String(initial.suspiciousIp.failures),
    accounts: String(initial.suspiciousIp.accounts),
    windowMinutes: String(initial.suspiciousIp.windowMinutes),
  }));
  const [saved, setSaved] = useState(false);

  function outOfRange(key: Threshold): string | undefined {
    const { min, max } = THRESHOLDS[key];
    const value = Number(numbers[key]);
    return /^\d+$/.test(numbers[key].trim()) && value >= min && value <= max
      ? undefined
      : t("risk.outOfRange", { min, max });
  }

  function badRange(key: RangeList): string | undefined {
    const bad = linesOf(ranges[key]).find((entry) => !looksLikeRange(entry));
    return bad === undefined ? undefined : t("risk.badRange", { entry: bad });
  }

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    setSaved(false);
    const problems = compact<(typeof FIELDS)[number]>({
      trustedRanges: badRange("trustedRanges"),
      anonymousRanges: badRange("anonymousRanges"),
      botnetRanges: badRange("botnetRanges"),
      failures: outOfRange("failures"),
      accounts: outOfRange("accounts"),
      windowMinutes: outOfRange("windowMinutes"),
    });
    if (!check(problems)) return;
    const body: RiskSettings = {
      ...settings,
      suspiciousIp: {
        failures: Number(numbers.failures),
        accounts: Number(numbers.accounts),
        windowMinutes: Number(numbers.windowMinutes),
      },
      trustedRanges: linesOf(ranges.trustedRanges),
      anonymousRanges: linesOf(ranges.anonymousRanges),
      botnetRanges: linesOf(ranges.botnetRanges),
    };
    await send(async () => {
      const result = await request<RiskSettingsResponse>(path, { method: "PUT", body });
      setSettings(result.settings);
      setSaved(true);
    });
  }

  return (
    <form ref={formRef} className={form.form} noValidate onSubmit={(event) => void submit(event)}>
      <fieldset className={form.section}>
        <legend className={form.legend}>{t("risk.policiesSection")}</legend>
        <p className={form.help}>{t("risk.policiesHelp")}</p>
        <PolicyFields
          label={t("risk.signInPolicy")}
          policy={settings.signInRiskPolicy}
          controls={[
            ["mfa", t("risk.requireMfa")],
            ["block", t("risk.block")],
          ]}
          onChange={(signInRiskPolicy) => setSettings({ ...settings, signInRiskPolicy })}
        />
        <PolicyFields
          label={t("risk.userPolicy")}
          policy={settings.userRiskPolicy}
          controls={[
            ["password_change", t("risk.requirePasswordChange")],
            ["block", t("risk.block")],
          ]}
          onChange={(userRiskPolicy) => setSettings({ ...settings, userRiskPolicy })}
        />
      </fieldset>
      <fieldset className={form.section}>
        <legend className={form.legend}>{t("risk.detectionsSection")}</legend>
        <p className={form.help}>{t("risk.detectionsHelp")}</p>
        <div className={styles.levels}>
          {TUNABLE_DETECTIONS.map((kind) => (
            <Field key={kind} label={detectionName(t, kind)} hint={t(`risk.explain.${kind}`)}>
              <Select
                value={settings.levels[kind]}
                onChange={(_e, data) =>
                  setSettings({
                    ...settings,
                    levels: { ...settings.levels, [kind]: data.value as DetectionLevel },
                  })
                }
              >
                {LEVELS.map((level) => (
                  <option key={level} value={level}>
                    {t(`risk.levels.${level}`)}
                  </option>
                ))}
              </Select>
            </Field>
          ))}
        </div>
      </fieldset>
      <fieldset className={form.section}>
        <legend className={form.legend}>{t("risk.suspiciousSection")}</legend>
        <p className={form.help}>{t("risk.explain.suspicious_ip")}</p>
        <div className={styles.thresholds}>
          {(["failures", "accounts", "windowMinutes"] as const).map((key) => (
            <Field
              key={key}
              label={t(
                `risk.suspicious${key === "windowMinutes" ? "Window" : key === "failures" ? "Failures" : "Accounts"}`,
              )}
              {...validation(errors[key])}
            >
              <Input
                type="number"
                inputMode="numeric"
                min={THRESHOLDS[key].min}
                max={THRESHOLDS[key].max}
                value={numbers[key]}
                onChange={(_e, data) => setNumbers({ ...numbers, [key]: data.value })}
              />
            </Field>
          ))}
        </div>
      </fieldset>
      <fieldset className={form.section}>
        <legend className={form.legend}>{t("risk.rangesSection")}</legend>
        <p className={form.help}>{t("risk.rangesHelp")}</p>
        {RANGE_LISTS.map((key) => (
          <Field
            key={key}
            label={t(`risk.${key}`)}
            {...(key === "trustedRanges" ? { hint: t("risk.trustedHint") } : {})}
            {...validation(errors[key])}
          >
            <Textarea
              resize="vertical"
              rows={3}
              value={ranges[key]}
              onChange={(_e, data) => setRanges({ ...ranges, [key]: data.value })}
            />
          </Field>
        ))}
      </fieldset>
      <ErrorMessage error={failure} />
      {saved && <StatusMessage intent="success" message={t("risk.saved")} />}
      <div className={form.actions}>
        <Button type="submit" appearance="primary" disabled={busy}>
          {t("risk.save")}
        </Button>
      </div>
    </form>
  );
}

/**
 * One built-in risk policy: from which level it applies (a select named `label`) and what it
 * requires (a radio group of the same name).
 */
function PolicyFields<C extends string>({
  label,
  policy,
  controls,
  onChange,
}: {
  label: string;
  policy: { level: PolicyLevel; control: C };
  controls: readonly (readonly [C, string])[];
  onChange: (policy: { level: PolicyLevel; control: C }) => void;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Field label={label}>
        <Select
          value={policy.level}
          onChange={(_e, data) => onChange({ ...policy, level: data.value as PolicyLevel })}
        >
          {LEVELS.map((level) => (
            <option key={level} value={level}>
              {level === "off" ? t("risk.policyOff") : t(`risk.levels.${level}`)}
            </option>
          ))}
        </Select>
      </Field>
      <RadioGroup
        aria-label={label}
        value={policy.control}
        onChange={(_e, data) => {
          const chosen = controls.find(([value]) => value === data.value);
          if (chosen) onChange({ ...policy, control: chosen[0] });
        }}
      >
        {controls.map(([value, text]) => (
          <Radio key={value} value={value} label={text} />
        ))}
      </RadioGroup>
    </>
  );
}
