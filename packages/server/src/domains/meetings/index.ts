export { MeetingsService, type MeetingRelation } from "./service.ts";
export { createMeetingsStore } from "./store.ts";
export { meetingsRoutes } from "./routes.ts";
export { meetingControlRoutes } from "./controlRoutes.ts";
export { meetingMediaMessages, meetingMessages, meetingRoomMessages } from "./messages.ts";
