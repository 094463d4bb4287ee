import type {
  CaApp,
  CaClientType,
  CaDeviceState,
  CaPlatform,
  CaPolicyInput,
  CaTimeCondition,
  CaUserAction,
  NamedLocationInput,
  RiskLevel,
  WorkContext,
} from "@engawa/shared";
import type { CedarSignals } from "../access/index.ts";
import { IpRangeSet } from "../../platform/net/ipRanges.ts";
import { describeUserAgent } from "../identity/index.ts";

/** A stored policy: the admin's input with its identity. */
export type CaPolicyRecord = CaPolicyInput & {
  id: string;
  tenantId: string;
  createdAt: Date;
  updatedAt: Date;
};

export type NamedLocationRecord = NamedLocationInput & {
  id: string;
  tenantId: string;
  updatedAt: Date;
};

/**
 * Everything conditional access looks at for one sign-in or request (Entra's "session details",
 * phase 1 of its evaluation: zero-trust-anchors.md §1.1). Built the same way for live requests,
 * sign-ins and What-If, so the three cannot disagree about the facts.
 */
export interface CaSignals {
  userId: string;
  role: string;
  /** The groups (ids) the user is a member of, as the tenant's loaded set has them. */
  groups: string[];
  app: CaApp | null;
  userAction: CaUserAction | null;
  /** The action hands data out (a download, an export): what a view-only session may not do. */
  download: boolean;
  /** The sensitivity label (id) of the team the resource belongs to, or null. */
  label: string | null;
  /** The named locations the address falls in, and whether one of them is a trusted range. */
  locations: string[];
  trusted: boolean;
  country: string | null;
  signInRisk: RiskLevel;
  userRisk: RiskLevel;
  platform: CaPlatform;
  clientType: CaClientType;
  at: Date;
  mfa: boolean;
  phishingResistant: boolean;
  /** The terms of use (ids) the person accepted in their current version. */
  acceptedTerms: string[];
  /** Whole minutes since the person last signed in or confirmed it was them on this session. */
  minutesSinceSignIn: number;
  /** The session's longest pause since then, in whole minutes. */
  longestPauseMinutes: number;
  /** Where the person said they are working, if that still holds (workContext.ts); null: not declared. */
  workContext: WorkContext | null;
  /** The session's device: registered (bound, not blocked) and compliant (devices domain). */
  deviceRegistered: boolean;
  deviceCompliant: boolean;
  /**
   * The same as a condition's state; null at a sign-in, where the device is not known yet (the
   * browser proves its key on the requests that follow), so no device-state condition holds.
   */
  deviceState: CaDeviceState | null;
}

/** What conditional access knows of a session's device (the devices domain answers). */
export interface DeviceTrust {
  registered: boolean;
  compliant: boolean;
}

/**
 * The device signals of a request. At a sign-in (`null`) the session is not bound to its device
 * yet — the browser proves its key on the requests that follow — so the device controls count as
 * satisfied there and no device-state condition holds: both are decided on those requests.
 */
export function deviceSignals(
  device: DeviceTrust | null,
): Pick<CaSignals, "deviceRegistered" | "deviceCompliant" | "deviceState"> {
  if (device === null) return { deviceRegistered: true, deviceCompliant: true, deviceState: null };
  const compliant = device.registered && device.compliant;
  return {
    deviceRegistered: device.registered,
    deviceCompliant: compliant,
    deviceState: compliant ? "compliant" : device.registered ? "registered" : "unregistered",
  };
}

const PLATFORMS: Record<string, CaPlatform> = {
  Windows: "windows",
  macOS: "macos",
  Linux: "linux",
  Android: "android",
  iOS: "ios",
  ChromeOS: "chromeos",
};

/** Platform and client type from the User-Agent: unverified, as Entra says of its own. */
export function clientOf(userAgent: string | null): {
  platform: CaPlatform;
  clientType: CaClientType;
} {
  const { browser, os } = describeUserAgent(userAgent);
  return {
    platform: PLATFORMS[os] ?? "other",
    clientType: browser === "unknown" ? "other" : "browser",
  };
}

/**
 * What the session's sign-in methods amount to: multi-factor when a possession factor is among
 * them (an authenticator code, a recovery code, a passkey — a passkey alone counts, unlocked by
 * the device's own check), and phishing resistance (a passkey).
 */
export function strengthOf(methods: string): { mfa: boolean; phishingResistant: boolean } {
  const parts = methods.split("+");
  const phishingResistant = parts.includes("passkey");
  // A possession factor makes it multi-factor; two things one knows (single sign-on, then a local
  // password at a step-up) do not.
  const possession = phishingResistant || parts.includes("totp") || parts.includes("recovery_code");
  return { mfa: possession, phishingResistant };
}

/** A tenant's named locations, ready to place an address. */
export class LocationIndex {
  private readonly entries: { id: string; ranges: IpRangeSet; record: NamedLocationRecord }[];
  readonly usesCountries: boolean;

  constructor(locations: NamedLocationRecord[]) {
    this.entries = locations.map((record) => ({
      id: record.id,
      ranges: new IpRangeSet(record.ranges),
      record,
    }));
    this.usesCountries = locations.some((l) => l.countries.length > 0 || l.includeUnknownCountry);
  }

  /**
   * The locations an address falls in. Only an address range can make a place trusted: a country
   * is too coarse to trust, and an address's country is a guess (zero-trust-anchors.md §8.2).
   */
  place(ip: string | null, country: string | null): { locations: string[]; trusted: boolean } {
    const locations: string[] = [];
    let trusted = false;
    for (const { id, ranges, record } of this.entries) {
      const inRange = ranges.has(ip);
      const inCountry =
        country === null ? record.includeUnknownCountry : record.countries.includes(country);
      if (inRange || inCountry) locations.push(id);
      if (inRange && record.trusted) trusted = true;
    }
    return { locations, trusted };
  }
}

const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };
const clocks = new Map<
  string,
  { format: Intl.DateTimeFormat; epochMinute: number; weekday: number; minute: number }
>();

/**
 * Weekday and minute of the day in a time zone. Formatting is the costly part (tens of
 * microseconds), so each zone's answer is kept for the rest of its minute: every request of that
 * minute, for every timed policy of the zone, reuses it.
 */
function localClock(timeZone: string, at: Date): { weekday: number; minute: number } {
  const epochMinute = Math.floor(at.getTime() / 60_000);
  let clock = clocks.get(timeZone);
  if (clock?.epochMinute === epochMinute) return clock;
  const format =
    clock?.format ??
    new Intl.DateTimeFormat("en-US", {
      timeZone,
      weekday: "short",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
  const parts = Object.fromEntries(format.formatToParts(at).map((p) => [p.type, p.value]));
  clock = {
    format,
    epochMinute,
    weekday: WEEKDAYS[parts.weekday ?? ""] ?? -1,
    minute: Number(parts.hour) * 60 + Number(parts.minute),
  };
  clocks.set(timeZone, clock);
  return clock;
}

/** Whether an instant falls in a policy's days and hours, read on the policy's own clock. */
export function timeMatches(condition: CaTimeCondition, at: Date): boolean {
  const { weekday, minute } = localClock(condition.timeZone, at);
  const start = minutesOf(condition.start);
  const end = minutesOf(condition.end);
  if (start <= end) return condition.days.includes(weekday) && minute >= start && minute < end;
  // Past midnight: the evening belongs to the listed day, the early morning to the day after.
  if (minute >= start) return condition.days.includes(weekday);
  return minute < end && condition.days.includes((weekday + 6) % 7);
}

function minutesOf(clock: string): number {
  const [hours, minutes] = clock.split(":");
  return Number(hours) * 60 + Number(minutes);
}

/**
 * Whether a policy's sign-in frequency or idle timeout has run out for the session: the policy
 * then asks the person to confirm it is them again (the confirmation resets both clocks).
 */
export function sessionLapsed(policy: CaPolicyRecord, s: CaSignals): boolean {
  const { signInFrequencyMinutes: every, idleTimeoutMinutes: idle } = policy.session;
  return (
    (every !== null && s.minutesSinceSignIn >= every) ||
    (idle !== null && s.longestPauseMinutes >= idle)
  );
}

/** Whether a policy has a sign-in frequency or an idle timeout. */
export function hasSessionLapse(policy: CaPolicyRecord): boolean {
  return (
    policy.session.signInFrequencyMinutes !== null || policy.session.idleTimeoutMinutes !== null
  );
}

/** Whether a policy's answer depends on the clock: its hours, or a session control's minutes. */
export function isClocked(policy: CaPolicyRecord): boolean {
  return policy.conditions.time !== null || hasSessionLapse(policy);
}

/** Session age and pause in whole minutes, as the session's facts give them. */
export function sessionMinutes(
  session: { authenticatedAt: Date; longestPauseSeconds: number },
  now: Date,
): { minutesSinceSignIn: number; longestPauseMinutes: number } {
  return {
    minutesSinceSignIn: Math.max(
      0,
      Math.floor((now.getTime() - session.authenticatedAt.getTime()) / 60_000),
    ),
    longestPauseMinutes: Math.floor(session.longestPauseSeconds / 60),
  };
}

/**
 * The signals as Cedar's `context.ca` record. What depends on the clock is worked out here, per
 * policy, rather than handed to Cedar as numbers: time windows are the policies whose hours hold,
 * `lapsed` those whose sign-in frequency or idle timeout ran out — so a decision's cache key
 * changes when an answer can, not every minute.
 */
export function cedarSignalsOf(signals: CaSignals, clocked: CaPolicyRecord[]): CedarSignals {
  return {
    locations: signals.locations,
    trusted: signals.trusted,
    signInRisk: signals.signInRisk,
    userRisk: signals.userRisk,
    platform: signals.platform,
    clientType: signals.clientType,
    groups: signals.groups,
    acceptedTerms: signals.acceptedTerms,
    timeWindows: clocked
      .filter((p) => p.conditions.time !== null && timeMatches(p.conditions.time, signals.at))
      .map((p) => p.id),
    lapsed: clocked.filter((p) => sessionLapsed(p, signals)).map((p) => p.id),
    label: signals.label ?? "none",
    workContext: signals.workContext ?? "none",
    mfa: signals.mfa,
    phishingResistant: signals.phishingResistant,
    deviceRegistered: signals.deviceRegistered,
    deviceCompliant: signals.deviceCompliant,
    deviceState: signals.deviceState ?? "unknown",
  };
}
