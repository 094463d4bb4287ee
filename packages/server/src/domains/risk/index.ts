export { Risk } from "./service.ts";
export { LIST_NAMES, type ListName } from "./addressLists.ts";
export { riskRoutes } from "./routes.ts";
