export { MeetingsService, type MeetingRelation } from "./service.ts";
export { createMeetingsStore } from "./store.ts";
export { meetingsRoutes } from "./routes.ts";
export { meetingMessages } from "./messages.ts";
