import type {
  DetectionKind,
  OwnSignIn,
  RiskEvidence,
  RiskLevel,
  RiskySignIn,
  RiskySignInsQuery,
  RiskyUser,
} from "@engawa/shared";
import { DAY } from "../../platform/clock.ts";
import type { RequestInfo } from "../../platform/context.ts";
import { asnOf } from "../../platform/geo/asn.ts";
import type { Scope } from "../../platform/scope.ts";
import type { AuditLog } from "../audit/index.ts";
import { RISK_EVENTS } from "./events.ts";
import { CONTEXT_RETENTION_DAYS, effectiveLevel, highest, rankOf } from "./levels.ts";
import { presentDetection, presentRiskyUser, presentSignIn } from "./presenters.ts";
import type { RiskStore } from "./store.ts";

export interface RiskAdminDeps {
  store: RiskStore;
  audit: AuditLog;
  clock: { now(): Date };
}

/**
 * Risky sign-ins, newest first: by default those with a risk, or every recorded sign-in (`all`);
 * filtered by level (at or above), detection, user and time. Each comes with its detections and
 * their evidence (both places and times for impossible travel).
 */
export async function riskySignIns(
  deps: RiskAdminDeps,
  scope: Scope,
  query: RiskySignInsQuery,
): Promise<RiskySignIn[]> {
  const limit = query.limit ?? 50;
  // Nothing older than the contexts' retention, even before the next sign-in purges it.
  const kept = deps.clock.now().getTime() - CONTEXT_RETENTION_DAYS * DAY;
  const from = new Date(Math.max(kept, query.from ? new Date(query.from).getTime() : 0));
  const rows = await deps.store.signIns(scope, {
    ...(query.userId ? { userId: query.userId } : {}),
    from,
    ...(query.to ? { to: new Date(query.to) } : {}),
    risky: !query.all,
    // Level and detection filters apply after reading: read more so a page still fills.
    limit: query.level || query.detection ? Math.min(limit * 4, 800) : limit,
  });
  const now = deps.clock.now();
  const detections = await deps.store.detectionsOfSignIns(
    scope,
    rows.map((r) => r.context.id),
  );
  const bySignIn = Map.groupBy(detections, (d) => d.signInId);
  const presented = await Promise.all(
    rows.map(async (row) => {
      const asn = row.context.ip ? await asnOf(row.context.ip) : null;
      const own = (bySignIn.get(row.context.id) ?? []).map((d) => presentDetection(d, now));
      return presentSignIn(row, own, asn?.name ?? null);
    }),
  );
  return presented
    .filter((s) => !query.level || rankOf(s.risk) >= rankOf(query.level))
    .filter((s) => !query.detection || s.detections.some((d) => d.kind === query.detection))
    .slice(0, limit);
}

/** Users with open detections, highest risk first. */
export async function riskyUsers(deps: RiskAdminDeps, scope: Scope): Promise<RiskyUser[]> {
  const now = deps.clock.now();
  const open = await deps.store.openDetections(scope);
  const byUser = Map.groupBy(
    open.filter((d) => d.userId !== null),
    (d) => d.userId!,
  );
  const people = await deps.store.usersByIds(scope, [...byUser.keys()]);
  return people
    .map((person) => {
      const rows = byUser.get(person.id) ?? [];
      const risk = highest(rows.map((d) => effectiveLevel(d, now)));
      return presentRiskyUser(
        person,
        risk,
        rows.map((d) => presentDetection(d, now)),
      );
    })
    .filter((u) => u.risk !== "none")
    .sort(
      (a, b) =>
        rankOf(b.risk) - rankOf(a.risk) ||
        (b.lastDetectedAt ?? "").localeCompare(a.lastDetectedAt ?? ""),
    );
}

/** One user's risk and open detections (after an admin acts on them). */
export async function riskyUser(
  deps: RiskAdminDeps,
  scope: Scope,
  user: { id: string; email: string; displayName: string },
): Promise<RiskyUser> {
  const now = deps.clock.now();
  const rows = await deps.store.openDetections(scope, user.id);
  const risk: RiskLevel = highest(rows.map((d) => effectiveLevel(d, now)));
  return presentRiskyUser(
    user,
    risk,
    rows.map((d) => presentDetection(d, now)),
  );
}

/** An admin dismisses a user's risk: the detections were not an attack. Audited with how many. */
export async function dismissUserRisk(
  deps: RiskAdminDeps,
  scope: Scope,
  userId: string,
  request: RequestInfo,
): Promise<number> {
  const by = scope.actor.type === "user" ? scope.actor.id : null;
  const closed = await deps.store.resolveOpen(scope, userId, "dismissed", by, deps.clock.now());
  await deps.audit.append(scope, {
    action: RISK_EVENTS.dismissed,
    outcome: "allow",
    request,
    target: { type: "user", id: userId },
    details: { detections: closed },
  });
  return closed;
}

/**
 * An admin confirms a user compromised (Entra's "confirm user compromised"): every session of the
 * user has ended already (the caller revoked them), the user's risk becomes high, and the next
 * sign-in faces the user-risk policy (a password change after a second factor, by default).
 */
export async function confirmCompromised(
  deps: RiskAdminDeps & { addDetection: AddDetection },
  scope: Scope & { tenantId: string },
  userId: string,
  sessionsEnded: number,
  request: RequestInfo,
): Promise<void> {
  await deps.addDetection(
    scope,
    userId,
    "admin_confirmed_compromised",
    { source: "admin" },
    request,
  );
  await deps.audit.append(scope, {
    action: RISK_EVENTS.confirmedCompromised,
    outcome: "allow",
    request,
    target: { type: "user", id: userId },
    details: { sessionsEnded },
  });
}

/** An admin reports the user's credentials leaked (found in a dump, told by the user): high. */
export async function reportLeaked(
  deps: RiskAdminDeps & { addDetection: AddDetection },
  scope: Scope & { tenantId: string },
  userId: string,
  request: RequestInfo,
): Promise<void> {
  await deps.addDetection(scope, userId, "leaked_credentials", { source: "admin_report" }, request);
  await deps.audit.append(scope, {
    action: RISK_EVENTS.reportedLeaked,
    outcome: "allow",
    request,
    target: { type: "user", id: userId },
  });
}

type AddDetection = (
  scope: Scope & { tenantId: string },
  userId: string,
  kind: DetectionKind,
  evidence: RiskEvidence,
  request: RequestInfo,
) => Promise<unknown>;

/** The user's own sign-ins of the last 30 days, newest first (no risk levels: those are for admins). */
export async function ownSignIns(
  deps: RiskAdminDeps,
  scope: Scope,
  userId: string,
): Promise<OwnSignIn[]> {
  const from = new Date(deps.clock.now().getTime() - CONTEXT_RETENTION_DAYS * DAY);
  const rows = await deps.store.signIns(scope, { userId, from, risky: false, limit: 100 });
  return Promise.all(
    rows.map(async ({ context: c }) => ({
      id: c.id,
      at: c.at.toISOString(),
      method: c.method,
      ip: c.ip,
      country: c.country,
      region: c.region,
      asnName: c.ip ? ((await asnOf(c.ip))?.name ?? null) : null,
      browser: c.browser,
      os: c.os,
      outcome: c.outcome as OwnSignIn["outcome"],
    })),
  );
}
