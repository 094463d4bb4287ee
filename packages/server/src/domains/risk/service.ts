import {
  DEFAULT_DETECTION_LEVELS,
  type DetectionKind,
  type DetectionLevel,
  type RiskLevel,
  type RiskSettings,
  SIGN_IN_DETECTIONS,
} from "@engawa/shared";
import { DAY, HOUR, MINUTE, type Clock } from "../../platform/clock.ts";
import type { RequestInfo } from "../../platform/context.ts";
import type { Database } from "../../platform/db/database.ts";
import { asnOf } from "../../platform/geo/asn.ts";
import { placeOf } from "../../platform/geo/geoIp.ts";
import { AppError } from "../../platform/errors.ts";
import { scopeFor, type Scope } from "../../platform/scope.ts";
import type { AuditLog } from "../audit/index.ts";
import { describeUserAgent, type RiskGate } from "../identity/index.ts";
import { AnomalousTokenWatch, type SessionOrigin } from "./anomalousToken.ts";
import { AddressLists, badListLine, LIST_NAMES, listLines, type ListName } from "./addressLists.ts";
import { isBreachedPassword } from "./breachedPasswords.ts";
import { signInFindings, type Finding, type PastSignIn, type SignInFacts } from "./detections.ts";
import { RISK_EVENTS } from "./events.ts";
import { CONTEXT_RETENTION_DAYS, effectiveLevel, highest, rankOf } from "./levels.ts";
import type { RiskAdminDeps } from "./riskAdmin.ts";
import { createRiskStore, type DetectionRow, type OpenDetection, type RiskStore } from "./store.ts";

/**
 * A user's risk rose: their open sessions take the new level, or end when the tenant's user-risk
 * policy applies at it (`endSessions`), all but the sign-in that raised it.
 */
export interface UserRiskRise {
  tenantId: string;
  userId: string;
  level: RiskLevel;
  endSessions: boolean;
  exceptSessionId: string | null;
}

/** What the built-in risk policies ask of a sign-in (block beats a password change beats MFA). */
export type RiskRequirement = "none" | "mfa" | "password_change" | "block";

/** What a sign-in's risk check is given (identity's `RiskGate.check` input). */
export type SignInRiskInput = Parameters<RiskGate["check"]>[0];

/** A finding with the level the tenant gives it. */
export interface LevelledFinding extends Finding {
  level: Exclude<DetectionLevel, "off">;
}

export interface SignInAssessment {
  input: SignInRiskInput;
  facts: Pick<SignInFacts, "at" | "ip" | "browser" | "os"> & {
    country: string | null;
    region: string | null;
    asn: number | null;
  };
  findings: LevelledFinding[];
  signInRisk: RiskLevel;
  userRisk: RiskLevel;
  /** The user's risk before this sign-in's findings. */
  priorUserRisk: RiskLevel;
  requires: RiskRequirement;
  /** Which policy asked for it. */
  because: "sign_in_risk" | "user_risk" | null;
}

export interface RiskDeps {
  database: Database;
  audit: AuditLog;
  clock: Clock;
  /** Failed sign-ins from an address in a window (the sign-in throttle counts them). */
  addressFailures: (ip: string | null, windowMs: number) => { failures: number; accounts: number };
  /** The user's open sessions learn a higher user risk, or end (identity's `userRiskRose`). */
  userRiskRose: (rise: UserRiskRise) => Promise<void>;
}

/**
 * Risk detections (the GIGA-school guideline's six risk events, password spray, anomalous tokens)
 * and the built-in risk policies: every sign-in gets a sign-in risk, every account a user risk
 * made of its open detections, and the tenant's policies turn them into "require MFA", "require a
 * password change after MFA" or "block" (until conditional access takes them over as conditions).
 */
export class Risk {
  readonly store: RiskStore;
  readonly lists: AddressLists;
  private readonly settingsCache = new Map<string, RiskSettings>();
  private readonly tokenWatch: AnomalousTokenWatch;
  /** When each tenant's old sign-in contexts were last deleted (epoch ms). */
  private readonly lastPurge = new Map<string, number>();

  private readonly deps: RiskDeps;

  constructor(deps: RiskDeps) {
    this.deps = deps;
    this.store = createRiskStore(deps.database);
    this.lists = new AddressLists(() => this.store.importedLists());
    this.tokenWatch = new AnomalousTokenWatch(async (session, evidence) => {
      await this.addDetection(
        systemRiskScope(session.tenantId),
        session.userId,
        "anomalous_token",
        evidence,
        undefined,
      );
    });
  }

  /** The tenant's risk settings; held in memory until they change (one node; see docs). */
  async settings(scope: Scope & { tenantId: string }): Promise<RiskSettings> {
    const cached = this.settingsCache.get(scope.tenantId);
    if (cached) return cached;
    const settings = await this.store.settings(scope);
    this.settingsCache.set(scope.tenantId, settings);
    return settings;
  }

  /** An admin changes the risk settings; audited with what changed (the lists by size only). */
  async updateSettings(
    scope: Scope & { tenantId: string },
    settings: RiskSettings,
    request: RequestInfo,
  ): Promise<RiskSettings> {
    const before = await this.settings(scope);
    await this.store.saveSettings(scope, settings, this.deps.clock.now());
    this.settingsCache.delete(scope.tenantId);
    await this.deps.audit.append(scope, {
      action: RISK_EVENTS.settingsChanged,
      outcome: "allow",
      request,
      target: { type: "tenant", id: scope.tenantId },
      details: { before: summary(before), after: summary(settings) },
    });
    return this.settings(scope);
  }

  /**
   * Replaces a shipped address list for the whole deployment with a file's lines (the update
   * command); every line must parse. Audited in the deployment's chain; read again at once.
   */
  async importList(
    scope: Scope,
    name: ListName,
    text: string,
    source: string,
  ): Promise<{ entries: number }> {
    if (!LIST_NAMES.includes(name))
      throw new AppError("invalid_value", `There is no list "${name}".`);
    const lines = listLines(text);
    const bad = badListLine(name, lines);
    if (bad !== null) {
      throw new AppError("invalid_value", `"${bad}" is not a valid entry of ${name}.`);
    }
    await this.store.importList(name, lines.join("\n"), source, this.deps.clock.now());
    this.lists.reload();
    // The deployment's chain, with whoever ran the command as the actor.
    await this.deps.audit.append(scopeFor(scope.actor, null), {
      action: RISK_EVENTS.listImported,
      outcome: "allow",
      details: { list: name, entries: lines.length, source },
    });
    return { entries: lines.length };
  }

  /** What the admin pages' commands work with. */
  get adminDeps() {
    return {
      store: this.store,
      audit: this.deps.audit,
      clock: this.deps.clock,
      addDetection: this.addDetection.bind(this),
    } satisfies RiskAdminDeps & { addDetection: unknown };
  }

  /**
   * Runs every sign-in detection for a sign-in whose credentials were right, and what the tenant's
   * risk policies ask of it. Nothing is stored: {@link recordSignIn} does that once the sign-in's
   * outcome is known.
   */
  async assessSignIn(input: SignInRiskInput): Promise<SignInAssessment> {
    const scope = systemRiskScope(input.tenantId);
    const settings = await this.settings(scope);
    const now = this.deps.clock.now();
    const ip = input.request.ip;
    const [place, asn, { history, open }, passwordBreached] = await Promise.all([
      placeOf(ip),
      asnOf(ip),
      this.basis(scope, settings, input.userId, now),
      input.password === undefined ? false : isBreachedPassword(input.password),
    ]);
    const described = describeUserAgent(input.request.userAgent);
    const known = (value: string) => (value === "unknown" ? null : value);
    const client = { browser: known(described.browser), os: known(described.os) };
    const lists = await this.lists.match(input.tenantId, settings, ip, asn?.number ?? null);
    const facts: SignInFacts = {
      at: now,
      ip,
      place,
      asn,
      ...client,
      ...lists,
      history,
      addressFailures: this.deps.addressFailures(ip, settings.suspiciousIp.windowMinutes * MINUTE),
      fromSprayingAddress: input.fromSprayingAddress,
      passwordBreached,
    };
    const openKinds = new Set(open.map((d) => d.kind));
    const findings = signInFindings(facts, settings)
      .map((f) => ({ ...f, level: levelOf(settings, f.kind) }))
      // An account already flagged as leaked is not flagged again at every sign-in.
      .filter((f): f is LevelledFinding => f.level !== "off")
      .filter((f) => !(f.kind === "leaked_credentials" && openKinds.has(f.kind)));
    const signInRisk = highest(
      findings.filter((f) => SIGN_IN_DETECTIONS.includes(f.kind)).map((f) => f.level),
    );
    const priorUserRisk = highest(open.map((d) => effectiveLevel(d, now)));
    const userRisk = highest([priorUserRisk, ...findings.map((f) => f.level)]);
    const { requires, because } = requirementOf(settings, signInRisk, userRisk);
    return {
      input,
      facts: {
        at: now,
        ip,
        browser: facts.browser,
        os: facts.os,
        country: place?.country ?? null,
        region: place?.region ?? null,
        asn: asn?.number ?? null,
      },
      findings,
      signInRisk,
      userRisk,
      priorUserRisk,
      requires,
      because,
    };
  }

  /**
   * Stores a sign-in's context and its detections (and audits the detections), once the sign-in
   * has its outcome: allowed, asked for a second factor or a password change, or blocked.
   */
  async recordSignIn(
    assessment: SignInAssessment,
    outcome: "allowed" | "mfa" | "password_change" | "blocked",
    sessionId: string | null,
  ): Promise<void> {
    const { input, facts } = assessment;
    const scope = systemRiskScope(input.tenantId);
    const now = this.deps.clock.now();
    const signInId = await this.store.insertContext(scope, {
      userId: input.userId,
      sessionId,
      at: facts.at,
      method: input.method,
      ip: facts.ip,
      country: facts.country,
      region: facts.region,
      asn: facts.asn,
      browser: facts.browser,
      os: facts.os,
      risk: assessment.signInRisk,
      outcome,
    });
    await this.purgeOldContexts(scope, now);
    if (assessment.findings.length === 0) return;
    const detections = await this.store.insertDetections(
      scope,
      assessment.findings.map((f) => ({
        userId: input.userId,
        kind: f.kind,
        level: f.level,
        ip: facts.ip,
        detectedAt: facts.at,
        signInId,
        evidence: f.evidence,
      })),
    );
    await this.deps.audit.append(scope, {
      action: RISK_EVENTS.atRisk,
      outcome: outcome === "blocked" ? "deny" : "allow",
      request: input.request,
      target: { type: "user", id: input.userId },
      details: {
        detections: detections.map((d) => ({ id: d.id, kind: d.kind, level: d.level })),
        signInRisk: assessment.signInRisk,
        userRisk: assessment.userRisk,
        outcome,
      },
    });
    await this.userRiskChanged(
      scope,
      input.userId,
      assessment.priorUserRisk,
      assessment.userRisk,
      sessionId,
    );
  }

  /**
   * Tells the user's other open sessions when their risk rose (continuous access evaluation): they
   * carry the new level from their next request on, or end if the user-risk policy applies to it.
   */
  private async userRiskChanged(
    scope: Scope & { tenantId: string },
    userId: string,
    before: RiskLevel,
    after: RiskLevel,
    exceptSessionId: string | null,
  ): Promise<void> {
    if (rankOf(after) <= rankOf(before)) return;
    const settings = await this.settings(scope);
    await this.deps.userRiskRose({
      tenantId: scope.tenantId,
      userId,
      level: after,
      endSessions: atOrAbove(after, settings.userRiskPolicy.level),
      exceptSessionId,
    });
  }

  /**
   * Checks a signed-in request against where its session began (anomalous token). Never fails the
   * request: a detection is recorded (and audited) for admins and the user-risk policy.
   */
  async observeSession(session: SessionOrigin, request: RequestInfo): Promise<void> {
    await this.tokenWatch.observe(session, request, this.deps.clock.now());
  }

  /** The risk check every sign-in passes (installed into identity by the composition root). */
  gate(): RiskGate {
    return {
      check: async (input) => {
        const assessment = await this.assessSignIn(input);
        return {
          requires: assessment.requires,
          ...(assessment.requires === "block" ? { blockedBy: "risk" as const } : {}),
          levels: { signIn: assessment.signInRisk, user: assessment.userRisk },
          country: assessment.facts.country,
          record: (outcome, sessionId) => this.recordSignIn(assessment, outcome, sessionId),
        };
      },
      remediated: async (tenantId, userId, request) => {
        await this.remediate(tenantId, userId, request);
      },
    };
  }

  /** A password change after a second factor closes the user's open detections. */
  async remediate(tenantId: string, userId: string, request: RequestInfo): Promise<number> {
    const scope = systemRiskScope(tenantId);
    const closed = await this.store.resolveOpen(
      scope,
      userId,
      "remediated",
      userId,
      this.deps.clock.now(),
    );
    if (closed > 0) {
      await this.deps.audit.append(scope, {
        action: RISK_EVENTS.remediated,
        outcome: "allow",
        request,
        target: { type: "user", id: userId },
        details: { detections: closed, by: "password_change_after_mfa" },
      });
    }
    return closed;
  }

  /**
   * Deletes the tenant's sign-in contexts past their retention, at most once an hour per tenant
   * (the lists never show older ones anyway), so a sign-in does not pay a delete every time.
   */
  private async purgeOldContexts(scope: Scope & { tenantId: string }, now: Date): Promise<void> {
    const last = this.lastPurge.get(scope.tenantId) ?? 0;
    if (now.getTime() - last < HOUR) return;
    this.lastPurge.set(scope.tenantId, now.getTime());
    await this.store.purgeContexts(scope, new Date(now.getTime() - CONTEXT_RETENTION_DAYS * DAY));
  }

  /** The user's risk now: the highest level among their open detections (low ones age out). */
  async userRisk(scope: Scope, userId: string): Promise<RiskLevel> {
    const now = this.deps.clock.now();
    return highest(
      (await this.store.openDetections(scope, userId)).map((d) => effectiveLevel(d, now)),
    );
  }

  /**
   * Adds a detection about an account outside a sign-in: an admin's report of leaked credentials or
   * confirmation of compromise, an anomalous token. Audited as the account being at risk.
   */
  async addDetection(
    scope: Scope & { tenantId: string },
    userId: string,
    kind: DetectionKind,
    evidence: DetectionRow["evidence"],
    request: RequestInfo | undefined,
  ): Promise<DetectionRow | null> {
    const settings = await this.settings(scope);
    const level = kind === "admin_confirmed_compromised" ? "high" : levelOf(settings, kind);
    if (level === "off") return null;
    const before = await this.userRisk(scope, userId);
    const [row] = await this.store.insertDetections(scope, [
      {
        userId,
        kind,
        level,
        ip: request?.ip ?? null,
        detectedAt: this.deps.clock.now(),
        signInId: null,
        evidence,
      },
    ]);
    await this.deps.audit.append(scope, {
      action: RISK_EVENTS.atRisk,
      outcome: "allow",
      ...(request ? { request } : {}),
      target: { type: "user", id: userId },
      details: { detections: [{ id: row!.id, kind, level }] },
    });
    await this.userRiskChanged(scope, userId, before, highest([before, level]), null);
    return row!;
  }

  /** The user's recent sign-ins (as the detections compare) and open detections, one read. */
  private async basis(
    scope: Scope & { tenantId: string },
    settings: RiskSettings,
    userId: string,
    now: Date,
  ): Promise<{ history: PastSignIn[]; open: OpenDetection[] }> {
    const since = new Date(now.getTime() - CONTEXT_RETENTION_DAYS * DAY);
    const { history: rows, open } = await this.store.signInBasis(scope, userId, since);
    const past: PastSignIn[] = rows.map((r) => ({
      at: r.at,
      ip: r.ip,
      country: r.country,
      region: r.region,
      asn: r.asn,
      browser: r.browser,
      os: r.os,
      place: null,
      trusted: this.lists.trusted(scope.tenantId, settings, r.ip),
    }));
    // Impossible travel needs where the latest located sign-in was: its address is looked up again.
    const latest = past.find((p) => p.country !== null);
    if (latest) latest.place = await placeOf(latest.ip);
    return { history: past, open };
  }
}

/** Settings for the audit log: levels and policies as they are, the address lists by size. */
function summary(settings: RiskSettings): Record<string, unknown> {
  return {
    levels: settings.levels,
    signInRiskPolicy: settings.signInRiskPolicy,
    userRiskPolicy: settings.userRiskPolicy,
    suspiciousIp: settings.suspiciousIp,
    anonymousRanges: settings.anonymousRanges.length,
    botnetRanges: settings.botnetRanges.length,
    trustedRanges: settings.trustedRanges.length,
  };
}

function levelOf(settings: RiskSettings, kind: DetectionKind): DetectionLevel {
  if (kind === "admin_confirmed_compromised") return "high";
  return settings.levels[kind] ?? DEFAULT_DETECTION_LEVELS[kind];
}

function atOrAbove(level: RiskLevel, policy: RiskSettings["signInRiskPolicy"]["level"]): boolean {
  return policy !== "off" && level !== "none" && rankOf(level) >= rankOf(policy);
}

/** The built-in policies' answer: block wins, then a password change (after MFA), then MFA. */
export function requirementOf(
  settings: RiskSettings,
  signInRisk: RiskLevel,
  userRisk: RiskLevel,
): { requires: RiskRequirement; because: SignInAssessment["because"] } {
  const fromUser = atOrAbove(userRisk, settings.userRiskPolicy.level)
    ? settings.userRiskPolicy.control
    : null;
  const fromSignIn = atOrAbove(signInRisk, settings.signInRiskPolicy.level)
    ? settings.signInRiskPolicy.control
    : null;
  if (fromUser === "block") return { requires: "block", because: "user_risk" };
  if (fromSignIn === "block") return { requires: "block", because: "sign_in_risk" };
  if (fromUser === "password_change") return { requires: "password_change", because: "user_risk" };
  if (fromSignIn === "mfa") return { requires: "mfa", because: "sign_in_risk" };
  return { requires: "none", because: null };
}

export function systemRiskScope(tenantId: string): Scope & { tenantId: string } {
  return scopeFor({ type: "system", reason: "risk detection" }, tenantId) as Scope & {
    tenantId: string;
  };
}
