import type { TFunction } from "i18next";
import { ja } from "./i18n/ja.ts";
import { currentLanguage } from "./i18n/index.ts";
import { PREFECTURES_JA } from "./prefectures.ts";

type MethodKey = keyof typeof ja.signInWords.methods;
type ReasonKey = keyof typeof ja.signInWords.reasons;
const isMethod = (key: string): key is MethodKey => key in ja.signInWords.methods;
const isReason = (key: string): key is ReasonKey => key in ja.signInWords.reasons;

/** How a session was authenticated (`password+totp`) in words: "Password + authenticator app". */
export function methodsText(t: TFunction, methods: string | null): string {
  if (!methods) return t("common.none");
  return methods
    .split("+")
    .map((method) => (isMethod(method) ? t(`signInWords.methods.${method}`) : method))
    .join(" + ");
}

/** Why a sign-in failed, in words; an unknown reason is shown as the server wrote it. */
export function reasonText(t: TFunction, reason: string | null): string {
  if (!reason) return t("common.none");
  return isReason(reason) ? t(`signInWords.reasons.${reason}`) : reason;
}

/** "Chrome on Linux", from the server's coarse reading of the User-Agent. */
export function deviceText(t: TFunction, browser: string, os: string): string {
  const unknown = t("signInWords.unknown");
  const name = (value: string) => (!value || value === "unknown" ? unknown : value);
  return t("signInWords.device", { browser: name(browser), os: name(os) });
}

/**
 * Country and region when the address could be placed, in the viewer's language (the country
 * through `Intl.DisplayNames`, Japanese prefectures by their Japanese names); "unknown" for an
 * address the geo-IP data does not know (a private or loopback address, for one).
 */
export function placeText(
  t: TFunction,
  place: { country: string; region: string | null } | null,
): string {
  const language = currentLanguage();
  if (!place) return t("signInWords.unknown");
  let country = place.country;
  try {
    country = new Intl.DisplayNames([language], { type: "region" }).of(place.country) ?? country;
  } catch {
    // Not a region code the browser knows: show the code.
  }
  if (!place.region) return country;
  const region =
    language === "ja" && place.country === "JP"
      ? (PREFECTURES_JA[place.region] ?? place.region)
      : place.region;
  return t("signInWords.place", { country, region });
}
