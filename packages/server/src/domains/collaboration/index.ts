export { Collaboration } from "./service.ts";
export { collaborationRoutes } from "./routes.ts";
export { collaborationMessages } from "./messages.ts";
export type { MessageChange, AccessChange } from "./events.ts";
