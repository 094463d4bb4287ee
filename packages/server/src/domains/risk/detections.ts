import type { DetectionKind, RiskEvidence, RiskSettings } from "@engawa/shared";
import { DAY } from "../../platform/clock.ts";
import type { Place } from "../../platform/geo/geoIp.ts";

/** A sign-in of the user's last 30 days, as the detections compare with it (newest first). */
export interface PastSignIn {
  at: Date;
  ip: string | null;
  country: string | null;
  region: string | null;
  asn: number | null;
  browser: string | null;
  os: string | null;
  /** Where it was, looked up again from its address (coordinates are never stored). */
  place: Place | null;
  /** From one of the tenant's trusted ranges. */
  trusted: boolean;
}

/** Everything the sign-in detections look at, gathered once per sign-in. */
export interface SignInFacts {
  at: Date;
  ip: string | null;
  place: Place | null;
  asn: { number: number; name: string } | null;
  browser: string | null;
  os: string | null;
  /** Which lists the address (or its network) is on; null: on none. */
  anonymousList: string | null;
  botnetList: string | null;
  trusted: boolean;
  history: PastSignIn[];
  /** Failed sign-ins from this address in the tenant's window, and over how many accounts. */
  addressFailures: { failures: number; accounts: number };
  /** The address sprayed passwords within the last day. */
  fromSprayingAddress: boolean;
  /** The password given is on the shipped breached-password list. */
  passwordBreached: boolean;
}

export interface Finding {
  kind: DetectionKind;
  evidence: RiskEvidence;
}

/** Speed and distance above which travel is impossible (Panther's 900 km/h; Elastic's 500 km). */
export const IMPOSSIBLE_KM_PER_HOUR = 900;
export const IMPOSSIBLE_MIN_KM = 500;
/** Unfamiliar-location learning: 5 days of history or 10 sign-ins, whichever comes first. */
export const LEARNING_DAYS = 5;
export const LEARNING_SIGN_INS = 10;

const EARTH_RADIUS_KM = 6371.0088;

/** Great-circle distance in kilometres (haversine formula, mean Earth radius). */
export function haversineKm(a: Place, b: Place): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

const placeOf = (p: {
  ip: string | null;
  at: Date;
  country?: string | null;
  region?: string | null;
}) => ({
  ip: p.ip,
  country: p.country ?? null,
  region: p.region ?? null,
  at: p.at.toISOString(),
});

/**
 * Impossible travel to an unusual place: the previous sign-in and this one are more than 500 km
 * apart and reaching here in the time between would take more than 900 km/h (zero-trust-anchors
 * §7.1), they are not both from trusted ranges, and this country is not one the user signed in
 * from in the last 30 days (the "unusual place"; Entra's atypical travel asks the same).
 */
export function impossibleTravel(facts: SignInFacts): Finding | null {
  const previous = facts.history.find((h) => h.place !== null);
  if (!facts.place || !previous?.place) return null;
  if (facts.trusted && previous.trusted) return null;
  if (facts.history.some((h) => h.country === facts.place!.country)) return null;
  const kilometres = haversineKm(previous.place, facts.place);
  const hours = Math.max(facts.at.getTime() - previous.at.getTime(), 1000) / 3_600_000;
  const kilometresPerHour = kilometres / hours;
  if (kilometres <= IMPOSSIBLE_MIN_KM || kilometresPerHour <= IMPOSSIBLE_KM_PER_HOUR) return null;
  return {
    kind: "impossible_travel",
    evidence: {
      from: placeOf({
        ...previous,
        country: previous.place.country,
        region: previous.place.region,
      }),
      to: placeOf({
        ip: facts.ip,
        at: facts.at,
        country: facts.place.country,
        region: facts.place.region,
      }),
      kilometres: Math.round(kilometres),
      kilometresPerHour: Math.round(kilometresPerHour),
    },
  };
}

/**
 * Unfamiliar sign-in properties (Entra's unfamiliarFeatures): once the user's history covers 5 days
 * or 10 sign-ins, a country never seen in the last 30 days, or a network (ASN) never seen together
 * with a browser or operating system never seen. A new browser alone on a known network is not
 * enough (people update and switch browsers). Sign-ins from trusted ranges are familiar.
 */
export function unfamiliarLocation(facts: SignInFacts): Finding | null {
  const { history } = facts;
  if (facts.trusted || history.length === 0) return null;
  const oldest = history[history.length - 1]!.at.getTime();
  const learned =
    history.length >= LEARNING_SIGN_INS || facts.at.getTime() - oldest >= LEARNING_DAYS * DAY;
  if (!learned) return null;
  const unfamiliar: string[] = [];
  const country = facts.place?.country ?? null;
  if (country && !history.some((h) => h.country === country)) unfamiliar.push("country");
  const asn = facts.asn?.number ?? null;
  const newNetwork = asn !== null && !history.some((h) => h.asn === asn);
  const newBrowser = facts.browser !== null && !history.some((h) => h.browser === facts.browser);
  const newOs = facts.os !== null && !history.some((h) => h.os === facts.os);
  if (newNetwork && (newBrowser || newOs)) {
    unfamiliar.push("asn");
    if (newBrowser) unfamiliar.push("browser");
    if (newOs) unfamiliar.push("os");
  }
  if (unfamiliar.length === 0) return null;
  return {
    kind: "unfamiliar_location",
    evidence: {
      to: placeOf({ ip: facts.ip, at: facts.at, country, region: facts.place?.region ?? null }),
      unfamiliar,
      ...(facts.asn ? { asn: facts.asn.number, asnName: facts.asn.name } : {}),
    },
  };
}

/** Sign-in from an infected device: the address is on a botnet command-and-control list. */
export function infectedDevice(facts: SignInFacts): Finding | null {
  if (!facts.botnetList) return null;
  return { kind: "infected_device", evidence: { list: facts.botnetList } };
}

/** Sign-in from an anonymous IP: a Tor exit, or a network of anonymous VPNs or hosting. */
export function anonymousIp(facts: SignInFacts): Finding | null {
  if (!facts.anonymousList) return null;
  return {
    kind: "anonymous_ip",
    evidence: {
      list: facts.anonymousList,
      ...(facts.asn ? { asn: facts.asn.number, asnName: facts.asn.name } : {}),
    },
  };
}

/**
 * Sign-in from an IP with suspicious activity: many failed sign-ins over several accounts from
 * the address within the tenant's window (thresholds in the risk settings).
 */
export function suspiciousIp(
  facts: SignInFacts,
  thresholds: RiskSettings["suspiciousIp"],
): Finding | null {
  const { failures, accounts } = facts.addressFailures;
  if (failures < thresholds.failures || accounts < thresholds.accounts) return null;
  return {
    kind: "suspicious_ip",
    evidence: { failures, accounts, windowMinutes: thresholds.windowMinutes },
  };
}

/** A correct password from an address that was spraying passwords (Entra: only then it fires). */
export function passwordSpray(facts: SignInFacts): Finding | null {
  return facts.fromSprayingAddress ? { kind: "password_spray", evidence: {} } : null;
}

/** Leaked credentials: the password given is on the breached-password list. */
export function leakedCredentials(facts: SignInFacts): Finding | null {
  return facts.passwordBreached
    ? { kind: "leaked_credentials", evidence: { source: "breached_password_list" } }
    : null;
}

/** Every sign-in detection, in the order they are shown. */
export function signInFindings(facts: SignInFacts, settings: RiskSettings): Finding[] {
  return [
    leakedCredentials(facts),
    passwordSpray(facts),
    impossibleTravel(facts),
    anonymousIp(facts),
    suspiciousIp(facts, settings.suspiciousIp),
    unfamiliarLocation(facts),
    infectedDevice(facts),
  ].filter((f): f is Finding => f !== null);
}
