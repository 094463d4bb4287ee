import { useState } from "react";
import {
  Button,
  Checkbox,
  Field,
  Input,
  makeStyles,
  mergeClasses,
  Textarea,
  tokens,
} from "@fluentui/react-components";
import { useTranslation } from "react-i18next";
import {
  OS_ID_PATTERN,
  OS_VERSION_PATTERN,
  type ComplianceRulesResponse,
  type DeviceComplianceRules,
} from "@engawa/shared";
import { useUserSession } from "../../api/session.tsx";
import { useLoader } from "../../api/useLoader.ts";
import { ErrorMessage, StatusMessage } from "../../components/ErrorMessage.tsx";
import { useFormStyles } from "../../components/layout.ts";
import { useActionMessages } from "../../useActionMessages.ts";

const useStyles = makeStyles({ spaced: { marginTop: tokens.spacingVerticalXXL } });

const CHECKS = [
  "requireDiskEncryption",
  "requireFirewall",
  "requireScreenLock",
  "requireAntivirus",
] as const;

interface Draft {
  checks: Record<(typeof CHECKS)[number], boolean>;
  maxPostureAgeHours: string;
  maxDaysSinceUpdate: string;
  minOsVersions: string;
}

const draftOf = (rules: DeviceComplianceRules): Draft => ({
  checks: {
    requireDiskEncryption: rules.requireDiskEncryption,
    requireFirewall: rules.requireFirewall,
    requireScreenLock: rules.requireScreenLock,
    requireAntivirus: rules.requireAntivirus,
  },
  maxPostureAgeHours: String(rules.maxPostureAgeHours),
  maxDaysSinceUpdate: rules.maxDaysSinceUpdate === null ? "" : String(rules.maxDaysSinceUpdate),
  minOsVersions: rules.minOsVersions.map((m) => `${m.osId} ${m.version}`).join("\n"),
});

const wholeIn = (text: string, min: number, max: number): number | null => {
  const value = Number(text.trim());
  return /^\d+$/.test(text.trim()) && value >= min && value <= max ? value : null;
};

/** "ubuntu 22.04" lines into rules; null if a line is not an OS id and a version. */
function parseMinimums(text: string): DeviceComplianceRules["minOsVersions"] | null {
  const minimums: DeviceComplianceRules["minOsVersions"] = [];
  for (const line of text.split("\n").map((l) => l.trim())) {
    if (line === "") continue;
    const [osId = "", version = "", ...rest] = line.split(/\s+/);
    if (
      rest.length > 0 ||
      !new RegExp(OS_ID_PATTERN).test(osId) ||
      !new RegExp(OS_VERSION_PATTERN).test(version)
    )
      return null;
    minimums.push({ osId, version });
  }
  return minimums.length <= 20 ? minimums : null;
}

/**
 * The organisation's device compliance rules (what an engawa-agent report must show), for its
 * administrators. Problems are shown beside the field they concern; nothing is saved until all
 * are right.
 */
export function ComplianceRulesForm({ tenant, onSaved }: { tenant: string; onSaved: () => void }) {
  const { t } = useTranslation();
  const form = useFormStyles();
  const styles = useStyles();
  const { request } = useUserSession();
  const url = `/api/t/${encodeURIComponent(tenant)}/device-compliance`;
  const loaded = useLoader((signal) => request<ComplianceRulesResponse>(url, { signal }));
  return (
    <section className={mergeClasses(form.card, styles.spaced)} aria-labelledby="compliance-rules">
      <h2 id="compliance-rules" className={form.legend}>
        {t("compliance.rulesHeading")}
      </h2>
      <p className={form.help}>{t("compliance.rulesHelp")}</p>
      <ErrorMessage error={loaded.error} />
      {loaded.data && <RulesFields url={url} initial={loaded.data.rules} onSaved={onSaved} />}
    </section>
  );
}

function RulesFields({
  url,
  initial,
  onSaved,
}: {
  url: string;
  initial: DeviceComplianceRules;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const form = useFormStyles();
  const { request } = useUserSession();
  const { notice, failure, attempt } = useActionMessages();
  const [draft, setDraft] = useState<Draft>(() => draftOf(initial));
  const [problems, setProblems] = useState<Partial<Record<keyof Draft, string>>>({});

  const save = () =>
    attempt(async () => {
      const hours = wholeIn(draft.maxPostureAgeHours, 1, 720);
      const blankDays = draft.maxDaysSinceUpdate.trim() === "";
      const days = blankDays ? null : wholeIn(draft.maxDaysSinceUpdate, 1, 365);
      const minimums = parseMinimums(draft.minOsVersions);
      const found: typeof problems = {};
      if (hours === null) found.maxPostureAgeHours = t("compliance.numberInvalid");
      if (days === null && !blankDays) found.maxDaysSinceUpdate = t("compliance.numberInvalid");
      if (minimums === null) found.minOsVersions = t("compliance.minOsVersionsInvalid");
      setProblems(found);
      if (hours === null || minimums === null || Object.keys(found).length > 0) return;
      const rules: DeviceComplianceRules = {
        ...draft.checks,
        maxPostureAgeHours: hours,
        maxDaysSinceUpdate: days,
        minOsVersions: minimums,
      };
      await request<ComplianceRulesResponse>(url, { method: "PUT", body: rules });
      onSaved();
      return t("compliance.saved");
    });

  const problemOf = (field: keyof Draft) => ({
    validationMessage: problems[field],
    validationState: problems[field] ? ("error" as const) : ("none" as const),
  });

  return (
    <form
      className={form.form}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <StatusMessage message={notice} />
      <ErrorMessage error={failure} />
      {CHECKS.map((check) => (
        <Checkbox
          key={check}
          label={t(`compliance.${check}`)}
          checked={draft.checks[check]}
          onChange={(_e, d) =>
            setDraft({ ...draft, checks: { ...draft.checks, [check]: d.checked === true } })
          }
        />
      ))}
      <Field label={t("compliance.maxPostureAgeHours")} {...problemOf("maxPostureAgeHours")}>
        <Input
          inputMode="numeric"
          value={draft.maxPostureAgeHours}
          onChange={(_e, d) => setDraft({ ...draft, maxPostureAgeHours: d.value })}
        />
      </Field>
      <Field label={t("compliance.maxDaysSinceUpdate")} {...problemOf("maxDaysSinceUpdate")}>
        <Input
          inputMode="numeric"
          value={draft.maxDaysSinceUpdate}
          onChange={(_e, d) => setDraft({ ...draft, maxDaysSinceUpdate: d.value })}
        />
      </Field>
      <Field
        label={t("compliance.minOsVersions")}
        hint={t("compliance.minOsVersionsHint")}
        {...problemOf("minOsVersions")}
      >
        <Textarea
          value={draft.minOsVersions}
          onChange={(_e, d) => setDraft({ ...draft, minOsVersions: d.value })}
        />
      </Field>
      <div className={form.actions}>
        <Button type="submit" appearance="primary">
          {t("compliance.save")}
        </Button>
      </div>
    </form>
  );
}
