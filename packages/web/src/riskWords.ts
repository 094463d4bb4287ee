import type { TFunction } from "i18next";
import type { RiskDetection, RiskEvidence, RiskPlace } from "@engawa/shared";
import { formatDateTime } from "./components/DateTime.tsx";
import { ja } from "./i18n/ja.ts";
import { placeText } from "./signInWords.ts";

type ListKey = keyof typeof ja.risk.lists;
type PartKey = keyof typeof ja.risk.unfamiliarParts;
const isList = (key: string): key is ListKey => key in ja.risk.lists;
const isPart = (key: string): key is PartKey => key in ja.risk.unfamiliarParts;

/** A detection's name in words ("Impossible travel"). */
export function detectionName(t: TFunction, kind: RiskDetection["kind"]): string {
  return t(`risk.kinds.${kind}`);
}

function listName(t: TFunction, list: string): string {
  return isList(list) ? t(`risk.lists.${list}`) : list;
}

function placeAt(t: TFunction, place: RiskPlace): { place: string; ip: string; at: string } {
  return {
    place: placeText(t, place.country ? { country: place.country, region: place.region } : null),
    ip: place.ip ?? t("signInWords.unknown"),
    at: formatDateTime(place.at),
  };
}

/**
 * What a detection rests on, one line each, in the viewer's language and time zone: both places
 * and times with the distance and speed for impossible travel, the list an address was on, the
 * counts of failures, the unfamiliar properties.
 */
export function evidenceLines(t: TFunction, evidence: RiskEvidence): string[] {
  const lines: string[] = [];
  if (evidence.from) lines.push(t("risk.evidenceFrom", placeAt(t, evidence.from)));
  if (evidence.to && evidence.from) lines.push(t("risk.evidenceTo", placeAt(t, evidence.to)));
  if (evidence.kilometres !== undefined && evidence.kilometresPerHour !== undefined) {
    lines.push(
      t("risk.evidenceSpeed", {
        km: evidence.kilometres.toLocaleString(),
        kmh: evidence.kilometresPerHour.toLocaleString(),
      }),
    );
  }
  if (evidence.list) lines.push(t("risk.evidenceList", { list: listName(t, evidence.list) }));
  if (evidence.source) lines.push(t("risk.evidenceList", { list: listName(t, evidence.source) }));
  if (evidence.failures !== undefined) {
    lines.push(
      t("risk.evidenceFailures", {
        failures: String(evidence.failures),
        accounts: String(evidence.accounts ?? 0),
        minutes: String(evidence.windowMinutes ?? 0),
      }),
    );
  }
  if (evidence.unfamiliar?.length) {
    const parts = evidence.unfamiliar.map((p) => (isPart(p) ? t(`risk.unfamiliarParts.${p}`) : p));
    lines.push(t("risk.evidenceUnfamiliar", { what: parts.join(", ") }));
  }
  if (evidence.asnName && evidence.asn !== undefined)
    lines.push(`AS${evidence.asn} ${evidence.asnName}`);
  return lines;
}
