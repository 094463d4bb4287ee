import { useEffect, useState } from "react";
import { Field, Input, makeStyles, mergeClasses, tokens } from "@fluentui/react-components";
import { useTranslation } from "react-i18next";
import type { TFunction } from "i18next";
import { LIMITS } from "@engawa/shared";
import { ja } from "../i18n/ja.ts";
import {
  estimateStrength,
  hasCharacterMix,
  preloadStrength,
  strongEnough,
  type Strength,
} from "../passwordStrength.ts";

/** What a new password must meet: the server's rules for this user (`passwordRules`). */
export interface PasswordRules {
  minLength: number;
  characterMix: boolean;
}

type WarningKey = keyof typeof ja.strength.warnings;
type SuggestionKey = keyof typeof ja.strength.suggestions;
const isWarning = (key: string): key is WarningKey => key in ja.strength.warnings;
const isSuggestion = (key: string): key is SuggestionKey => key in ja.strength.suggestions;
const LEVELS = ["veryWeak", "weak", "fair", "good", "strong"] as const;

const useStyles = makeStyles({
  meter: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
  bars: { display: "grid", gridTemplateColumns: "repeat(4, 1fr)", gap: tokens.spacingHorizontalXS },
  bar: {
    height: "6px",
    borderRadius: tokens.borderRadiusSmall,
    backgroundColor: tokens.colorNeutralStroke2,
  },
  weak: { backgroundColor: tokens.colorPaletteRedBorderActive },
  fair: { backgroundColor: tokens.colorPaletteDarkOrangeBorderActive },
  good: { backgroundColor: tokens.colorPaletteGreenBorderActive },
  text: { margin: 0, color: tokens.colorNeutralForeground2 },
  level: { margin: 0, fontWeight: tokens.fontWeightSemibold },
  list: {
    margin: 0,
    paddingLeft: tokens.spacingHorizontalXL,
    color: tokens.colorNeutralForeground2,
  },
});

/** The rules in words, as the new-password field's hint. */
export function passwordHint(t: TFunction, rules: PasswordRules): string {
  return [
    t("common.passwordHint", { min: rules.minLength }),
    rules.characterMix ? t("common.passwordMixHint") : null,
    t("common.passwordGuessHint"),
  ]
    .filter(Boolean)
    .join(" ");
}

/**
 * How hard the password is to guess, as the server will judge it (zxcvbn-ts, loaded on first
 * use): four bars (decoration; the words carry the meaning) and the level, what is wrong and what
 * would help, in a polite live region that updates once typing pauses.
 */
export function PasswordStrengthMeter({
  password,
  context,
  characterMix,
}: {
  password: string;
  context: readonly string[];
  characterMix: boolean;
}) {
  const { t } = useTranslation();
  const styles = useStyles();
  const [strength, setStrength] = useState<{ password: string; value: Strength } | null>(null);
  const contextKey = context.join("\n");

  useEffect(() => {
    preloadStrength();
  }, []);
  useEffect(() => {
    if (!password) return;
    let current = true;
    const timer = window.setTimeout(() => {
      estimateStrength(password, contextKey.split("\n"))
        .then((value) => {
          if (current) setStrength({ password, value });
        })
        .catch(() => undefined);
    }, 250);
    return () => {
      current = false;
      window.clearTimeout(timer);
    };
  }, [password, contextKey]);

  const shown = password && strength ? strength.value : null;
  const score = shown ? (shown.containsName ? Math.min(shown.score, 1) : shown.score) : 0;
  const fill = score >= 3 ? styles.good : score === 2 ? styles.fair : styles.weak;
  const suggestions = (shown?.suggestions ?? []).filter(
    (key) => isSuggestion(key) && !(characterMix && key === "noNeed"),
  );
  return (
    <div className={styles.meter}>
      <div className={styles.bars} aria-hidden="true">
        {[1, 2, 3, 4].map((step) => (
          <span
            key={step}
            className={mergeClasses(styles.bar, shown && score >= step ? fill : undefined)}
          />
        ))}
      </div>
      <div aria-live="polite">
        {shown && (
          <>
            <p className={styles.level}>
              {t("strength.label", { level: t(`strength.levels.${LEVELS[score] ?? "veryWeak"}`) })}
              {strongEnough(shown) ? "" : ` ${t("strength.notEnough")}`}
            </p>
            {shown.containsName ? (
              <p className={styles.text}>{t("strength.containsName")}</p>
            ) : (
              shown.warning &&
              isWarning(shown.warning) && (
                <p className={styles.text}>{t(`strength.warnings.${shown.warning}`)}</p>
              )
            )}
            {!strongEnough(shown) && suggestions.length > 0 && (
              <ul className={styles.list}>
                {suggestions.map((key) =>
                  isSuggestion(key) ? <li key={key}>{t(`strength.suggestions.${key}`)}</li> : null,
                )}
              </ul>
            )}
          </>
        )}
      </div>
    </div>
  );
}

/**
 * The two new-password inputs (password and confirmation), with the rules as a hint and a
 * strength meter. Pasting is allowed (password managers paste).
 */
export function PasswordFields({
  password,
  confirm,
  onPassword,
  onConfirm,
  passwordError,
  confirmError,
  passwordLabel,
  rules,
  context,
}: {
  password: string;
  confirm: string;
  onPassword: (value: string) => void;
  onConfirm: (value: string) => void;
  passwordError: string | undefined;
  confirmError: string | undefined;
  passwordLabel?: string;
  rules: PasswordRules;
  /** The organisation's and the person's names and e-mail: a password may not contain them. */
  context: readonly string[];
}) {
  const { t } = useTranslation();
  return (
    <>
      <Field
        label={passwordLabel ?? t("common.password")}
        hint={passwordHint(t, rules)}
        validationState={passwordError ? "error" : "none"}
        validationMessage={passwordError}
      >
        <Input
          required
          type="password"
          autoComplete="new-password"
          maxLength={LIMITS.passwordMax}
          value={password}
          onChange={(_event, data) => onPassword(data.value)}
        />
      </Field>
      <PasswordStrengthMeter
        password={password}
        context={context}
        characterMix={rules.characterMix}
      />
      <Field
        label={t("common.passwordConfirm")}
        validationState={confirmError ? "error" : "none"}
        validationMessage={confirmError}
      >
        <Input
          required
          type="password"
          autoComplete="new-password"
          maxLength={LIMITS.passwordMax}
          value={confirm}
          onChange={(_event, data) => onConfirm(data.value)}
        />
      </Field>
    </>
  );
}

/** Client-side checks that mirror the server's rules (the server still decides). */
export function passwordProblems(
  t: TFunction,
  password: string,
  confirm: string,
  rules: PasswordRules,
): { password?: string; confirm?: string } {
  const problems: { password?: string; confirm?: string } = {};
  const normalised = password.normalize("NFKC");
  if ([...normalised].length < rules.minLength)
    problems.password = t("common.passwordTooShort", { min: rules.minLength });
  else if (rules.characterMix && !hasCharacterMix(normalised))
    problems.password = t("errors.password_needs_mix");
  if (confirm !== password) problems.confirm = t("common.passwordMismatch");
  return problems;
}

/**
 * How long sending waits for the dictionaries: on a slow link the form goes ahead without the
 * check rather than seem stuck (the server checks every password anyway).
 */
const STRENGTH_WAIT_MS = 8000;

/**
 * The strength check before sending: the words the server would answer with when it would
 * refuse the password as easy to guess. Undefined when it would not, or when the dictionaries
 * could not be loaded in time (then the server's answer is shown instead).
 */
export async function guessableProblem(
  t: TFunction,
  password: string,
  context: readonly string[],
): Promise<string | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), STRENGTH_WAIT_MS);
  });
  try {
    const strength = await Promise.race([estimateStrength(password, context), late]);
    if (strength === null) return undefined;
    return strongEnough(strength) ? undefined : t("errors.password_too_common");
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}
