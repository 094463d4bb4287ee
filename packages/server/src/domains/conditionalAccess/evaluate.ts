import {
  CA_GRANT_CONTROLS,
  deviceStatesOf,
  type CaGrantControl,
  type CaResult,
  type CaUnmet,
  type CaUserSet,
} from "@engawa/shared";
import { sessionLapsed, timeMatches, type CaPolicyRecord, type CaSignals } from "./signals.ts";

export interface PolicyOutcome {
  policy: CaPolicyRecord;
  result: CaResult;
  /** The first condition that did not hold, when the policy did not apply. */
  unmet: CaUnmet | null;
  /** Controls still to satisfy: all of them, or (operator `one`) any one. */
  controls: CaGrantControl[];
}

export interface Verdict {
  verdict: "allow" | "block" | "action_required" | "reauthenticate" | "view_only";
  /** What the user must still do, in Entra's prompt order. */
  controls: CaGrantControl[];
  /** Access is granted, and a policy that applies asks for a watermark over what is shown. */
  watermark: boolean;
  outcomes: PolicyOutcome[];
}

/**
 * The explainer: the same semantics as the Cedar policies compile.ts writes (a test holds the two
 * to the same answers on a table of cases), told policy by policy, for What-If and for report-only
 * results. Entra's rules (zero-trust-anchors.md §1.1): the assignments and conditions of one
 * policy are ANDed; exclude beats include; every applicable policy must be satisfied; block wins.
 * Only policies that are on decide the verdict; report-only ones are told but not enforced.
 */
export function explain(policies: CaPolicyRecord[], signals: CaSignals): Verdict {
  const outcomes = policies
    .filter((p) => p.state !== "off")
    .map((policy) => outcomeOf(policy, signals));
  const enforced = outcomes.filter((o) => o.policy.state === "on");
  if (enforced.some((o) => o.result === "failure")) {
    return { verdict: "block", controls: [], watermark: false, outcomes };
  }
  const required = new Set<CaGrantControl>();
  for (const o of enforced.filter((o) => o.result === "action_required")) {
    // With "one of", the first control in prompt order is the one asked for.
    const asked = o.policy.grant.operator === "one" ? o.controls.slice(0, 1) : o.controls;
    for (const control of asked) required.add(control);
  }
  const controls = CA_GRANT_CONTROLS.filter((c) => required.has(c));
  if (controls.length > 0)
    return { verdict: "action_required", controls, watermark: false, outcomes };
  if (enforced.some((o) => o.result === "reauthenticate"))
    return { verdict: "reauthenticate", controls, watermark: false, outcomes };
  const viewOnly = enforced.some((o) => o.result === "view_only");
  return {
    verdict: viewOnly ? "view_only" : "allow",
    controls,
    watermark: !viewOnly && enforced.some((o) => o.unmet === null && o.policy.session.watermark),
    outcomes,
  };
}

function outcomeOf(policy: CaPolicyRecord, signals: CaSignals): PolicyOutcome {
  const unmet = firstUnmet(policy, signals);
  if (unmet !== null) return { policy, result: "not_applied", unmet, controls: [] };
  if (policy.grant.block) return { policy, result: "failure", unmet: null, controls: [] };
  const missing = CA_GRANT_CONTROLS.filter(
    (c) => policy.grant.controls.includes(c) && !satisfied(c, signals, policy),
  );
  const met =
    policy.grant.operator === "one" && policy.grant.controls.length > 0
      ? missing.length < policy.grant.controls.length
      : missing.length === 0;
  if (!met) return { policy, result: "action_required", unmet: null, controls: missing };
  // Session controls act once the grant is satisfied: a lapsed sign-in frequency or idle timeout
  // asks to confirm again; view-only refuses what hands data out.
  if (sessionLapsed(policy, signals))
    return { policy, result: "reauthenticate", unmet: null, controls: [] };
  if (policy.session.viewOnly && signals.download)
    return { policy, result: "view_only", unmet: null, controls: [] };
  return { policy, result: "success", unmet: null, controls: [] };
}

function satisfied(control: CaGrantControl, signals: CaSignals, policy: CaPolicyRecord): boolean {
  switch (control) {
    case "mfa":
      return signals.mfa;
    case "phishing_resistant":
      return signals.phishingResistant;
    case "terms_of_use":
      return (
        policy.grant.termsOfUseId !== null &&
        signals.acceptedTerms.includes(policy.grant.termsOfUseId)
      );
    case "registered_device":
      return signals.deviceRegistered;
    case "compliant_device":
      return signals.deviceCompliant;
  }
}

/** The first condition of a policy that does not hold, in the order the policy form lists them. */
export function firstUnmet(policy: CaPolicyRecord, s: CaSignals): CaUnmet | null {
  const c = policy.conditions;
  if (!inSet(policy.include, s)) return "users";
  if (inSet(policy.exclude, s)) return "excluded";
  const appTargeted = s.app !== null && (policy.apps === "all" || policy.apps.includes(s.app));
  const actionTargeted = s.userAction !== null && policy.userActions.includes(s.userAction);
  if (!appTargeted && !actionTargeted) return "apps";
  if (c.signInRisk.length > 0 && !c.signInRisk.includes(s.signInRisk)) return "sign_in_risk";
  if (c.userRisk.length > 0 && !c.userRisk.includes(s.userRisk)) return "user_risk";
  if (c.platforms.length > 0 && !c.platforms.includes(s.platform)) return "platform";
  if (c.excludePlatforms.includes(s.platform)) return "excluded_platform";
  if (c.locations) {
    const l = c.locations;
    const included =
      l.any || (l.trusted && s.trusted) || l.include.some((id) => s.locations.includes(id));
    if (!included) return "location";
    if ((l.excludeTrusted && s.trusted) || l.exclude.some((id) => s.locations.includes(id)))
      return "excluded_location";
  }
  if (c.clientTypes.length > 0 && !c.clientTypes.includes(s.clientType)) return "client_type";
  if (c.time && !timeMatches(c.time, s.at)) return "time";
  if (c.labels.length > 0 && (s.label === null || !c.labels.includes(s.label))) return "label";
  const deviceStates = deviceStatesOf(c);
  if (deviceStates.length > 0 && (s.deviceState === null || !deviceStates.includes(s.deviceState)))
    return "device_state";
  return null;
}

export function inSet(
  set: CaUserSet,
  s: { userId: string; role: string; groups: readonly string[] },
): boolean {
  return (
    set.all ||
    set.users.includes(s.userId) ||
    (set.roles as string[]).includes(s.role) ||
    (set.guests && s.role === "guest") ||
    set.groups.some((g) => s.groups.includes(g))
  );
}
