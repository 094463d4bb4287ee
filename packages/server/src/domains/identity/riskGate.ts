import type { RiskLevel } from "@engawa/shared";
import type { RequestInfo } from "../../platform/context.ts";

/** What the tenant's risk policies ask of a sign-in whose credentials were right. */
export type RiskRequirement = "none" | "mfa" | "password_change" | "block";
/** What the sign-in then did: let through, asked for a second factor or a password change, or refused. */
export type RiskOutcome = "allowed" | "mfa" | "password_change" | "blocked";

export interface RiskVerdict {
  requires: RiskRequirement;
  /** Who blocked, when `requires` is `block`: the risk policies or a conditional-access policy. */
  blockedBy?: "risk" | "conditional_access";
  /** Sign-in and user risk, kept on the session for conditional access at every request. */
  levels: { signIn: RiskLevel; user: RiskLevel };
  /** The address's country, when it was looked up. */
  country: string | null;
  /**
   * The second factor is asked by an access policy, not by risk: someone without one is sent to
   * set one up (as when the organisation requires MFA) instead of being refused. A risky sign-in
   * is never let in to enrol a factor of its own.
   */
  enrollWhenNoFactor?: boolean;
  /** Stores the sign-in's context and detections with its outcome (and the session it started). */
  record: (outcome: RiskOutcome, sessionId: string | null) => Promise<void>;
}

/**
 * The risk domain, as sign-in sees it. Supplied by the composition root (identity does not depend
 * on the risk domain; the risk domain reads identity's users).
 */
export interface RiskGate {
  check(input: {
    tenantId: string;
    userId: string;
    /** The user's role in the tenant (a condition of conditional access). */
    role: string;
    method: string;
    request: RequestInfo;
    password?: string;
    fromSprayingAddress: boolean;
  }): Promise<RiskVerdict>;
  /** The user changed their password after a second factor: their open detections are remediated. */
  remediated(tenantId: string, userId: string, request: RequestInfo): Promise<void>;
}

/**
 * Until the composition root installs the risk domain, every sign-in is refused: a sign-in that
 * skipped its risk check would be an "if no policy, allow".
 */
export const UNWIRED_RISK_GATE: RiskGate = {
  check: () => Promise.reject(new Error("the risk gate is not installed")),
  remediated: () => Promise.reject(new Error("the risk gate is not installed")),
};
