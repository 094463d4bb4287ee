/** Roles of a tenant user. Operators are a different kind of principal, not a role. */
export const TENANT_ROLES = ["owner", "admin", "member", "guest"] as const;
export type TenantRole = (typeof TENANT_ROLES)[number];

/** Lifecycle of a tenant user account. */
export const USER_STATUSES = ["invited", "active", "disabled"] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

/** Roles that may open the tenant-admin area. */
export function isAdminRole(role: TenantRole): boolean {
  return role === "owner" || role === "admin";
}
