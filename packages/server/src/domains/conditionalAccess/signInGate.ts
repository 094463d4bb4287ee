import type { RiskGate, RiskRequirement } from "../identity/index.ts";
import type { ConditionalAccess } from "./service.ts";

/**
 * The gate sign-in passes after its first factor: the risk policies, then the tenant's
 * conditional-access policies with the risk levels as conditions (Entra: CA runs after the first
 * factor; zero-trust-anchors.md §1.1). Block wins; a factor asked by either becomes the second
 * factor step (terms of use wait for the first request); report-only results are recorded with the session the sign-in starts.
 */
export function withConditionalAccess(
  risk: RiskGate,
  conditionalAccess: ConditionalAccess,
): RiskGate {
  return {
    check: async (input) => {
      const verdict = await risk.check(input);
      if (verdict.requires === "block") return verdict;
      const { decision, record } = await conditionalAccess.atSignIn({
        tenantId: input.tenantId,
        user: { id: input.userId, role: input.role },
        methods: input.method,
        request: input.request,
        risk: verdict.levels,
        country: verdict.country,
      });
      const requires: RiskRequirement =
        decision.verdict === "block"
          ? "block"
          : decision.verdict === "action_required" &&
              verdict.requires === "none" &&
              // Terms of use are accepted after signing in, at the first request that needs them.
              decision.controls.some((c) => c !== "terms_of_use")
            ? "mfa"
            : verdict.requires;
      return {
        ...verdict,
        requires,
        ...(decision.verdict === "block" ? { blockedBy: "conditional_access" as const } : {}),
        ...(verdict.requires === "none" && requires === "mfa" ? { enrollWhenNoFactor: true } : {}),
        record: async (outcome, sessionId) => {
          await verdict.record(outcome, sessionId);
          await record(sessionId);
        },
      };
    },
    remediated: (tenantId, userId, request) => risk.remediated(tenantId, userId, request),
  };
}
