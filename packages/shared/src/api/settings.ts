import { Type, type Static } from "typebox";

/** Session limits (ARCHITECTURE.md; MHLW 6.0 requires idle lock-out, the tenant chooses how long). */
export const SESSION_LIMITS = {
  idleMinutesMin: 5,
  idleMinutesMax: 24 * 60,
  absoluteHoursMin: 1,
  absoluteHoursMax: 30 * 24,
  idleMinutesDefault: 30,
  absoluteHoursDefault: 12,
} as const;

/**
 * Who must use a second factor (MHLW 6.0 シス14⑥ and the FY2027 two-factor requirement; MEXT GIGA
 * guideline for staff): nobody, owners and admins, or everyone.
 */
export const MFA_REQUIREMENTS = ["off", "admins", "everyone"] as const;
export const MfaRequirement = Type.Union([
  Type.Literal("off"),
  Type.Literal("admins"),
  Type.Literal("everyone"),
]);
export type MfaRequirement = (typeof MFA_REQUIREMENTS)[number];
/** Days a user may still sign in without a second factor after it becomes required for them. */
export const MFA_GRACE_DAYS_MAX = 90;

/**
 * Password rules (NIST SP 800-63B §3.1.1.2 and MHLW 6.0 シス14⑥): at least 13 characters when
 * the password is the only factor, 8 when a second factor is required; a tenant may ask for more.
 */
export const PASSWORD_RULES = {
  minLengthAlone: 13,
  minLengthWithMfa: 8,
  minLengthMax: 64,
  /** The MHLW option (b): change at least every two months. */
  mhlwMaxAgeDays: 60,
  /** Recent passwords that may not be used again. */
  historySize: 5,
} as const;

/**
 * Step-up re-authentication (NIST SP 800-63B §7.2): sensitive changes need a sign-in or a
 * confirmation no older than this many minutes.
 */
export const STEP_UP_MINUTES = { min: 1, max: 24 * 60, default: 10 } as const;

/** Largest file a person may upload, in MiB (a tenant setting; the default suits scans and slides). */
export const FILE_SIZE_MEGABYTES = { min: 1, max: 10 * 1024, default: 100 } as const;

/**
 * Guest accounts (PRODUCT.md: parents, visiting clinicians): how many days an account stays usable
 * from its invitation or last renewal (Teams' guest expiry; default 90 days).
 */
export const GUEST_DAYS = { min: 1, max: 365, default: 90 } as const;

export const TenantSettings = Type.Object(
  {
    sessionIdleMinutes: Type.Integer({
      minimum: SESSION_LIMITS.idleMinutesMin,
      maximum: SESSION_LIMITS.idleMinutesMax,
    }),
    sessionAbsoluteHours: Type.Integer({
      minimum: SESSION_LIMITS.absoluteHoursMin,
      maximum: SESSION_LIMITS.absoluteHoursMax,
    }),
    mfaRequirement: MfaRequirement,
    mfaGraceDays: Type.Integer({ minimum: 0, maximum: MFA_GRACE_DAYS_MAX }),
    /** A higher minimum than the default; null keeps the default (13, or 8 with MFA). */
    passwordMinLength: Type.Optional(
      Type.Union([
        Type.Integer({
          minimum: PASSWORD_RULES.minLengthWithMfa,
          maximum: PASSWORD_RULES.minLengthMax,
        }),
        Type.Null(),
      ]),
    ),
    /** Require letters, digits and symbols together (on in the hospital preset; MHLW シス14⑥). */
    passwordCharacterMix: Type.Optional(Type.Boolean()),
    /** Days after which a password must be changed; null: never (only MHLW option (b) asks for it). */
    passwordMaxAgeDays: Type.Optional(
      Type.Union([Type.Integer({ minimum: 1, maximum: 365 }), Type.Null()]),
    ),
    /** Minutes after the last authentication before sensitive changes ask for it again. */
    stepUpMinutes: Type.Optional(
      Type.Integer({ minimum: STEP_UP_MINUTES.min, maximum: STEP_UP_MINUTES.max }),
    ),
    /** Largest upload in MiB (FILE_SIZE_MEGABYTES); enforced while the upload streams in. */
    fileMaxMegabytes: Type.Optional(
      Type.Integer({ minimum: FILE_SIZE_MEGABYTES.min, maximum: FILE_SIZE_MEGABYTES.max }),
    ),
    /**
     * When someone with a second factor is asked for it: at every sign-in (default; MHLW two-factor
     * authentication), or only when a risk policy asks (Entra's risk-based MFA; the MEXT example
     * "allow on campus, require MFA off campus").
     */
    secondFactorPrompt: Type.Optional(
      Type.Union([Type.Literal("every_sign_in"), Type.Literal("when_required")]),
    ),
    /** Whether guests may be invited and may sign in at all (off: every guest is shut out). */
    guestAccess: Type.Optional(Type.Boolean()),
    /** Days a guest account stays usable after its invitation or renewal (GUEST_DAYS). */
    guestDays: Type.Optional(Type.Integer({ minimum: GUEST_DAYS.min, maximum: GUEST_DAYS.max })),
  },
  { additionalProperties: false },
);
export type TenantSettings = Static<typeof TenantSettings>;

export const TenantSettingsResponse = Type.Object({ settings: TenantSettings });
export type TenantSettingsResponse = Static<typeof TenantSettingsResponse>;
