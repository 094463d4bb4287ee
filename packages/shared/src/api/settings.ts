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
  },
  { additionalProperties: false },
);
export type TenantSettings = Static<typeof TenantSettings>;

export const TenantSettingsResponse = Type.Object({ settings: TenantSettings });
export type TenantSettingsResponse = Static<typeof TenantSettingsResponse>;
