import { randomUUID } from "node:crypto";
import type {
  AcceptInviteRequest,
  AcceptInviteResponse,
  InvitationResponse,
  InviteInfoResponse,
  InviteUserRequest,
  TenantRole,
} from "@engawa/shared";
import { DAY, type Clock } from "../../../platform/clock.ts";
import { hashPassword } from "../../../platform/crypto/passwords.ts";
import { randomToken, sha256Hex } from "../../../platform/crypto/tokens.ts";
import type { Database } from "../../../platform/db/database.ts";
import { AppError } from "../../../platform/errors.ts";
import { requireTenant, scopeFor, type Scope } from "../../../platform/scope.ts";
import type { AuditLog } from "../../audit/index.ts";
import { IDENTITY_EVENTS } from "../events.ts";
import type { TenantRow } from "../../tenancy/index.ts";
import { checkNewPassword, normaliseEmail, type PasswordRules } from "../passwordPolicy.ts";
import { guestAccessUntil } from "../guestAccess.ts";
import { presentUser } from "../presenters.ts";
import type { IdentityStore, UserRow } from "../store.ts";

export interface InvitationDeps {
  database: Database;
  store: IdentityStore;
  audit: AuditLog;
  clock: Clock;
  publicUrl: URL;
  /** The password rules for this user in this tenant (they depend on its MFA requirement). */
  rulesFor: (tenant: TenantRow, user: UserRow) => Promise<PasswordRules>;
}

/** Invitation links are valid for 7 days and once; only the token's SHA-256 is stored. */
export const INVITATION_LIFETIME_MS = 7 * DAY;

/**
 * Creates an invited user and a one-time link for them. The link carries its token in the URL
 * fragment, which browsers never send to a server or put in a Referer.
 */
export async function inviteUser(
  deps: InvitationDeps,
  scope: Scope,
  input: InviteUserRequest,
): Promise<InvitationResponse> {
  const email = normaliseEmail(input.email);
  return deps.database.transaction(async () => {
    if (await deps.store.userByEmail(scope, email)) {
      throw new AppError(
        "email_taken",
        "A user with this e-mail address already exists in this organisation.",
        { field: "email" },
      );
    }
    const now = deps.clock.now();
    const user = await deps.store.insertUser(scope, {
      id: randomUUID(),
      email,
      displayName: input.displayName.trim(),
      role: input.role,
      status: "invited",
      passwordHash: null,
      breakGlass: false,
      createdAt: now,
      updatedAt: now,
    });
    const link = await issueLink(deps, scope, user.id);
    await deps.audit.append(scope, {
      action: IDENTITY_EVENTS.userInvited,
      outcome: "allow",
      target: { type: "user", id: user.id },
      details: { email, role: input.role, displayName: user.displayName },
    });
    return {
      user: presentUser(user),
      inviteUrl: link.url,
      expiresAt: link.expiresAt.toISOString(),
    };
  });
}

/** A fresh link for a user who has not accepted yet; earlier links stop working. */
export async function renewInvitation(
  deps: InvitationDeps,
  scope: Scope,
  user: UserRow,
): Promise<InvitationResponse> {
  if (user.status !== "invited") {
    throw new AppError("invalid_state", "This user has already accepted the invitation.");
  }
  return deps.database.transaction(async () => {
    const link = await issueLink(deps, scope, user.id);
    await deps.audit.append(scope, {
      action: IDENTITY_EVENTS.invitationRenewed,
      outcome: "allow",
      target: { type: "user", id: user.id },
      details: { email: user.email },
    });
    return {
      user: presentUser(user),
      inviteUrl: link.url,
      expiresAt: link.expiresAt.toISOString(),
    };
  });
}

export async function inspectInvitation(
  deps: InvitationDeps,
  token: string,
): Promise<InviteInfoResponse> {
  const found = await deps.store.openInvitationByTokenHash(sha256Hex(token), deps.clock.now());
  if (!found || found.user.status !== "invited" || found.tenant.status !== "active")
    throw invalidLink();
  return {
    tenant: { name: found.tenant.name, slug: found.tenant.slug },
    email: found.user.email,
    displayName: found.user.displayName,
    role: found.user.role as TenantRole,
    expiresAt: found.invitation.expiresAt.toISOString(),
    passwordRules: await deps.rulesFor(found.tenant, found.user),
  };
}

/**
 * Sets the invitee's name and password and activates the account. The password is hashed before
 * the transaction (never hash while holding it), then the link is checked again inside it.
 */
export async function acceptInvitation(
  deps: InvitationDeps,
  input: AcceptInviteRequest,
): Promise<AcceptInviteResponse> {
  const tokenHash = sha256Hex(input.token);
  const invited = await deps.store.openInvitationByTokenHash(tokenHash, deps.clock.now());
  if (!invited) throw invalidLink();
  const password = await checkNewPassword(
    input.password,
    await deps.rulesFor(invited.tenant, invited.user),
    [invited.tenant.name, invited.tenant.slug, input.displayName, invited.user.email],
  );
  const passwordHash = await hashPassword(password);
  return deps.database.transaction(async () => {
    const now = deps.clock.now();
    const found = await deps.store.openInvitationByTokenHash(tokenHash, now);
    if (!found || found.user.status !== "invited" || found.tenant.status !== "active")
      throw invalidLink();
    const { user, tenant, invitation } = found;
    const scope = scopeFor(
      {
        type: "user",
        id: user.id,
        tenantId: tenant.id,
        role: user.role as TenantRole,
        label: user.email,
      },
      tenant.id,
    );
    await deps.store.updateUser(scope, user.id, {
      displayName: input.displayName.trim(),
      passwordHash,
      passwordChangedAt: now,
      status: "active",
      updatedAt: now,
    });
    await deps.store.markInvitationUsed(scope, invitation.id, now);
    await deps.audit.append(scope, {
      action: IDENTITY_EVENTS.invitationAccepted,
      outcome: "allow",
      target: { type: "user", id: user.id },
      details: { email: user.email },
    });
    return { tenant: { name: tenant.name, slug: tenant.slug }, email: user.email };
  });
}

async function issueLink(
  deps: InvitationDeps,
  scope: Scope,
  userId: string,
): Promise<{ url: string; expiresAt: Date }> {
  requireTenant(scope);
  const now = deps.clock.now();
  await deps.store.closeInvitations(scope, userId, now);
  const token = randomToken();
  const expiresAt = new Date(now.getTime() + INVITATION_LIFETIME_MS);
  await deps.store.insertInvitation(scope, {
    id: randomUUID(),
    userId,
    tokenHash: sha256Hex(token),
    expiresAt,
    createdAt: now,
    usedAt: null,
  });
  return { url: new URL(`/invite#token=${token}`, deps.publicUrl).toString(), expiresAt };
}

/**
 * Invites a guest (a parent, a visiting clinician) by a link, or finds the guest who already has
 * an account. Their account works until `guestDays` from now (renewable); the caller adds them to
 * the team. An address of someone of the organisation is refused: they join as a member instead.
 */
export async function inviteGuest(
  deps: InvitationDeps,
  scope: Scope,
  tenant: TenantRow,
  input: { email: string; displayName: string },
): Promise<{ user: UserRow; link: { url: string; expiresAt: Date } | null }> {
  const email = normaliseEmail(input.email);
  return deps.database.transaction(async () => {
    const now = deps.clock.now();
    const existing = await deps.store.userByEmail(scope, email);
    if (existing) {
      if (existing.role !== "guest")
        throw new AppError(
          "not_a_guest",
          "This address belongs to someone of the organisation. Add them as a member instead.",
          { field: "email" },
        );
      const link = existing.status === "invited" ? await issueLink(deps, scope, existing.id) : null;
      return { user: existing, link };
    }
    const user = await deps.store.insertUser(scope, {
      id: randomUUID(),
      email,
      displayName: input.displayName.trim(),
      role: "guest",
      status: "invited",
      passwordHash: null,
      breakGlass: false,
      createdAt: now,
      updatedAt: now,
      accessExpiresAt: guestAccessUntil(tenant, now),
    });
    const link = await issueLink(deps, scope, user.id);
    await deps.audit.append(scope, {
      action: IDENTITY_EVENTS.userInvited,
      outcome: "allow",
      target: { type: "user", id: user.id },
      details: { email, role: "guest", displayName: user.displayName },
    });
    return { user, link };
  });
}

/** Extends a guest account by the organisation's guest period, from now. */
export async function renewGuest(
  deps: InvitationDeps,
  scope: Scope,
  tenant: TenantRow,
  user: UserRow,
): Promise<UserRow> {
  if (user.role !== "guest")
    throw new AppError("invalid_state", "Only guest accounts expire and are renewed.");
  const now = deps.clock.now();
  const accessExpiresAt = guestAccessUntil(tenant, now);
  await deps.store.updateUser(scope, user.id, { accessExpiresAt, updatedAt: now });
  await deps.audit.append(scope, {
    action: IDENTITY_EVENTS.guestRenewed,
    outcome: "allow",
    target: { type: "user", id: user.id },
    details: { accessExpiresAt: accessExpiresAt.toISOString() },
  });
  return { ...user, accessExpiresAt, updatedAt: now };
}

function invalidLink(): AppError {
  return new AppError(
    "invalid_token",
    "This invitation link is not valid any more. Ask your administrator for a new one.",
  );
}
