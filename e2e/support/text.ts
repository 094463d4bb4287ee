import { en } from "../../packages/web/src/i18n/en.ts";
import { ja } from "../../packages/web/src/i18n/ja.ts";

export type Locale = "ja" | "en";

/** The web client's own dictionaries: tests find controls by the words a person reads. */
export const TEXT = { ja, en } as const;

/** Fills `{{name}}` placeholders as i18next does. */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => values[key] ?? "");
}

export const BROWSER_LOCALE: Record<Locale, string> = { ja: "ja-JP", en: "en-US" };
