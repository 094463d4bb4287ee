import type { TenantSettings } from "@engawa/shared";
import { DAY } from "../../platform/clock.ts";

const ADMIN_ROLES = new Set(["owner", "admin"]);

/**
 * When a user must have a second factor by, under the tenant's requirement; null when it does not
 * apply to them. The grace period runs from when the requirement began, or from when the account
 * was created if that is later, so nobody is locked out the moment an admin turns MFA on.
 * (MHLW 6.0 シス14⑥ and the FY2027 requirement of two-factor authentication for staff.)
 */
export function enrollmentDueAt(
  settings: Pick<TenantSettings, "mfaRequirement" | "mfaGraceDays">,
  requiredSince: Date | null,
  user: { role: string; createdAt: Date },
): Date | null {
  const applies =
    settings.mfaRequirement === "everyone" ||
    (settings.mfaRequirement === "admins" && ADMIN_ROLES.has(user.role));
  if (!applies) return null;
  const start = Math.max(requiredSince?.getTime() ?? 0, user.createdAt.getTime());
  return new Date(start + settings.mfaGraceDays * DAY);
}
