import { randomUUID } from "node:crypto";
import type {
  AcceptInviteRequest,
  InviteUserRequest,
  OperatorSignInRequest,
  SignInRequest,
  TenantRole,
} from "@engawa/shared";
import type { Clock } from "../../platform/clock.ts";
import type { RequestInfo } from "../../platform/context.ts";
import { hashPassword } from "../../platform/crypto/passwords.ts";
import type { Database } from "../../platform/db/database.ts";
import type { Scope } from "../../platform/scope.ts";
import type { AuditLog, DenialAggregator } from "../audit/index.ts";
import * as invitations from "./commands/invitations.ts";
import { operatorSignIn, signIn, type SignInDeps } from "./commands/signIn.ts";
import * as provisioning from "./commands/provisioning.ts";
import * as userAdmin from "./commands/userAdmin.ts";
import { IDENTITY_EVENTS, type PrincipalChange } from "./events.ts";
import { acceptablePassword, normaliseEmail } from "./passwordPolicy.ts";
import type { Principal } from "./principal.ts";
import { Sessions } from "./sessions.ts";
import { SignInThrottle } from "./signInThrottle.ts";
import { createIdentityStore, type IdentityStore, type UserRow } from "./store.ts";

/** Accounts, sign-in, sessions and invitations of tenant users and operators. */
export class Identity {
  readonly store: IdentityStore;
  readonly sessions: Sessions;
  readonly throttle: SignInThrottle;
  private readonly listeners = new Set<(change: PrincipalChange) => void>();
  private readonly signInDeps: SignInDeps;
  private readonly invitationDeps: invitations.InvitationDeps;
  private readonly adminDeps: userAdmin.UserAdminDeps;

  private readonly database: Database;
  private readonly audit: AuditLog;
  private readonly clock: Clock;

  constructor(
    database: Database,
    audit: AuditLog,
    denials: DenialAggregator,
    clock: Clock,
    publicUrl: URL,
    signInLimits: { maxFailuresPerAccount: number; maxAttemptsPerAddress: number },
  ) {
    this.database = database;
    this.audit = audit;
    this.clock = clock;
    this.store = createIdentityStore(database);
    this.sessions = new Sessions(this.store, clock);
    this.throttle = new SignInThrottle(clock, signInLimits);
    this.signInDeps = {
      database,
      store: this.store,
      sessions: this.sessions,
      audit,
      denials,
      throttle: this.throttle,
      clock,
    };
    this.invitationDeps = { database, store: this.store, audit, clock, publicUrl };
    this.adminDeps = {
      database,
      store: this.store,
      audit,
      clock,
      announce: (change) => this.announce(change),
    };
  }

  signIn(input: SignInRequest, request: RequestInfo) {
    return signIn(this.signInDeps, input, request);
  }

  operatorSignIn(input: OperatorSignInRequest, request: RequestInfo) {
    return operatorSignIn(this.signInDeps, input, request);
  }

  /** Ends the caller's session and records it. */
  async signOut(principal: Principal, scope: Scope): Promise<void> {
    if (principal.kind === "local_admin" || principal.kind === "scim_client") return;
    await this.database.transaction(async () => {
      await this.sessions.end(principal.session.id, "sign_out");
      await this.audit.append(scope, {
        action:
          principal.kind === "user" ? IDENTITY_EVENTS.signOut : IDENTITY_EVENTS.operatorSignOut,
        outcome: "allow",
        target: { type: "session", id: principal.session.id },
      });
    });
    if (principal.kind === "user") {
      this.announce({ tenantId: principal.tenant.id, userId: principal.user.id, kind: "changed" });
    }
  }

  /**
   * Ends a session without a sign-out event (the browser signed in again: its old session is
   * replaced). Open real-time connections of that session close at once.
   */
  async endSession(principal: Principal, reason: string): Promise<void> {
    if (principal.kind === "local_admin" || principal.kind === "scim_client") return;
    await this.sessions.end(principal.session.id, reason);
    if (principal.kind === "user")
      this.announce({ tenantId: principal.tenant.id, userId: principal.user.id, kind: "changed" });
  }

  invite(scope: Scope, input: InviteUserRequest) {
    return invitations.inviteUser(this.invitationDeps, scope, input);
  }

  renewInvitation(scope: Scope, user: UserRow) {
    return invitations.renewInvitation(this.invitationDeps, scope, user);
  }

  inspectInvitation(token: string) {
    return invitations.inspectInvitation(this.invitationDeps, token);
  }

  acceptInvitation(input: AcceptInviteRequest) {
    return invitations.acceptInvitation(this.invitationDeps, input);
  }

  listUsers(scope: Scope) {
    return userAdmin.listUsers(this.adminDeps, scope);
  }

  changeRole(scope: Scope, user: UserRow, role: TenantRole) {
    return userAdmin.changeRole(this.adminDeps, scope, user, role);
  }

  disable(scope: Scope, user: UserRow) {
    return userAdmin.disableUser(this.adminDeps, scope, user);
  }

  enable(scope: Scope, user: UserRow) {
    return userAdmin.enableUser(this.adminDeps, scope, user);
  }

  /** Creates (or restores) a password-less user for the provisioning client (SCIM). */
  provisionUser(scope: Scope, input: provisioning.ProvisionInput) {
    return provisioning.provisionUser(this.adminDeps, scope, input);
  }

  /** Changes a provisioned user's e-mail, name or `active` (false ends their sessions at once). */
  updateProvisionedUser(scope: Scope, user: UserRow, change: provisioning.ProfileChange) {
    return provisioning.updateProvisionedUser(this.adminDeps, scope, user, change);
  }

  /** Disables and marks deleted; the row stays for the audit log. */
  deleteProvisionedUser(scope: Scope, user: UserRow) {
    return provisioning.deleteProvisionedUser(this.adminDeps, scope, user);
  }

  /** Creates an active user whose password the caller hashed with {@link Identity.hashNewPassword}. */
  createActiveUser(
    scope: Scope,
    input: { email: string; displayName: string; role: TenantRole; passwordHash: string },
  ) {
    return userAdmin.createActiveUser(this.adminDeps, scope, {
      ...input,
      email: normaliseEmail(input.email),
      displayName: input.displayName.trim(),
    });
  }

  /** Checks the password policy and hashes; never call inside a transaction. */
  hashNewPassword(password: string): Promise<string> {
    return hashPassword(acceptablePassword(password));
  }

  /**
   * Creates an operator account (first-run setup). The password is hashed first: callers must not
   * hold a transaction while this runs; pass the hash into `insertOperator` inside theirs.
   */
  async prepareOperator(input: { email: string; displayName: string; password: string }) {
    const passwordHash = await hashPassword(acceptablePassword(input.password));
    return {
      id: randomUUID(),
      email: normaliseEmail(input.email),
      displayName: input.displayName.trim(),
      passwordHash,
      status: "active",
      createdAt: this.clock.now(),
    };
  }

  async insertOperator(
    scope: Scope,
    operator: Awaited<ReturnType<Identity["prepareOperator"]>>,
  ): Promise<void> {
    await this.database.transaction(async () => {
      await this.store.insertOperator(operator);
      await this.audit.append(scope, {
        action: IDENTITY_EVENTS.operatorCreated,
        outcome: "allow",
        target: { type: "operator", id: operator.id },
        details: { email: operator.email },
      });
    });
  }

  /** Subscribes to principal changes (real-time connections re-check on each). */
  onPrincipalChange(listener: (change: PrincipalChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private announce(change: PrincipalChange): void {
    for (const listener of this.listeners) listener(change);
  }
}
