import {
  SCIM_MAX_RESULTS,
  SCIM_SCHEMAS,
  type ScimListQuery,
  type ScimPatchRequest,
  type ScimUser,
  type ScimUserList,
  type ScimUserRequest,
} from "@engawa/shared";
import type { Database } from "../../../platform/db/database.ts";
import type { Scope } from "../../../platform/scope.ts";
import { normaliseEmail, type Identity, type UserRow } from "../../identity/index.ts";
import type { DirectoryStore } from "../store.ts";
import { pageOf, parseFilter } from "./filter.ts";
import { userPatch } from "./patch.ts";
import { listResponse, presentScimUser } from "./presenters.ts";
import { emailValue, isUuid, nameValue, requireSchema } from "./values.ts";

export interface ScimDeps {
  database: Database;
  identity: Identity;
  store: DirectoryStore;
  baseUrl: string;
}

const USER_FILTERS = { username: "userName" };

/**
 * SCIM Users (RFC 7644 §3.3–3.6) over the identity domain's accounts. Every write goes through
 * identity's provisioning commands, which audit it with the token as the actor; deactivation and
 * deletion end the user's sessions at once.
 */
export class ScimUsers {
  private readonly deps: ScimDeps;

  constructor(deps: ScimDeps) {
    this.deps = deps;
  }

  /** A living (not deleted) user of the scope's tenant, or undefined (also for a malformed id). */
  async find(scope: Scope, id: string): Promise<UserRow | undefined> {
    if (!isUuid(id)) return undefined;
    const user = await this.deps.identity.store.user(scope, id.toLowerCase());
    return user && !user.deletedAt ? user : undefined;
  }

  present(user: UserRow): ScimUser {
    return presentScimUser(user, this.deps.baseUrl);
  }

  /** RFC 7644 §3.4.2: `filter=userName eq "…"` and `startIndex`/`count` paging. */
  async list(scope: Scope, query: ScimListQuery): Promise<ScimUserList> {
    const filter = parseFilter(query.filter, USER_FILTERS, SCIM_SCHEMAS.user);
    const page = pageOf(query, SCIM_MAX_RESULTS);
    const { total, rows } = await this.deps.identity.store.livingUsers(scope, {
      offset: page.offset,
      limit: page.limit,
      ...(filter ? { email: normaliseEmail(filter.value) } : {}),
    });
    return listResponse(
      total,
      page.startIndex,
      rows.map((u) => this.present(u)),
    );
  }

  /** RFC 7644 §3.3: 201 with the created resource; an existing userName is 409 `uniqueness`. */
  async create(scope: Scope, body: ScimUserRequest): Promise<ScimUser> {
    requireSchema(body.schemas, SCIM_SCHEMAS.user);
    const user = await this.deps.identity.provisionUser(scope, {
      email: emailValue("userName", body.userName),
      displayName: displayNameOf(body),
      active: body.active ?? true,
    });
    return this.present(user);
  }

  /** RFC 7644 §3.5.1: PUT replaces what Engawa keeps; an omitted `active` means true. */
  async replace(scope: Scope, user: UserRow, body: ScimUserRequest): Promise<ScimUser> {
    requireSchema(body.schemas, SCIM_SCHEMAS.user);
    const updated = await this.deps.identity.updateProvisionedUser(scope, user, {
      email: emailValue("userName", body.userName),
      displayName: displayNameOf(body),
      active: body.active ?? true,
    });
    return this.present(updated);
  }

  /** RFC 7644 §3.5.2. The changes are checked first, then applied in one transaction. */
  async patch(scope: Scope, user: UserRow, body: ScimPatchRequest): Promise<ScimUser> {
    requireSchema(body.schemas, SCIM_SCHEMAS.patchOp);
    const change = userPatch(body.Operations);
    const updated = await this.deps.identity.updateProvisionedUser(scope, user, change);
    return this.present(updated);
  }

  /** RFC 7644 §3.6: out of every group, disabled, sessions ended, marked deleted — one transaction. */
  async delete(scope: Scope, user: UserRow): Promise<void> {
    await this.deps.database.transaction(async () => {
      await this.deps.store.removeUserEverywhere(scope, user.id);
      await this.deps.identity.deleteProvisionedUser(scope, user);
    });
  }
}

/** `displayName`, else `name.formatted`, else given and family name, else the e-mail's local part. */
function displayNameOf(body: ScimUserRequest): string {
  if (body.displayName !== undefined) return nameValue("displayName", body.displayName);
  if (body.name?.formatted !== undefined) return nameValue("name.formatted", body.name.formatted);
  const composed = [body.name?.givenName, body.name?.familyName].filter(Boolean).join(" ");
  if (composed) return nameValue("name", composed);
  return nameValue("userName", body.userName.split("@")[0]);
}
