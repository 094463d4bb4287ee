import { useState, type FormEvent, type ReactNode } from "react";
import { Button, Field, Input } from "@fluentui/react-components";
import { useTranslation } from "react-i18next";
import { LIMITS, type ChangePasswordRequest, type MeResponse } from "@engawa/shared";
import { useUserSession } from "../api/session.tsx";
import { compact, validation } from "../forms.ts";
import { useSubmission } from "../useSubmission.ts";
import { ErrorMessage } from "./ErrorMessage.tsx";
import { useFormStyles } from "./layout.ts";
import { guessableProblem, PasswordFields, passwordProblems } from "./PasswordFields.tsx";

const FIELDS = ["currentPassword", "newPassword", "confirm"] as const;
type ChangeField = (typeof FIELDS)[number];

/**
 * Changing one's own password: the current one, then the new one twice, checked against this
 * user's rules (`me.security.passwordRules`) and its strength before sending. The server ends the
 * user's other sessions; at the `password_change` sign-in step it renews this one, and the answer
 * is the session as it now stands (`onChanged`).
 */
export function ChangePasswordForm({
  me,
  onChanged,
  className,
  children,
}: {
  me: MeResponse;
  onChanged: (next: MeResponse) => void;
  className?: string;
  /** More buttons beside Submit (the sign-in step's Sign out). */
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const styles = useFormStyles();
  const { request } = useUserSession();
  const overrides = { wrong_current_password: t("changePassword.wrongCurrent") };
  const { formRef, errors, failure, blamed, busy, check, send } = useSubmission(FIELDS, {
    overrides,
  });
  const [form, setForm] = useState({ currentPassword: "", newPassword: "", confirm: "" });
  const rules = me.security.passwordRules;
  const context = [me.tenant.name, me.tenant.slug, me.user.displayName, me.user.email];
  const labels: Record<ChangeField, string> = {
    currentPassword: t("changePassword.current"),
    newPassword: t("changePassword.new"),
    confirm: t("common.passwordConfirm"),
  };

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    const passwords = passwordProblems(t, form.newPassword, form.confirm, rules);
    passwords.password ??= await guessableProblem(t, form.newPassword, context);
    const problems = compact<ChangeField>({
      currentPassword: form.currentPassword ? undefined : t("common.required"),
      newPassword: passwords.password,
      confirm: passwords.confirm,
    });
    if (!check(problems)) return;
    const body: ChangePasswordRequest = {
      currentPassword: form.currentPassword,
      newPassword: form.newPassword,
    };
    await send(async () => {
      const next = await request<MeResponse>("/api/me/password", { method: "POST", body });
      setForm({ currentPassword: "", newPassword: "", confirm: "" });
      onChanged(next);
    });
  }

  return (
    <form
      ref={formRef}
      className={className ?? styles.form}
      noValidate
      onSubmit={(event) => void submit(event)}
    >
      {/* For password managers: whose password this is. */}
      <input
        type="email"
        autoComplete="username"
        value={me.user.email}
        readOnly
        hidden
        aria-hidden="true"
      />
      <Field label={labels.currentPassword} {...validation(errors.currentPassword)}>
        <Input
          required
          type="password"
          autoComplete="current-password"
          maxLength={LIMITS.passwordMax}
          value={form.currentPassword}
          onChange={(_e, data) => setForm({ ...form, currentPassword: data.value })}
        />
      </Field>
      <PasswordFields
        password={form.newPassword}
        confirm={form.confirm}
        onPassword={(newPassword) => setForm({ ...form, newPassword })}
        onConfirm={(confirm) => setForm({ ...form, confirm })}
        passwordError={errors.newPassword}
        confirmError={errors.confirm}
        passwordLabel={labels.newPassword}
        rules={rules}
        context={context}
      />
      <ErrorMessage
        error={failure}
        fieldLabel={blamed ? labels[blamed] : null}
        overrides={overrides}
      />
      <div className={styles.actions}>
        <Button type="submit" appearance="primary" disabled={busy}>
          {t("changePassword.submit")}
        </Button>
        {children}
      </div>
    </form>
  );
}
