import {
  effectiveWorkContext,
  type MeResponse,
  type OperatorMeResponse,
  type TenantRole,
  type UserStatus,
  type UserSummary,
} from "@engawa/shared";
import type { SecurityState } from "./commands/secondFactor.ts";
import type { Principal } from "./principal.ts";
import type { UserRow } from "./store.ts";

/** The only shapes in which accounts leave the server. Password hashes never do. */
export function presentUser(user: UserRow): UserSummary {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    role: user.role as TenantRole,
    status: user.status as UserStatus,
    breakGlass: user.breakGlass,
    createdAt: user.createdAt.toISOString(),
    accessExpiresAt: user.accessExpiresAt?.toISOString() ?? null,
  };
}

/** The signed-in user and the state of their sign-in (`security` comes from `Identity.security`). */
export function presentMe(
  principal: Extract<Principal, { kind: "user" }>,
  security: SecurityState,
  now: Date,
  ip: string | null,
): MeResponse {
  return {
    user: {
      id: principal.user.id,
      email: principal.user.email,
      displayName: principal.user.displayName,
      role: principal.user.role,
      status: principal.user.status,
    },
    tenant: principal.tenant,
    session: {
      csrfToken: principal.session.csrfToken,
      idleExpiresAt: principal.session.idleExpiresAt.toISOString(),
      absoluteExpiresAt: principal.session.absoluteExpiresAt.toISOString(),
      stage: principal.session.stage,
      methods: principal.session.methods,
      workContext:
        effectiveWorkContext(principal.session.workContext, ip, now) &&
        principal.session.workContext
          ? {
              context: principal.session.workContext.context,
              expiresAt: principal.session.workContext.expiresAt.toISOString(),
            }
          : null,
    },
    security: {
      factors: security.factors,
      enrollmentDueAt: security.enrollmentDueAt?.toISOString() ?? null,
      recoveryNoticeAt: security.recoveryNoticeAt?.toISOString() ?? null,
      hasPassword: security.hasPassword,
      passwordRules: security.passwordRules,
    },
  };
}

export function presentOperatorMe(
  principal: Extract<Principal, { kind: "operator" }>,
): OperatorMeResponse {
  return {
    operator: principal.operator,
    session: {
      csrfToken: principal.session.csrfToken,
      idleExpiresAt: principal.session.idleExpiresAt.toISOString(),
      absoluteExpiresAt: principal.session.absoluteExpiresAt.toISOString(),
    },
  };
}
