import { randomUUID } from "node:crypto";
import {
  SESSION_LIMITS,
  STEP_UP_MINUTES,
  type RiskLevel,
  type SessionStage,
  type TenantRole,
  type UserStatus,
  type WorkContext,
  workContextExpiry,
  effectiveWorkContext,
} from "@engawa/shared";
import { currentRequest } from "../../platform/context.ts";
import { AppError } from "../../platform/errors.ts";
import { MINUTE, HOUR, type Clock } from "../../platform/clock.ts";
import { randomToken, sha256Hex } from "../../platform/crypto/tokens.ts";
import { settingsOf } from "../tenancy/index.ts";
import { guestShutOut } from "./guestAccess.ts";
import type { IdentityStore, SessionRow, TenantRow, UserRow } from "./store.ts";
import type { Principal, SessionInfo } from "./principal.ts";

export type SessionKind = "user" | "operator";

export interface SessionLimits {
  idleMinutes: number;
  absoluteHours: number;
}

export const DEFAULT_SESSION_LIMITS: SessionLimits = {
  idleMinutes: SESSION_LIMITS.idleMinutesDefault,
  absoluteHours: SESSION_LIMITS.absoluteHoursDefault,
};

/**
 * How long a sign-in may stay unfinished (password checked, second factor or enrollment due). Long
 * enough to install an authenticator app, short enough that a stolen password step goes stale.
 */
export const UNFINISHED_SIGN_IN_MINUTES = 15;

/** Operators get the defaults; they manage the deployment, not a tenant's settings. */
export const OPERATOR_SESSION_LIMITS = DEFAULT_SESSION_LIMITS;

export type Authentication =
  | { status: "ok"; principal: Principal }
  | { status: "expired"; reason: string }
  | { status: "none" };

/** Refresh `last_seen_at` at most this often; idle expiry is therefore exact to a minute. */
const TOUCH_INTERVAL_MS = MINUTE;

/**
 * Server-side sessions behind an opaque cookie (OWASP Session Management): 256-bit random token,
 * only its SHA-256 stored, a new token at every sign-in (no fixation), idle and absolute expiry.
 */
export class Sessions {
  private readonly store: IdentityStore;
  private readonly clock: Clock;

  constructor(store: IdentityStore, clock: Clock) {
    this.store = store;
    this.clock = clock;
  }

  async create(input: {
    kind: SessionKind;
    tenantId: string | null;
    userId: string | null;
    operatorId: string | null;
    limits: SessionLimits;
    ip: string | null;
    userAgent: string | null;
    /** Default `complete`; an unfinished sign-in lives {@link UNFINISHED_SIGN_IN_MINUTES} at most. */
    stage?: SessionStage;
    methods?: string;
    /** Sign-in and user risk at sign-in, for conditional access (default none). */
    risk?: { signIn: RiskLevel; user: RiskLevel };
  }): Promise<{ token: string; info: SessionInfo }> {
    const token = randomToken();
    const now = this.clock.now();
    const stage = input.stage ?? "complete";
    const limits =
      stage === "complete"
        ? input.limits
        : {
            idleMinutes: UNFINISHED_SIGN_IN_MINUTES,
            absoluteHours: UNFINISHED_SIGN_IN_MINUTES / 60,
          };
    const row: SessionRow = {
      id: randomUUID(),
      tokenHash: sha256Hex(token),
      kind: input.kind,
      tenantId: input.tenantId,
      userId: input.userId,
      operatorId: input.operatorId,
      createdAt: now,
      lastSeenAt: now,
      idleExpiresAt: new Date(now.getTime() + limits.idleMinutes * MINUTE),
      absoluteExpiresAt: new Date(now.getTime() + limits.absoluteHours * HOUR),
      ip: input.ip,
      userAgent: input.userAgent?.slice(0, 512) ?? null,
      endedAt: null,
      endReason: null,
      workContext: null,
      workContextIp: null,
      workContextExpiresAt: null,
      deviceId: null,
      stage,
      methods: input.methods ?? "password",
      factorFailures: 0,
      authenticatedAt: now,
      longestPauseSeconds: 0,
      signInRisk: input.risk?.signIn ?? "none",
      userRisk: input.risk?.user ?? "none",
    };
    await this.store.insertSession(row);
    // Just authenticated: recent until the tenant's step-up window passes, which the next
    // request's principal works out from the tenant's settings.
    return { token, info: infoOf(row, token, true, now) };
  }

  /**
   * Moves a session to its next sign-in stage under a new token (OWASP Session Management: renew
   * the session id when its privilege changes), with the tenant's limits from now on once complete.
   */
  async advance(
    sessionId: string,
    next: { stage: SessionStage; methods: string; limits: SessionLimits },
  ): Promise<{ token: string; info: SessionInfo }> {
    const token = randomToken();
    const now = this.clock.now();
    const row = await this.store.advanceSession(sessionId, {
      tokenHash: sha256Hex(token),
      stage: next.stage,
      methods: next.methods,
      lastSeenAt: now,
      idleExpiresAt: new Date(now.getTime() + next.limits.idleMinutes * MINUTE),
      absoluteExpiresAt: new Date(now.getTime() + next.limits.absoluteHours * HOUR),
      // Each sign-in step is a fresh proof of who the user is.
      authenticatedAt: now,
    });
    if (!row) throw new AppError("unauthenticated", "Sign in to continue.");
    return { token, info: infoOf(row, token, true, now) };
  }

  /** A step-up confirmation succeeded: the session counts as freshly authenticated. */
  /**
   * A step-up confirmation: the session's last authentication is now, and the methods it has
   * passed grow by the one just used (so a second factor given mid-session satisfies a
   * conditional-access policy that asks for MFA).
   */
  async markAuthenticated(sessionId: string, methods?: string): Promise<void> {
    if (!(await this.store.markAuthenticated(sessionId, this.clock.now(), methods)))
      throw new AppError("unauthenticated", "Sign in to continue.");
  }

  /** Counts a wrong second factor; the caller ends the session after too many. */
  recordFactorFailure(sessionId: string): Promise<number> {
    return this.store.countFactorFailure(sessionId);
  }

  /**
   * Resolves a cookie's token to a principal, checking expiry and the account's current state on
   * every request, so a disabled user's next request is refused.
   */
  async authenticate(token: string, kind: SessionKind): Promise<Authentication> {
    const found = await this.store.sessionWithUser(sha256Hex(token));
    const row = found?.session;
    if (!row || row.kind !== kind || row.endedAt) return { status: "none" };
    const now = this.clock.now();
    if (row.absoluteExpiresAt <= now || row.idleExpiresAt <= now) {
      const reason = row.absoluteExpiresAt <= now ? "absolute_timeout" : "idle_timeout";
      await this.store.endSession(row.id, now, reason);
      return { status: "expired", reason };
    }
    const principal = await this.principalOf(
      row,
      token,
      found.user && found.tenant ? { user: found.user, tenant: found.tenant } : undefined,
    );
    if (!principal) {
      await this.store.endSession(row.id, now, "account_unavailable");
      return { status: "none" };
    }
    if (now.getTime() - row.lastSeenAt.getTime() >= TOUCH_INTERVAL_MS) {
      const idleMs = row.idleExpiresAt.getTime() - row.lastSeenAt.getTime();
      const idleExpiresAt = new Date(
        Math.min(now.getTime() + idleMs, row.absoluteExpiresAt.getTime()),
      );
      // A declared work context that still holds lasts while the session is used (idle lapse).
      // Only activity from where it was declared renews it (elsewhere it does not hold).
      const context = principal.kind === "user" ? principal.session.workContext : null;
      const contextExpiresAt =
        context && effectiveWorkContext(context, currentRequest().ip, now)
          ? workContextExpiry(now, idleExpiresAt)
          : undefined;
      const pauseSeconds = Math.floor((now.getTime() - row.lastSeenAt.getTime()) / 1000);
      await this.store.touchSession(row.id, now, idleExpiresAt, pauseSeconds, contextExpiresAt);
      if (principal.kind === "user" || principal.kind === "operator") {
        principal.session.idleExpiresAt = idleExpiresAt;
        principal.session.longestPauseSeconds = Math.max(
          principal.session.longestPauseSeconds,
          pauseSeconds,
        );
      }
      if (context && contextExpiresAt) context.expiresAt = contextExpiresAt;
    }
    return { status: "ok", principal };
  }

  /**
   * Records where the person says they are working, from this address, lapsing after
   * WORK_CONTEXT_IDLE_MINUTES without activity (and with the session).
   */
  async declareWorkContext(
    session: SessionInfo,
    context: WorkContext,
    ip: string | null,
  ): Promise<{ context: WorkContext; ip: string | null; expiresAt: Date }> {
    const value = {
      context,
      ip,
      expiresAt: workContextExpiry(this.clock.now(), session.idleExpiresAt),
    };
    if (!(await this.store.setWorkContext(session.id, value)))
      throw new AppError("unauthenticated", "Sign in to continue.");
    return value;
  }

  async end(sessionId: string, reason: string): Promise<void> {
    await this.store.endSession(sessionId, this.clock.now(), reason);
  }

  /** `loaded`: the session's user and organisation, when the session's read brought them. */
  private async principalOf(
    row: SessionRow,
    token: string,
    loaded?: { user: UserRow; tenant: TenantRow },
  ): Promise<Principal | null> {
    if (row.kind === "user" && row.userId) {
      const found = loaded ?? (await this.store.userById(row.userId));
      if (!found || found.user.status !== "active" || found.tenant.status !== "active") return null;
      const { user, tenant } = found;
      if (guestShutOut(user, tenant, this.clock.now())) return null;
      const window = settingsOf(tenant).stepUpMinutes ?? STEP_UP_MINUTES.default;
      const recent = this.clock.now().getTime() - row.authenticatedAt.getTime() < window * MINUTE;
      return {
        kind: "user",
        user: {
          id: user.id,
          tenantId: user.tenantId,
          email: user.email,
          displayName: user.displayName,
          role: user.role as TenantRole,
          status: user.status as UserStatus,
          acceptedTerms: user.acceptedTerms,
        },
        tenant: {
          id: tenant.id,
          slug: tenant.slug,
          name: tenant.name,
          accessPolicyVersion: tenant.accessPolicyVersion,
        },
        session: infoOf(row, token, recent, this.clock.now()),
      };
    }
    if (row.kind === "operator" && row.operatorId) {
      const operator = await this.store.operatorById(row.operatorId);
      if (!operator || operator.status !== "active") return null;
      return {
        kind: "operator",
        operator: { id: operator.id, email: operator.email, displayName: operator.displayName },
        session: infoOf(row, token, true, this.clock.now()),
      };
    }
    return null;
  }
}

/** The CSRF token is derived from the session token, which only the cookie's holder knows. */
export function csrfTokenFor(sessionToken: string): string {
  return Buffer.from(sha256Hex(`csrf|${sessionToken}`), "hex").toString("base64url");
}

function infoOf(
  row: SessionRow,
  token: string,
  recentlyAuthenticated: boolean,
  now: Date,
): SessionInfo {
  return {
    id: row.id,
    csrfToken: csrfTokenFor(token),
    idleExpiresAt: row.idleExpiresAt,
    absoluteExpiresAt: row.absoluteExpiresAt,
    stage: row.stage as SessionStage,
    methods: row.methods,
    authenticatedAt: row.authenticatedAt,
    longestPauseSeconds: row.longestPauseSeconds,
    recentlyAuthenticated,
    origin: { ip: row.ip, userAgent: row.userAgent },
    risk: { signIn: row.signInRisk as RiskLevel, user: row.userRisk as RiskLevel },
    // A lapsed declaration is no declaration (WORK_CONTEXT_IDLE_MINUTES).
    workContext:
      row.workContext && row.workContextExpiresAt && row.workContextExpiresAt > now
        ? {
            context: row.workContext as WorkContext,
            ip: row.workContextIp,
            expiresAt: row.workContextExpiresAt,
          }
        : null,
    deviceId: row.deviceId,
  };
}
