export { Directory } from "./service.ts";
export { scimTokenRoutes } from "./routes.ts";
export { scimRoutes } from "./scimRoutes.ts";
export type { ScimTokenRow, GroupRow } from "./store.ts";
export { groupMembers, groups } from "./tables.ts";
