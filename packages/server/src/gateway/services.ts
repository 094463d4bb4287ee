import type { Config } from "../config/config.ts";
import type { CookiePolicy } from "./cookies.ts";
import type { Clock } from "../platform/clock.ts";
import type { Database } from "../platform/db/database.ts";
import type { Logger } from "../platform/log.ts";
import type { AccessEngine } from "../domains/access/index.ts";
import type { AuditLog, Checkpoints, DenialAggregator } from "../domains/audit/index.ts";
import type { Keyring } from "../domains/keys/index.ts";
import type { Tenancy } from "../domains/tenancy/index.ts";
import type { Identity } from "../domains/identity/index.ts";
import type { Deployment } from "../domains/deployment/index.ts";
import type { RealtimeHub } from "../domains/realtime/index.ts";
import type { Risk } from "../domains/risk/index.ts";
import type { ConditionalAccess } from "../domains/conditionalAccess/index.ts";
import type { Sso } from "../domains/sso/index.ts";
import type { Directory } from "../domains/directory/index.ts";
import type { Collaboration } from "../domains/collaboration/index.ts";
import type { DevicesService } from "../domains/devices/index.ts";
import type { MeetingsService } from "../domains/meetings/index.ts";

/** Everything a route handler may use, built once by app.ts (the composition root). */
export interface Services {
  config: Config;
  cookies: CookiePolicy;
  clock: Clock;
  log: Logger;
  database: Database;
  keyring: Keyring;
  access: AccessEngine;
  audit: AuditLog;
  checkpoints: Checkpoints;
  denials: DenialAggregator;
  tenancy: Tenancy;
  identity: Identity;
  deployment: Deployment;
  realtime: RealtimeHub;
  sso: Sso;
  risk: Risk;
  conditionalAccess: ConditionalAccess;
  directory: Directory;
  collaboration: Collaboration;
  devices: DevicesService;
  meetings: MeetingsService;
}
