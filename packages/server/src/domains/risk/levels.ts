import type { RiskLevel } from "@engawa/shared";
import { DAY } from "../../platform/clock.ts";

/** Sign-in contexts are kept this long (ARCHITECTURE.md, "Location is data about people"). */
export const CONTEXT_RETENTION_DAYS = 30;

/** Low detections stop counting towards user risk after six months (Entra ID Protection). */
export const LOW_AGE_OUT_DAYS = 182;

const RANK: Record<RiskLevel, number> = { none: 0, low: 1, medium: 2, high: 3 };

export function rankOf(level: RiskLevel): number {
  return RANK[level];
}

export function highest(levels: Iterable<RiskLevel>): RiskLevel {
  let top: RiskLevel = "none";
  for (const level of levels) if (RANK[level] > RANK[top]) top = level;
  return top;
}

/** The level a detection counts for now: low ones age out after six months. */
export function effectiveLevel(row: { level: string; detectedAt: Date }, now: Date): RiskLevel {
  const level = row.level as RiskLevel;
  if (level === "low" && now.getTime() - row.detectedAt.getTime() > LOW_AGE_OUT_DAYS * DAY)
    return "none";
  return level;
}
