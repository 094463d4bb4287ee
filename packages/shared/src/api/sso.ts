import { Type, type Static } from "typebox";
import { SSO_PRESETS } from "../ssoPresets.ts";
import { Slug } from "./common.ts";

export const SSO_LIMITS = {
  urlMax: 500,
  clientIdMax: 300,
  clientSecretMax: 1000,
  scopesMax: 300,
  claimMax: 100,
  domainsMax: 50,
  domainMax: 253,
  labelMax: 60,
} as const;

const Claim = Type.String({ maxLength: SSO_LIMITS.claimMax, pattern: "^[A-Za-z0-9_.:/-]*$" });
const Domain = Type.String({
  minLength: 3,
  maxLength: SSO_LIMITS.domainMax,
  pattern: "^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$",
});
const Issuer = Type.String({ maxLength: SSO_LIMITS.urlMax, pattern: "^(https?://\\S+)?$" });
const Label = Type.String({
  maxLength: SSO_LIMITS.labelMax,
  pattern: "^[^\\u0000-\\u001f\\u007f\\u202a-\\u202e\\u2066-\\u2069]*$",
});

/** The single sign-on settings as an admin sees them. The client secret never leaves the server. */
export const SsoSettings = Type.Object({
  enabled: Type.Boolean(),
  preset: Type.Enum(SSO_PRESETS),
  entraTenantId: Type.String(),
  issuer: Type.String(),
  discoveryUrl: Type.String(),
  clientId: Type.String(),
  clientSecretSet: Type.Boolean(),
  scopes: Type.String(),
  emailClaim: Type.String(),
  nameClaim: Type.String(),
  groupsClaim: Type.String(),
  allowedDomains: Type.Array(Type.String()),
  jitEnabled: Type.Boolean(),
  buttonLabel: Type.String(),
  requireSso: Type.Boolean(),
  /** The redirect URI to register at the provider (one for the whole deployment). */
  redirectUri: Type.String(),
});
export type SsoSettings = Static<typeof SsoSettings>;

export const SsoSettingsResponse = Type.Object({ sso: SsoSettings });
export type SsoSettingsResponse = Static<typeof SsoSettingsResponse>;

/**
 * Every field is required, so that a form cannot silently drop one. `clientSecret: null` keeps the
 * stored secret; a string replaces it.
 */
export const UpdateSsoSettingsRequest = Type.Object(
  {
    enabled: Type.Boolean(),
    preset: Type.Enum(SSO_PRESETS),
    entraTenantId: Type.String({ maxLength: 100 }),
    issuer: Issuer,
    clientId: Type.String({ maxLength: SSO_LIMITS.clientIdMax, pattern: "^[\\x21-\\x7e]*$" }),
    clientSecret: Type.Union([
      Type.String({
        minLength: 1,
        maxLength: SSO_LIMITS.clientSecretMax,
        pattern: "^[\\x20-\\x7e]+$",
      }),
      Type.Null(),
    ]),
    scopes: Type.String({ maxLength: SSO_LIMITS.scopesMax, pattern: "^[\\x21-\\x7e ]*$" }),
    emailClaim: Claim,
    nameClaim: Claim,
    groupsClaim: Claim,
    allowedDomains: Type.Array(Domain, { maxItems: SSO_LIMITS.domainsMax }),
    jitEnabled: Type.Boolean(),
    buttonLabel: Label,
    requireSso: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type UpdateSsoSettingsRequest = Static<typeof UpdateSsoSettingsRequest>;

export const TestSsoConnectionRequest = Type.Object(
  { issuer: Issuer },
  { additionalProperties: false },
);
export type TestSsoConnectionRequest = Static<typeof TestSsoConnectionRequest>;

/** What fetching the discovery document found; `problem` says in words what went wrong. */
export const TestSsoConnectionResponse = Type.Object({
  reachable: Type.Boolean(),
  problem: Type.Optional(Type.String()),
  issuer: Type.Optional(Type.String()),
  authorizationEndpoint: Type.Optional(Type.String()),
  tokenEndpoint: Type.Optional(Type.String()),
});
export type TestSsoConnectionResponse = Static<typeof TestSsoConnectionResponse>;

export const SignInMethodsQuery = Type.Object({ tenant: Slug }, { additionalProperties: false });

/**
 * How people sign in to an organisation. An unknown organisation gets the same answer as one
 * without single sign-on, so the answer does not reveal which organisation IDs exist.
 */
export const SignInMethodsResponse = Type.Object({
  password: Type.Boolean(),
  sso: Type.Union([Type.Object({ label: Type.String() }), Type.Null()]),
});
export type SignInMethodsResponse = Static<typeof SignInMethodsResponse>;

export const SsoStartQuery = Type.Object({ tenant: Slug }, { additionalProperties: false });

/**
 * The authorization response (OIDC Core §3.1.2.5/§3.1.2.6, RFC 9207 `iss`). Providers add their
 * own parameters (Entra `session_state`, Google `authuser`, `hd`, `prompt`), so unknown ones pass.
 */
export const SsoCallbackQuery = Type.Object({
  code: Type.Optional(Type.String({ maxLength: 4096 })),
  state: Type.Optional(Type.String({ maxLength: 200 })),
  iss: Type.Optional(Type.String({ maxLength: 500 })),
  error: Type.Optional(Type.String({ maxLength: 200 })),
  error_description: Type.Optional(Type.String({ maxLength: 2000 })),
});

export const BreakGlassRequest = Type.Object(
  { breakGlass: Type.Boolean() },
  { additionalProperties: false },
);
export type BreakGlassRequest = Static<typeof BreakGlassRequest>;

/** Why a single sign-on attempt was refused; the sign-in page explains each in words. */
export const SSO_ERRORS = [
  "sso_unavailable",
  "state_invalid",
  "provider_error",
  "token_invalid",
  "email_missing",
  "email_unverified",
  "domain_not_allowed",
  "unknown_user",
  "user_disabled",
  /** A guest whose account has ended, or whose organisation has turned guest access off. */
  "guest_access_ended",
] as const;
export type SsoError = (typeof SSO_ERRORS)[number];
