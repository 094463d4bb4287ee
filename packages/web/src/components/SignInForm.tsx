import type { ReactNode } from "react";
import { Button, Field, Input } from "@fluentui/react-components";
import { useTranslation } from "react-i18next";
import { LIMITS } from "@engawa/shared";
import { validation } from "../forms.ts";
import type { Submission } from "../useSubmission.ts";
import { ErrorMessage, StatusMessage } from "./ErrorMessage.tsx";
import { useFormStyles } from "./layout.ts";
import { PageHeading } from "./PageHeading.tsx";
import { PublicShell } from "./PublicShell.tsx";
import { RouterLink } from "./RouterLink.tsx";

/** The e-mail address and password every sign-in asks for. */
export interface Credentials {
  email: string;
  password: string;
}

/**
 * The sign-in page, shared by organisation users and operators so both look and behave alike:
 * heading, why the person is here, e-mail and password (after any fields of the page's own, such
 * as the organisation ID), the error, the submit button and a link to the other sign-in.
 */
export function SignInForm({
  title,
  reason,
  sessionEnded,
  intro,
  submitLabel,
  otherSignIn,
  submission,
  onSubmit,
  credentials,
  onCredentials,
  blamedLabel,
  overrides,
  children,
  alternative,
}: {
  title: string;
  /** Why the person was sent here: `?reason=` of the URL (session_ended, signed_out), or null. */
  reason: string | null;
  /** What to say when the session ended (the two kinds of session end differently). */
  sessionEnded: string;
  intro: string;
  submitLabel: string;
  /** The link to the other kind of account's sign-in. */
  otherSignIn: { href: string; label: string };
  submission: Pick<Submission<keyof Credentials>, "formRef" | "errors" | "failure" | "busy">;
  onSubmit: () => Promise<void>;
  credentials: Credentials;
  onCredentials: (change: Partial<Credentials>) => void;
  /** The label of the field the server blamed, if any. */
  blamedLabel: string | null;
  /** Page-specific wording for some error codes. */
  overrides?: Partial<Record<string, string>>;
  /** Fields placed before the e-mail address. */
  children?: ReactNode;
  /** Another way to sign in, placed after the submit button (e.g. a passkey). */
  alternative?: ReactNode;
}) {
  const { t } = useTranslation();
  const styles = useFormStyles();
  const { formRef, errors, failure, busy } = submission;
  const notice =
    reason === "session_ended"
      ? sessionEnded
      : reason === "signed_out"
        ? t("signIn.signedOut")
        : reason === "too_many_codes"
          ? t("signIn.tooManyCodes")
          : null;
  return (
    <PublicShell>
      <PageHeading>{title}</PageHeading>
      {notice && <StatusMessage intent="info" message={notice} />}
      <form
        ref={formRef}
        className={styles.card}
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void onSubmit();
        }}
      >
        <p className={styles.help}>{intro}</p>
        {children}
        <Field label={t("common.email")} {...validation(errors.email)}>
          <Input
            required
            type="email"
            autoComplete="username"
            maxLength={LIMITS.emailMax}
            value={credentials.email}
            onChange={(_e, data) => onCredentials({ email: data.value })}
          />
        </Field>
        <Field label={t("common.password")} {...validation(errors.password)}>
          <Input
            required
            type="password"
            autoComplete="current-password"
            maxLength={LIMITS.passwordMax}
            value={credentials.password}
            onChange={(_e, data) => onCredentials({ password: data.value })}
          />
        </Field>
        <ErrorMessage error={failure} fieldLabel={blamedLabel} overrides={overrides} />
        <div className={styles.actions}>
          <Button type="submit" appearance="primary" disabled={busy}>
            {submitLabel}
          </Button>
          {alternative}
        </div>
        <p className={styles.help}>
          <RouterLink href={otherSignIn.href}>{otherSignIn.label}</RouterLink>
        </p>
      </form>
    </PublicShell>
  );
}
