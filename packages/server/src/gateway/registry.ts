import { conditionalAccessRoutes, termsRoutes } from "../domains/conditionalAccess/index.ts";
import { auditRoutes } from "../domains/audit/index.ts";
import { collaborationMessages, collaborationRoutes } from "../domains/collaboration/index.ts";
import { deploymentRoutes, localAdminRoutes } from "../domains/deployment/index.ts";
import { devicesRoutes } from "../domains/devices/index.ts";
import {
  meetingControlRoutes,
  meetingMediaMessages,
  meetingMessages,
  meetingRoomMessages,
  meetingsRoutes,
} from "../domains/meetings/index.ts";
import { scimRoutes, scimTokenRoutes } from "../domains/directory/index.ts";
import {
  identityRoutes,
  mfaRoutes,
  sessionRoutes,
  signInLogRoutes,
  passwordRoutes,
} from "../domains/identity/index.ts";
import { realtimeMessages, realtimeRoutes } from "../domains/realtime/index.ts";
import { riskRoutes } from "../domains/risk/index.ts";
import { ssoRoutes } from "../domains/sso/index.ts";
import { tenancyRoutes } from "../domains/tenancy/index.ts";
import type { AnyMessage } from "./defineMessage.ts";
import type { AnyRoute } from "./defineRoute.ts";
import { systemRoutes } from "./systemRoutes.ts";
import { webClientRoutes } from "./webClient.ts";

/** Every HTTP route of the public server, in registration order (the web client's catch-all last). */
export const HTTP_ROUTES: readonly AnyRoute[] = [
  ...systemRoutes,
  ...deploymentRoutes,
  ...identityRoutes,
  ...mfaRoutes,
  ...sessionRoutes,
  ...devicesRoutes,
  ...meetingsRoutes,
  ...meetingControlRoutes,
  ...signInLogRoutes,
  ...passwordRoutes,
  ...tenancyRoutes,
  ...ssoRoutes,
  ...riskRoutes,
  ...conditionalAccessRoutes,
  ...termsRoutes,
  ...auditRoutes,
  ...realtimeRoutes,
  ...scimTokenRoutes,
  ...scimRoutes,
  ...collaborationRoutes,
  ...webClientRoutes,
];

/** Routes of the admin socket (the CLI's way into a running server). */
export const LOCAL_ADMIN_ROUTES: readonly AnyRoute[] = localAdminRoutes;

/** Every WebSocket message type. */
export const WS_MESSAGES: readonly AnyMessage[] = [
  ...realtimeMessages,
  ...collaborationMessages,
  ...meetingMessages,
  ...meetingRoomMessages,
  ...meetingMediaMessages,
];
