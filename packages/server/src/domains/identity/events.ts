/**
 * Audit action names written by the identity domain itself (in addition to the route actions the
 * gateway records). Typed here so that the audit log's vocabulary is discoverable in one place.
 */
export const IDENTITY_EVENTS = {
  signIn: "auth.sign_in",
  signOut: "auth.sign_out",
  operatorSignIn: "operator.auth.sign_in",
  operatorSignOut: "operator.auth.sign_out",
  userInvited: "user.invite",
  userCreated: "user.create",
  invitationRenewed: "user.invite.renew",
  guestRenewed: "user.guest.renew",
  invitationAccepted: "user.invite.accept",
  roleChanged: "user.role.change",
  userDisabled: "user.disable",
  userEnabled: "user.enable",
  breakGlassChanged: "user.break_glass.set",
  operatorCreated: "operator.create",
  secondFactor: "auth.second_factor",
  /** A confirmation before a sensitive change (step-up re-authentication). */
  stepUp: "auth.step_up",
  recoveryCodeUsed: "auth.recovery_code.use",
  totpEnrolled: "mfa.totp.enroll",
  totpRemoved: "mfa.totp.remove",
  passkeyRegistered: "mfa.passkey.register",
  passkeyRemoved: "mfa.passkey.remove",
  recoveryCodesCreated: "mfa.recovery_codes.create",
  mfaReset: "user.mfa.reset",
  passwordSpray: "auth.password_spray",
  sessionRevoked: "session.revoke",
  /** Where the person says they are working: the declared value only, nothing more precise. */
  workContextDeclared: "session.work_context.declare",
  passwordChanged: "password.change",
  passwordReset: "user.password.reset",
  userSessionsRevoked: "user.sessions.revoke",
  atRisk: "auth.account_at_risk",
  userProvisioned: "user.provision",
  userRestored: "user.provision.restore",
  userProfileChanged: "user.provision.update",
  userDeleted: "user.delete",
} as const;

/** Something about a principal changed that open connections must re-check at once. */
export interface PrincipalChange {
  tenantId: string;
  userId: string;
  /** `revoked`: sessions ended (disable); `changed`: role changed, re-decide subscriptions. */
  kind: "revoked" | "changed";
}
