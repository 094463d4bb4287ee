import { FILE_SIZE_MEGABYTES } from "@engawa/shared";
import { Collaboration } from "./domains/collaboration/index.ts";
import {
  ConditionalAccess,
  refusalOf,
  withConditionalAccess,
} from "./domains/conditionalAccess/index.ts";
import type { Config } from "./config/config.ts";
import { AccessEngine } from "./domains/access/index.ts";
import {
  AuditLog,
  Checkpoints,
  CheckpointSigner,
  DenialAggregator,
} from "./domains/audit/index.ts";
import { Deployment } from "./domains/deployment/index.ts";
import { createDevicesStore, DevicesService } from "./domains/devices/index.ts";
import { createMeetingsStore, MeetingsService } from "./domains/meetings/index.ts";
import { Directory } from "./domains/directory/index.ts";
import { Identity, scopeOf } from "./domains/identity/index.ts";
import { createKeyStore, Keyring } from "./domains/keys/index.ts";
import { RealtimeHub } from "./domains/realtime/index.ts";
import { Risk } from "./domains/risk/index.ts";
import { Sso } from "./domains/sso/index.ts";
import { Tenancy } from "./domains/tenancy/index.ts";
import { cookiePolicy } from "./gateway/cookies.ts";
import { WS_MESSAGES } from "./gateway/registry.ts";
import type { Services } from "./gateway/services.ts";
import { systemClock, type Clock } from "./platform/clock.ts";
import type { MasterKey } from "./platform/crypto/masterKey.ts";
import type { Database } from "./platform/db/database.ts";
import { createLogger, type Logger } from "./platform/log.ts";
import { systemScope } from "./platform/scope.ts";

export interface ServiceOptions {
  config: Config;
  database: Database;
  masterKey: MasterKey;
  clock?: Clock;
  log?: Logger;
  /** Cedar engine to share (tests build many apps; preparsing policies once is enough). */
  access?: AccessEngine;
}

/**
 * The composition root: builds every domain service once, wires their dependencies, and makes
 * sure the deployment's own keys exist. Used by the HTTP server and by the CLI when it works on
 * the data folder directly.
 */
export async function buildServices(options: ServiceOptions): Promise<Services> {
  const { config, database } = options;
  const clock = options.clock ?? systemClock;
  const log = options.log ?? createLogger(config.logLevel);
  const keyring = new Keyring(database, options.masterKey, clock);
  const audit = new AuditLog(database, keyring, clock);
  const signer = new CheckpointSigner(createKeyStore(database), keyring, clock);
  const checkpoints = new Checkpoints(database, audit.store, signer, clock);
  const denials = new DenialAggregator(
    (scope, entry) => audit.append(scope, entry),
    clock,
    60_000,
    (error) => log.error({ err: error }, "could not record aggregated denials"),
  );
  const tenancy = new Tenancy(database, keyring, audit, clock);
  const identity = new Identity(
    database,
    audit,
    denials,
    clock,
    config.publicUrl,
    config.signIn,
    keyring,
  );
  const sso = new Sso({
    database,
    keyring,
    audit,
    denials,
    identity,
    tenancy,
    clock,
    publicUrl: config.publicUrl,
    allowHttpIssuer: config.oidcAllowHttpIssuer,
    startsPerAddressPerMinute: config.signIn.maxAttemptsPerAddress,
  });
  identity.setPasswordGate((tenantId) => sso.passwordGate(tenantId));
  const risk = new Risk({
    database,
    audit,
    clock,
    addressFailures: (ip, windowMs) => identity.throttle.failuresFrom(ip, windowMs),
    userRiskRose: (rise) => identity.userRiskRose(rise),
  });
  const access = options.access ?? new AccessEngine();
  const conditionalAccess = new ConditionalAccess({ database, audit, clock, access });
  const devices = new DevicesService({
    database,
    clock,
    audit,
    store: createDevicesStore(database),
    identity,
  });
  conditionalAccess.setDeviceTrust((principal) => devices.trustOf(principal));
  identity.setRiskGate(withConditionalAccess(risk.gate(), conditionalAccess));
  const deployment = new Deployment({
    database,
    tenancy,
    identity,
    audit,
    checkpoints,
    keyring,
    clock,
    publicUrl: config.publicUrl,
  });
  const realtime = new RealtimeHub(WS_MESSAGES);
  const collaboration = new Collaboration({
    database,
    keyring,
    audit,
    clock,
    access,
    conditions: async (principal, request, info) =>
      (await conditionalAccess.decideFor(principal, request, info)).verdict === "allow",
    strongestLabel: (scope, ids) => conditionalAccess.strongestLabel(scope, ids),
    hub: () => realtime,
    filesDir: config.filesDir,
    fileMaxBytes: async (scope) =>
      ((await tenancy.settings(scope)).fileMaxMegabytes ?? FILE_SIZE_MEGABYTES.default) *
      1024 *
      1024,
  });
  const services: Services = {
    config,
    cookies: cookiePolicy(config),
    clock,
    log,
    database,
    keyring,
    access,
    audit,
    checkpoints,
    denials,
    tenancy,
    identity,
    deployment,
    realtime,
    sso,
    risk,
    conditionalAccess,
    directory: new Directory({ database, identity, audit, clock, publicUrl: config.publicUrl }),
    devices,
    meetings: new MeetingsService({
      database,
      clock,
      audit,
      keyring,
      store: createMeetingsStore(database),
      identity,
      hub: () => realtime,
      access,
      conditions: async (principal, request, info) =>
        (await conditionalAccess.decideFor(principal, request, info)).verdict === "allow",
      media: config.media,
      log,
      tenant: (id) => tenancy.store.byId(id),
      labels: {
        require: (scope, labelId) => conditionalAccess.requireLabel(scope, labelId),
        all: async (scope) => (await conditionalAccess.labels(scope)).labels,
      },
      channels: {
        // Decided as posting there is: the role part in collaboration, then conditional access.
        poster: async (principal, channelId, info) => {
          const { channel, request } = await collaboration.postingRequest(principal, channelId);
          const conditions = await conditionalAccess.decideFor(principal, request, info);
          if (conditions.verdict !== "allow") throw refusalOf(conditions);
          const author = { id: principal.user.id, displayName: principal.user.displayName };
          return async (body) => {
            await collaboration.postMessage(scopeOf(principal), channel, author, { body });
          };
        },
        isMember: (scope, channelId, userId) =>
          collaboration.isChannelMember(scope, channelId, userId),
      },
    }),
    collaboration,
  };
  realtime.attach(services);
  realtime.onLifecycle(services.collaboration.presence);
  realtime.onLifecycle(services.meetings);
  realtime.onRefresh((connection) => services.collaboration.feed.refresh(connection));
  await keyring.ensureKeys(systemScope("deployment keys at start-up"));
  await signer.ensureKey();
  return services;
}
