import type { SessionStage } from "@engawa/shared";
import type { RequestInfo } from "../../../platform/context.ts";
import { AppError } from "../../../platform/errors.ts";
import { scopeFor } from "../../../platform/scope.ts";
import type { TenantRow } from "../../tenancy/index.ts";
import { IDENTITY_EVENTS } from "../events.ts";
import type { RiskGate, RiskOutcome, RiskRequirement } from "../riskGate.ts";
import type { UserRow } from "../store.ts";
import {
  startVerifiedSession,
  type SignedIn,
  type SignInMethod,
  type StartSessionDeps,
} from "./startSession.ts";
import type { IdentityStore } from "../store.ts";

export interface RiskySignInDeps extends StartSessionDeps {
  store: IdentityStore;
  risk: () => RiskGate;
  clock: { now(): Date };
  /**
   * The sign-in's next stage after its first factor, given what the risk policies ask: `null` when
   * they ask for a second factor the user does not have.
   */
  stageAfterFirstFactor: (
    tenant: TenantRow,
    user: UserRow,
    requires: RiskRequirement,
  ) => Promise<SessionStage | null>;
}

const BLOCKED =
  "This sign-in was blocked because it looks risky. Ask your organisation's administrator for help.";
const ACCESS_BLOCKED =
  "Your organisation's access policy does not allow signing in from here. Ask your organisation's administrator for help.";
const NO_SECOND_FACTOR =
  "This sign-in needs a second factor, and your account has none. Ask your organisation's administrator for help.";

/**
 * Starts a session for a user whose credentials were right, after the risk detections and the
 * tenant's built-in risk policies: a risky sign-in is blocked, or must pass a second factor (a
 * passkey sign-in already has), or a password change after one. A user-risk password change is
 * kept on the account (must change password), so it holds whichever way the user comes back.
 */
export async function startAssessedSession(
  deps: RiskySignInDeps,
  input: {
    tenant: TenantRow;
    user: UserRow;
    method: SignInMethod;
    request: RequestInfo;
    password?: string;
    fromSprayingAddress?: boolean;
    details?: Record<string, unknown>;
  },
): Promise<SignedIn> {
  const { tenant, user, request } = input;
  const verdict = await deps.risk().check({
    tenantId: tenant.id,
    userId: user.id,
    role: user.role,
    method: input.method,
    request,
    ...(input.password === undefined ? {} : { password: input.password }),
    fromSprayingAddress: input.fromSprayingAddress ?? false,
  });
  const passwordChange = verdict.requires === "password_change";
  if (verdict.requires === "block" && verdict.blockedBy === "conditional_access") {
    await refuse(deps, verdict.record, input, "access_blocked");
    throw new AppError("access_blocked", ACCESS_BLOCKED);
  }
  if (verdict.requires === "block" || (passwordChange && !user.passwordHash)) {
    await refuse(deps, verdict.record, input, "risk_blocked");
    throw new AppError("risk_blocked", BLOCKED);
  }
  if (passwordChange && !user.mustChangePassword) {
    const now = deps.clock.now();
    await deps.store.updateUser(
      scopeFor({ type: "system", reason: "user risk policy" }, tenant.id),
      user.id,
      {
        mustChangePassword: true,
        updatedAt: now,
      },
    );
  }
  const account = passwordChange ? { ...user, mustChangePassword: true } : user;
  // A passkey is a second factor already; single sign-on keeps its stage unless risk asks more.
  const assessed =
    input.method === "passkey"
      ? passwordChange
        ? "password_change"
        : "complete"
      : input.method === "oidc" && verdict.requires === "none"
        ? "complete"
        : await deps.stageAfterFirstFactor(tenant, account, verdict.requires);
  const stage = assessed === null && verdict.enrollWhenNoFactor ? "enrollment" : assessed;
  if (stage === null) {
    await refuse(deps, verdict.record, input, "risk_no_second_factor");
    throw new AppError("risk_blocked", NO_SECOND_FACTOR);
  }
  const signedIn = await startVerifiedSession(deps, {
    tenant,
    user: account,
    method: input.method,
    request,
    stage,
    risk: verdict.levels,
    details: {
      ...input.details,
      ...(verdict.requires === "none" ? {} : { risk: verdict.requires }),
    },
  });
  const outcome: RiskOutcome =
    verdict.requires === "none" || (verdict.requires === "mfa" && input.method === "passkey")
      ? "allowed"
      : verdict.requires;
  const session = signedIn.principal.kind === "user" ? signedIn.principal.session.id : null;
  await verdict.record(outcome, session);
  return signedIn;
}

async function refuse(
  deps: RiskySignInDeps,
  record: (outcome: RiskOutcome, sessionId: string | null) => Promise<void>,
  input: { tenant: TenantRow; user: UserRow; method: SignInMethod; request: RequestInfo },
  reason: string,
): Promise<void> {
  await record("blocked", null);
  await deps.audit.append(scopeFor({ type: "anonymous" }, input.tenant.id), {
    action: IDENTITY_EVENTS.signIn,
    outcome: "deny",
    request: input.request,
    target: { type: "user", id: input.user.id },
    details: { email: input.user.email, method: input.method, reason },
  });
}
