import { Field, Input } from "@fluentui/react-components";
import { useTranslation } from "react-i18next";
import type { TFunction } from "i18next";
import { LIMITS } from "@engawa/shared";

/** The two new-password inputs (password and confirmation), with the minimum length as a hint. */
export function PasswordFields({
  password,
  confirm,
  onPassword,
  onConfirm,
  passwordError,
  confirmError,
  passwordLabel,
}: {
  password: string;
  confirm: string;
  onPassword: (value: string) => void;
  onConfirm: (value: string) => void;
  passwordError: string | undefined;
  confirmError: string | undefined;
  passwordLabel?: string;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Field
        label={passwordLabel ?? t("common.password")}
        hint={t("common.passwordHint", { min: LIMITS.passwordMin })}
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

/** Client-side checks that mirror the server's (the server still decides). */
export function passwordProblems(
  t: TFunction,
  password: string,
  confirm: string,
): { password?: string; confirm?: string } {
  const problems: { password?: string; confirm?: string } = {};
  if ([...password.normalize("NFKC")].length < LIMITS.passwordMin)
    problems.password = t("common.passwordTooShort", { min: LIMITS.passwordMin });
  if (confirm !== password) problems.confirm = t("common.passwordMismatch");
  return problems;
}
