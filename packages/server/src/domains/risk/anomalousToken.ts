import type { RiskEvidence } from "@engawa/shared";
import type { RequestInfo } from "../../platform/context.ts";
import { placeOf } from "../../platform/geo/geoIp.ts";
import { describeUserAgent } from "../identity/index.ts";

/** Sessions already flagged, so one stolen cookie is one detection (per process; bounded). */
const FLAGGED_KEPT = 10_000;

export interface SessionOrigin {
  sessionId: string;
  userId: string;
  tenantId: string;
  signedInAt: Date;
  origin: { ip: string | null; userAgent: string | null };
}

/**
 * Anomalous token (Entra's anomalousToken): a session used, after its sign-in, from another
 * country or by another client (browser or operating system) than the one that signed in — what
 * a copied session cookie looks like. The same address and User-Agent, the usual case, costs two
 * string comparisons; otherwise both addresses are placed (a couple of microseconds each).
 */
export class AnomalousTokenWatch {
  private readonly flagged = new Set<string>();
  private readonly report: (session: SessionOrigin, evidence: RiskEvidence) => Promise<void>;

  constructor(report: (session: SessionOrigin, evidence: RiskEvidence) => Promise<void>) {
    this.report = report;
  }

  async observe(session: SessionOrigin, request: RequestInfo, now: Date): Promise<void> {
    const { origin } = session;
    if (request.ip === origin.ip && request.userAgent === origin.userAgent) return;
    if (this.flagged.has(session.sessionId)) return;
    const unfamiliar: string[] = [];
    const [then, here] = await Promise.all([placeOf(origin.ip), placeOf(request.ip)]);
    if (then && here && then.country !== here.country) unfamiliar.push("country");
    const before = describeUserAgent(origin.userAgent);
    const after = describeUserAgent(request.userAgent);
    if (before.browser !== after.browser) unfamiliar.push("browser");
    if (before.os !== after.os) unfamiliar.push("os");
    if (unfamiliar.length === 0) return;
    if (this.flagged.size >= FLAGGED_KEPT) this.flagged.clear();
    this.flagged.add(session.sessionId);
    await this.report(session, {
      from: {
        ip: origin.ip,
        country: then?.country ?? null,
        region: then?.region ?? null,
        at: session.signedInAt.toISOString(),
      },
      to: {
        ip: request.ip,
        country: here?.country ?? null,
        region: here?.region ?? null,
        at: now.toISOString(),
      },
      unfamiliar,
      source: "session",
    });
  }
}
