/** Every table, for drizzle-kit (migrations are generated from these definitions). */
export * from "../../domains/tenancy/tables.ts";
export * from "../../domains/identity/tables.ts";
export * from "../../domains/keys/tables.ts";
export * from "../../domains/audit/tables.ts";
export * from "../../domains/sso/tables.ts";
export * from "../../domains/directory/tables.ts";
export * from "../../domains/collaboration/tables.ts";
export * from "../../domains/risk/tables.ts";
export * from "../../domains/conditionalAccess/tables.ts";
export * from "../../domains/devices/tables.ts";
export * from "../../domains/meetings/tables.ts";
