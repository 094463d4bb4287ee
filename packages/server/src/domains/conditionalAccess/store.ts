import { randomUUID } from "node:crypto";
import { and, asc, eq, gte, inArray, lt, notInArray, sql } from "drizzle-orm";
import type {
  ContextRules,
  CaPolicyInput,
  CaResult,
  NamedLocationInput,
  PutLabelsRequest,
  SensitivityLabel,
} from "@engawa/shared";
import type { Database } from "../../platform/db/database.ts";
import { requireTenant, type Scope } from "../../platform/scope.ts";
import { groupMembers, groups } from "../directory/index.ts";
import { users } from "../identity/index.ts";
import { tenants } from "../tenancy/index.ts";
import type { CaPolicyRecord, NamedLocationRecord } from "./signals.ts";
import {
  caPolicies,
  caReportResults,
  namedLocations,
  sensitivityLabels,
  termsOfUse,
} from "./tables.ts";

export type TermsRow = typeof termsOfUse.$inferSelect;

type PolicyRow = typeof caPolicies.$inferSelect;
type LocationRow = typeof namedLocations.$inferSelect;

/** Entra's report-only results (a sign-in never asks for a download, so never view_only). */
/**
 * Report-only results are told at sign-in, where nothing is downloaded (no view-only) and the
 * sign-in is fresh (no sign-in frequency or idle timeout has run out).
 */
export type ReportCounts = Record<Exclude<CaResult, "view_only" | "reauthenticate">, number>;

/** SQL for policies, named locations and report-only results; every row by the scope's tenant. */
export function createConditionalAccessStore(database: Database) {
  const db = () => database.current();
  return {
    async policies(scope: Scope): Promise<CaPolicyRecord[]> {
      const rows = await db()
        .select()
        .from(caPolicies)
        .where(eq(caPolicies.tenantId, requireTenant(scope)))
        .orderBy(asc(caPolicies.createdAt), asc(caPolicies.id));
      return rows.map(policyOf);
    },
    async savePolicy(
      scope: Scope,
      id: string | null,
      input: CaPolicyInput,
      now: Date,
    ): Promise<CaPolicyRecord | null> {
      const tenantId = requireTenant(scope);
      const { name, state, ...definition } = input;
      if (id === null) {
        const [row] = await db()
          .insert(caPolicies)
          .values({
            id: randomUUID(),
            tenantId,
            name,
            state,
            definition,
            createdAt: now,
            updatedAt: now,
          })
          .returning();
        return row ? policyOf(row) : null;
      }
      const [row] = await db()
        .update(caPolicies)
        .set({ name, state, definition, updatedAt: now })
        .where(and(eq(caPolicies.tenantId, tenantId), eq(caPolicies.id, id)))
        .returning();
      return row ? policyOf(row) : null;
    },
    async deletePolicy(scope: Scope, id: string): Promise<boolean> {
      const tenantId = requireTenant(scope);
      await db()
        .delete(caReportResults)
        .where(and(eq(caReportResults.tenantId, tenantId), eq(caReportResults.policyId, id)));
      const rows = await db()
        .delete(caPolicies)
        .where(and(eq(caPolicies.tenantId, tenantId), eq(caPolicies.id, id)))
        .returning({ id: caPolicies.id });
      return rows.length > 0;
    },
    /** Each user's groups (ids), for policies that assign groups; users in none are left out. */
    async groupsOfUsers(scope: Scope): Promise<Map<string, string[]>> {
      const rows = await db()
        .select({ userId: groupMembers.userId, groupId: groupMembers.groupId })
        .from(groupMembers)
        .where(eq(groupMembers.tenantId, requireTenant(scope)));
      const map = new Map<string, string[]>();
      for (const row of rows) map.set(row.userId, [...(map.get(row.userId) ?? []), row.groupId]);
      return map;
    },
    /** Which of these group ids are groups of the tenant. */
    async existingGroups(scope: Scope, ids: string[]): Promise<Set<string>> {
      if (ids.length === 0) return new Set();
      const rows = await db()
        .select({ id: groups.id })
        .from(groups)
        .where(and(eq(groups.tenantId, requireTenant(scope)), inArray(groups.id, ids)));
      return new Set(rows.map((r) => r.id));
    },
    async terms(scope: Scope): Promise<TermsRow[]> {
      return db()
        .select()
        .from(termsOfUse)
        .where(eq(termsOfUse.tenantId, requireTenant(scope)))
        .orderBy(asc(termsOfUse.name), asc(termsOfUse.id));
    },
    async insertTerms(scope: Scope, row: Omit<TermsRow, "tenantId">): Promise<TermsRow> {
      const [inserted] = await db()
        .insert(termsOfUse)
        .values({ ...row, tenantId: requireTenant(scope) })
        .returning();
      if (!inserted) throw new Error("terms of use not inserted");
      return inserted;
    },
    async updateTerms(
      scope: Scope,
      id: string,
      changes: Pick<TermsRow, "name" | "text" | "version" | "updatedAt">,
    ): Promise<TermsRow | undefined> {
      const [row] = await db()
        .update(termsOfUse)
        .set(changes)
        .where(and(eq(termsOfUse.tenantId, requireTenant(scope)), eq(termsOfUse.id, id)))
        .returning();
      return row;
    },
    async deleteTerms(scope: Scope, id: string): Promise<boolean> {
      const rows = await db()
        .delete(termsOfUse)
        .where(and(eq(termsOfUse.tenantId, requireTenant(scope)), eq(termsOfUse.id, id)))
        .returning({ id: termsOfUse.id });
      return rows.length > 0;
    },
    /** Records that the user accepted a version of the terms (users.accepted_terms). */
    async acceptTerms(scope: Scope, userId: string, termsId: string, version: number) {
      await db()
        .update(users)
        .set({
          acceptedTerms: sql`${users.acceptedTerms} || jsonb_build_object(${termsId}::text, ${version}::int)`,
        })
        .where(and(eq(users.tenantId, requireTenant(scope)), eq(users.id, userId)));
    },
    async acceptedTermsOf(scope: Scope, userId: string): Promise<Record<string, number>> {
      const [row] = await db()
        .select({ accepted: users.acceptedTerms })
        .from(users)
        .where(and(eq(users.tenantId, requireTenant(scope)), eq(users.id, userId)));
      return row?.accepted ?? {};
    },
    async locations(scope: Scope): Promise<NamedLocationRecord[]> {
      const rows = await db()
        .select()
        .from(namedLocations)
        .where(eq(namedLocations.tenantId, requireTenant(scope)))
        .orderBy(asc(namedLocations.name), asc(namedLocations.id));
      return rows.map(locationOf);
    },
    async saveLocation(
      scope: Scope,
      id: string | null,
      input: NamedLocationInput,
      now: Date,
    ): Promise<NamedLocationRecord | null> {
      const tenantId = requireTenant(scope);
      if (id === null) {
        const [row] = await db()
          .insert(namedLocations)
          .values({ id: randomUUID(), tenantId, ...input, updatedAt: now })
          .returning();
        return row ? locationOf(row) : null;
      }
      const [row] = await db()
        .update(namedLocations)
        .set({ ...input, updatedAt: now })
        .where(and(eq(namedLocations.tenantId, tenantId), eq(namedLocations.id, id)))
        .returning();
      return row ? locationOf(row) : null;
    },
    async deleteLocation(scope: Scope, id: string): Promise<boolean> {
      const rows = await db()
        .delete(namedLocations)
        .where(and(eq(namedLocations.tenantId, requireTenant(scope)), eq(namedLocations.id, id)))
        .returning({ id: namedLocations.id });
      return rows.length > 0;
    },
    async labels(scope: Scope): Promise<SensitivityLabel[]> {
      return db()
        .select({
          id: sensitivityLabels.id,
          name: sensitivityLabels.name,
          description: sensitivityLabels.description,
          rank: sensitivityLabels.rank,
          contextRules: sensitivityLabels.contextRules,
        })
        .from(sensitivityLabels)
        .where(eq(sensitivityLabels.tenantId, requireTenant(scope)))
        .orderBy(asc(sensitivityLabels.rank));
    },
    /** Replaces the list: kept ids are updated in place, new ones inserted, the rest deleted. */
    async replaceLabels(
      scope: Scope,
      input: (PutLabelsRequest["labels"][number] & { contextRules: ContextRules })[],
      now: Date,
    ): Promise<void> {
      const tenantId = requireTenant(scope);
      const kept = input.flatMap((l) => (l.id ? [l.id] : []));
      await db()
        .delete(sensitivityLabels)
        .where(
          and(
            eq(sensitivityLabels.tenantId, tenantId),
            kept.length > 0 ? notInArray(sensitivityLabels.id, kept) : sql`true`,
          ),
        );
      for (const [rank, label] of input.entries()) {
        const values = {
          name: label.name,
          description: label.description,
          rank,
          contextRules: label.contextRules,
          updatedAt: now,
        };
        if (label.id)
          await db()
            .update(sensitivityLabels)
            .set(values)
            .where(
              and(eq(sensitivityLabels.tenantId, tenantId), eq(sensitivityLabels.id, label.id)),
            );
        else
          await db()
            .insert(sensitivityLabels)
            .values({ id: randomUUID(), tenantId, ...values });
      }
    },
    /** Marks a change, so that every process reloads the tenant's policies (tenants.access_policy_version). */
    async bumpVersion(scope: Scope): Promise<void> {
      await db()
        .update(tenants)
        .set({ accessPolicyVersion: sql`${tenants.accessPolicyVersion} + 1` })
        .where(eq(tenants.id, requireTenant(scope)));
    },
    /** Whether the label × work-context matrix applies (tenants.work_context_enabled). */
    async workContextEnabled(scope: Scope): Promise<boolean> {
      const [row] = await db()
        .select({ enabled: tenants.workContextEnabled })
        .from(tenants)
        .where(eq(tenants.id, requireTenant(scope)));
      return row?.enabled ?? false;
    },
    async setWorkContextEnabled(scope: Scope, enabled: boolean): Promise<void> {
      await db()
        .update(tenants)
        .set({ workContextEnabled: enabled })
        .where(eq(tenants.id, requireTenant(scope)));
    },
    async version(scope: Scope): Promise<number> {
      const [row] = await db()
        .select({ version: tenants.accessPolicyVersion })
        .from(tenants)
        .where(eq(tenants.id, requireTenant(scope)));
      return row?.version ?? 0;
    },
    /** Active owners and admins, for the lock-out guard. */
    /** The active owners and admins, with their groups (policies may assign those). */
    async administrators(
      scope: Scope,
    ): Promise<{ id: string; role: string; breakGlass: boolean; groups: string[] }[]> {
      const rows = await db()
        .select({ id: users.id, role: users.role, breakGlass: users.breakGlass })
        .from(users)
        .where(
          and(
            eq(users.tenantId, requireTenant(scope)),
            eq(users.status, "active"),
            inArray(users.role, ["owner", "admin"]),
          ),
        );
      const memberships = await this.groupsOfUsers(scope);
      return rows.map((r) => ({ ...r, groups: memberships.get(r.id) ?? [] }));
    },
    async insertReportResults(
      scope: Scope,
      rows: {
        policyId: string;
        userId: string;
        sessionId: string | null;
        at: Date;
        result: CaResult;
      }[],
    ): Promise<void> {
      if (rows.length === 0) return;
      const tenantId = requireTenant(scope);
      await db()
        .insert(caReportResults)
        .values(rows.map((r) => ({ id: randomUUID(), tenantId, ...r })));
    },
    async reportCounts(scope: Scope, since: Date): Promise<Map<string, ReportCounts>> {
      const rows = await db()
        .select({
          policyId: caReportResults.policyId,
          result: caReportResults.result,
          count: sql<number>`count(*)::int`,
        })
        .from(caReportResults)
        .where(
          and(eq(caReportResults.tenantId, requireTenant(scope)), gte(caReportResults.at, since)),
        )
        .groupBy(caReportResults.policyId, caReportResults.result);
      const counts = new Map<string, ReportCounts>();
      for (const row of rows) {
        const entry = counts.get(row.policyId) ?? {
          not_applied: 0,
          success: 0,
          failure: 0,
          action_required: 0,
        };
        entry[row.result as keyof ReportCounts] = Number(row.count);
        counts.set(row.policyId, entry);
      }
      return counts;
    },
    async purgeReportResults(scope: Scope, before: Date): Promise<void> {
      await db()
        .delete(caReportResults)
        .where(
          and(eq(caReportResults.tenantId, requireTenant(scope)), lt(caReportResults.at, before)),
        );
    },
  };
}

export type ConditionalAccessStore = ReturnType<typeof createConditionalAccessStore>;

function policyOf(row: PolicyRow): CaPolicyRecord {
  return {
    ...row.definition,
    id: row.id,
    tenantId: row.tenantId,
    name: row.name,
    state: row.state as CaPolicyRecord["state"],
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function locationOf(row: LocationRow): NamedLocationRecord {
  return {
    id: row.id,
    tenantId: row.tenantId,
    name: row.name,
    ranges: row.ranges,
    countries: row.countries,
    includeUnknownCountry: row.includeUnknownCountry,
    trusted: row.trusted,
    updatedAt: row.updatedAt,
  };
}
