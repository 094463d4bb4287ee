export { RealtimeHub, CLOSE_SESSION_ENDED } from "./hub.ts";
export { realtimeMessages } from "./messages.ts";
export { realtimeRoutes } from "./routes.ts";
