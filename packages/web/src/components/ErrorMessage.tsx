import { MessageBar, MessageBarBody, makeStyles, tokens } from "@fluentui/react-components";
import { useTranslation } from "react-i18next";
import type { TFunction } from "i18next";
import { LIMITS } from "@engawa/shared";
import { asApiError, isAbort } from "../api/client.ts";

const useStyles = makeStyles({
  region: { ":not(:empty)": { marginBottom: tokens.spacingVerticalM } },
});

/**
 * The words for a failure: `errors.<code>` in the UI language, never the server's raw text or a
 * stack. A 429 says how long to wait when the server sent Retry-After.
 */
export function errorText(t: TFunction, error: unknown): string {
  const apiError = asApiError(error);
  const wait = apiError.retryAfterSeconds;
  if (apiError.code === "rate_limited" && wait !== undefined) {
    return wait >= 90
      ? t("errors.rate_limited_retry_minutes", { minutes: Math.ceil(wait / 60) })
      : t("errors.rate_limited_retry", { seconds: wait });
  }
  return t(`errors.${apiError.code}`, { min: LIMITS.passwordMin });
}

/**
 * Which of a form's fields the server blamed. The server names nested fields by path
 * (`operator.email`) for schema errors and by leaf (`email`, `slug`) for rule errors; both match.
 */
export function blamedField<K extends string>(error: unknown, keys: readonly K[]): K | null {
  const field = error === null ? undefined : asApiError(error).field;
  if (!field) return null;
  const exact = keys.find((key) => key === field);
  if (exact) return exact;
  return keys.find((key) => key.endsWith(`.${field}`) || field.endsWith(`.${key}`)) ?? null;
}

interface ErrorMessageProps {
  error: unknown;
  /** The visible label of the field the server blamed, if any. */
  fieldLabel?: string | null;
  /** Page-specific wording for some codes (e.g. operator sign-in has no organisation ID). */
  overrides?: Partial<Record<string, string>>;
}

/**
 * An error in an assertive live region: the region is always rendered, so screen readers announce
 * the message when it appears.
 */
export function ErrorMessage({ error, fieldLabel, overrides }: ErrorMessageProps) {
  const { t } = useTranslation();
  const styles = useStyles();
  const show = error !== null && error !== undefined && !isAbort(error);
  return (
    <div role="alert" className={styles.region}>
      {show && (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>
            {(show && overrides?.[asApiError(error).code]) || errorText(t, error)}
            {fieldLabel ? ` ${t("errors.fieldNamed", { field: fieldLabel })}` : null}
          </MessageBarBody>
        </MessageBar>
      )}
    </div>
  );
}

/** A success or information message in a polite live region. */
export function StatusMessage({
  message,
  intent = "success",
}: {
  message: string | null;
  intent?: "success" | "info" | "warning";
}) {
  const styles = useStyles();
  return (
    <div role="status" className={styles.region}>
      {message && (
        <MessageBar intent={intent} layout="multiline">
          <MessageBarBody>{message}</MessageBarBody>
        </MessageBar>
      )}
    </div>
  );
}
