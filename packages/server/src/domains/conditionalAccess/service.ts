import {
  caAppOf,
  caIsDownload,
  caUserActionOf,
  defaultContextRules,
  deviceStatesOf,
  effectiveWorkContext,
  hasSessionControl,
  strongestLabelOf,
  type TermsOfUse,
  type CaGrantControl,
  type CaPolicyInput,
  type NamedLocationInput,
  type PutLabelsRequest,
  type RiskLevel,
  type ContextCell,
  type SensitivityLabel,
  type StoredWorkContext,
  type WhatIfRequest,
  type WorkContextSetting,
} from "@engawa/shared";
import { DAY, type Clock } from "../../platform/clock.ts";
import type { RequestInfo } from "../../platform/context.ts";
import type { Database } from "../../platform/db/database.ts";
import { AppError } from "../../platform/errors.ts";
import { placeOf } from "../../platform/geo/geoIp.ts";
import { parseRange } from "../../platform/net/ipRanges.ts";
import { scopeFor, type Scope } from "../../platform/scope.ts";
import {
  labelOf,
  type AccessEngine,
  type AccessRequest,
  type ConditionalSet,
} from "../access/index.ts";
import type { AuditLog } from "../audit/index.ts";
import type { Principal } from "../identity/index.ts";
import { compilePolicies, readDecision, type CaVerdict, type CompiledRule } from "./compile.ts";
import { explain, firstUnmet, type Verdict } from "./evaluate.ts";
import { CA_EVENTS } from "./events.ts";
import { lockoutProblem } from "./lockout.ts";
import { TermsOfUseBook } from "./termsOfUse.ts";
import {
  cedarSignalsOf,
  deviceSignals,
  isClocked,
  sessionMinutes,
  clientOf,
  LocationIndex,
  strengthOf,
  type CaPolicyRecord,
  type CaSignals,
  type DeviceTrust,
  type NamedLocationRecord,
} from "./signals.ts";
import { createConditionalAccessStore, type ConditionalAccessStore } from "./store.ts";
import { compileContextRules, matrixCellOf } from "./workContext.ts";

export interface ConditionalAccessDeps {
  database: Database;
  audit: AuditLog;
  clock: Clock;
  access: AccessEngine;
}

/** A tenant's policies and locations as loaded by this process, compiled and preparsed. */
interface TenantSet {
  version: number;
  policies: CaPolicyRecord[];
  locations: NamedLocationRecord[];
  /** The labels with their rows of the work-context matrix, and whether it is switched on. */
  labels: SensitivityLabel[];
  workContextEnabled: boolean;
  index: LocationIndex;
  set: ConditionalSet;
  rules: Map<string, { policyId: string; rule: CompiledRule }>;
  /** Policies on whose answer depends on the clock (worked out per request: isClocked). */
  clocked: CaPolicyRecord[];
  /** Each user's groups, as loaded with this version (a change of members bumps the version). */
  groupsOf: Map<string, string[]>;
  /** The current version of each of the tenant's terms of use. */
  termsVersions: Map<string, number>;
  /** Policies on that ask for a watermark (an obligation of an allowed answer). */
  watermarking: CaPolicyRecord[];
  /** Whether any policy is on or the matrix refuses something: otherwise no signals are needed. */
  enforcing: boolean;
  /** A policy that is on or report-only asks for a registered or compliant device. */
  usesDevices: boolean;
}

/** What conditional access decided for one request or sign-in. */
export interface CaDecision {
  verdict: CaVerdict;
  controls: CaGrantControl[];
  policyIds: string[];
  /**
   * Allowed, with a policy that applies asking for the viewer's name over what is shown (session
   * control `watermark`: an obligation of the answer, not a refusal, so not a Cedar rule).
   */
  watermark: boolean;
}

/** Report-only results are kept as long as the sign-in contexts (risk/levels.ts). */
const REPORT_RETENTION_DAYS = 30;

/**
 * The web client opens on chat's team list, so a sign-in is decided as that request: the policies
 * that would stop the first page are asked at sign-in (Entra evaluates at token issuance for the
 * app signed in to); policies of other apps are asked when the user reaches them.
 */
export const SIGN_IN_ACTION = "team.list" as const;

/**
 * Conditional access (issue "Conditional access"): named locations, policies in Entra ID's shape,
 * compiled into Cedar and decided by the access engine at sign-in and at every request, What-If,
 * and report-only results.
 */
export class ConditionalAccess {
  readonly store: ConditionalAccessStore;
  /** The organisation's terms of use, and people's acceptances. */
  readonly terms: TermsOfUseBook;
  private readonly deps: ConditionalAccessDeps;
  private readonly sets = new Map<string, TenantSet>();
  private readonly loading = new Map<string, Promise<TenantSet>>();
  private readonly purgedAt = new Map<string, number>();
  private readonly changeListeners = new Set<(tenantId: string) => void>();
  private deviceTrust: (principal: Extract<Principal, { kind: "user" }>) => Promise<DeviceTrust> =
    () => Promise.resolve(NO_DEVICE);

  constructor(deps: ConditionalAccessDeps) {
    this.deps = deps;
    this.store = createConditionalAccessStore(deps.database);
    this.terms = new TermsOfUseBook({
      database: deps.database,
      clock: deps.clock,
      audit: deps.audit,
      store: this.store,
      changed: (tenantId) => this.changed(tenantId),
    });
  }

  /**
   * The terms of use the policies ask this person to accept (what the client shows on
   * `terms_required`), with their groups as the tenant's set has them.
   */
  async requiredTerms(
    scope: Scope,
    user: { id: string; role: string; acceptedTerms: Record<string, number> },
  ): Promise<TermsOfUse[]> {
    const set = await this.tenantSet(tenantOf(scope), await this.store.version(scope));
    return this.terms.required(
      scope,
      { ...user, groups: set.groupsOf.get(user.id) ?? [] },
      set.policies,
    );
  }

  // --- Administration ---

  async policies(scope: Scope): Promise<(CaPolicyRecord & { report: Record<string, number> })[]> {
    const since = new Date(this.deps.clock.now().getTime() - REPORT_RETENTION_DAYS * DAY);
    const [policies, counts] = await Promise.all([
      this.store.policies(scope),
      this.store.reportCounts(scope, since),
    ]);
    return policies.map((p) => ({
      ...p,
      report: counts.get(p.id) ?? { not_applied: 0, success: 0, failure: 0, action_required: 0 },
    }));
  }

  /**
   * The lock-out guard for a change of people (an administrator disabled, or given a role that is
   * not owner or admin): why the policies that are on would then block every remaining
   * administrator, or null.
   */
  async lockoutWithout(
    scope: Scope,
    userId: string,
    newRole: string | null,
  ): Promise<string | null> {
    const stays = newRole === "owner" || newRole === "admin";
    const administrators = (await this.store.administrators(scope)).flatMap((a) =>
      a.id !== userId ? [a] : stays && newRole ? [{ ...a, role: newRole }] : [],
    );
    return lockoutProblem(await this.store.policies(scope), administrators);
  }

  async savePolicy(
    scope: Scope,
    id: string | null,
    input: CaPolicyInput,
    request: RequestInfo,
  ): Promise<CaPolicyRecord> {
    const locations = await this.store.locations(scope);
    const known = new Set(locations.map((l) => l.id));
    const named = [
      ...(input.conditions.locations?.include ?? []),
      ...(input.conditions.locations?.exclude ?? []),
    ];
    if (named.some((l) => !known.has(l)))
      throw new AppError("invalid_request", "A named location of this policy does not exist.", {
        field: "conditions.locations",
      });
    if (input.conditions.time) checkTimeZone(input.conditions.time.timeZone);
    const asksTerms = input.grant.controls.includes("terms_of_use");
    if (asksTerms !== (input.grant.termsOfUseId !== null) && !input.grant.block)
      throw new AppError(
        "invalid_request",
        asksTerms
          ? "Choose the terms of use to accept."
          : "Terms of use are named only when asked.",
        { field: "grant" },
      );
    if (
      input.grant.termsOfUseId !== null &&
      !(await this.store.terms(scope)).some((t) => t.id === input.grant.termsOfUseId)
    )
      throw new AppError("invalid_request", "These terms of use do not exist.", { field: "grant" });
    const groupIds = [...new Set([...input.include.groups, ...input.exclude.groups])];
    const groups = await this.store.existingGroups(scope, groupIds);
    if (groupIds.some((g) => !groups.has(g)))
      throw new AppError("invalid_request", "A group of this policy does not exist.", {
        field: "include",
      });
    if (
      !input.grant.block &&
      input.grant.controls.length === 0 &&
      !hasSessionControl(input.session)
    )
      throw new AppError(
        "invalid_request",
        "Choose block, a control to require, or a session control (view only, watermark, sign-in frequency, idle timeout).",
        { field: "grant" },
      );
    const others = (await this.store.policies(scope)).filter((p) => p.id !== id);
    const problem = lockoutProblem(
      [...others, input],
      await this.store.administrators(scope),
      input,
    );
    if (problem) throw new AppError("would_lock_out_admins", problem);
    const saved = await this.deps.database.transaction(async () => {
      const before =
        id === null ? null : (await this.store.policies(scope)).find((p) => p.id === id);
      if (id !== null && !before) throw new AppError("not_found", "Not found.");
      const row = await this.store.savePolicy(scope, id, input, this.deps.clock.now());
      if (!row) throw new AppError("not_found", "Not found.");
      await this.store.bumpVersion(scope);
      await this.deps.audit.append(scope, {
        action: CA_EVENTS.policySaved,
        outcome: "allow",
        request,
        target: { type: "ca_policy", id: row.id },
        details: {
          name: row.name,
          state: row.state,
          created: id === null,
          before: before ? summary(before) : null,
          after: summary(row),
        },
      });
      return row;
    });
    this.changed(tenantOf(scope));
    return saved;
  }

  async deletePolicy(scope: Scope, id: string, request: RequestInfo): Promise<void> {
    await this.deps.database.transaction(async () => {
      const before = (await this.store.policies(scope)).find((p) => p.id === id);
      if (!before || !(await this.store.deletePolicy(scope, id)))
        throw new AppError("not_found", "Not found.");
      await this.store.bumpVersion(scope);
      await this.deps.audit.append(scope, {
        action: CA_EVENTS.policyDeleted,
        outcome: "allow",
        request,
        target: { type: "ca_policy", id },
        details: { before: summary(before) },
      });
    });
    this.changed(tenantOf(scope));
  }

  /** The labels, least sensitive first, and whether the work-context matrix applies. */
  async labels(
    scope: Scope,
  ): Promise<{ labels: SensitivityLabel[]; workContext: WorkContextSetting }> {
    const [labels, enabled] = await Promise.all([
      this.store.labels(scope),
      this.store.workContextEnabled(scope),
    ]);
    return { labels, workContext: { enabled } };
  }

  /** Refuses a label id that is not one of the organisation's labels (null, taking one off, passes). */
  async requireLabel(scope: Scope, labelId: string | null): Promise<void> {
    if (labelId !== null && !(await this.store.labels(scope)).some((l) => l.id === labelId))
      throw new AppError("invalid_request", "No such label in this organisation.", {
        field: "labelId",
      });
  }

  /**
   * The most sensitive of the labels a piece of content carries (its team's, its channel's, its
   * file's own): a channel or file can be marked more sensitive than where it lives, never less,
   * so nobody can take content out of its team's policies by labelling it lower. Reads the ranks
   * only when two different labels meet.
   */
  async strongestLabel(
    scope: Scope,
    labelIds: readonly (string | null | undefined)[],
  ): Promise<string | null> {
    const distinct = [...new Set(labelIds.filter((id) => typeof id === "string"))];
    if (distinct.length <= 1) return distinct[0] ?? null;
    // Ids are checked when set and a label still on content cannot be deleted; should one be
    // missing all the same, the first given stands rather than none.
    return strongestLabelOf(await this.store.labels(scope), distinct) ?? distinct[0] ?? null;
  }

  /**
   * Hears every change of a tenant's policies, locations, labels or matrix (real-time connections
   * re-decide what they follow, so a stricter rule reaches an open WebSocket at once).
   */
  /** The tenant's access-policy version now (bumped by every change of what decisions read). */
  currentVersion(tenantId: string): Promise<number> {
    return this.store.version(systemScope(tenantId));
  }

  onChange(listener: (tenantId: string) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /**
   * Replaces the organisation's labels (least sensitive first). Ids given must be the tenant's
   * own; a label left out that a team, channel or file still carries is refused (`labelled`
   * counts them), so nothing silently loses its label.
   */
  async saveLabels(
    scope: Scope,
    input: PutLabelsRequest,
    labelled: (labelIds: string[]) => Promise<number>,
    request: RequestInfo,
  ): Promise<{ labels: SensitivityLabel[]; workContext: WorkContextSetting }> {
    const enabledBefore = await this.store.workContextEnabled(scope);
    const names = input.labels.map((l) => l.name.trim());
    if (new Set(names).size !== names.length)
      throw new AppError("invalid_request", "Two labels have the same name.", { field: "labels" });
    await this.deps.database.transaction(async () => {
      const before = await this.store.labels(scope);
      const known = new Set(before.map((l) => l.id));
      if (input.labels.some((l) => l.id !== undefined && !known.has(l.id)))
        throw new AppError("invalid_request", "A label of this list does not exist.", {
          field: "labels",
        });
      const kept = new Set(input.labels.flatMap((l) => (l.id ? [l.id] : [])));
      const removed = before.filter((l) => !kept.has(l.id));
      if ((await labelled(removed.map((l) => l.id))) > 0)
        throw new AppError(
          "invalid_state",
          `The label "${removed[0]?.name}" is on a team, channel, file or meeting. Take it off them first.`,
        );
      // A label keeps its row of the matrix unless one is given; a new one gets its place's default.
      const rowOf = new Map(before.map((l) => [l.id, l.contextRules]));
      await this.store.replaceLabels(
        scope,
        input.labels.map((l, i) => ({
          ...l,
          name: names[i] ?? l.name,
          contextRules:
            l.contextRules ??
            (l.id ? rowOf.get(l.id) : undefined) ??
            defaultContextRules(i, input.labels.length),
        })),
        this.deps.clock.now(),
      );
      if (input.workContext && input.workContext.enabled !== enabledBefore)
        await this.store.setWorkContextEnabled(scope, input.workContext.enabled);
      await this.store.bumpVersion(scope);
      await this.deps.audit.append(scope, {
        action: CA_EVENTS.labelsSaved,
        outcome: "allow",
        request,
        target: { type: "tenant", id: tenantOf(scope) },
        details: {
          before: before.map((l) => l.name),
          after: names,
          workContextEnabled: input.workContext?.enabled ?? enabledBefore,
        },
      });
    });
    this.changed(tenantOf(scope));
    return this.labels(scope);
  }

  locations(scope: Scope): Promise<NamedLocationRecord[]> {
    return this.store.locations(scope);
  }

  async saveLocation(
    scope: Scope,
    id: string | null,
    input: NamedLocationInput,
    request: RequestInfo,
  ): Promise<NamedLocationRecord> {
    checkLocation(input);
    const saved = await this.deps.database.transaction(async () => {
      const row = await this.store.saveLocation(scope, id, input, this.deps.clock.now());
      if (!row) throw new AppError("not_found", "Not found.");
      await this.store.bumpVersion(scope);
      await this.deps.audit.append(scope, {
        action: CA_EVENTS.locationSaved,
        outcome: "allow",
        request,
        target: { type: "named_location", id: row.id },
        details: {
          name: row.name,
          created: id === null,
          ranges: row.ranges.length,
          countries: row.countries,
          trusted: row.trusted,
        },
      });
      return row;
    });
    this.changed(tenantOf(scope));
    return saved;
  }

  async deleteLocation(scope: Scope, id: string, request: RequestInfo): Promise<void> {
    const users = (await this.store.policies(scope)).filter(
      (p) =>
        p.conditions.locations?.include.includes(id) ||
        p.conditions.locations?.exclude.includes(id),
    );
    if (users.length > 0)
      throw new AppError(
        "invalid_state",
        `This location is used by the policy "${users[0]?.name}". Remove it from the policy first.`,
      );
    await this.deps.database.transaction(async () => {
      if (!(await this.store.deleteLocation(scope, id)))
        throw new AppError("not_found", "Not found.");
      await this.store.bumpVersion(scope);
      await this.deps.audit.append(scope, {
        action: CA_EVENTS.locationDeleted,
        outcome: "allow",
        request,
        target: { type: "named_location", id },
        details: {},
      });
    });
    this.changed(tenantOf(scope));
  }

  /**
   * What-If (Entra's required inputs — user, app, client type, platform — plus address, time,
   * risk and what the session has passed): every policy that is on or report-only, its result,
   * and for each that did not apply the first condition that did not hold.
   */
  async whatIf(
    scope: Scope,
    user: { id: string; role: string },
    input: WhatIfRequest,
  ): Promise<
    Verdict & {
      country: string | null;
      locations: string[];
      workContextCell: ContextCell | null;
    }
  > {
    const set = await this.tenantSet(tenantOf(scope), await this.store.version(scope));
    const country = (await placeOf(input.ip))?.country ?? null;
    const place = set.index.place(input.ip, country);
    const signals: CaSignals = {
      userId: user.id,
      role: user.role,
      groups: set.groupsOf.get(user.id) ?? [],
      acceptedTerms: input.termsAccepted ? [...set.termsVersions.keys()] : [],
      // As the catalogue's actions are: exporting data is an admin-page download as well.
      app: input.userAction === "export_data" ? "admin" : input.userAction ? null : input.app,
      userAction: input.userAction ?? null,
      download: input.userAction === "export_data",
      label: input.labelId ?? null,
      ...place,
      country,
      signInRisk: input.signInRisk,
      userRisk: input.userRisk,
      platform: input.platform,
      clientType: input.clientType,
      at: input.at ? new Date(input.at) : this.deps.clock.now(),
      mfa: input.mfa || input.phishingResistant,
      phishingResistant: input.phishingResistant,
      minutesSinceSignIn: input.minutesSinceSignIn ?? 0,
      longestPauseMinutes: input.longestPauseMinutes ?? 0,
      workContext: input.workContext ?? null,
      ...deviceSignals({
        registered: input.deviceRegistered ?? false,
        compliant: input.deviceCompliant ?? false,
      }),
    };
    return {
      ...explain(set.policies, signals),
      country,
      locations: place.locations,
      workContextCell: matrixCellOf(
        set.labels,
        set.workContextEnabled,
        signals.label,
        signals.workContext,
      ),
    };
  }

  // --- Enforcement ---

  /**
   * The conditional-access part of a request whose role part was allowed: signals from the
   * request and the session, decided by Cedar against the tenant's compiled set. Account actions
   * (no app) and tenants without a policy that is on are allowed without work.
   */
  async decideRequest(
    user: {
      id: string;
      role: string;
      tenantId: string;
      accessPolicyVersion: number;
      methods: string;
      /** When the session last proved who it is, and its longest pause since (session controls). */
      authenticatedAt: Date;
      longestPauseSeconds: number;
      /** The terms of use (id → version) the user accepted. */
      acceptedTerms: Record<string, number>;
      risk: { signIn: RiskLevel; user: RiskLevel };
      workContext: StoredWorkContext | null;
      /** The session's device, looked up only for a tenant with a policy that asks about it. */
      device: () => Promise<DeviceTrust>;
    },
    request: AccessRequest,
    info: RequestInfo,
  ): Promise<CaDecision> {
    const app = caAppOf(request.action);
    const userAction = caUserActionOf(request.action);
    if (app === null && userAction === null) return ALLOWED;
    const set = await this.tenantSet(user.tenantId, user.accessPolicyVersion);
    if (!set.enforcing) return ALLOWED;
    const signals = await this.signals(set, {
      userId: user.id,
      role: user.role,
      app,
      userAction,
      download: caIsDownload(request.action),
      label: labelOrNull(request.target),
      ip: info.ip,
      userAgent: info.userAgent,
      methods: user.methods,
      session: user,
      acceptedTerms: user.acceptedTerms,
      risk: user.risk,
      workContext: effectiveWorkContext(user.workContext, info.ip, this.deps.clock.now()),
      device: set.usesDevices ? await user.device() : NO_DEVICE,
    });
    const decision = this.deps.access.decideConditional(
      set.set,
      request,
      cedarSignalsOf(signals, set.clocked),
    );
    const read = readDecision(decision.allowed, decision.policies, set.rules);
    return {
      ...read,
      watermark:
        read.verdict === "allow" && set.watermarking.some((p) => firstUnmet(p, signals) === null),
    };
  }

  /** {@link decideRequest} for whoever asks: only tenant users are under conditional access. */
  decideFor(principal: Principal, request: AccessRequest, info: RequestInfo): Promise<CaDecision> {
    if (principal.kind !== "user") return Promise.resolve(ALLOWED);
    return this.decideRequest(
      {
        id: principal.user.id,
        role: principal.user.role,
        tenantId: principal.tenant.id,
        accessPolicyVersion: principal.tenant.accessPolicyVersion,
        methods: principal.session.methods,
        authenticatedAt: principal.session.authenticatedAt,
        longestPauseSeconds: principal.session.longestPauseSeconds,
        acceptedTerms: principal.user.acceptedTerms,
        risk: principal.session.risk,
        workContext: principal.session.workContext,
        device: () => this.deviceTrust(principal),
      },
      request,
      info,
    );
  }

  /**
   * How the devices domain answers for a session's device (installed by services.ts, as the
   * identity domain's risk gate is; conditional access does not depend on devices). Until it is
   * installed no session has a registered or compliant device.
   */
  setDeviceTrust(trust: (principal: Extract<Principal, { kind: "user" }>) => Promise<DeviceTrust>) {
    this.deviceTrust = trust;
  }

  /**
   * A sign-in whose credentials were right, decided as its first request ({@link SIGN_IN_ACTION});
   * report-only policies are told and their results recorded with the session it starts.
   */
  async atSignIn(input: {
    tenantId: string;
    user: { id: string; role: string };
    methods: string;
    request: RequestInfo;
    risk: { signIn: RiskLevel; user: RiskLevel };
    country: string | null;
  }): Promise<{ decision: CaDecision; record: (sessionId: string | null) => Promise<void> }> {
    const scope = systemScope(input.tenantId);
    const set = await this.tenantSet(input.tenantId, await this.store.version(scope));
    const signals = await this.signals(
      set,
      {
        userId: input.user.id,
        role: input.user.role,
        app: "chat",
        userAction: null,
        download: false,
        label: null,
        ip: input.request.ip,
        userAgent: input.request.userAgent,
        methods: input.methods,
        // Just signed in: no sign-in frequency or idle timeout has run out.
        session: { authenticatedAt: this.deps.clock.now(), longestPauseSeconds: 0 },
        acceptedTerms: await this.store.acceptedTermsOf(scope, input.user.id),
        risk: input.risk,
        workContext: null,
        device: null,
      },
      input.country,
    );
    const decision = set.enforcing
      ? (() => {
          const d = this.deps.access.decideConditional(
            set.set,
            {
              subject: {
                kind: "User",
                id: input.user.id,
                tenantId: input.tenantId,
                role: input.user.role,
                sessionStage: "complete",
              },
              action: SIGN_IN_ACTION,
              target: { kind: "Tenant", id: input.tenantId },
            },
            cedarSignalsOf(signals, set.clocked),
          );
          return { ...readDecision(d.allowed, d.policies, set.rules), watermark: false };
        })()
      : ALLOWED;
    const reportOnly = set.policies.filter((p) => p.state === "report_only");
    const told = reportOnly.length > 0 ? explain(reportOnly, signals).outcomes : [];
    const record = async (sessionId: string | null): Promise<void> => {
      const at = this.deps.clock.now();
      await this.store.insertReportResults(
        scope,
        told.map((o) => ({
          policyId: o.policy.id,
          userId: input.user.id,
          sessionId,
          at,
          result: o.result,
        })),
      );
      await this.purgeOld(scope, at);
    };
    return { decision, record };
  }

  private async signals(
    set: TenantSet,
    input: {
      userId: string;
      role: string;
      app: CaSignals["app"];
      userAction: CaSignals["userAction"];
      download: boolean;
      label: string | null;
      ip: string | null;
      userAgent: string | null;
      methods: string;
      session: { authenticatedAt: Date; longestPauseSeconds: number };
      acceptedTerms: Record<string, number>;
      risk: { signIn: RiskLevel; user: RiskLevel };
      workContext: CaSignals["workContext"];
      /** null at a sign-in (see deviceSignals). */
      device: DeviceTrust | null;
    },
    knownCountry?: string | null,
  ): Promise<CaSignals> {
    // The country is looked up only when a location names countries.
    const country =
      knownCountry !== undefined
        ? knownCountry
        : set.index.usesCountries
          ? ((await placeOf(input.ip))?.country ?? null)
          : null;
    const now = this.deps.clock.now();
    return {
      userId: input.userId,
      role: input.role,
      groups: set.groupsOf.get(input.userId) ?? [],
      // Only acceptances of the current version count.
      acceptedTerms: Object.entries(input.acceptedTerms)
        .filter(([id, version]) => set.termsVersions.get(id) === version)
        .map(([id]) => id),
      app: input.app,
      userAction: input.userAction,
      download: input.download,
      label: input.label,
      ...set.index.place(input.ip, country),
      country,
      signInRisk: input.risk.signIn,
      userRisk: input.risk.user,
      ...clientOf(input.userAgent),
      at: now,
      ...strengthOf(input.methods),
      ...sessionMinutes(input.session, now),
      workContext: input.workContext,
      ...deviceSignals(input.device),
    };
  }

  /**
   * The tenant's compiled set, reloaded when the tenant's version (read with every session)
   * differs from the one this process loaded: a change made by another process counts at once.
   */
  async tenantSet(tenantId: string, version: number): Promise<TenantSet> {
    const current = this.sets.get(tenantId);
    // A request that read its tenant before a change carries an older version: the newer set
    // already loaded answers it (a set never goes back).
    if (current && current.version >= version) return current;
    const key = `${tenantId}:${version}`;
    const pending = this.loading.get(key);
    if (pending) return pending;
    const load = this.load(tenantId).finally(() => this.loading.delete(key));
    this.loading.set(key, load);
    return load;
  }

  private async load(tenantId: string): Promise<TenantSet> {
    const scope = systemScope(tenantId);
    // The version first: a change committed while the rest is read is then newer than the set,
    // and the next request reloads it (read in the other order, a set could be tagged with a
    // version whose policies it does not hold, and never reload).
    const version = await this.store.version(scope);
    const [policies, locations, labels, workContextEnabled, groupsOf, terms] = await Promise.all([
      this.store.policies(scope),
      this.store.locations(scope),
      this.store.labels(scope),
      this.store.workContextEnabled(scope),
      this.store.groupsOfUsers(scope),
      this.store.terms(scope),
    ]);
    const compiled = compilePolicies(tenantId, policies);
    const matrix = compileContextRules(tenantId, labels, workContextEnabled);
    const text = { ...compiled.text, ...matrix.text };
    const rules = new Map([...compiled.rules, ...matrix.rules]);
    const set: TenantSet = {
      version,
      policies,
      locations,
      labels,
      workContextEnabled,
      index: new LocationIndex(locations),
      set: this.deps.access.loadConditionalSet(tenantId, String(version), text),
      rules,
      groupsOf,
      termsVersions: new Map(terms.map((t) => [t.id, t.version])),
      clocked: policies.filter((p) => p.state === "on" && isClocked(p)),
      usesDevices: policies.some(
        (p) =>
          p.state !== "off" &&
          (p.grant.controls.some((c) => c === "registered_device" || c === "compliant_device") ||
            deviceStatesOf(p.conditions).length > 0),
      ),
      watermarking: policies.filter(
        (p) => p.state === "on" && !p.grant.block && p.session.watermark,
      ),
      enforcing: rules.size > 0 || policies.some((p) => p.state === "on" && p.session.watermark),
    };
    const loaded = this.sets.get(tenantId);
    if (loaded && loaded.version > set.version) return loaded;
    this.sets.set(tenantId, set);
    return set;
  }

  /** Forgets the tenant's loaded set and tells whoever listens (after a committed change). */
  private changed(tenantId: string): void {
    this.sets.delete(tenantId);
    for (const listener of this.changeListeners) listener(tenantId);
  }

  /** Old report-only results go at most hourly per tenant. */
  private async purgeOld(scope: Scope, now: Date): Promise<void> {
    const tenantId = tenantOf(scope);
    if (now.getTime() - (this.purgedAt.get(tenantId) ?? 0) < DAY / 24) return;
    this.purgedAt.set(tenantId, now.getTime());
    await this.store.purgeReportResults(
      scope,
      new Date(now.getTime() - REPORT_RETENTION_DAYS * DAY),
    );
  }
}

function labelOrNull(target: AccessRequest["target"]): string | null {
  const label = labelOf(target);
  return label === "none" ? null : label;
}

const ALLOWED: CaDecision = { verdict: "allow", controls: [], policyIds: [], watermark: false };

function systemScope(tenantId: string): Scope {
  return scopeFor({ type: "system", reason: "conditional access" }, tenantId);
}

function tenantOf(scope: Scope): string {
  if (!scope.tenantId) throw new Error("conditional access needs a tenant scope");
  return scope.tenantId;
}

function summary(p: CaPolicyRecord) {
  return {
    name: p.name,
    state: p.state,
    include: p.include,
    exclude: p.exclude,
    apps: p.apps,
    userActions: p.userActions,
    conditions: p.conditions,
    grant: p.grant,
    session: p.session,
  };
}

function checkTimeZone(zone: string): void {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
  } catch {
    throw new AppError("invalid_request", `Unknown time zone "${zone}".`, {
      field: "conditions.time.timeZone",
    });
  }
}

/**
 * Ranges must parse and be narrower than /8 for IPv4 (Entra's rule: a wider range is a mistake,
 * not a place); only ranges can be trusted; a location names ranges or countries.
 */
function checkLocation(input: NamedLocationInput): void {
  for (const text of input.ranges) {
    const range = parseRange(text);
    const bits = text.includes("/") ? Number(text.split("/")[1]) : range?.version === 4 ? 32 : 128;
    if (!range || (range.version === 4 && bits <= 8) || (range.version === 6 && bits <= 8))
      throw new AppError(
        "invalid_request",
        `"${text}" is not an address range this can use (a CIDR range longer than /8).`,
        { field: "ranges" },
      );
  }
  if (input.ranges.length === 0 && input.countries.length === 0 && !input.includeUnknownCountry)
    throw new AppError("invalid_request", "Add address ranges or countries.", { field: "ranges" });
  if (input.trusted && input.ranges.length === 0)
    throw new AppError("invalid_request", "Only address ranges can be trusted, not countries.", {
      field: "trusted",
    });
}

const NO_DEVICE: DeviceTrust = { registered: false, compliant: false };

/**
 * The error a refused request gets: blocked, or the control to satisfy first — the client prompts
 * for it and retries without leaving the page (step-up, as for sensitive changes).
 */
export function refusalOf(decision: CaDecision): AppError {
  if (decision.verdict === "block")
    return new AppError(
      "access_blocked",
      "Your organisation's access policy does not allow this from here.",
    );
  if (decision.verdict === "context_denied")
    return new AppError(
      "work_context_denied",
      "This content's label does not allow it to be opened where you said you are working.",
    );
  if (decision.verdict === "title_only")
    return new AppError(
      "title_only",
      "Where you said you are working, only the titles of this content can be shown.",
    );
  if (decision.verdict === "view_only")
    return new AppError(
      "view_only",
      "Your organisation's access policy allows viewing only here: downloads and exports are turned off.",
    );
  if (decision.verdict === "reauthenticate")
    return new AppError(
      "reauthentication_required",
      "Your organisation's access policy asks you to confirm it is you again: your last sign-in is too old, or the session paused too long.",
    );
  if (decision.controls.length === 1 && decision.controls[0] === "terms_of_use")
    return new AppError(
      "terms_required",
      "Your organisation's access policy asks you to accept its terms of use first.",
    );
  if (decision.controls.includes("registered_device"))
    return new AppError(
      "device_registration_required",
      "Your organisation's access policy allows this only from a registered device: register this browser on your security page.",
    );
  if (decision.controls.includes("compliant_device"))
    return new AppError(
      "device_not_compliant",
      "Your organisation's access policy allows this only from a device that meets its rules: see your devices on your security page.",
    );
  if (decision.controls.includes("phishing_resistant"))
    return new AppError(
      "phishing_resistant_required",
      "Your organisation's access policy asks you to confirm with a passkey first.",
    );
  return new AppError(
    "mfa_required",
    "Your organisation's access policy asks you to confirm with a second factor first.",
  );
}
