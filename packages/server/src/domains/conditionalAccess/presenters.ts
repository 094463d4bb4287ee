import type { CaPolicy, ContextCell, NamedLocation, WhatIfResponse } from "@engawa/shared";
import type { Verdict } from "./evaluate.ts";
import type { CaPolicyRecord, NamedLocationRecord } from "./signals.ts";

export function presentPolicy(p: CaPolicyRecord & { report?: Record<string, number> }): CaPolicy {
  const report = p.report ?? {};
  return {
    id: p.id,
    name: p.name,
    state: p.state,
    include: p.include,
    exclude: p.exclude,
    apps: p.apps,
    userActions: p.userActions,
    conditions: p.conditions,
    grant: p.grant,
    session: p.session,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
    report: {
      success: report.success ?? 0,
      failure: report.failure ?? 0,
      actionRequired: report.action_required ?? 0,
      notApplied: report.not_applied ?? 0,
    },
  };
}

export function presentLocation(l: NamedLocationRecord): NamedLocation {
  return {
    id: l.id,
    name: l.name,
    ranges: l.ranges,
    countries: l.countries,
    includeUnknownCountry: l.includeUnknownCountry,
    trusted: l.trusted,
    updatedAt: l.updatedAt.toISOString(),
  };
}

export function presentWhatIf(
  v: Verdict & {
    country: string | null;
    locations: string[];
    workContextCell: ContextCell | null;
  },
): WhatIfResponse {
  return {
    workContextCell: v.workContextCell,
    verdict: v.verdict,
    watermark: v.watermark,
    controls: v.controls,
    country: v.country,
    locations: v.locations,
    policies: v.outcomes.map((o) => ({
      policyId: o.policy.id,
      name: o.policy.name,
      state: o.policy.state,
      result: o.result,
      unmet: o.unmet,
      controls: o.controls,
    })),
  };
}
