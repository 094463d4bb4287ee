import { DAY } from "../../platform/clock.ts";
import { settingsOf, type TenantRow } from "../tenancy/index.ts";
import type { UserRow } from "./store.ts";

/**
 * Why a guest may not use their account now, or null when they may (everyone else: always null).
 * A tenant can turn guest access off altogether, and each guest account ends `guestDays` after its
 * invitation or last renewal (Teams' guest expiry, default 90 days). Checked at sign-in and on
 * every request, so switching guests off or an expiry takes effect at once.
 */
export function guestShutOut(
  user: Pick<UserRow, "role" | "accessExpiresAt">,
  tenant: TenantRow,
  now: Date,
): "guest_access_off" | "guest_expired" | null {
  if (user.role !== "guest") return null;
  if (settingsOf(tenant).guestAccess === false) return "guest_access_off";
  if (user.accessExpiresAt && user.accessExpiresAt <= now) return "guest_expired";
  return null;
}

/** When a guest account invited or renewed now stops working. */
export function guestAccessUntil(tenant: TenantRow, now: Date): Date {
  const days = settingsOf(tenant).guestDays ?? 90;
  return new Date(now.getTime() + days * DAY);
}
