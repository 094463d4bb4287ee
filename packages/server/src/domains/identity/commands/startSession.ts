import type { RiskLevel, SessionStage } from "@engawa/shared";
import type { RequestInfo } from "../../../platform/context.ts";
import type { Database } from "../../../platform/db/database.ts";
import { scopeFor } from "../../../platform/scope.ts";
import type { AuditLog } from "../../audit/index.ts";
import { settingsOf, type TenantRow } from "../../tenancy/index.ts";
import { IDENTITY_EVENTS } from "../events.ts";
import type { Principal } from "../principal.ts";
import type { Sessions } from "../sessions.ts";
import type { UserRow } from "../store.ts";

/** How the user proved who they are; recorded as `method` in the sign-in event. */
export type SignInMethod = "password" | "oidc" | "passkey";

export interface SignedIn {
  token: string;
  principal: Principal;
  maxAgeSeconds: number;
}

export interface StartSessionDeps {
  database: Database;
  sessions: Sessions;
  audit: AuditLog;
}

/**
 * Starts a user session for someone whose identity has already been verified (a checked password,
 * a validated OpenID Connect id_token): the same session row, limits (the tenant's idle and
 * absolute timeouts) and sign-in audit event whatever the method, so that no sign-in method has
 * its own, weaker notion of a session. The caller has checked that tenant and user are active.
 */
export async function startVerifiedSession(
  deps: StartSessionDeps,
  input: {
    tenant: TenantRow;
    user: UserRow;
    method: SignInMethod;
    request: RequestInfo;
    details?: Record<string, unknown>;
    /** The next step of the sign-in (second factor, password change, enrollment); default complete. */
    stage?: SessionStage;
    /** Sign-in and user risk, for conditional access (default none). */
    risk?: { signIn: RiskLevel; user: RiskLevel };
  },
): Promise<SignedIn> {
  const { tenant, user, request } = input;
  const limits = settingsOf(tenant);
  const stage = input.stage ?? "complete";
  return deps.database.transaction(async () => {
    const { token, info } = await deps.sessions.create({
      stage,
      methods: input.method,
      kind: "user",
      tenantId: tenant.id,
      userId: user.id,
      operatorId: null,
      limits: {
        idleMinutes: limits.sessionIdleMinutes,
        absoluteHours: limits.sessionAbsoluteHours,
      },
      ip: request.ip,
      userAgent: request.userAgent,
      ...(input.risk ? { risk: input.risk } : {}),
    });
    const principal: Principal = {
      kind: "user",
      user: {
        id: user.id,
        tenantId: tenant.id,
        email: user.email,
        displayName: user.displayName,
        role: user.role as never,
        status: "active",
        acceptedTerms: user.acceptedTerms,
      },
      tenant: {
        id: tenant.id,
        slug: tenant.slug,
        name: tenant.name,
        accessPolicyVersion: tenant.accessPolicyVersion,
      },
      session: info,
    };
    const actor = {
      type: "user" as const,
      id: user.id,
      tenantId: tenant.id,
      role: user.role as never,
      label: user.email,
    };
    await deps.audit.append(scopeFor(actor, tenant.id), {
      action: IDENTITY_EVENTS.signIn,
      outcome: "allow",
      request,
      target: { type: "session", id: info.id },
      details: {
        method: input.method,
        // Anything but `complete`: the sign-in is not finished until that step is.
        stage,
        sessionIdleMinutes: limits.sessionIdleMinutes,
        sessionAbsoluteHours: limits.sessionAbsoluteHours,
        ...input.details,
      },
    });
    const maxAgeHours = stage === "complete" ? limits.sessionAbsoluteHours : 1;
    return { token, principal, maxAgeSeconds: maxAgeHours * 3600 };
  });
}
