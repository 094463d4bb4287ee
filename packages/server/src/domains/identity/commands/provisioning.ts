import { randomUUID } from "node:crypto";
import type { Database } from "../../../platform/db/database.ts";
import { AppError } from "../../../platform/errors.ts";
import type { Scope } from "../../../platform/scope.ts";
import type { AuditLog } from "../../audit/index.ts";
import { IDENTITY_EVENTS } from "../events.ts";
import { normaliseEmail } from "../passwordPolicy.ts";
import type { IdentityStore, UserRow } from "../store.ts";
import { disableUser, type UserAdminDeps } from "./userAdmin.ts";

/**
 * Accounts managed by the tenant's provisioning client (SCIM, RFC 7644). Such users have no
 * password: they sign in through the tenant's identity provider, so "active" with a null password
 * hash is their normal state. Deactivation reuses the administrator's disable path, so sessions end
 * and real-time connections close exactly as when an admin disables someone.
 */
export interface ProvisionInput {
  email: string;
  displayName: string;
  active: boolean;
}

export interface ProfileChange {
  email?: string;
  displayName?: string;
  active?: boolean;
}

type Deps = UserAdminDeps & { database: Database; store: IdentityStore; audit: AuditLog };

const taken = (): AppError =>
  new AppError("email_taken", "A user with this userName already exists.", { field: "userName" });

/**
 * Creates a password-less user. A user deleted earlier by the provisioning client with the same
 * e-mail address is restored instead (same id, so the audit history stays one story): identity
 * providers delete and re-create people who leave and come back.
 */
export async function provisionUser(
  deps: Deps,
  scope: Scope,
  input: ProvisionInput,
): Promise<UserRow> {
  const email = normaliseEmail(input.email);
  return deps.database.transaction(async () => {
    const existing = await deps.store.userByEmail(scope, email);
    const now = deps.clock.now();
    if (existing && !existing.deletedAt) throw taken();
    const status = input.active ? "active" : "disabled";
    if (existing) {
      await deps.store.updateUser(scope, existing.id, {
        displayName: input.displayName,
        status,
        deletedAt: null,
        updatedAt: now,
      });
      await deps.audit.append(scope, {
        action: IDENTITY_EVENTS.userRestored,
        outcome: "allow",
        target: { type: "user", id: existing.id },
        details: { email, status },
      });
      return {
        ...existing,
        displayName: input.displayName,
        status,
        deletedAt: null,
        updatedAt: now,
      };
    }
    const user = await deps.store.insertUser(scope, {
      id: randomUUID(),
      email,
      displayName: input.displayName,
      role: "member",
      breakGlass: false,
      status,
      passwordHash: null,
      createdAt: now,
      updatedAt: now,
    });
    await deps.audit.append(scope, {
      action: IDENTITY_EVENTS.userProvisioned,
      outcome: "allow",
      target: { type: "user", id: user.id },
      details: { email, role: user.role, status },
    });
    return user;
  });
}

/**
 * Applies a profile change in one transaction: e-mail and name, then `active`. `active: false`
 * disables the user and ends every session at once; `active: true` re-activates (a provisioned
 * user needs no invitation, the identity provider vouches for them).
 */
export async function updateProvisionedUser(
  deps: Deps,
  scope: Scope,
  user: UserRow,
  change: ProfileChange,
): Promise<UserRow> {
  return deps.database.transaction(async () => {
    let current = user;
    const email = change.email === undefined ? user.email : normaliseEmail(change.email);
    const displayName = change.displayName ?? user.displayName;
    if (email !== user.email || displayName !== user.displayName) {
      if (email !== user.email && (await deps.store.userByEmail(scope, email))) throw taken();
      const updatedAt = deps.clock.now();
      await deps.store.updateUser(scope, user.id, { email, displayName, updatedAt });
      await deps.audit.append(scope, {
        action: IDENTITY_EVENTS.userProfileChanged,
        outcome: "allow",
        target: { type: "user", id: user.id },
        details: {
          ...(email !== user.email ? { email: { from: user.email, to: email } } : { email }),
          ...(displayName !== user.displayName ? { displayNameChanged: true } : {}),
        },
      });
      current = { ...current, email, displayName, updatedAt };
    }
    if (change.active === false && current.status !== "disabled") {
      await disableUser(deps, scope, current);
      current = { ...current, status: "disabled", updatedAt: deps.clock.now() };
    } else if (change.active === true && current.status !== "active") {
      const updatedAt = deps.clock.now();
      await deps.store.updateUser(scope, user.id, { status: "active", updatedAt });
      await deps.audit.append(scope, {
        action: IDENTITY_EVENTS.userEnabled,
        outcome: "allow",
        target: { type: "user", id: user.id },
        details: { email: current.email, status: "active" },
      });
      current = { ...current, status: "active", updatedAt };
    }
    return current;
  });
}

/**
 * SCIM DELETE (RFC 7644 §3.6): the user is disabled (sessions end at once) and marked deleted.
 * The row is kept because audit events refer to it; afterwards the user is gone from SCIM and lists.
 */
export async function deleteProvisionedUser(
  deps: Deps,
  scope: Scope,
  user: UserRow,
): Promise<void> {
  await deps.database.transaction(async () => {
    if (user.status !== "disabled") await disableUser(deps, scope, user);
    const now = deps.clock.now();
    await deps.store.updateUser(scope, user.id, {
      status: "disabled",
      deletedAt: now,
      updatedAt: now,
    });
    await deps.audit.append(scope, {
      action: IDENTITY_EVENTS.userDeleted,
      outcome: "allow",
      target: { type: "user", id: user.id },
      details: { email: user.email },
    });
  });
}
