import type { RiskDetection, RiskLevel, RiskySignIn, RiskyUser } from "@engawa/shared";
import type { DetectionRow, SignInWithUser } from "./store.ts";
import { effectiveLevel } from "./levels.ts";

/** A detection for the admin pages; a low one older than six months shows as aged out. */
export function presentDetection(row: DetectionRow, now: Date): RiskDetection {
  const aged = row.state === "open" && effectiveLevel(row, now) === "none";
  return {
    id: row.id,
    userId: row.userId,
    kind: row.kind as RiskDetection["kind"],
    level: row.level as RiskLevel,
    state: aged ? "aged_out" : (row.state as RiskDetection["state"]),
    detectedAt: row.detectedAt.toISOString(),
    signInId: row.signInId,
    evidence: row.evidence,
  };
}

export function presentSignIn(
  row: SignInWithUser,
  detections: RiskDetection[],
  asnName: string | null,
): RiskySignIn {
  const c = row.context;
  return {
    id: c.id,
    userId: c.userId,
    email: row.email,
    displayName: row.displayName,
    at: c.at.toISOString(),
    ip: c.ip,
    country: c.country,
    region: c.region,
    asn: c.asn,
    asnName,
    browser: c.browser,
    os: c.os,
    method: c.method,
    risk: c.risk as RiskLevel,
    outcome: c.outcome as RiskySignIn["outcome"],
    detections,
  };
}

export function presentRiskyUser(
  user: { id: string; email: string; displayName: string },
  risk: RiskLevel,
  detections: RiskDetection[],
): RiskyUser {
  return {
    userId: user.id,
    email: user.email,
    displayName: user.displayName,
    risk,
    lastDetectedAt: detections[0]?.detectedAt ?? null,
    detections,
  };
}
