import { useTranslation } from "react-i18next";
import { formattingLocale } from "../i18n/index.ts";

/** A datetime-local value is the viewer's local time; the API wants an ISO instant in UTC. */
export function localInputToIso(local: string): string | undefined {
  if (!local) return undefined;
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** Date and time in the viewer's own time zone, in the UI language's conventions. */
export function formatDateTime(iso: string, withSeconds = false): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(formattingLocale(), {
    dateStyle: "medium",
    timeStyle: withSeconds ? "medium" : "short",
  }).format(date);
}

/**
 * A `<time>` element: the machine-readable UTC instant in `dateTime`, the local rendering as text.
 * Re-renders when the language changes.
 */
export function DateTime({ value, withSeconds = false }: { value: string; withSeconds?: boolean }) {
  useTranslation();
  return <time dateTime={value}>{formatDateTime(value, withSeconds)}</time>;
}
