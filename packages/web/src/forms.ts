import type { TFunction } from "i18next";
import { LIMITS } from "@engawa/shared";
import { SLUG_PATTERN } from "./slug.ts";

/** Field-level problems of a form, keyed by the form's own field names. */
export type FieldErrors<K extends string> = Partial<Record<K, string>>;

const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** The checks the server's schema would make, so most mistakes are caught before a round trip. */
export function checkRequired(t: TFunction, value: string): string | undefined {
  return value.trim() ? undefined : t("common.required");
}

/** A plausible e-mail address (the server decides; this catches typos early). */
export function checkEmail(t: TFunction, value: string): string | undefined {
  if (!value.trim()) return t("common.required");
  return EMAIL.test(value.trim()) && value.length <= LIMITS.emailMax
    ? undefined
    : t("common.emailInvalid");
}

/** The organisation ID pattern shared with the server. */
export function checkSlug(t: TFunction, value: string): string | undefined {
  if (!value) return t("common.required");
  return SLUG_PATTERN.test(value) ? undefined : t("common.slugInvalid");
}

/** Drops the keys without a problem, so "no problems" is an empty object. */
export function compact<K extends string>(errors: FieldErrors<K>): FieldErrors<K> {
  const result: FieldErrors<K> = {};
  for (const [key, value] of Object.entries(errors) as [K, string | undefined][])
    if (value) result[key] = value;
  return result;
}

/** Fluent Field props for a field's validation state. */
export function validation(message: string | undefined) {
  return {
    validationState: message ? ("error" as const) : ("none" as const),
    validationMessage: message,
  };
}
