import { useState, type RefObject } from "react";
import { useTranslation } from "react-i18next";
import { asApiError } from "./api/client.ts";
import { blamedField, errorText } from "./components/ErrorMessage.tsx";
import type { FieldErrors } from "./forms.ts";
import { useFocusFirstInvalid } from "./useFocusFirstInvalid.ts";

/** What a form needs from {@link useSubmission}. */
export interface Submission<K extends string> {
  /** For the `<form>`: the first invalid field inside it gets focus after a failed submit. */
  formRef: RefObject<HTMLFormElement | null>;
  /** The problems shown on the fields, from the client's checks or the server's answer. */
  errors: FieldErrors<K>;
  /** The last request's error, for the form's ErrorMessage; null when there is none. */
  failure: unknown;
  /** The field the server blamed for `failure`, so the message can name it. */
  blamed: K | null;
  /** True while the request runs; the submit button is disabled meanwhile. */
  busy: boolean;
  /**
   * Shows the client-side problems (and clears the last failure); false, with focus moved to the
   * first invalid field, when there are any and the request should not be sent.
   */
  check: (problems: FieldErrors<K>) => boolean;
  /**
   * Runs the request while busy. A failure is kept for the ErrorMessage, passed to `onError`, and
   * (unless the form opted out) marked on the field the server blamed, which then gets focus.
   */
  send: (request: () => Promise<void>, onError?: (error: unknown) => void) => Promise<void>;
}

/**
 * The submit cycle every form repeated by hand: check, then busy → request → failure shown on the
 * blamed field → not busy. Each form keeps its own values, checks and request; only this cycle
 * is shared, so a form reads as what it asks and sends.
 *
 * `fields` are the form's field names in display order (the server's names for them, as
 * `blamedField` matches them). Sign-in forms pass `markBlamedField: false`: they name the field in
 * the message but leave the inputs unmarked, as they always have.
 */
export function useSubmission<K extends string = never>(
  fields: readonly K[] = [],
  {
    markBlamedField = true,
    overrides = {},
  }: {
    markBlamedField?: boolean;
    /** Page-specific words for some error codes (as ErrorMessage's `overrides`). */
    overrides?: Partial<Record<string, string>>;
  } = {},
): Submission<K> {
  const { t } = useTranslation();
  const { ref: formRef, focusFirstInvalid } = useFocusFirstInvalid<HTMLFormElement>();
  const [errors, setErrors] = useState<FieldErrors<K>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  function check(problems: FieldErrors<K>): boolean {
    setErrors(problems);
    setFailure(null);
    if (Object.keys(problems).length === 0) return true;
    focusFirstInvalid();
    return false;
  }

  async function send(
    request: () => Promise<void>,
    onError?: (error: unknown) => void,
  ): Promise<void> {
    setBusy(true);
    setFailure(null);
    try {
      await request();
    } catch (error) {
      setFailure(error);
      onError?.(error);
      const field = markBlamedField ? blamedField(error, fields) : null;
      if (field) {
        const blamedErrors: FieldErrors<K> = {};
        blamedErrors[field] = overrides[asApiError(error).code] ?? errorText(t, error);
        setErrors(blamedErrors);
        focusFirstInvalid();
      }
    } finally {
      setBusy(false);
    }
  }

  return {
    formRef,
    errors,
    failure,
    blamed: blamedField(failure, fields),
    busy,
    check,
    send,
  };
}
