import { statefulIsAuthorized, validate, type Policy } from "@cedar-policy/cedar-wasm/nodejs";
import {
  NO_SESSION_CONTROLS,
  type CaGrant,
  type CaLocationCondition,
  type CaPolicyInput,
  type CaUserSet,
} from "@engawa/shared";
import {
  AccessEngine,
  buildCedarSchema,
  loadDomainPolicies,
  NAMESPACE,
  type AccessRequest,
  type Decision,
} from "../packages/server/src/domains/access/index.ts";
import {
  compilePolicies,
  readDecision,
} from "../packages/server/src/domains/conditionalAccess/compile.ts";
import {
  cedarSignalsOf,
  isClocked,
  type CaPolicyRecord,
  type CaSignals,
} from "../packages/server/src/domains/conditionalAccess/signals.ts";
import { figure, percentile, timeEach, type Figure } from "./stats.ts";

/** Policies of the static (role) set, the real domain ones included. */
const STATIC_POLICIES = 100;
/** The tenant's conditional-access policies, all on. */
const CA_POLICIES = 50;
/** The aim for the cached decision, p99. */
const AIM_CACHED_US = 50;
const WARM = 500;
/** Each iteration makes three Cedar calls of about a millisecond together: ~30 s in all. */
const N = 10_000;

const uuid = (kind: string, n: number): string =>
  `${kind}-0000-4000-8000-${String(n).padStart(12, "0")}`;
const TENANT = uuid("7e1a0000", 1);
/** The measured user: a member of TENANT. */
const ALICE = uuid("7e1a0001", 1);
const user = (n: number): string => uuid("7e1a0001", 100 + n);
const location = (n: number): string => uuid("7e1a0002", n);
/** The named location the measured request comes from: a branch office, not a trusted range. */
const BRANCH = location(1);
const otherTenant = (n: number): string => uuid("7e1a0004", n);

const nobody: CaUserSet = { all: false, users: [], roles: [], guests: false, groups: [] };
const everyone: CaUserSet = { ...nobody, all: true };
const MFA: CaGrant = { block: false, operator: "all", controls: ["mfa"], termsOfUseId: null };
const STRONG: CaGrant = {
  block: false,
  operator: "all",
  controls: ["phishing_resistant"],
  termsOfUseId: null,
};
const BOTH: CaGrant = {
  block: false,
  operator: "all",
  controls: ["mfa", "phishing_resistant"],
  termsOfUseId: null,
};
const EITHER: CaGrant = {
  block: false,
  operator: "one",
  controls: ["mfa", "phishing_resistant"],
  termsOfUseId: null,
};
const BLOCK: CaGrant = { block: true, operator: "all", controls: [], termsOfUseId: null };
const noConditions: CaPolicyInput["conditions"] = {
  signInRisk: [],
  userRisk: [],
  platforms: [],
  excludePlatforms: [],
  clientTypes: [],
  locations: null,
  time: null,
  labels: [],
};
const places = (include: string[]): CaLocationCondition => ({
  any: false,
  trusted: false,
  include,
  excludeTrusted: false,
  exclude: [],
});

/**
 * `authz.decision_ca_us`: a request's whole decision under conditional access — the role part
 * (AccessEngine.decide on a static set of 100 Cedar policies: the domain ones and generated
 * per-tenant ones) and the conditional part (AccessEngine.decideConditional on the tenant's 50
 * compiled conditional-access policies, with the request's signals) — cached (a repeated request
 * of the same session: both parts hit their caches) and uncached (both caches cleared before each
 * iteration: two Cedar evaluations). Baseline: the bare Cedar call the role part wraps
 * (`statefulIsAuthorized` on the same request, role set only), interleaved call by call.
 */
export function conditionalAccessBench(): Record<string, Figure> {
  const domain = loadDomainPolicies();
  const generated = staticPolicies(STATIC_POLICIES - Object.keys(domain).length);
  const policies = { ...domain, ...generated };
  if (Object.keys(policies).length !== STATIC_POLICIES)
    throw new Error(`the static set has ${Object.keys(policies).length} policies`);
  const engine = new AccessEngine(policies, "bench-ca");

  const caPolicies = Array.from({ length: CA_POLICIES }, (_, i) => caPolicy(i));
  const timed = caPolicies.filter((p) => p.state === "on" && isClocked(p));
  const { text, rules } = compilePolicies(TENANT, caPolicies);
  const compiledPolicies = new Set([...rules.values()].map((r) => r.policyId));
  if (compiledPolicies.size !== CA_POLICIES)
    throw new Error(`only ${compiledPolicies.size} conditional-access policies compiled`);
  strictlyValid("static set", policies);
  strictlyValid("conditional-access set", text);
  const set = engine.loadConditionalSet(TENANT, "1", text);
  process.stdout.write(
    `  static set: ${STATIC_POLICIES} Cedar policies (${Object.keys(domain).length} domain + ` +
      `${Object.keys(generated).length} generated); conditional access: ${CA_POLICIES} policies ` +
      `(${timed.length} on the clock: hours, sign-in frequency or idle timeout) → ${rules.size} forbid rules + the baseline permit\n`,
  );

  const request: AccessRequest = {
    subject: {
      kind: "User",
      id: ALICE,
      tenantId: TENANT,
      role: "member",
      sessionStage: "complete",
      recentlyAuthenticated: true,
    },
    action: "team.list",
    target: { kind: "Tenant", id: TENANT },
  };
  const signals = cedarSignalsOf(SIGNALS, timed);

  // A benchmark of a wrong answer is worthless: the request must be allowed, and refused by
  // conditional access (asking for MFA) without the second factor, blocked from a phone's app.
  const role = engine.evaluate(request);
  const verdict = (s: CaSignals): ReturnType<typeof readDecision> => {
    const d = engine.decideConditional(set, request, cedarSignalsOf(s, timed));
    return readDecision(d.allowed, d.policies, rules);
  };
  const allowed = verdict(SIGNALS);
  if (!role.allowed || allowed.verdict !== "allow")
    throw new Error(`the measured request is not allowed: ${JSON.stringify({ role, allowed })}`);
  const noMfa = verdict({ ...SIGNALS, mfa: false });
  if (noMfa.verdict !== "action_required" || noMfa.controls.join() !== "mfa")
    throw new Error(`without MFA the request is not refused for MFA: ${JSON.stringify(noMfa)}`);
  const phone = verdict({ ...SIGNALS, platform: "ios", clientType: "other" });
  if (phone.verdict !== "block")
    throw new Error(`a phone's app is not blocked: ${JSON.stringify(phone)}`);
  process.stdout.write(
    `  role part: ${role.policies.join(", ")}; conditional access: allow with MFA; without MFA ` +
      `asks for ${noMfa.controls.join()} (${noMfa.policyIds.length} policies); ` +
      `a phone's app: block (${phone.policyIds.length} policies)\n`,
  );

  const bare = engine.call(request);
  let roleDecision: Decision = role;
  let caDecision: Decision = role;
  const whole = (): void => {
    roleDecision = engine.decide(request);
    caDecision = engine.decideConditional(set, request, signals);
  };
  for (let i = 0; i < WARM; i += 1) {
    statefulIsAuthorized(bare);
    engine.clearCache();
    whole();
    whole();
  }

  // Interleaved, so that whatever else the machine does falls on all three alike.
  const baseline: number[] = [];
  const uncached: number[] = [];
  const cached: number[] = [];
  const withSignals: number[] = [];
  for (let i = 0; i < N; i += 1) {
    baseline.push(...timeEach(1, () => statefulIsAuthorized(bare)));
    engine.clearCache();
    uncached.push(...timeEach(1, whole));
    if (roleDecision.cached || caDecision.cached || !roleDecision.allowed || !caDecision.allowed)
      throw new Error("the uncached path was answered from a cache, or refused");
    cached.push(...timeEach(1, whole));
    if (!roleDecision.cached || !caDecision.cached || !roleDecision.allowed || !caDecision.allowed)
      throw new Error("the cached path missed a cache, or refused");
    // What the gateway does for each request: the signals' Cedar record (time windows read on
    // each timed policy's clock), then both parts.
    withSignals.push(
      ...timeEach(1, () => {
        const s = cedarSignalsOf(SIGNALS, timed);
        roleDecision = engine.decide(request);
        caDecision = engine.decideConditional(set, request, s);
      }),
    );
  }

  const baseP99 = percentile(baseline, 99);
  const baseP50 = percentile(baseline, 50);
  const cachedP99 = percentile(cached, 99);
  process.stdout.write(
    `  aim: cached p99 ≤ ${AIM_CACHED_US} µs — ${cachedP99 <= AIM_CACHED_US ? "met" : "NOT met"} ` +
      `(${cachedP99.toFixed(2)} µs; uncached p99 ${percentile(uncached, 99).toFixed(2)} µs, ` +
      `bare Cedar p99 ${baseP99.toFixed(2)} µs; cached with cedarSignalsOf p50 ` +
      `${percentile(withSignals, 50).toFixed(2)} µs)\n`,
  );
  const note = "statefulIsAuthorized, same request, role set";
  return {
    "authz.decision_ca_us": figure(cachedP99, "µs p99 cached", baseP99, `${note}, p99`),
    "authz.decision_ca_us.cached_p50": figure(
      percentile(cached, 50),
      "µs",
      baseP50,
      `${note}, p50`,
    ),
    "authz.decision_ca_us.uncached_p99": figure(
      percentile(uncached, 99),
      "µs",
      baseP99,
      `${note}, p99`,
    ),
    "authz.decision_ca_us.uncached_p50": figure(
      percentile(uncached, 50),
      "µs",
      baseP50,
      `${note}, p50`,
    ),
    "authz.decision_ca_us.signals_p99": figure(
      percentile(withSignals, 99),
      "µs (cached + cedarSignalsOf)",
      baseP99,
      `${note}, p99`,
    ),
  };
}

/** The measured session: a member on Windows in a browser at the branch office, with MFA. */
const SIGNALS: CaSignals = {
  userId: ALICE,
  role: "member",
  groups: [],
  acceptedTerms: [],
  deviceRegistered: false,
  deviceCompliant: false,
  deviceState: "unregistered",
  app: "chat",
  userAction: null,
  download: false,
  label: null,
  locations: [BRANCH],
  trusted: false,
  country: "JP",
  signInRisk: "low",
  userRisk: "none",
  platform: "windows",
  clientType: "browser",
  // A Wednesday, 10:00 in Tokyo: fixed, so that the same time windows hold in every run.
  at: new Date("2026-11-25T01:00:00Z"),
  mfa: true,
  phishingResistant: false,
  // Signed in half an hour ago, away from the keyboard five minutes at most since.
  minutesSinceSignIn: 30,
  longestPauseMinutes: 5,
  workContext: null,
};

/**
 * Fifty policies a large tenant could have, ten kinds in five variants: who (everyone, roles,
 * named users, guests; exclusions), which apps, and conditions on places, risk, platform, client
 * and time; grants MFA, a passkey, both, either, and blocks that do not reach the measured user.
 */
function caPolicy(i: number): CaPolicyRecord {
  const kind = i % 10;
  const v = Math.floor(i / 10);
  const others = [user(3 * v), user(3 * v + 1), user(3 * v + 2)];
  const base: CaPolicyRecord = {
    id: uuid("7e1a0003", i + 1),
    tenantId: TENANT,
    name: `bench policy ${i + 1}`,
    state: "on",
    include: everyone,
    exclude: nobody,
    apps: "all",
    userActions: [],
    conditions: noConditions,
    grant: MFA,
    session: NO_SESSION_CONTROLS,
    createdAt: new Date(0),
    updatedAt: new Date(0),
  };
  switch (kind) {
    case 0:
      // Everyone outside the trusted ranges: MFA; two break-glass accounts excluded.
      return {
        ...base,
        exclude: { ...nobody, users: [user(90 + v), user(95 + v)] },
        conditions: {
          ...noConditions,
          locations: { any: true, trusted: false, include: [], excludeTrusted: true, exclude: [] },
        },
      };
    case 1:
      // Owners and admins on the admin app (and exporting data): a passkey.
      return {
        ...base,
        include: { ...nobody, roles: v % 2 === 0 ? ["owner", "admin"] : ["admin"] },
        apps: ["admin"],
        userActions: v % 2 === 0 ? ["export_data"] : [],
        grant: STRONG,
      };
    case 2:
      // Named users: the measured one among three with MFA, or three others blocked in a place.
      return v === 0
        ? { ...base, include: { ...nobody, users: [ALICE, ...others.slice(1)] } }
        : {
            ...base,
            include: { ...nobody, users: others },
            grant: BLOCK,
            conditions: { ...noConditions, locations: places([location(10 + v)]) },
          };
    case 3:
      // Risky sign-ins: MFA and a passkey; guests excluded.
      return {
        ...base,
        exclude: { ...nobody, guests: true },
        conditions: { ...noConditions, signInRisk: v % 2 === 0 ? ["medium", "high"] : ["high"] },
        grant: BOTH,
      };
    case 4:
      // Any sign-in risk on chat and meetings (or everything): MFA or a passkey.
      return {
        ...base,
        apps: v % 2 === 0 ? ["chat", "meetings"] : "all",
        conditions: {
          ...noConditions,
          signInRisk: v % 2 === 0 ? ["low", "medium", "high"] : ["none", "low"],
        },
        grant: EITHER,
      };
    case 5:
      // Phones' apps, or any platform but the desktop ones: blocked.
      return {
        ...base,
        grant: BLOCK,
        conditions:
          v % 2 === 0
            ? { ...noConditions, platforms: ["android", "ios"], clientTypes: ["other"] }
            : { ...noConditions, excludePlatforms: ["windows", "macos", "linux"] },
      };
    case 6:
      // Members on chat and files from the branch or a home office: MFA; three users excluded.
      return {
        ...base,
        include: { ...nobody, roles: ["member"] },
        exclude: { ...nobody, users: others },
        apps: ["chat", "files"],
        conditions: { ...noConditions, locations: places([BRANCH, location(20 + v)]) },
        // Half of them also ask to sign in again every working day, or after a long pause.
        session:
          v % 2 === 0
            ? { ...NO_SESSION_CONTROLS, signInFrequencyMinutes: 480 }
            : { ...NO_SESSION_CONTROLS, idleTimeoutMinutes: 60 },
      };
    case 7:
      // Office hours on weekdays: MFA; guests at night, or anyone at weekends: blocked.
      return v % 2 === 0
        ? {
            ...base,
            conditions: {
              ...noConditions,
              time: {
                days: [1, 2, 3, 4, 5],
                start: v === 0 ? "08:00" : "09:00",
                end: "18:00",
                timeZone: v === 4 ? "Asia/Seoul" : "Asia/Tokyo",
              },
            },
          }
        : {
            ...base,
            include: v === 1 ? { ...nobody, guests: true } : everyone,
            exclude: v === 1 ? nobody : { ...nobody, roles: ["owner"] },
            grant: BLOCK,
            conditions: {
              ...noConditions,
              time:
                v === 1
                  ? { days: [0, 1, 2, 3, 4, 5, 6], start: "22:00", end: "06:00", timeZone: "UTC" }
                  : { days: [0, 6], start: "00:00", end: "23:59", timeZone: "Asia/Tokyo" },
            },
          };
    case 8:
      // Guests: blocked from the admin app, MFA elsewhere.
      return {
        ...base,
        include: { ...nobody, guests: true },
        apps: v % 2 === 0 ? "all" : ["admin"],
        grant: v % 2 === 0 ? MFA : BLOCK,
      };
    default:
      // Browsers at the branch blocked but for named staff and owners; or high user risk.
      return v === 0
        ? {
            ...base,
            exclude: { ...nobody, users: [ALICE, user(7)], roles: ["owner"] },
            grant: BLOCK,
            conditions: { ...noConditions, locations: places([BRANCH]), clientTypes: ["browser"] },
          }
        : {
            ...base,
            conditions: { ...noConditions, userRisk: v % 2 === 0 ? ["medium", "high"] : ["high"] },
            grant: v % 2 === 0 ? STRONG : BLOCK,
          };
  }
}

/**
 * Per-tenant rules of other tenants, in the shape a deployment's own additions take: who reads
 * private teams, who lists teams and chats, and guests kept out of a tenant's content (a forbid
 * whose scope matches every tenant-content request, the measured one included).
 */
function staticPolicies(count: number): Record<string, Policy> {
  const roles = ["owner", "admin", "member", "guest"];
  const out: Record<string, Policy> = {};
  for (let j = 0; j < count; j += 1) {
    const tenant = `${NAMESPACE}::Tenant::"${otherTenant(j)}"`;
    const role = roles[j % roles.length] ?? "member";
    const id =
      j % 3 === 0
        ? `bench-private-teams-${j}`
        : j % 3 === 1
          ? `bench-list-teams-and-chats-${j}`
          : `bench-guests-kept-out-${j}`;
    out[id] =
      j % 3 === 0
        ? `@id("${id}")\npermit (principal is ${NAMESPACE}::User, action == ${NAMESPACE}::Action::"team.read", resource is ${NAMESPACE}::Team)\n` +
          `when { resource.tenant == ${tenant} && principal.tenant == resource.tenant && principal.role == "${role}" && resource.visibility == "private" };`
        : j % 3 === 1
          ? `@id("${id}")\npermit (principal is ${NAMESPACE}::User, action in [${NAMESPACE}::Action::"team.list", ${NAMESPACE}::Action::"chat.list"], resource is ${NAMESPACE}::Tenant)\n` +
            `when { resource == ${tenant} && principal.tenant == resource && principal.role == "${role}" };`
          : `@id("${id}")\nforbid (principal is ${NAMESPACE}::User, action in ${NAMESPACE}::Action::"tenantContent", resource)\n` +
            `when { principal.tenant == ${tenant} && principal.role == "guest" };`;
  }
  return out;
}

/** Both sets must validate strictly against the schema, as the real ones are tested to. */
function strictlyValid(name: string, policies: Record<string, Policy>): void {
  const answer = validate({
    schema: buildCedarSchema(),
    policies: { staticPolicies: policies },
    validationSettings: { mode: "strict" },
  });
  if (answer.type !== "success")
    throw new Error(`${name}: ${answer.errors.map((e) => e.message).join("; ")}`);
  if (answer.validationErrors.length > 0)
    throw new Error(`${name}: ${JSON.stringify(answer.validationErrors)}`);
}
