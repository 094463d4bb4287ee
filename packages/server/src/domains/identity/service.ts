import { randomUUID } from "node:crypto";
import { RISK_LEVELS } from "@engawa/shared";
import type {
  RiskLevel,
  StepUpRequest,
  ChangePasswordRequest,
  PasskeyAssertionRequest,
  PasskeyRegisterRequest,
  PasskeySignInRequest,
  AcceptInviteRequest,
  InviteUserRequest,
  OperatorSignInRequest,
  SignInRequest,
  TenantRole,
  WorkContext,
} from "@engawa/shared";
import type { Clock } from "../../platform/clock.ts";
import type { RequestInfo } from "../../platform/context.ts";
import { hashPassword } from "../../platform/crypto/passwords.ts";
import type { Database } from "../../platform/db/database.ts";
import { AppError } from "../../platform/errors.ts";
import type { Scope } from "../../platform/scope.ts";
import type { AuditLog, DenialAggregator } from "../audit/index.ts";
import * as invitations from "./commands/invitations.ts";
import { operatorSignIn, signIn, type PasswordGate, type SignInDeps } from "./commands/signIn.ts";
import type { SignInMethod } from "./commands/startSession.ts";
import { startAssessedSession } from "./commands/riskySignIn.ts";
import { UNWIRED_RISK_GATE, type RiskGate } from "./riskGate.ts";
import type { TenantRow } from "../tenancy/index.ts";
import { presentUser } from "./presenters.ts";
import * as provisioning from "./commands/provisioning.ts";
import * as userAdmin from "./commands/userAdmin.ts";
import { IDENTITY_EVENTS, type PrincipalChange } from "./events.ts";
import {
  checkNewPassword,
  DEPLOYMENT_PASSWORD_RULES,
  normaliseEmail,
  passwordRulesFor,
} from "./passwordPolicy.ts";
import { enrollmentDueAt } from "./mfaPolicy.ts";
import { mfaRequiredSinceOf, settingsOf } from "../tenancy/index.ts";
import { scopeOf, type Principal } from "./principal.ts";
import { Sessions } from "./sessions.ts";
import { SignInThrottle } from "./signInThrottle.ts";
import { createIdentityStore, type IdentityStore, type UserRow } from "./store.ts";
import { createMfaStore } from "./mfaStore.ts";
import type { MfaDeps, UserPrincipal } from "./commands/mfaDeps.ts";
import * as secondFactor from "./commands/secondFactor.ts";
import * as enrollment from "./commands/mfaEnrollment.ts";
import * as passkeys from "./commands/passkeys.ts";
import * as sessionManagement from "./commands/sessionManagement.ts";
import * as passwords from "./commands/passwords.ts";
import * as stepUp from "./commands/stepUp.ts";
import { passkeySignIn, passkeySignInOptions } from "./commands/passkeySignIn.ts";
import type { Keyring } from "../keys/index.ts";
import type { SignInLimits } from "../../config/config.ts";
import { requireTenant, scopeFor } from "../../platform/scope.ts";

/** Accounts, sign-in, sessions and invitations of tenant users and operators. */
export class Identity {
  readonly store: IdentityStore;
  readonly sessions: Sessions;
  readonly throttle: SignInThrottle;
  private readonly listeners = new Set<(change: PrincipalChange) => void>();
  private readonly signInDeps: SignInDeps;
  private readonly invitationDeps: invitations.InvitationDeps;
  private readonly adminDeps: userAdmin.UserAdminDeps;
  private readonly mfaDeps: MfaDeps;
  private readonly passwordDeps: passwords.PasswordDeps;
  private passwordGate: PasswordGate = async () => "allowed";
  private riskGate: RiskGate = UNWIRED_RISK_GATE;

  private readonly database: Database;
  private readonly audit: AuditLog;
  private readonly clock: Clock;

  constructor(
    database: Database,
    audit: AuditLog,
    denials: DenialAggregator,
    clock: Clock,
    publicUrl: URL,
    signInLimits: SignInLimits,
    keyring: Keyring,
  ) {
    this.database = database;
    this.audit = audit;
    this.clock = clock;
    this.store = createIdentityStore(database);
    this.sessions = new Sessions(this.store, clock);
    this.throttle = new SignInThrottle(clock, signInLimits);
    this.mfaDeps = {
      database,
      store: this.store,
      mfa: createMfaStore(database),
      sessions: this.sessions,
      keyring,
      audit,
      clock,
      // WebAuthn binds passkeys to the host name the users see (ENGAWA_PUBLIC_URL).
      relyingParty: { id: publicUrl.hostname, origin: publicUrl.origin, name: "Engawa" },
    };
    this.passwordDeps = { ...this.mfaDeps, throttle: this.throttle, risk: () => this.riskGate };
    this.signInDeps = {
      database,
      store: this.store,
      sessions: this.sessions,
      audit,
      denials,
      throttle: this.throttle,
      clock,
      stageAfterFirstFactor: (tenant, user, requires) =>
        secondFactor.stageAfterFirstFactor(
          this.mfaDeps,
          tenantScope(tenant.id),
          tenant,
          user,
          requires,
        ),
      passwordAllowed: (tenantId) => this.passwordGate(tenantId),
      risk: () => this.riskGate,
    };
    this.invitationDeps = {
      database,
      store: this.store,
      audit,
      clock,
      publicUrl,
      // An invitee has no second factor yet: 8 characters only if the tenant will require one.
      rulesFor: async (tenant, user) =>
        passwordRulesFor(
          settingsOf(tenant),
          enrollmentDueAt(settingsOf(tenant), mfaRequiredSinceOf(tenant), user) !== null,
        ),
    };
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

  /**
   * Installs the rule that decides whether a tenant still allows password sign-in (single sign-on
   * may require its identity provider; break-glass accounts are exempt). Set once by the
   * composition root; the default allows passwords.
   */
  setPasswordGate(gate: PasswordGate): void {
    this.passwordGate = gate;
  }

  /** Installs the risk detections and policies every sign-in passes (set by the composition root). */
  setRiskGate(gate: RiskGate): void {
    this.riskGate = gate;
  }

  /** Starts a session for a user another sign-in method has verified (see startSession.ts). */
  startVerifiedSession(input: {
    tenant: TenantRow;
    user: UserRow;
    method: SignInMethod;
    request: RequestInfo;
    details?: Record<string, unknown>;
  }) {
    return startAssessedSession(this.signInDeps, input);
  }

  /** Flags or unflags a break-glass account (keeps password sign-in when SSO is required). */
  setBreakGlass(scope: Scope, user: UserRow, breakGlass: boolean) {
    return userAdmin.setBreakGlass(this.adminDeps, scope, user, breakGlass);
  }

  /** Active owners flagged break-glass who have a password. */
  countBreakGlassOwners(scope: Scope): Promise<number> {
    return this.store.countBreakGlassOwners(scope);
  }

  operatorSignIn(input: OperatorSignInRequest, request: RequestInfo) {
    return operatorSignIn(this.signInDeps, input, request);
  }

  /** The user's second factors, MFA deadline and recovery notice, for `/api/me`. */
  security(principal: UserPrincipal) {
    return secondFactor.securityOf(this.mfaDeps, principal);
  }

  /** Confirms it is still the user before a sensitive change (password, and code if set up). */
  stepUp(principal: UserPrincipal, input: StepUpRequest) {
    return stepUp.stepUp(this.mfaDeps, principal, input);
  }

  stepUpPasskeyOptions(principal: UserPrincipal) {
    return stepUp.stepUpPasskeyOptions(this.mfaDeps, principal);
  }

  stepUpWithPasskey(principal: UserPrincipal, input: PasskeyAssertionRequest) {
    return stepUp.stepUpWithPasskey(this.mfaDeps, principal, input);
  }

  verifyTotp(principal: UserPrincipal, code: string) {
    return secondFactor.verifyTotp(this.mfaDeps, principal, code);
  }

  verifyRecoveryCode(principal: UserPrincipal, code: string) {
    return secondFactor.verifyRecoveryCode(this.mfaDeps, principal, code);
  }

  passkeyFactorOptions(principal: UserPrincipal) {
    return passkeys.secondFactorOptions(this.mfaDeps, principal);
  }

  verifyPasskeyFactor(principal: UserPrincipal, input: PasskeyAssertionRequest) {
    return passkeys.verifyPasskeyFactor(this.mfaDeps, principal, input);
  }

  passkeySignInOptions(tenantSlug: string) {
    return passkeySignInOptions(this.mfaDeps, this.signInDeps, tenantSlug);
  }

  passkeySignIn(input: PasskeySignInRequest, request: RequestInfo) {
    return passkeySignIn(this.mfaDeps, this.signInDeps, input, request);
  }

  mfaStatus(principal: UserPrincipal) {
    return enrollment.mfaStatus(this.mfaDeps, principal);
  }

  startTotp(principal: UserPrincipal) {
    return enrollment.startTotp(this.mfaDeps, principal);
  }

  confirmTotp(principal: UserPrincipal, code: string) {
    return enrollment.confirmTotp(this.mfaDeps, principal, code);
  }

  removeTotp(principal: UserPrincipal) {
    return enrollment.removeTotp(this.mfaDeps, principal);
  }

  passkeyRegistrationOptions(principal: UserPrincipal) {
    return passkeys.registrationOptions(this.mfaDeps, principal);
  }

  registerPasskey(principal: UserPrincipal, input: PasskeyRegisterRequest) {
    return passkeys.registerPasskey(this.mfaDeps, principal, input);
  }

  removePasskey(principal: UserPrincipal, passkeyId: string) {
    return passkeys.removePasskey(this.mfaDeps, principal, passkeyId);
  }

  regenerateRecoveryCodes(principal: UserPrincipal) {
    return enrollment.regenerateRecoveryCodes(this.mfaDeps, principal);
  }

  dismissRecoveryNotice(principal: UserPrincipal) {
    return enrollment.dismissRecoveryNotice(this.mfaDeps, principal);
  }

  /** Changes the caller's password; at the sign-in's password step, the session moves on. */
  async changePassword(
    principal: UserPrincipal,
    input: ChangePasswordRequest,
    request: RequestInfo,
  ) {
    const signedIn = await passwords.changePassword(this.passwordDeps, principal, input, request);
    this.announce({ tenantId: principal.tenant.id, userId: principal.user.id, kind: "revoked" });
    return signedIn;
  }

  /** A temporary password for a user (shown once); their sessions and sockets end at once. */
  async resetPassword(scope: Scope, user: UserRow, request: RequestInfo) {
    const temporary = await passwords.resetPassword(this.passwordDeps, scope, user, request);
    this.announce({ tenantId: user.tenantId, userId: user.id, kind: "revoked" });
    return temporary;
  }

  listSessions(principal: UserPrincipal) {
    return sessionManagement.listSessions(this.adminDeps, principal);
  }

  /** Ends one of the caller's sessions, or all but the current; their sockets close at once. */
  async revokeOwnSessions(principal: UserPrincipal, which: { sessionId: string } | "others") {
    const revoked = await sessionManagement.revokeOwnSessions(this.adminDeps, principal, which);
    this.announce({ tenantId: principal.tenant.id, userId: principal.user.id, kind: "revoked" });
    return revoked;
  }

  /**
   * The person says where they are working (zero-trust-anchors.md §8.7). Only the declared value
   * is recorded; their open connections re-decide what they follow at once.
   */
  async declareWorkContext(principal: UserPrincipal, context: WorkContext, ip: string | null) {
    const declared = await this.sessions.declareWorkContext(principal.session, context, ip);
    await this.adminDeps.audit.append(scopeOf(principal), {
      action: IDENTITY_EVENTS.workContextDeclared,
      outcome: "allow",
      target: { type: "session", id: principal.session.id },
      details: { context },
    });
    this.announce({ tenantId: principal.tenant.id, userId: principal.user.id, kind: "changed" });
    return declared;
  }

  /** Binds the caller's session to a device they just registered (devices domain). */
  async bindSessionToDevice(principal: UserPrincipal, deviceId: string): Promise<void> {
    const bound = await this.adminDeps.store.bindSessionToDevice(
      scopeOf(principal),
      principal.session.id,
      principal.user.id,
      deviceId,
    );
    if (!bound) throw new AppError("unauthenticated", "Sign in to continue.");
    principal.session.deviceId = deviceId;
  }

  /**
   * Ends the sessions bound to a device (removed, or blocked by an administrator); the owner's
   * sockets re-check at once, so those of the ended sessions close.
   */
  async endDeviceSessions(
    scope: Scope,
    device: { id: string; tenantId: string; userId: string },
    reason: string,
  ): Promise<number> {
    const ended = await this.adminDeps.store.endDeviceSessions(
      scope,
      device.id,
      this.adminDeps.clock.now(),
      reason,
    );
    this.announce({ tenantId: device.tenantId, userId: device.userId, kind: "revoked" });
    return ended.length;
  }

  /**
   * Something conditional access looks at changed for this person without their session changing
   * (a device's compliance, the tenant's compliance rules): their open connections re-decide now
   * (continuous access evaluation) — HTTP requests decide afresh anyway.
   */
  reconsider(tenantId: string, userId: string): void {
    this.announce({ tenantId, userId, kind: "changed" });
  }

  /**
   * The person's user risk rose after their sessions began — a detection outside their sign-in
   * (leaked credentials reported, an anomalous token) or at a sign-in elsewhere. Continuous access
   * evaluation's "user risk" event (zero-trust-anchors.md §1.4): their open sessions carry the
   * new level, so every request — and every open connection, re-deciding now — meets the
   * conditional-access policies that name it. When the tenant's user-risk policy applies at that
   * level (`endSessions`), the sessions end instead and their sockets close: the next sign-in
   * faces the policy (a password change after a second factor, or a block). The sign-in that
   * raised it (`exceptSessionId`) goes on through its own checks.
   */
  async userRiskRose(change: {
    tenantId: string;
    userId: string;
    level: RiskLevel;
    endSessions: boolean;
    exceptSessionId: string | null;
  }): Promise<void> {
    const scope = scopeFor({ type: "system", reason: "user risk" }, change.tenantId);
    const store = this.adminDeps.store;
    if (!change.endSessions) {
      const lower = RISK_LEVELS.slice(0, RISK_LEVELS.indexOf(change.level));
      if ((await store.raiseSessionRisk(scope, change.userId, change.level, lower)) > 0)
        this.reconsider(change.tenantId, change.userId);
      return;
    }
    await this.database.transaction(async () => {
      const ended = await store.endUserSessions(
        scope,
        change.userId,
        this.adminDeps.clock.now(),
        "user_risk",
        change.exceptSessionId,
      );
      if (ended.length === 0) return;
      await this.audit.append(scope, {
        action: IDENTITY_EVENTS.userSessionsRevoked,
        outcome: "allow",
        target: { type: "user", id: change.userId },
        details: { sessions: ended.length, because: "user_risk", level: change.level },
      });
    });
    this.announce({ tenantId: change.tenantId, userId: change.userId, kind: "revoked" });
  }

  async revokeUserSessions(scope: Scope, user: UserRow) {
    const revoked = await sessionManagement.revokeUserSessions(this.adminDeps, scope, user);
    this.announce({ tenantId: user.tenantId, userId: user.id, kind: "revoked" });
    return revoked;
  }

  /** An admin removes a user's second factors; the user's sessions and sockets end at once. */
  async resetMfa(scope: Scope, user: UserRow): Promise<void> {
    await enrollment.resetUserMfa(this.mfaDeps, scope, user);
    this.announce({ tenantId: user.tenantId, userId: user.id, kind: "revoked" });
  }

  /** Ends the caller's session and records it. */
  async signOut(principal: Principal, scope: Scope): Promise<void> {
    if (principal.kind !== "user" && principal.kind !== "operator") return;
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
    if (principal.kind !== "user" && principal.kind !== "operator") return;
    await this.sessions.end(principal.session.id, reason);
    if (principal.kind === "user")
      this.announce({ tenantId: principal.tenant.id, userId: principal.user.id, kind: "changed" });
  }

  invite(scope: Scope, input: InviteUserRequest) {
    return invitations.inviteUser(this.invitationDeps, scope, input);
  }

  /** A guest invited into a team by its owner: a new invited account and link, or the existing guest. */
  inviteGuest(scope: Scope, tenant: TenantRow, input: { email: string; displayName: string }) {
    return invitations.inviteGuest(this.invitationDeps, scope, tenant, input);
  }

  async renewGuest(scope: Scope, tenant: TenantRow, user: UserRow) {
    return presentUser(await invitations.renewGuest(this.invitationDeps, scope, tenant, user));
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

  /**
   * Creates an active user whose password the caller hashed with {@link Identity.hashNewPassword};
   * `passwordHash: null` for a user who signs in only through the tenant's identity provider.
   */
  createActiveUser(
    scope: Scope,
    input: { email: string; displayName: string; role: TenantRole; passwordHash: string | null },
  ) {
    return userAdmin.createActiveUser(this.adminDeps, scope, {
      ...input,
      email: normaliseEmail(input.email),
      displayName: input.displayName.trim(),
    });
  }

  /**
   * Checks a first password (CLI-created owners: the password is their only factor) and hashes
   * it; never call inside a transaction. `context` holds names the password must not contain.
   */
  async hashNewPassword(password: string, context: string[] = []): Promise<string> {
    return hashPassword(await checkNewPassword(password, DEPLOYMENT_PASSWORD_RULES, context));
  }

  /**
   * Creates an operator account (first-run setup). The password is hashed first: callers must not
   * hold a transaction while this runs; pass the hash into `insertOperator` inside theirs.
   */
  async prepareOperator(input: { email: string; displayName: string; password: string }) {
    const passwordHash = await hashPassword(
      await checkNewPassword(input.password, DEPLOYMENT_PASSWORD_RULES, [
        input.email,
        input.displayName,
      ]),
    );
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

  /**
   * The organisation turned guest access off: every guest's open connections are re-checked now
   * (and closed, as their sessions no longer authenticate), not at their next sweep.
   */
  async guestAccessChanged(scope: Scope): Promise<void> {
    const tenantId = requireTenant(scope);
    for (const user of await this.listUsers(scope))
      if (user.role === "guest") this.announce({ tenantId, userId: user.id, kind: "revoked" });
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

/** The tenant's own scope for sign-in work that runs before anyone is signed in. */
function tenantScope(tenantId: string) {
  return scopeFor({ type: "anonymous" }, tenantId);
}
