import { randomUUID } from "node:crypto";
import {
  SCIM_MAX_RESULTS,
  SCIM_SCHEMAS,
  type ScimGroup,
  type ScimGroupList,
  type ScimGroupRequest,
  type ScimListQuery,
  type ScimPatchRequest,
} from "@engawa/shared";
import type { Clock } from "../../../platform/clock.ts";
import { AppError } from "../../../platform/errors.ts";
import type { Scope } from "../../../platform/scope.ts";
import type { AuditLog } from "../../audit/index.ts";
import { DIRECTORY_EVENTS } from "../events.ts";
import type { GroupRow } from "../store.ts";
import { pageOf, parseFilter } from "./filter.ts";
import { groupPatch, type GroupStep } from "./patch.ts";
import { listResponse, presentScimGroup } from "./presenters.ts";
import type { ScimDeps } from "./users.ts";
import {
  invalidValue,
  isUuid,
  memberIds,
  nameValue,
  optionalText,
  requireSchema,
} from "./values.ts";

const GROUP_FILTERS = { displayname: "displayName", externalid: "externalId" };

/**
 * SCIM Groups (RFC 7643 §4.2, RFC 7644 §3.3–3.6): a tenant's groups and their members. Every
 * write is one transaction with its audit events; a member must be a living user of the same
 * tenant (`invalidValue` otherwise), so a group never reaches into another tenant.
 */
export class ScimGroups {
  private readonly deps: ScimDeps & { audit: AuditLog; clock: Clock };

  constructor(deps: ScimDeps & { audit: AuditLog; clock: Clock }) {
    this.deps = deps;
  }

  async find(scope: Scope, id: string): Promise<GroupRow | undefined> {
    return isUuid(id) ? this.deps.store.group(scope, id.toLowerCase()) : undefined;
  }

  async present(scope: Scope, group: GroupRow): Promise<ScimGroup> {
    const members = await this.deps.store.members(scope, [group.id]);
    return presentScimGroup(group, members, this.deps.baseUrl);
  }

  /** RFC 7644 §3.4.2; `excludedAttributes=members` leaves members out (large groups). */
  async list(scope: Scope, query: ScimListQuery): Promise<ScimGroupList> {
    const filter = parseFilter(query.filter, GROUP_FILTERS, SCIM_SCHEMAS.group);
    const page = pageOf(query, SCIM_MAX_RESULTS);
    const { total, rows } = await this.deps.store.groups(scope, {
      offset: page.offset,
      limit: page.limit,
      ...(filter ? { [filter.attribute]: filter.value } : {}),
    });
    const withMembers = !/(^|,)\s*members\s*(,|$)/i.test(query.excludedAttributes ?? "");
    const members = withMembers
      ? await this.deps.store.members(
          scope,
          rows.map((g) => g.id),
        )
      : [];
    return listResponse(
      total,
      page.startIndex,
      rows.map((g) =>
        presentScimGroup(
          g,
          withMembers ? members.filter((m) => m.groupId === g.id) : null,
          this.deps.baseUrl,
        ),
      ),
    );
  }

  async create(scope: Scope, body: ScimGroupRequest): Promise<ScimGroup> {
    requireSchema(body.schemas, SCIM_SCHEMAS.group);
    const displayName = nameValue("displayName", body.displayName);
    const externalId = optionalText("externalId", body.externalId ?? null);
    const userIds = body.members ? memberIds("members", body.members) : [];
    const group = await this.deps.database.transaction(async () => {
      await this.ensureNameFree(scope, displayName, null);
      const now = this.deps.clock.now();
      const row = await this.deps.store.insertGroup(scope, {
        id: randomUUID(),
        displayName,
        externalId,
        createdAt: now,
        updatedAt: now,
      });
      await this.record(scope, DIRECTORY_EVENTS.groupCreated, row, { displayName });
      await this.apply(scope, row, [{ kind: "add", userIds }]);
      return row;
    });
    return this.present(scope, group);
  }

  /** PUT (RFC 7644 §3.5.1): name, externalId and the whole member list are replaced. */
  async replace(scope: Scope, group: GroupRow, body: ScimGroupRequest): Promise<ScimGroup> {
    requireSchema(body.schemas, SCIM_SCHEMAS.group);
    const steps: GroupStep[] = [
      { kind: "displayName", value: nameValue("displayName", body.displayName) },
      { kind: "externalId", value: optionalText("externalId", body.externalId ?? null) },
      { kind: "replaceMembers", userIds: memberIds("members", body.members ?? []) },
    ];
    return this.change(scope, group, steps);
  }

  async patch(scope: Scope, group: GroupRow, body: ScimPatchRequest): Promise<ScimGroup> {
    requireSchema(body.schemas, SCIM_SCHEMAS.patchOp);
    return this.change(scope, group, groupPatch(body.Operations));
  }

  async delete(scope: Scope, group: GroupRow): Promise<void> {
    await this.deps.database.transaction(async () => {
      await this.deps.store.deleteGroup(scope, group.id);
      await this.deps.store.bumpAccessPolicyVersion(scope);
      await this.record(scope, DIRECTORY_EVENTS.groupDeleted, group, {
        displayName: group.displayName,
      });
    });
  }

  private async change(scope: Scope, group: GroupRow, steps: GroupStep[]): Promise<ScimGroup> {
    const updated = await this.deps.database.transaction(async () => {
      const row = await this.apply(scope, group, steps);
      return row;
    });
    return this.present(scope, updated);
  }

  /** Applies the steps in order inside the caller's transaction; bumps `updatedAt` on any change. */
  private async apply(scope: Scope, group: GroupRow, steps: GroupStep[]): Promise<GroupRow> {
    let row = group;
    let changed = false;
    let membersChanged = false;
    const now = this.deps.clock.now();
    for (const step of steps) {
      if (step.kind === "displayName" || step.kind === "externalId") {
        if (row[step.kind] === step.value) continue;
        if (step.kind === "displayName") await this.ensureNameFree(scope, step.value, row.id);
        row = { ...row, [step.kind]: step.value };
        await this.deps.store.updateGroup(scope, row.id, { [step.kind]: step.value });
        await this.record(scope, DIRECTORY_EVENTS.groupUpdated, row, { [step.kind]: step.value });
        changed = true;
        continue;
      }
      if (step.kind === "remove" || step.kind === "replaceMembers") {
        const keep = step.kind === "replaceMembers" ? new Set(step.userIds) : null;
        const current = await this.deps.store.members(scope, [row.id]);
        const ids =
          step.kind === "remove"
            ? step.userIds
            : current.map((m) => m.userId).filter((id) => !keep?.has(id));
        const removed = await this.deps.store.removeMembers(scope, row.id, ids);
        if (removed.length > 0) {
          await this.record(scope, DIRECTORY_EVENTS.membersRemoved, row, { userIds: removed });
          changed = true;
          membersChanged = true;
        }
      }
      if (step.kind === "add" || step.kind === "replaceMembers") {
        const wanted = [...new Set(step.userIds)];
        const found = await this.deps.identity.store.livingUsersByIds(scope, wanted);
        if (found.length !== wanted.length)
          throw invalidValue("members", "every member must be a user of this organisation");
        const added = await this.deps.store.addMembers(scope, row.id, wanted, now);
        if (added.length > 0) {
          await this.record(scope, DIRECTORY_EVENTS.membersAdded, row, { userIds: added });
          changed = true;
          membersChanged = true;
        }
      }
    }
    if (changed) {
      await this.deps.store.updateGroup(scope, row.id, { updatedAt: now });
      row = { ...row, updatedAt: now };
    }
    // Conditional-access policies may name the group: every process reloads the tenant's set.
    if (membersChanged) await this.deps.store.bumpAccessPolicyVersion(scope);
    return row;
  }

  private async ensureNameFree(scope: Scope, displayName: string, self: string | null) {
    const other = await this.deps.store.groupByName(scope, displayName);
    if (other && other.id !== self)
      throw new AppError("name_taken", "A group with this displayName already exists.", {
        field: "displayName",
      });
  }

  private async record(
    scope: Scope,
    action: string,
    group: GroupRow,
    details: Record<string, unknown>,
  ): Promise<void> {
    await this.deps.audit.append(scope, {
      action,
      outcome: "allow",
      target: { type: "group", id: group.id },
      details,
    });
  }
}
