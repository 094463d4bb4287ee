import { randomUUID } from "node:crypto";
import type { TenantRole, UserSummary } from "@engawa/shared";
import type { Clock } from "../../../platform/clock.ts";
import type { Database } from "../../../platform/db/database.ts";
import { AppError } from "../../../platform/errors.ts";
import { requireTenant, type Scope } from "../../../platform/scope.ts";
import type { AuditLog } from "../../audit/index.ts";
import { IDENTITY_EVENTS, type PrincipalChange } from "../events.ts";
import { guestAccessUntil } from "../guestAccess.ts";
import { presentUser } from "../presenters.ts";
import type { IdentityStore, UserRow } from "../store.ts";

export interface UserAdminDeps {
  database: Database;
  store: IdentityStore;
  audit: AuditLog;
  clock: Clock;
  /** Told after commit, so open connections re-check at once (a removed user stops receiving). */
  announce: (change: PrincipalChange) => void;
}

export async function listUsers(deps: UserAdminDeps, scope: Scope): Promise<UserSummary[]> {
  return (await deps.store.usersOf(scope)).map(presentUser);
}

/**
 * Creates an active user with a password hashed beforehand (the CLI's `tenant create
 * --owner-password-file`). Callers hash outside any transaction.
 */
export async function createActiveUser(
  deps: UserAdminDeps,
  scope: Scope,
  input: { email: string; displayName: string; role: TenantRole; passwordHash: string | null },
): Promise<UserSummary> {
  return deps.database.transaction(async () => {
    if (await deps.store.userByEmail(scope, input.email)) {
      throw new AppError(
        "email_taken",
        "A user with this e-mail address already exists in this organisation.",
        { field: "email" },
      );
    }
    const now = deps.clock.now();
    const user = await deps.store.insertUser(scope, {
      id: randomUUID(),
      email: input.email,
      displayName: input.displayName,
      role: input.role,
      status: "active",
      passwordHash: input.passwordHash,
      breakGlass: false,
      createdAt: now,
      updatedAt: now,
    });
    await deps.audit.append(scope, {
      action: IDENTITY_EVENTS.userCreated,
      outcome: "allow",
      target: { type: "user", id: user.id },
      details: { email: user.email, role: user.role },
    });
    return presentUser(user);
  });
}

/** Changes a role. The last active owner cannot be demoted: a tenant always keeps an owner. */
/**
 * Changes a user's role. Someone made a guest gets the organisation's guest period from now, as an
 * invited guest would (their account ends unless renewed); someone who stops being a guest keeps
 * no end date.
 */
export async function changeRole(
  deps: UserAdminDeps,
  scope: Scope,
  user: UserRow,
  role: TenantRole,
): Promise<UserSummary> {
  return deps.database.transaction(async () => {
    if (user.role === role) return presentUser(user);
    if (user.role === "owner") await ensureAnotherOwner(deps, scope, user);
    const updatedAt = deps.clock.now();
    const tenant = role === "guest" ? (await deps.store.userById(user.id))?.tenant : undefined;
    const accessExpiresAt = tenant ? guestAccessUntil(tenant, updatedAt) : null;
    await deps.store.updateUser(scope, user.id, { role, accessExpiresAt, updatedAt });
    await deps.audit.append(scope, {
      action: IDENTITY_EVENTS.roleChanged,
      outcome: "allow",
      target: { type: "user", id: user.id },
      details: {
        email: user.email,
        from: user.role,
        to: role,
        ...(accessExpiresAt ? { accessExpiresAt: accessExpiresAt.toISOString() } : {}),
      },
    });
    announceAfterCommit(deps, scope, user.id, "changed");
    return presentUser({ ...user, role, accessExpiresAt, updatedAt });
  });
}

/** Disables a user and ends every session they have; their next request is refused. */
export async function disableUser(
  deps: UserAdminDeps,
  scope: Scope,
  user: UserRow,
): Promise<UserSummary> {
  return deps.database.transaction(async () => {
    if (user.status === "disabled") return presentUser(user);
    if (user.role === "owner" && user.status === "active")
      await ensureAnotherOwner(deps, scope, user);
    const now = deps.clock.now();
    await deps.store.updateUser(scope, user.id, { status: "disabled", updatedAt: now });
    const ended = await deps.store.endUserSessions(scope, user.id, now, "user_disabled");
    // An open invitation must not outlive the account it was for.
    await deps.store.closeInvitations(scope, user.id, now);
    await deps.audit.append(scope, {
      action: IDENTITY_EVENTS.userDisabled,
      outcome: "allow",
      target: { type: "user", id: user.id },
      details: { email: user.email, sessionsEnded: ended.length },
    });
    announceAfterCommit(deps, scope, user.id, "revoked");
    return presentUser({ ...user, status: "disabled", updatedAt: now });
  });
}

/** Re-enables a user: active again if they had set a password, otherwise back to invited. */
export async function enableUser(
  deps: UserAdminDeps,
  scope: Scope,
  user: UserRow,
): Promise<UserSummary> {
  if (user.status !== "disabled") return presentUser(user);
  if (user.deletedAt)
    throw new AppError("invalid_state", "This user was deleted by the provisioning client.");
  const status = user.passwordHash ? "active" : "invited";
  return deps.database.transaction(async () => {
    const updatedAt = deps.clock.now();
    await deps.store.updateUser(scope, user.id, { status, updatedAt });
    await deps.audit.append(scope, {
      action: IDENTITY_EVENTS.userEnabled,
      outcome: "allow",
      target: { type: "user", id: user.id },
      details: { email: user.email, status },
    });
    return presentUser({ ...user, status, updatedAt });
  });
}

async function ensureAnotherOwner(deps: UserAdminDeps, scope: Scope, user: UserRow): Promise<void> {
  await deps.store.lockOwners(scope);
  const owners = await deps.store.countActiveOwners(scope);
  if (owners <= 1 && user.status === "active") {
    throw new AppError(
      "last_owner",
      "This is the organisation's only owner. Make someone else an owner first.",
    );
  }
}

function announceAfterCommit(
  deps: UserAdminDeps,
  scope: Scope,
  userId: string,
  kind: PrincipalChange["kind"],
): void {
  const tenantId = requireTenant(scope);
  deps.database.afterCommit(() => deps.announce({ tenantId, userId, kind }));
}

/**
 * Flags or unflags a break-glass account. The caller (the SSO domain) holds the transaction and
 * has checked that unflagging does not leave a tenant that requires SSO without one.
 */
export async function setBreakGlass(
  deps: UserAdminDeps,
  scope: Scope,
  user: UserRow,
  breakGlass: boolean,
): Promise<UserSummary> {
  return deps.database.transaction(async () => {
    const now = deps.clock.now();
    await deps.store.updateUser(scope, user.id, { breakGlass, updatedAt: now });
    await deps.audit.append(scope, {
      action: IDENTITY_EVENTS.breakGlassChanged,
      outcome: "allow",
      target: { type: "user", id: user.id },
      details: { email: user.email, breakGlass },
    });
    return presentUser({ ...user, breakGlass, updatedAt: now });
  });
}
