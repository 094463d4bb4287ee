import { coarsePlaceOf } from "../../../platform/geo/geoIp.ts";
import type { SessionSummary } from "@engawa/shared";
import type { Clock } from "../../../platform/clock.ts";
import type { Database } from "../../../platform/db/database.ts";
import { AppError } from "../../../platform/errors.ts";
import type { Scope } from "../../../platform/scope.ts";
import type { AuditLog } from "../../audit/index.ts";
import { IDENTITY_EVENTS } from "../events.ts";
import { scopeOf } from "../principal.ts";
import type { IdentityStore, UserRow } from "../store.ts";
import { describeUserAgent } from "../userAgent.ts";
import type { UserPrincipal } from "./mfaDeps.ts";

export interface SessionManagementDeps {
  database: Database;
  store: IdentityStore;
  audit: AuditLog;
  clock: Clock;
}

/** The user's open sessions, so they can spot one that is not theirs (and end it). */
export async function listSessions(
  deps: SessionManagementDeps,
  principal: UserPrincipal,
): Promise<SessionSummary[]> {
  const rows = await deps.store.openSessionsOf(
    scopeOf(principal),
    principal.user.id,
    deps.clock.now(),
  );
  return Promise.all(
    rows.map(async (row) => ({
      id: row.id,
      current: row.id === principal.session.id,
      createdAt: row.createdAt.toISOString(),
      lastSeenAt: row.lastSeenAt.toISOString(),
      ip: row.ip,
      ...describeUserAgent(row.userAgent),
      methods: row.methods,
      place: await coarsePlaceOf(row.ip),
    })),
  );
}

/** Ends some of the caller's own sessions: one by id, or every one but the current. */
export async function revokeOwnSessions(
  deps: SessionManagementDeps,
  principal: UserPrincipal,
  which: { sessionId: string } | "others",
): Promise<number> {
  const scope = scopeOf(principal);
  const open = await deps.store.openSessionsOf(scope, principal.user.id, deps.clock.now());
  const ids =
    which === "others"
      ? open.filter((s) => s.id !== principal.session.id).map((s) => s.id)
      : open.filter((s) => s.id === which.sessionId).map((s) => s.id);
  if (which !== "others" && ids.length === 0) throw new AppError("not_found", "Session not found.");
  return deps.database.transaction(async () => {
    const ended = await deps.store.endSessionsOf(
      scope,
      principal.user.id,
      ids,
      deps.clock.now(),
      "revoked_by_user",
    );
    for (const id of ended) {
      await deps.audit.append(scope, {
        action: IDENTITY_EVENTS.sessionRevoked,
        outcome: "allow",
        target: { type: "session", id },
      });
    }
    return ended.length;
  });
}

/** An admin signs a user out everywhere (a lost laptop, a departure). */
export async function revokeUserSessions(
  deps: SessionManagementDeps,
  scope: Scope,
  user: UserRow,
): Promise<number> {
  return deps.database.transaction(async () => {
    const ended = await deps.store.endUserSessions(
      scope,
      user.id,
      deps.clock.now(),
      "revoked_by_admin",
    );
    await deps.audit.append(scope, {
      action: IDENTITY_EVENTS.userSessionsRevoked,
      outcome: "allow",
      target: { type: "user", id: user.id },
      details: { sessions: ended.length },
    });
    return ended.length;
  });
}
