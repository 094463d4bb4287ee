export { Tenancy, settingsOf, mfaRequiredSinceOf, DEFAULT_TENANT_SETTINGS } from "./service.ts";
export type { TenantRow, TenantStore } from "./store.ts";
export { tenants } from "./tables.ts";
export { tenancyRoutes } from "./routes.ts";
