import type { Clock } from "../../platform/clock.ts";
import type { Database } from "../../platform/db/database.ts";
import type { AuditLog } from "../audit/index.ts";
import type { Identity } from "../identity/index.ts";
import { ScimGroups } from "./scim/groups.ts";
import { ScimUsers } from "./scim/users.ts";
import { createDirectoryStore, type DirectoryStore } from "./store.ts";
import { ScimTokens } from "./tokens.ts";

/**
 * The tenant directory: SCIM provisioning tokens, and the SCIM view of the tenant's users (owned by
 * the identity domain) and groups (owned here).
 */
export class Directory {
  readonly store: DirectoryStore;
  readonly tokens: ScimTokens;
  readonly users: ScimUsers;
  readonly groups: ScimGroups;

  constructor(deps: {
    database: Database;
    identity: Identity;
    audit: AuditLog;
    clock: Clock;
    publicUrl: URL;
  }) {
    this.store = createDirectoryStore(deps.database);
    this.tokens = new ScimTokens({ ...deps, store: this.store });
    const scim = {
      database: deps.database,
      identity: deps.identity,
      store: this.store,
      baseUrl: this.tokens.scimBaseUrl,
    };
    this.users = new ScimUsers(scim);
    this.groups = new ScimGroups({ ...scim, audit: deps.audit, clock: deps.clock });
  }

  get baseUrl(): string {
    return this.tokens.scimBaseUrl;
  }
}
