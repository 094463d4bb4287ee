import i18next from "i18next";
import { initReactI18next } from "react-i18next";
import { en } from "./en.ts";
import { ja, type Messages } from "./ja.ts";

declare module "i18next" {
  interface CustomTypeOptions {
    defaultNS: "translation";
    resources: { translation: Messages };
  }
}

/** The languages the UI is complete in, Japanese first (PRODUCT.md promise 9). */
export const LANGUAGES = ["ja", "en"] as const;
/** A UI language code, `ja` or `en`. */
export type Language = (typeof LANGUAGES)[number];

const STORAGE_KEY = "engawa.lang";

function isLanguage(value: string | null): value is Language {
  return value === "ja" || value === "en";
}

function storedLanguage(): Language | null {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return isLanguage(value) ? value : null;
  } catch {
    return null;
  }
}

/** A remembered choice wins; otherwise the browser's language (ja* → ja, anything else → en). */
export function detectLanguage(): Language {
  return storedLanguage() ?? (navigator.language.toLowerCase().startsWith("ja") ? "ja" : "en");
}

/** The current UI language, narrowed to the ones we ship. */
export function currentLanguage(): Language {
  return i18next.language === "en" ? "en" : "ja";
}

/**
 * The BCP 47 tag for Intl formatting: Japanese dates for ja; for en the browser's own English
 * variant (so en-GB users get day-month order), else plain "en".
 */
export function formattingLocale(): string {
  if (currentLanguage() === "ja") return "ja-JP";
  const browser = navigator.language;
  return browser.toLowerCase().startsWith("en") ? browser : "en";
}

/** Switches the UI language, remembers it for the next visit and updates `<html lang>`. */
export async function changeLanguage(language: Language): Promise<void> {
  try {
    window.localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Private mode without storage: the choice lasts for this page only.
  }
  await i18next.changeLanguage(language);
}

i18next.on("languageChanged", (language) => {
  document.documentElement.lang = language;
});

/**
 * Initialised synchronously with both bundles inline (nothing is fetched at run time, CSP
 * `connect-src 'self'`), so the first render is already in the right language.
 */
void i18next.use(initReactI18next).init({
  resources: { ja: { translation: ja }, en: { translation: en } },
  lng: detectLanguage(),
  fallbackLng: "ja",
  supportedLngs: [...LANGUAGES],
  initAsync: false,
  interpolation: { escapeValue: false },
  returnNull: false,
});
document.documentElement.lang = i18next.language;

export default i18next;
