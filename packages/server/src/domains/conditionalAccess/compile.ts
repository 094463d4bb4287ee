import {
  CA_GRANT_CONTROLS,
  deviceStatesOf,
  type CaGrantControl,
  type CaUserSet,
} from "@engawa/shared";
import { CA_DOWNLOAD_GROUP, caAppGroup, caUserActionGroup, NAMESPACE } from "../access/index.ts";
import { hasSessionLapse, type CaPolicyRecord } from "./signals.ts";

/** Id of the one permit of a conditional-access set: without a forbid, the set allows. */
export const CA_BASELINE = "ca-baseline";

/** What conditional access decided, in the order a refusal is reported (block first). */
export type CaVerdict =
  | "allow"
  | "block"
  | "context_denied"
  | "title_only"
  | "action_required"
  | "reauthenticate"
  | "view_only";

/** What a compiled rule asks: `block`, one control, or any one of several. */
export type CompiledRule =
  | { kind: "block" }
  | { kind: "view_only" }
  /** The policy's sign-in frequency or idle timeout ran out: confirm it is you again. */
  | { kind: "reauthenticate" }
  /** The work-context matrix (workContext.ts): this content is refused, or shown by title only. */
  | { kind: "context"; access: "deny" | "title_only" }
  | { kind: "control"; control: CaGrantControl }
  | { kind: "one_of"; controls: CaGrantControl[] };

/**
 * Compiles the policies that are on into Cedar (ADR 0006), so the access engine decides them like
 * every other rule. Each grant becomes `forbid` rules whose `when` is the policy's assignments and
 * conditions — Cedar's "forbid overrides permit" is Entra's "every applicable policy must be
 * satisfied, block wins"; exclusions are a negated clause, so exclude beats include. Rule ids say
 * which policy and which control refused, so the client can be told what to do.
 */
export function compilePolicies(
  tenantId: string,
  policies: CaPolicyRecord[],
): { text: Record<string, string>; rules: Map<string, { policyId: string; rule: CompiledRule }> } {
  const text: Record<string, string> = {
    [CA_BASELINE]: `@id("${CA_BASELINE}")\npermit (principal, action, resource);`,
  };
  const rules = new Map<string, { policyId: string; rule: CompiledRule }>();
  for (const policy of policies) {
    if (policy.state !== "on") continue;
    const applies = appliesClause(tenantId, policy);
    if (applies === null) continue;
    const grant = policy.grant;
    const compiled: [string, CompiledRule, string][] = grant.block
      ? [["block", { kind: "block" }, "true"]]
      : grant.operator === "one" && grant.controls.length > 1
        ? [
            [
              "one",
              { kind: "one_of", controls: [...grant.controls] },
              grant.controls.map((c) => controlSignal(c, policy)).join(" || "),
            ],
          ]
        : grant.controls.map((control) => [
            control,
            { kind: "control", control },
            controlSignal(control, policy),
          ]);
    if (policy.session.viewOnly && !grant.block) {
      // Downloads and exports of the policy's apps, refused to a session the policy applies to.
      const id = `ca-${policy.id}-view_only`;
      text[id] =
        `@id("${id}")\nforbid (principal is ${NAMESPACE}::User, action in ${NAMESPACE}::Action::"${CA_DOWNLOAD_GROUP}", resource)\n` +
        `when { ${applies} && action in [${targets(policy)}] };`;
      rules.set(id, { policyId: policy.id, rule: { kind: "view_only" } });
    }
    if (hasSessionLapse(policy) && !grant.block) {
      // Every action of the policy's apps, once the session is older or has paused longer than
      // the policy allows (worked out per request: cedarSignalsOf's `lapsed`).
      const id = `ca-${policy.id}-reauthenticate`;
      text[id] =
        `@id("${id}")\nforbid (principal is ${NAMESPACE}::User, action in [${targets(policy)}], resource)\n` +
        `when { ${applies} && context.ca.lapsed.contains(${quote(policy.id)}) };`;
      rules.set(id, { policyId: policy.id, rule: { kind: "reauthenticate" } });
    }
    for (const [suffix, rule, satisfied] of compiled) {
      const id = `ca-${policy.id}-${suffix}`;
      const unless = rule.kind === "block" ? "" : ` && !(${satisfied})`;
      text[id] =
        `@id("${id}")\nforbid (principal is ${NAMESPACE}::User, action in [${targets(policy)}], resource)\n` +
        `when { ${applies}${unless} };`;
      rules.set(id, { policyId: policy.id, rule });
    }
  }
  return { text, rules };
}

function controlSignal(control: CaGrantControl, policy: CaPolicyRecord): string {
  switch (control) {
    case "mfa":
      return "context.ca.mfa";
    case "phishing_resistant":
      return "context.ca.phishingResistant";
    case "terms_of_use":
      // A policy asking for terms it does not name cannot be satisfied (the API refuses one).
      return policy.grant.termsOfUseId === null
        ? "false"
        : `context.ca.acceptedTerms.contains(${quote(policy.grant.termsOfUseId)})`;
    case "registered_device":
      return "context.ca.deviceRegistered";
    case "compliant_device":
      return "context.ca.deviceCompliant";
  }
}

function targets(policy: CaPolicyRecord): string {
  const apps =
    policy.apps === "all" ? (["chat", "files", "meetings", "admin"] as const) : policy.apps;
  return [
    ...apps.map((app) => caAppGroup(app)),
    ...policy.userActions.map((action) => caUserActionGroup(action)),
  ]
    .map((group) => `${NAMESPACE}::Action::"${group}"`)
    .join(", ");
}

/** The policy's assignments and conditions as one Cedar expression; null when it targets nothing. */
function appliesClause(tenantId: string, policy: CaPolicyRecord): string | null {
  if (policy.apps !== "all" && policy.apps.length === 0 && policy.userActions.length === 0)
    return null;
  const include = userSetClause(policy.include);
  if (include === "false") return null;
  const clauses = [
    "context has ca",
    `principal.tenant == ${NAMESPACE}::Tenant::${quote(tenantId)}`,
    include,
  ];
  const exclude = userSetClause(policy.exclude);
  if (exclude === "true") return null;
  if (exclude !== "false") clauses.push(`!(${exclude})`);
  const c = policy.conditions;
  if (c.signInRisk.length > 0)
    clauses.push(`${list(c.signInRisk)}.contains(context.ca.signInRisk)`);
  if (c.userRisk.length > 0) clauses.push(`${list(c.userRisk)}.contains(context.ca.userRisk)`);
  if (c.platforms.length > 0) clauses.push(`${list(c.platforms)}.contains(context.ca.platform)`);
  if (c.excludePlatforms.length > 0)
    clauses.push(`!(${list(c.excludePlatforms)}.contains(context.ca.platform))`);
  if (c.locations) {
    const l = c.locations;
    const included = l.any
      ? ["true"]
      : [
          ...(l.trusted ? ["context.ca.trusted"] : []),
          ...(l.include.length > 0 ? [`context.ca.locations.containsAny(${list(l.include)})`] : []),
        ];
    clauses.push(included.length > 0 ? `(${included.join(" || ")})` : "false");
    if (l.excludeTrusted) clauses.push("!context.ca.trusted");
    if (l.exclude.length > 0)
      clauses.push(`!(context.ca.locations.containsAny(${list(l.exclude)}))`);
  }
  if (c.clientTypes.length > 0)
    clauses.push(`${list(c.clientTypes)}.contains(context.ca.clientType)`);
  if (c.time) clauses.push(`context.ca.timeWindows.contains(${quote(policy.id)})`);
  if (c.labels.length > 0) clauses.push(`${list(c.labels)}.contains(context.ca.label)`);
  const deviceStates = deviceStatesOf(c);
  if (deviceStates.length > 0)
    clauses.push(`${list(deviceStates)}.contains(context.ca.deviceState)`);
  return clauses.join(" && ");
}

function userSetClause(set: CaUserSet): string {
  if (set.all) return "true";
  const parts = [
    ...(set.users.length > 0
      ? [
          `[${set.users.map((id) => `${NAMESPACE}::User::${quote(id)}`).join(", ")}].contains(principal)`,
        ]
      : []),
    ...(set.roles.length > 0 ? [`${list(set.roles)}.contains(principal.role)`] : []),
    ...(set.guests ? ['principal.role == "guest"'] : []),
    // Membership as the tenant's set was loaded (a change of members bumps its version).
    ...(set.groups.length > 0 ? [`context.ca.groups.containsAny(${list(set.groups)})`] : []),
  ];
  return parts.length > 0 ? `(${parts.join(" || ")})` : "false";
}

/** Values come from validated input (UUIDs, enums) but are quoted as JSON strings all the same. */
function quote(value: string): string {
  return JSON.stringify(value);
}

function list(values: readonly string[]): string {
  return `[${values.map(quote).join(", ")}]`;
}

/**
 * What a Cedar denial of the conditional-access set asks of the user: block when a block rule
 * refused; otherwise the controls of the refusing rules in prompt order (for "one of", the first).
 */
export function readDecision(
  allowed: boolean,
  reasons: string[],
  rules: Map<string, { policyId: string; rule: CompiledRule }>,
): {
  verdict: CaVerdict;
  controls: CaGrantControl[];
  policyIds: string[];
} {
  if (allowed) return { verdict: "allow", controls: [], policyIds: [] };
  const refusing = reasons.map((id) => rules.get(id)).filter((r) => r !== undefined);
  const policyIds = [...new Set(refusing.map((r) => r.policyId))];
  // A denial no rule explains (an evaluation error) is a block: fail closed.
  if (refusing.length === 0 || refusing.some((r) => r.rule.kind === "block"))
    return { verdict: "block", controls: [], policyIds };
  // Then what no step-up can change: the matrix's refusal where the person is working.
  for (const access of ["deny", "title_only"] as const)
    if (refusing.some((r) => r.rule.kind === "context" && r.rule.access === access))
      return {
        verdict: access === "deny" ? "context_denied" : "title_only",
        controls: [],
        policyIds,
      };
  const asked = new Set<CaGrantControl>();
  const controlRules = refusing.filter(
    (r) => r.rule.kind === "control" || r.rule.kind === "one_of",
  );
  // A confirmation with the asked factor also renews the sign-in: it answers a lapse as well.
  if (controlRules.length === 0)
    return {
      verdict: refusing.some((r) => r.rule.kind === "reauthenticate")
        ? "reauthenticate"
        : "view_only",
      controls: [],
      policyIds,
    };
  for (const { rule } of controlRules) {
    if (rule.kind === "control") asked.add(rule.control);
    else if (rule.kind === "one_of")
      asked.add(ORDER.find((c) => rule.controls.includes(c)) ?? "mfa");
  }
  return { verdict: "action_required", controls: ORDER.filter((c) => asked.has(c)), policyIds };
}

const ORDER: readonly CaGrantControl[] = CA_GRANT_CONTROLS;
