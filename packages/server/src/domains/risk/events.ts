/**
 * Audit action names written by the risk domain (besides the route actions the gateway records).
 * A detection is recorded as the account being at risk, the sign-in log's `account_at_risk`.
 */
export const RISK_EVENTS = {
  atRisk: "auth.account_at_risk",
  dismissed: "risk.user.dismiss",
  confirmedCompromised: "risk.user.confirm_compromised",
  reportedLeaked: "risk.user.report_leaked",
  remediated: "risk.user.remediate",
  settingsChanged: "risk.settings.update",
  listImported: "risk.list.import",
} as const;
