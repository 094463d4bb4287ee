import { statefulIsAuthorized } from "@cedar-policy/cedar-wasm/nodejs";
import type { ActionName } from "@engawa/shared";
import { AccessEngine, type AccessRequest } from "../packages/server/src/domains/access/index.ts";
import { figure, percentile, timeEach, type Figure } from "./stats.ts";

/**
 * `authz.decision_us`: the gateway's decision (AccessEngine.decide) against the bare Cedar call it
 * wraps (`statefulIsAuthorized` with the same preparsed policies, schema and entities), on the
 * cached and on the uncached path; and the cache's hit rate on a realistic mix.
 */
export function authzBench(): Record<string, Figure> {
  const engine = new AccessEngine();
  const actions: ActionName[] = [
    "user.list",
    "audit.read",
    "session.read",
    "tenant.settings.read",
    "realtime.ping",
  ];
  const request = (i: number): AccessRequest => {
    const action = actions[i % actions.length] as ActionName;
    const userId = `u${i % 997}`;
    const subject = {
      kind: "User" as const,
      id: userId,
      tenantId: `t${i % 13}`,
      role: i % 3 === 0 ? "admin" : "member",
      sessionStage: "complete",
    };
    const target =
      action === "session.read"
        ? { kind: "User" as const, id: userId, tenantId: subject.tenantId, role: subject.role }
        : { kind: "Tenant" as const, id: subject.tenantId };
    return { subject, action, target };
  };
  const warm = 2_000;
  const n = 20_000;
  timeEach(warm, (i) => engine.evaluate(request(i)));
  timeEach(warm, (i) => statefulIsAuthorized(engine.call(request(i))));

  // Interleaved, so that whatever else the machine does falls on both alike.
  const baselineCalls = Array.from({ length: n }, (_, i) => engine.call(request(i)));
  const baseline: number[] = [];
  const uncached: number[] = [];
  for (let i = 0; i < n; i += 1) {
    baseline.push(...timeEach(1, () => statefulIsAuthorized(baselineCalls[i] as never)));
    uncached.push(...timeEach(1, () => engine.evaluate(request(i))));
  }
  engine.clearCache();
  const hot = request(1);
  engine.decide(hot);
  const cached = timeEach(n, () => engine.decide(hot));

  // A realistic mix: 40 users of one tenant, each making requests of 5 kinds, repeatedly.
  engine.clearCache();
  const before = { ...engine.stats };
  const mix = 10_000;
  const distinct = new Set<string>();
  for (let i = 0; i < mix; i += 1) {
    const r = request((i * 7919) % 200);
    distinct.add(JSON.stringify(r));
    engine.decide(r);
  }
  const hits = engine.stats.hits - before.hits;
  const hitRate = (hits / mix) * 100;
  const bestPossible = ((mix - distinct.size) / mix) * 100;

  const baseP99 = percentile(baseline, 99);
  return {
    "authz.decision_us": figure(
      percentile(uncached, 99),
      "µs p99",
      baseP99,
      "statefulIsAuthorized p99, same policies and entities",
    ),
    "authz.decision_us.uncached_p99": figure(
      percentile(uncached, 99),
      "µs",
      baseP99,
      "statefulIsAuthorized p99",
    ),
    "authz.decision_us.cached_p99": figure(
      percentile(cached, 99),
      "µs",
      baseP99,
      "statefulIsAuthorized p99",
    ),
    "authz.decision_us.uncached_p50": figure(
      percentile(uncached, 50),
      "µs",
      percentile(baseline, 50),
      "statefulIsAuthorized p50",
    ),
    "authz.decision_us.hit_rate": figure(
      hitRate,
      "%",
      bestPossible,
      "share of repeated requests in the mix (best possible)",
    ),
  };
}
