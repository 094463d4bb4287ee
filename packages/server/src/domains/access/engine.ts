import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  policySetTextToParts,
  preparsePolicySet,
  preparseSchema,
  statefulIsAuthorized,
  type Policy,
  type StatefulAuthorizationCall,
} from "@cedar-policy/cedar-wasm/nodejs";
import type { ActionName } from "@engawa/shared";
import { buildCedarSchema, NAMESPACE } from "./cedarSchema.ts";
import { entitiesFor, subjectUid, targetUid, uid, type Subject, type Target } from "./entities.ts";

/** Domains whose `policy.cedar` make up the policy set. */
export const POLICY_DOMAINS = [
  "access",
  "identity",
  "tenancy",
  "audit",
  "realtime",
  "sso",
  "directory",
  "collaboration",
  "risk",
  "conditionalAccess",
  "devices",
  "meetings",
] as const;

export interface AccessRequest {
  subject: Subject;
  action: ActionName;
  target: Target;
  context?: Record<string, string>;
}

export interface Decision {
  allowed: boolean;
  /** Ids of the policies that determined the decision (empty when nothing permitted: default deny). */
  policies: string[];
  cached: boolean;
}

export interface EngineStats {
  hits: number;
  misses: number;
}

const CACHE_LIMIT = 10_000;

/** The policy (identity/policy.cedar) that holds sensitive changes until a recent authentication. */
export const STEP_UP_POLICY = "sensitive-changes-need-recent-authentication";

/**
 * The one policy engine (ARCHITECTURE.md, the one rule). Cedar decides; there is no code path
 * that allows without it. Decisions are memoised on their whole input — principal and resource
 * entities, action, context and policy version — so a cached answer can never be stale: a change
 * of role or membership changes the key. Evaluation errors deny (fail closed), because Cedar
 * skips an erroring policy, and a skipped `forbid` must not turn into an allow.
 */
export class AccessEngine {
  readonly policySetId: string;
  readonly schemaName: string;
  private readonly cache = new Map<string, Decision>();
  readonly stats: EngineStats = { hits: 0, misses: 0 };

  constructor(policies: Record<string, Policy> = loadDomainPolicies(), version = "1") {
    this.policySetId = `engawa-${version}-${Object.keys(policies).length}`;
    const answer = preparsePolicySet(this.policySetId, { staticPolicies: policies });
    if (answer.type !== "success") {
      throw new Error(
        `Cedar policies do not parse: ${answer.errors.map((e) => e.message).join("; ")}`,
      );
    }
    // The schema carries the action groups (`action in Action::"tenantContent"`): without it a
    // group-based forbid would silently never match.
    this.schemaName = `${this.policySetId}-schema`;
    const schemaAnswer = preparseSchema(this.schemaName, buildCedarSchema());
    if (schemaAnswer.type !== "success") {
      throw new Error(
        `Cedar schema does not parse: ${schemaAnswer.errors.map((e) => e.message).join("; ")}`,
      );
    }
  }

  decide(request: AccessRequest): Decision {
    const key = cacheKey(this.policySetId, request);
    const hit = this.cache.get(key);
    if (hit) {
      this.stats.hits += 1;
      return { ...hit, cached: true };
    }
    this.stats.misses += 1;
    const decision = this.evaluate(request);
    if (this.cache.size >= CACHE_LIMIT) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    this.cache.set(key, decision);
    return decision;
  }

  /**
   * Whether a denial is only for want of a recent authentication: the step-up policy refused it
   * and the same request from a freshly authenticated session would be allowed. Then the client
   * is told `step_up_required` (and can ask and retry) rather than `forbidden`; a request that
   * would be refused anyway is never told to step up.
   */
  needsStepUp(request: AccessRequest, decision: Decision): boolean {
    if (decision.allowed || !decision.policies.includes(STEP_UP_POLICY)) return false;
    if (request.subject.kind !== "User") return false;
    const fresh = { ...request, subject: { ...request.subject, recentlyAuthenticated: true } };
    return this.decide(fresh).allowed;
  }

  /** The uncached path: one Cedar call with exactly the entities the request needs. */
  evaluate(request: AccessRequest): Decision {
    const answer = statefulIsAuthorized(this.call(request));
    if (answer.type !== "success") return { allowed: false, policies: [], cached: false };
    const { decision, diagnostics } = answer.response;
    if (diagnostics.errors.length > 0)
      return { allowed: false, policies: diagnostics.reason, cached: false };
    return { allowed: decision === "allow", policies: diagnostics.reason, cached: false };
  }

  /** The raw Cedar call for a request (used by the benchmark's baseline). */
  call(request: AccessRequest): StatefulAuthorizationCall {
    return {
      principal: subjectUid(request.subject),
      action: uid("Action", request.action),
      resource: targetUid(request.target),
      context: request.context ?? {},
      preparsedPolicySetId: this.policySetId,
      preparsedSchemaName: this.schemaName,
      validateRequest: true,
      entities: entitiesFor(request.subject, request.target),
    };
  }

  clearCache(): void {
    this.cache.clear();
    this.conditionalCache.clear();
  }

  private readonly conditionalCache = new Map<string, Decision>();

  /**
   * Preparses a tenant's compiled conditional-access policies as their own policy set (ADR 0006):
   * the role part of a decision stays cached on its own key, and the per-request signals are
   * decided by Cedar against this set. Returns the set's id, which changes with `version`.
   */
  loadConditionalSet(
    tenantId: string,
    version: string,
    policies: Record<string, Policy>,
  ): ConditionalSet {
    // One preparsed set per version: a request still holding an older version's set is decided
    // by exactly that set, never by one preparsed after it under the same name (each change of a
    // tenant's policies keeps one more small set in Cedar's store for the life of the process).
    const id = `ca-${tenantId}-${version}`;
    const answer = preparsePolicySet(id, { staticPolicies: policies });
    if (answer.type !== "success") {
      throw new Error(
        `conditional-access policies do not parse: ${answer.errors.map((e) => e.message).join("; ")}`,
      );
    }
    return { id, tag: `${id}@${version}` };
  }

  /**
   * The conditional-access part of a decision: the request (whose role part was already allowed)
   * with the signals as `context.ca`, against the tenant's set. Cached on the set, the principal,
   * the action and the signals — never on the resource, which conditional access does not read.
   */
  decideConditional(set: ConditionalSet, request: AccessRequest, signals: CedarSignals): Decision {
    const key = JSON.stringify([set.tag, request.subject, request.action, signals]);
    const hit = this.conditionalCache.get(key);
    if (hit) {
      this.stats.hits += 1;
      return { ...hit, cached: true };
    }
    this.stats.misses += 1;
    const call = this.call(request);
    const answer = statefulIsAuthorized({
      ...call,
      context: { ...call.context, ca: signals as never },
      preparsedPolicySetId: set.id,
    });
    const decision: Decision =
      answer.type !== "success"
        ? { allowed: false, policies: [], cached: false }
        : answer.response.diagnostics.errors.length > 0
          ? { allowed: false, policies: answer.response.diagnostics.reason, cached: false }
          : {
              allowed: answer.response.decision === "allow",
              policies: answer.response.diagnostics.reason,
              cached: false,
            };
    if (this.conditionalCache.size >= CACHE_LIMIT) {
      const oldest = this.conditionalCache.keys().next().value;
      if (oldest !== undefined) this.conditionalCache.delete(oldest);
    }
    this.conditionalCache.set(key, decision);
    return decision;
  }
}

/** A tenant's preparsed conditional-access set: its Cedar id and its version's cache tag. */
export interface ConditionalSet {
  id: string;
  tag: string;
}

/** The `ca` context record (cedarSchema.ts): sets as arrays, as Cedar's JSON takes them. */
export interface CedarSignals {
  locations: string[];
  trusted: boolean;
  signInRisk: string;
  userRisk: string;
  platform: string;
  clientType: string;
  timeWindows: string[];
  /** Policies whose sign-in frequency or idle timeout ran out for the session. */
  lapsed: string[];
  /** The groups (ids) the user is a member of. */
  groups: string[];
  /** The terms of use (ids) the user accepted in their current version. */
  acceptedTerms: string[];
  /** The sensitivity label of the resource's team, or "none". */
  label: string;
  /** The declared work context that holds (private, shared, public), or "none". */
  workContext: string;
  mfa: boolean;
  phishingResistant: boolean;
  /** The session is bound to a registered device that is not blocked. */
  deviceRegistered: boolean;
  /** That device (or the computer its agent reports for) meets the compliance rules now. */
  deviceCompliant: boolean;
  /** unregistered, registered or compliant (conditional access's device state); "unknown" at a sign-in. */
  deviceState: string;
}

function cacheKey(policySetId: string, r: AccessRequest): string {
  return JSON.stringify([policySetId, r.subject, r.action, r.target, r.context ?? null]);
}

/**
 * Reads every domain's `policy.cedar` and names each policy by its `@id` annotation, so decisions
 * and audit records say which rule applied.
 */
export function loadDomainPolicies(): Record<string, Policy> {
  const policies: Record<string, Policy> = {};
  for (const domain of POLICY_DOMAINS) {
    const file = fileURLToPath(new URL(`../${domain}/policy.cedar`, import.meta.url));
    const parts = policySetTextToParts(readFileSync(file, "utf8"));
    if (parts.type !== "success") {
      throw new Error(
        `${domain}/policy.cedar does not parse: ${parts.errors.map((e) => e.message).join("; ")}`,
      );
    }
    parts.policies.forEach((text, index) => {
      const id = /@id\("([^"]+)"\)/.exec(text)?.[1] ?? `${domain}#${index}`;
      if (policies[id]) throw new Error(`policy id ${id} is used twice`);
      policies[id] = text;
    });
  }
  return policies;
}

export { NAMESPACE };
