import { useState } from "react";
import { Checkbox, Field, Input, makeStyles, Select, tokens } from "@fluentui/react-components";
import { useTranslation } from "react-i18next";
import {
  IDLE_TIMEOUT_MINUTES,
  SIGN_IN_FREQUENCY_MINUTES,
  type CaSessionControls,
} from "@engawa/shared";
import { validation } from "../../forms.ts";

const useStyles = makeStyles({
  row: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS, alignItems: "end" },
  amount: { width: "8em" },
});

const UNITS = { minutes: 1, hours: 60, days: 1440 } as const;
type Unit = keyof typeof UNITS;

/** The largest unit a number of minutes is a whole number of, as Entra shows hours and days. */
export function amountOf(minutes: number): { amount: string; unit: Unit } {
  const unit: Unit =
    minutes % UNITS.days === 0 ? "days" : minutes % UNITS.hours === 0 ? "hours" : "minutes";
  return { amount: String(minutes / UNITS[unit]), unit };
}

/** Minutes from what was typed; NaN when it is not a whole number (the editor says so). */
function minutesOf(amount: string, unit: Unit): number {
  return /^\d{1,6}$/.test(amount.trim()) ? Number(amount.trim()) * UNITS[unit] : Number.NaN;
}

/** Whether a session control's minutes are ones the server takes. */
export function sessionMinutesProblem(
  minutes: number | null,
  range: { min: number; max: number },
): boolean {
  return (
    minutes !== null && !(Number.isInteger(minutes) && minutes >= range.min && minutes <= range.max)
  );
}

export const SESSION_RANGES = {
  signInFrequency: SIGN_IN_FREQUENCY_MINUTES,
  idleTimeout: IDLE_TIMEOUT_MINUTES,
} as const;

/**
 * The policy form's session controls (zero-trust-anchors.md §8.4): view only, watermark, sign-in frequency
 * (every so many minutes, hours or days, as Entra asks it) and idle timeout (minutes). A block
 * leaves nothing to control, so they are turned off with it.
 */
export function SessionControlFields({
  value,
  blocked,
  errors,
  onChange,
}: {
  value: CaSessionControls;
  blocked: boolean;
  errors: { signInFrequency?: string; idleTimeout?: string };
  onChange: (next: CaSessionControls) => void;
}) {
  const { t } = useTranslation();
  const styles = useStyles();
  const [frequency, setFrequency] = useState(() =>
    amountOf(value.signInFrequencyMinutes ?? 8 * UNITS.hours),
  );
  const [idle, setIdle] = useState(String(value.idleTimeoutMinutes ?? 30));
  const frequencyOn = value.signInFrequencyMinutes !== null && !blocked;
  const idleOn = value.idleTimeoutMinutes !== null && !blocked;
  const setFrequencyTo = (next: { amount: string; unit: Unit }) => {
    setFrequency(next);
    onChange({ ...value, signInFrequencyMinutes: minutesOf(next.amount, next.unit) });
  };

  return (
    <>
      <Field hint={t("ca.editor.viewOnlyHelp")}>
        <Checkbox
          label={t("ca.editor.viewOnly")}
          disabled={blocked}
          checked={value.viewOnly && !blocked}
          onChange={(_e, d) => onChange({ ...value, viewOnly: d.checked === true })}
        />
      </Field>
      <Field hint={t("ca.editor.watermarkHelp")}>
        <Checkbox
          label={t("ca.editor.watermark")}
          disabled={blocked}
          checked={value.watermark && !blocked}
          onChange={(_e, d) => onChange({ ...value, watermark: d.checked === true })}
        />
      </Field>
      <Field hint={t("ca.editor.signInFrequencyHelp")}>
        <Checkbox
          label={t("ca.editor.signInFrequency")}
          disabled={blocked}
          checked={frequencyOn}
          onChange={(_e, d) =>
            onChange({
              ...value,
              signInFrequencyMinutes:
                d.checked === true ? minutesOf(frequency.amount, frequency.unit) : null,
            })
          }
        />
      </Field>
      {frequencyOn && (
        <div className={styles.row}>
          <Field label={t("ca.editor.signInEvery")} {...validation(errors.signInFrequency)}>
            <Input
              className={styles.amount}
              type="number"
              min={1}
              inputMode="numeric"
              value={frequency.amount}
              onChange={(_e, d) => setFrequencyTo({ ...frequency, amount: d.value })}
            />
          </Field>
          <Field label={t("ca.editor.unit")}>
            <Select
              value={frequency.unit}
              onChange={(_e, d) =>
                setFrequencyTo({
                  ...frequency,
                  unit: (d.value as Unit) in UNITS ? (d.value as Unit) : "hours",
                })
              }
            >
              {(Object.keys(UNITS) as Unit[]).map((unit) => (
                <option key={unit} value={unit}>
                  {t(`ca.editor.units.${unit}`)}
                </option>
              ))}
            </Select>
          </Field>
        </div>
      )}
      <Field hint={t("ca.editor.idleTimeoutHelp")}>
        <Checkbox
          label={t("ca.editor.idleTimeout")}
          disabled={blocked}
          checked={idleOn}
          onChange={(_e, d) =>
            onChange({
              ...value,
              idleTimeoutMinutes: d.checked === true ? minutesOf(idle, "minutes") : null,
            })
          }
        />
      </Field>
      {idleOn && (
        <Field label={t("ca.editor.idleMinutes")} {...validation(errors.idleTimeout)}>
          <Input
            className={styles.amount}
            type="number"
            min={IDLE_TIMEOUT_MINUTES.min}
            max={IDLE_TIMEOUT_MINUTES.max}
            inputMode="numeric"
            value={idle}
            onChange={(_e, d) => {
              setIdle(d.value);
              onChange({ ...value, idleTimeoutMinutes: minutesOf(d.value, "minutes") });
            }}
          />
        </Field>
      )}
    </>
  );
}
