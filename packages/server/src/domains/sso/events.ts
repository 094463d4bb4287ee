/** Audit action names written by the single sign-on domain. */
export const SSO_EVENTS = {
  settingsUpdated: "sso.settings.update",
  /** An OIDC sign-in refused (the allowed ones are `auth.sign_in` with method `oidc`). */
  signIn: "auth.sign_in",
  signInStarted: "sso.sign_in.start",
} as const;
