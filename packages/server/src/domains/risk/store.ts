import { randomUUID } from "node:crypto";
import { and, desc, eq, gte, inArray, lt, lte, ne, sql } from "drizzle-orm";
import { DEFAULT_RISK_SETTINGS, type RiskSettings } from "@engawa/shared";
import type { Database } from "../../platform/db/database.ts";
import { requireTenant, type Scope } from "../../platform/scope.ts";
import { users } from "../identity/index.ts";
import { riskDetections, riskLists, riskSettings, signInContexts } from "./tables.ts";

export type SignInContextRow = typeof signInContexts.$inferSelect;
export type DetectionRow = typeof riskDetections.$inferSelect;
export type NewDetection = Omit<
  DetectionRow,
  "id" | "tenantId" | "state" | "resolvedAt" | "resolvedBy"
>;

/** A past sign-in as the detections compare with it. */
export type PastContext = Pick<
  SignInContextRow,
  "at" | "ip" | "country" | "region" | "asn" | "browser" | "os"
>;
/** An open detection as user risk counts it. */
export type OpenDetection = Pick<DetectionRow, "kind" | "level" | "detectedAt">;

/** Rows an admin page lists with each sign-in: who it was. */
export interface SignInWithUser {
  context: SignInContextRow;
  email: string;
  displayName: string;
}

/** SQL for sign-in contexts, detections, risk settings and imported lists; tenant rows by scope. */
export function createRiskStore(database: Database) {
  const db = () => database.current();
  return {
    async settings(scope: Scope): Promise<RiskSettings> {
      const [row] = await db()
        .select({ settings: riskSettings.settings })
        .from(riskSettings)
        .where(eq(riskSettings.tenantId, requireTenant(scope)));
      // Settings saved before a field existed take its default.
      return { ...DEFAULT_RISK_SETTINGS, ...row?.settings };
    },
    async saveSettings(scope: Scope, settings: RiskSettings, now: Date): Promise<void> {
      const tenantId = requireTenant(scope);
      await db()
        .insert(riskSettings)
        .values({ tenantId, settings, updatedAt: now })
        .onConflictDoUpdate({ target: riskSettings.tenantId, set: { settings, updatedAt: now } });
    },
    async importedLists(): Promise<Map<string, string>> {
      const rows = await db()
        .select({ name: riskLists.name, entries: riskLists.entries })
        .from(riskLists);
      return new Map(rows.map((r) => [r.name, r.entries]));
    },
    async importList(name: string, entries: string, source: string, now: Date): Promise<void> {
      await db()
        .insert(riskLists)
        .values({ name, entries, source, importedAt: now })
        .onConflictDoUpdate({ target: riskLists.name, set: { entries, source, importedAt: now } });
    },
    async insertContext(
      scope: Scope,
      row: Omit<SignInContextRow, "id" | "tenantId">,
    ): Promise<string> {
      const id = randomUUID();
      await db()
        .insert(signInContexts)
        .values({ ...row, id, tenantId: requireTenant(scope) });
      return id;
    },
    /** Sign-in contexts past their retention (ARCHITECTURE.md: 30 days by default) are deleted. */
    async purgeContexts(scope: Scope, before: Date): Promise<void> {
      await db()
        .delete(signInContexts)
        .where(
          and(eq(signInContexts.tenantId, requireTenant(scope)), lt(signInContexts.at, before)),
        );
    },
    /**
     * What a sign-in's detections compare with, in one statement (every sign-in asks): the user's
     * sign-ins since a time that got through (newest first, at most 200) and their open detections.
     */
    async signInBasis(
      scope: Scope,
      userId: string,
      since: Date,
    ): Promise<{ history: PastContext[]; open: OpenDetection[] }> {
      const tenantId = requireTenant(scope);
      const result = await db().execute(sql`
        SELECT
          (SELECT coalesce(json_agg(h ORDER BY h.at DESC), '[]'::json) FROM (
             SELECT at, ip, country, region, asn, browser, os FROM sign_in_contexts
              WHERE tenant_id = ${tenantId} AND user_id = ${userId}
                AND at >= ${since.toISOString()}::timestamptz AND outcome <> 'blocked'
              ORDER BY at DESC LIMIT 200) h) AS history,
          (SELECT coalesce(json_agg(d), '[]'::json) FROM (
             SELECT kind, level, detected_at AS "detectedAt" FROM risk_detections
              WHERE tenant_id = ${tenantId} AND user_id = ${userId} AND state = 'open') d) AS open`);
      const row = (result as { rows: { history: unknown; open: unknown }[] }).rows[0];
      // PGlite and node-postgres both parse json; a string would mean a driver that does not.
      const parse = (v: unknown) => (typeof v === "string" ? (JSON.parse(v) as unknown) : v);
      const history = (parse(row?.history) ?? []) as (Omit<PastContext, "at"> & { at: string })[];
      const open = (parse(row?.open) ?? []) as (Omit<OpenDetection, "detectedAt"> & {
        detectedAt: string;
      })[];
      return {
        history: history.map((h) => ({ ...h, at: new Date(h.at) })),
        open: open.map((d) => ({ ...d, detectedAt: new Date(d.detectedAt) })),
      };
    },
    async insertDetections(scope: Scope, rows: NewDetection[]): Promise<DetectionRow[]> {
      if (rows.length === 0) return [];
      const tenantId = requireTenant(scope);
      const values = rows.map((row) => ({
        ...row,
        id: randomUUID(),
        tenantId,
        state: "open",
        resolvedAt: null,
        resolvedBy: null,
      }));
      await db().insert(riskDetections).values(values);
      return values;
    },
    async openDetections(scope: Scope, userId?: string): Promise<DetectionRow[]> {
      return db()
        .select()
        .from(riskDetections)
        .where(
          and(
            eq(riskDetections.tenantId, requireTenant(scope)),
            userId === undefined ? undefined : eq(riskDetections.userId, userId),
            eq(riskDetections.state, "open"),
          ),
        )
        .orderBy(desc(riskDetections.detectedAt));
    },
    async detectionsOfSignIns(scope: Scope, signInIds: string[]): Promise<DetectionRow[]> {
      if (signInIds.length === 0) return [];
      return db()
        .select()
        .from(riskDetections)
        .where(
          and(
            eq(riskDetections.tenantId, requireTenant(scope)),
            inArray(riskDetections.signInId, signInIds),
          ),
        );
    },
    /** Closes the user's open detections (dismissed, remediated or confirmed); answers how many. */
    async resolveOpen(
      scope: Scope,
      userId: string,
      state: "dismissed" | "remediated" | "confirmed",
      by: string | null,
      now: Date,
    ): Promise<number> {
      const closed = await db()
        .update(riskDetections)
        .set({ state, resolvedAt: now, resolvedBy: by })
        .where(
          and(
            eq(riskDetections.tenantId, requireTenant(scope)),
            eq(riskDetections.userId, userId),
            eq(riskDetections.state, "open"),
          ),
        )
        .returning({ id: riskDetections.id });
      return closed.length;
    },
    async signIns(
      scope: Scope,
      query: { userId?: string; from?: Date; to?: Date; risky: boolean; limit: number },
    ): Promise<SignInWithUser[]> {
      const rows = await db()
        .select({ context: signInContexts, email: users.email, displayName: users.displayName })
        .from(signInContexts)
        .innerJoin(users, eq(users.id, signInContexts.userId))
        .where(
          and(
            eq(signInContexts.tenantId, requireTenant(scope)),
            query.userId ? eq(signInContexts.userId, query.userId) : undefined,
            query.from ? gte(signInContexts.at, query.from) : undefined,
            query.to ? lte(signInContexts.at, query.to) : undefined,
            query.risky ? ne(signInContexts.risk, "none") : undefined,
          ),
        )
        .orderBy(desc(signInContexts.at))
        .limit(query.limit);
      return rows;
    },
    async usersByIds(scope: Scope, ids: string[]) {
      if (ids.length === 0) return [];
      return db()
        .select({ id: users.id, email: users.email, displayName: users.displayName })
        .from(users)
        .where(and(eq(users.tenantId, requireTenant(scope)), inArray(users.id, ids)));
    },
  };
}

export type RiskStore = ReturnType<typeof createRiskStore>;
