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
  },
  { additionalProperties: false },
);
export type TenantSettings = Static<typeof TenantSettings>;

export const TenantSettingsResponse = Type.Object({ settings: TenantSettings });
export type TenantSettingsResponse = Static<typeof TenantSettingsResponse>;
