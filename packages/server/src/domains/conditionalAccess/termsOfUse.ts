import { randomUUID } from "node:crypto";
import type { TermsOfUse, TermsOfUseInput } from "@engawa/shared";
import type { Clock } from "../../platform/clock.ts";
import type { RequestInfo } from "../../platform/context.ts";
import type { Database } from "../../platform/db/database.ts";
import { AppError } from "../../platform/errors.ts";
import type { Scope } from "../../platform/scope.ts";
import type { AuditLog } from "../audit/index.ts";
import { inSet } from "./evaluate.ts";
import { CA_EVENTS } from "./events.ts";
import type { CaPolicyRecord } from "./signals.ts";
import type { ConditionalAccessStore, TermsRow } from "./store.ts";

export interface TermsDeps {
  database: Database;
  clock: Clock;
  audit: AuditLog;
  store: ConditionalAccessStore;
  /** The tenant's set changed: forget it here and tell open connections (service.ts). */
  changed: (tenantId: string) => void;
}

/**
 * Terms of use (Entra ID's grant control "require terms of use"): the organisation writes them,
 * policies name them, people accept the current version. Changing the text is a new version, so
 * nobody is held to words they did not read; each acceptance is an audit event naming the
 * version, which is the record an auditor asks for (who agreed to what, when).
 */
export class TermsOfUseBook {
  private readonly deps: TermsDeps;

  constructor(deps: TermsDeps) {
    this.deps = deps;
  }

  async list(scope: Scope): Promise<TermsOfUse[]> {
    return (await this.deps.store.terms(scope)).map(presentTerms);
  }

  async save(
    scope: Scope,
    id: string | null,
    input: TermsOfUseInput,
    request: RequestInfo,
  ): Promise<TermsOfUse> {
    const now = this.deps.clock.now();
    const saved = await this.deps.database.transaction(async () => {
      let row: TermsRow | undefined;
      if (id === null) {
        row = await this.deps.store.insertTerms(scope, {
          id: randomUUID(),
          name: input.name.trim(),
          text: input.text,
          version: 1,
          updatedAt: now,
        });
      } else {
        const before = (await this.deps.store.terms(scope)).find((t) => t.id === id);
        if (!before) throw new AppError("not_found", "Not found.");
        row = await this.deps.store.updateTerms(scope, id, {
          name: input.name.trim(),
          text: input.text,
          // New words are a new version, which everyone accepts again; a new name is not.
          version: before.text === input.text ? before.version : before.version + 1,
          updatedAt: now,
        });
      }
      if (!row) throw new AppError("not_found", "Not found.");
      await this.deps.store.bumpVersion(scope);
      await this.deps.audit.append(scope, {
        action: CA_EVENTS.termsSaved,
        outcome: "allow",
        request,
        target: { type: "terms_of_use", id: row.id },
        details: { name: row.name, version: row.version, created: id === null },
      });
      return row;
    });
    this.deps.changed(tenantId(scope));
    return presentTerms(saved);
  }

  async delete(scope: Scope, id: string, request: RequestInfo): Promise<void> {
    const naming = (await this.deps.store.policies(scope)).find((p) => p.grant.termsOfUseId === id);
    if (naming)
      throw new AppError(
        "terms_in_use",
        `These terms of use are asked for by the policy "${naming.name}". Change the policy first.`,
      );
    await this.deps.database.transaction(async () => {
      if (!(await this.deps.store.deleteTerms(scope, id)))
        throw new AppError("not_found", "Not found.");
      await this.deps.store.bumpVersion(scope);
      await this.deps.audit.append(scope, {
        action: CA_EVENTS.termsDeleted,
        outcome: "allow",
        request,
        target: { type: "terms_of_use", id },
        details: {},
      });
    });
    this.deps.changed(tenantId(scope));
  }

  /**
   * The terms the policies that are on ask this person to accept and they have not accepted in
   * their current version: what the client shows when a request answered `terms_required`.
   * Assignments decide (include, exclude, groups); the other conditions are not read, so someone
   * asked once is shown every such text at once rather than one per app.
   */
  async required(
    scope: Scope,
    user: { id: string; role: string; groups: string[]; acceptedTerms: Record<string, number> },
    /** The tenant's policies, as its loaded set has them. */
    policies: readonly CaPolicyRecord[],
  ): Promise<TermsOfUse[]> {
    const asked = new Set(
      policies
        .filter((p) => p.state === "on" && asksTerms(p))
        .filter((p) => assigned(p, user))
        .map((p) => p.grant.termsOfUseId),
    );
    return (await this.deps.store.terms(scope))
      .filter((t) => asked.has(t.id) && user.acceptedTerms[t.id] !== t.version)
      .map(presentTerms);
  }

  /** Accepts the version read; a text changed since is refused, to be read first. */
  async accept(
    scope: Scope,
    userId: string,
    termsId: string,
    version: number,
    request: RequestInfo,
  ): Promise<void> {
    const terms = (await this.deps.store.terms(scope)).find((t) => t.id === termsId);
    if (!terms) throw new AppError("not_found", "Not found.");
    if (terms.version !== version)
      throw new AppError(
        "terms_changed",
        "These terms of use have changed since they were shown. Read the new version, then accept it.",
      );
    await this.deps.database.transaction(async () => {
      await this.deps.store.acceptTerms(scope, userId, termsId, version);
      await this.deps.audit.append(scope, {
        action: CA_EVENTS.termsAccepted,
        outcome: "allow",
        request,
        target: { type: "terms_of_use", id: termsId },
        details: { name: terms.name, version },
      });
    });
  }
}

function asksTerms(policy: CaPolicyRecord): boolean {
  return (
    !policy.grant.block &&
    policy.grant.controls.includes("terms_of_use") &&
    policy.grant.termsOfUseId !== null
  );
}

function assigned(policy: CaPolicyRecord, user: { id: string; role: string; groups: string[] }) {
  const who = { userId: user.id, role: user.role, groups: user.groups };
  return inSet(policy.include, who) && !inSet(policy.exclude, who);
}

function tenantId(scope: Scope): string {
  if (!scope.tenantId) throw new Error("terms of use need a tenant scope");
  return scope.tenantId;
}

export function presentTerms(row: TermsRow): TermsOfUse {
  return {
    id: row.id,
    name: row.name,
    text: row.text,
    version: row.version,
    updatedAt: row.updatedAt.toISOString(),
  };
}
