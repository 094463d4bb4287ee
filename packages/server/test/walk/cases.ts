import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import sharp from "sharp";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import type { InjectOptions } from "fastify";
import { WEB_DIST } from "../../src/gateway/webClient.ts";
import { scopeFor } from "../../src/platform/scope.ts";
import {
  DEFAULT_COMPLIANCE_RULES,
  DEFAULT_RISK_SETTINGS,
  DEVICE_NONCE_HEADER,
  DEVICE_PROOF_HEADER,
  type CaPolicyInput,
  type DevicePosture,
  type NamedLocationInput,
  type TermsOfUseInput,
  mfaForEveryonePolicy,
} from "@engawa/shared";
import { PASSWORD, type World } from "../fixtures.ts";
import type { TestApp } from "../testApp.ts";
import type { Who } from "./principals.ts";
import { TestBrowser } from "../http.ts";
import { DeviceKey } from "../deviceKeys.ts";
import { AgentKey } from "../../../agent/src/signing.ts";
import { atSecondFactor, enrollTotp, newMember } from "../mfa.ts";
import { totpCode } from "../../src/platform/crypto/totp.ts";
import { GROUP_SCHEMA, PATCH_SCHEMA, USER_SCHEMA } from "../scimClient.ts";

export interface WalkRequest {
  method: InjectOptions["method"];
  url: string;
  body?: unknown;
  /** Sends the positive control instead of the case's `allowed` principal (see HttpCase). */
  as?: TestBrowser;
  /** Extra headers (a file upload's `content-type: application/octet-stream`). */
  headers?: Record<string, string>;
}

export interface WalkContext {
  t: TestApp;
  world: World;
}

/**
 * How to exercise one route with real resources: `prepare` makes what the request acts on (fresh
 * each time, because the positive control may change it) and returns a schema-valid request.
 */
export interface HttpCase {
  prepare: (ctx: WalkContext) => Promise<WalkRequest>;
  /** The principal whose request must succeed (the positive control). */
  allowed: Who;
  status: number;
  /** Same-tenant principals without the grant: 403 (404 where the route hides existence). */
  denied: Who[];
  /** Tenant-scoped: a principal of another tenant gets 404. */
  crossTenant: boolean;
  /**
   * For routes only a session in a particular state may use (a sign-in waiting for its second
   * factor): the browser that sends the positive control, made fresh by `prepare`.
   */
}

async function invitedUser(ctx: WalkContext, role: "member" | "owner" = "member"): Promise<string> {
  const scope = scopeFor({ type: "system", reason: "walk fixture" }, ctx.world.a.id);
  const invitation = await ctx.t.services.identity.invite(scope, {
    email: `${randomUUID()}@acme.example`,
    displayName: "Walk",
    role,
  });
  return invitation.user.id;
}

async function activeMember(ctx: WalkContext): Promise<string> {
  const scope = scopeFor({ type: "system", reason: "walk fixture" }, ctx.world.a.id);
  const passwordHash = await ctx.t.services.identity.hashNewPassword(PASSWORD);
  const user = await ctx.t.services.identity.createActiveUser(scope, {
    email: `${randomUUID()}@acme.example`,
    displayName: "Walk",
    role: "member",
    passwordHash,
  });
  return user.id;
}

/** A report-only policy: walking the routes must not change what other requests are allowed. */
/**
 * A report-only policy with every session control set, so the bad-input walk tries a wrong type
 * at each (a null would be replaced by a number, which a nullable number takes).
 */
function reportOnlyPolicy(): CaPolicyInput {
  const policy = mfaForEveryonePolicy("Walk");
  return {
    ...policy,
    session: { ...policy.session, signInFrequencyMinutes: 480, idleTimeoutMinutes: 30 },
  };
}

function officeLocation(): NamedLocationInput {
  return {
    name: "Walk office",
    ranges: ["198.51.100.0/24"],
    countries: [],
    includeUnknownCountry: false,
    trusted: true,
  };
}

async function caPolicy(ctx: WalkContext): Promise<string> {
  const scope = scopeFor({ type: "system", reason: "walk fixture" }, ctx.world.a.id);
  const request = { requestId: null, ip: null, userAgent: null };
  return (
    await ctx.t.services.conditionalAccess.savePolicy(scope, null, reportOnlyPolicy(), request)
  ).id;
}

async function namedLocation(ctx: WalkContext): Promise<string> {
  const scope = scopeFor({ type: "system", reason: "walk fixture" }, ctx.world.a.id);
  const request = { requestId: null, ip: null, userAgent: null };
  return (
    await ctx.t.services.conditionalAccess.saveLocation(scope, null, officeLocation(), request)
  ).id;
}

function walkTerms(): TermsOfUseInput {
  return { name: "Walk terms", text: "Patient information stays in Engawa." };
}

async function termsOfUse(ctx: WalkContext): Promise<{ id: string; version: number }> {
  const scope = scopeFor({ type: "system", reason: "walk fixture" }, ctx.world.a.id);
  const request = { requestId: null, ip: null, userAgent: null };
  return ctx.t.services.conditionalAccess.terms.save(scope, null, walkTerms(), request);
}

async function invitationToken(ctx: WalkContext): Promise<string> {
  const scope = scopeFor({ type: "system", reason: "walk fixture" }, ctx.world.a.id);
  const invitation = await ctx.t.services.identity.invite(scope, {
    email: `${randomUUID()}@acme.example`,
    displayName: "Walk",
    role: "member",
  });
  return new URL(invitation.inviteUrl).hash.replace("#token=", "");
}

const fixtureScope = (ctx: WalkContext) =>
  scopeFor({ type: "system", reason: "walk fixture" }, ctx.world.a.id);

/** A user of acme as the provisioning client would have created it. */
async function provisionedUser(ctx: WalkContext): Promise<string> {
  const user = await ctx.t.services.identity.provisionUser(fixtureScope(ctx), {
    email: `${randomUUID()}@acme.example`,
    displayName: "Provisioned",
    active: true,
  });
  return user.id;
}

async function provisionedGroup(ctx: WalkContext): Promise<string> {
  const group = await ctx.t.services.directory.groups.create(fixtureScope(ctx), {
    schemas: [GROUP_SCHEMA],
    displayName: `Group ${randomUUID()}`,
  });
  return group.id;
}

async function scimTokenId(ctx: WalkContext): Promise<string> {
  const created = await ctx.t.services.directory.tokens.create(fixtureScope(ctx), "Walk IdP");
  return created.token.id;
}

/** A team whose owner is acme's member (the walk's usual positive control), with its General channel. */
async function memberTeam(ctx: WalkContext, visibility: "private" | "public" = "private") {
  const scope = fixtureScope(ctx);
  const collaboration = ctx.t.services.collaboration;
  const ownerId = ctx.world.a.users.member.id;
  const summary = await collaboration.createTeam(scope, ownerId, {
    name: `Walk ${randomUUID()}`,
    visibility,
  });
  const team = await collaboration.store.team(scope, summary.id);
  const [general] = await collaboration.listChannels(scope, summary.id, ownerId);
  if (!team || !general) throw new Error("walk team was not created");
  const channel = await collaboration.store.channelAccess(scope, general.id, ownerId);
  if (!channel) throw new Error("walk channel was not created");
  return { team, general: channel.channel, scope, ownerId };
}

/** A team of acme's owner that acme's member has not joined. */
async function othersPublicTeam(ctx: WalkContext): Promise<string> {
  const team = await ctx.t.services.collaboration.createTeam(
    fixtureScope(ctx),
    ctx.world.a.users.owner.id,
    { name: `Open ${randomUUID()}`, visibility: "public" },
  );
  return team.id;
}

/** The member's team with one more person in it (and in its private channel). */
async function teamWithColleague(ctx: WalkContext) {
  const fixture = await memberTeam(ctx);
  const collaboration = ctx.t.services.collaboration;
  const colleague = await activeMember(ctx);
  await collaboration.putTeamMember(
    fixture.scope,
    fixture.team,
    { userId: colleague, tenantRole: "member" },
    "member",
  );
  const created = await collaboration.createChannel(fixture.scope, fixture.team, fixture.ownerId, {
    name: "Private",
    kind: "private",
  });
  return { ...fixture, colleague, privateChannelId: created.id };
}

/** A group chat acme's member started with two colleagues (admin and guest are not in it). */
async function membersGroupChat(ctx: WalkContext): Promise<string> {
  const chat = await ctx.t.services.collaboration.createChat(
    fixtureScope(ctx),
    { id: ctx.world.a.users.member.id, role: "member" },
    { userIds: [await activeMember(ctx), await activeMember(ctx)] },
  );
  return chat.id;
}

async function memberMessage(ctx: WalkContext): Promise<string> {
  const { general, scope, ownerId } = await memberTeam(ctx);
  const message = await ctx.t.services.collaboration.postMessage(
    scope,
    general,
    { id: ownerId, displayName: "Walk" },
    { body: "walk message" },
  );
  return message.id;
}

/** A file uploaded by acme's member into their team's General channel. */
async function memberFile(ctx: WalkContext): Promise<string> {
  const { general, scope, ownerId } = await memberTeam(ctx);
  // A small picture, so the thumbnail route has a thumbnail to serve.
  const png = await sharp({
    create: { width: 4, height: 4, channels: 3, background: { r: 0, g: 128, b: 0 } },
  })
    .png()
    .toBuffer();
  const file = await ctx.t.services.collaboration.uploadFile(
    scope,
    general,
    { id: ownerId, displayName: "Walk" },
    { name: "walk.png", body: Readable.from([png]), declaredLength: png.length },
  );
  return file.id;
}

/** Collaboration routes: acme's member owns the team; admin and guest are not in it (404). */
const teamOwnerOnly = {
  allowed: "member" as Who,
  denied: ["admin", "guest", "operator"] as Who[],
  crossTenant: true,
};

function firstAsset(): string {
  const dir = path.join(WEB_DIST, "assets");
  if (!existsSync(dir))
    throw new Error("The web client is not built: run `npm run build` first (npm test does).");
  const name = readdirSync(dir)[0];
  if (!name) throw new Error("web/dist/assets is empty");
  return name;
}

const tenantAdmin = {
  allowed: "admin" as Who,
  denied: ["member", "guest", "operator"] as Who[],
  crossTenant: true,
};
const asOwner = {
  allowed: "owner" as Who,
  denied: ["member", "guest", "operator"] as Who[],
  crossTenant: true,
};
/** The tenant's provisioning client; signed-in people (even admins) and operators are refused by policy. */
const scimClient = {
  allowed: "scim" as Who,
  denied: ["admin", "member", "operator"] as Who[],
  crossTenant: false,
};
const scimItem = { ...scimClient, crossTenant: true };
const operatorOnly = {
  allowed: "operator" as Who,
  denied: ["owner", "admin", "member"] as Who[],
  crossTenant: false,
};

/** Only a sign-in waiting for its second factor may verify one; complete sessions are refused. */
const secondFactorStep = {
  allowed: "member" as Who,
  denied: ["member", "admin", "operator"] as Who[],
  crossTenant: false,
  status: 200,
};

/** A fresh member signed in with a password (their factors are theirs alone to change). */
async function signedInMember(ctx: WalkContext): Promise<TestBrowser> {
  const member = await newMember(ctx.t, ctx.world);
  const browser = new TestBrowser(ctx.t.app);
  await browser.signIn(ctx.world.a.slug, member.email, PASSWORD);
  return browser;
}

/** A proof header for a request of a browser, signed with a device key (iat on the test clock). */
async function deviceProof(
  ctx: WalkContext,
  browser: TestBrowser,
  key: DeviceKey,
  method: string,
  url: string,
): Promise<Record<string, string>> {
  const nonce = String((await browser.get("/api/me")).headers[DEVICE_NONCE_HEADER]);
  const iat = Math.floor(ctx.t.services.clock.now().getTime() / 1000);
  return { [DEVICE_PROOF_HEADER]: await key.proof(method, url, nonce, { iat }) };
}

/** A fresh member whose browser registered a device (its session bound to the key). */
async function registeredDevice(ctx: WalkContext) {
  const browser = await signedInMember(ctx);
  const key = await DeviceKey.create();
  const headers = await deviceProof(ctx, browser, key, "POST", "/api/me/devices");
  const reply = await browser.request(
    "POST",
    "/api/me/devices",
    { name: "Walk PC", publicKey: key.publicKey },
    headers,
  );
  if (reply.status !== 201) throw new Error(`device registration: ${reply.body}`);
  return { browser, key, device: reply.json<{ device: { id: string } }>().device };
}

/** A machine registered with engawa-agent by a fresh member (its key and device id). */
async function agentDevice(ctx: WalkContext) {
  const browser = await signedInMember(ctx);
  const { code } = (await browser.post("/api/me/devices/enrolments")).json<{ code: string }>();
  const key = AgentKey.create();
  const reply = await ctx.t.app.inject({
    method: "POST",
    url: "/api/agent/devices",
    payload: { token: key.enrolment(code, "Walk machine", ctx.t.services.clock.now()) },
  });
  if (reply.statusCode !== 201) throw new Error(`agent registration: ${reply.body}`);
  return { key, deviceId: reply.json<{ device: { id: string } }>().device.id };
}

const walkSessions = new WeakMap<TestApp, Map<string, TestBrowser>>();

/**
 * A signed-in browser of one of acme's people, kept for the walk's fixtures: signing in afresh for
 * each case would trip the per-address sign-in limit. Signed in again if the session ended (a
 * case may change that person's password).
 */
async function walkSession(ctx: WalkContext, email: string): Promise<TestBrowser> {
  const sessions = walkSessions.get(ctx.t) ?? new Map<string, TestBrowser>();
  walkSessions.set(ctx.t, sessions);
  const kept = sessions.get(email);
  if (kept && (await kept.get("/api/me")).status === 200) return kept;
  const browser = new TestBrowser(ctx.t.app);
  const reply = await browser.signIn(ctx.world.a.slug, email, PASSWORD);
  if (reply.status !== 200) throw new Error(`walk sign-in of ${email}: ${reply.body}`);
  sessions.set(email, browser);
  return browser;
}

/**
 * A meeting organised by acme's member (the walk's "member"), whose lobby option sends everyone
 * else to the lobby; with `knocking`, acme's guest is waiting in it; with `admitted`, the
 * organiser let the guest in.
 */
async function walkMeeting(ctx: WalkContext, knocking = false, admitted = false) {
  const organiser = await walkSession(ctx, ctx.world.a.users.member.email);
  const startsAt = new Date(ctx.t.services.clock.now().getTime() + 3600_000);
  const scheduled = await organiser.post("/api/t/acme/meetings", {
    title: "Walk meeting",
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + 3600_000).toISOString(),
    coOrganizerIds: [],
    inviteeIds: [],
    lobbyBypass: "organizers",
  });
  if (scheduled.status !== 201) throw new Error(`meeting: ${scheduled.body}`);
  const meeting = scheduled.json<{ meeting: { id: string; joinCode: string } }>().meeting;
  if (!knocking) return { meeting, participantId: "" };
  const guest = await walkSession(ctx, ctx.world.a.users.guest.email);
  const knock = await guest.post("/api/t/acme/meeting-joins", { code: meeting.joinCode });
  if (knock.status !== 201) throw new Error(`knock: ${knock.body}`);
  const participantId = knock.json<{ participantId: string }>().participantId;
  if (admitted) {
    const admit = await organiser.post(
      `/api/t/acme/meetings/${meeting.id}/lobby/${participantId}/admit`,
    );
    if (admit.status !== 200) throw new Error(`admit: ${admit.body}`);
  }
  return { meeting, participantId };
}

/** Organisers of the meeting run its lobby: anyone else of the organisation gets 403. */
const meetingOrganiser = {
  allowed: "member" as Who,
  denied: ["admin", "guest", "operator"] as Who[],
  crossTenant: true,
};

/** A schema-valid WebAuthn answer that no verification accepts. */
function fakeAssertion() {
  return {
    id: "AAAA",
    rawId: "AAAA",
    type: "public-key",
    response: { clientDataJSON: "e30", authenticatorData: "AAAA", signature: "AAAA" },
    clientExtensionResults: {},
  };
}

/** A schema-valid registration answer that no verification accepts. */
function fakeRegistration() {
  return {
    id: "AAAA",
    rawId: "AAAA",
    type: "public-key",
    response: { clientDataJSON: "e30", attestationObject: "AAAA" },
    clientExtensionResults: {},
  };
}

/** A machine's posture as engawa-agent reports it. */
const AGENT_POSTURE_FIXTURE: DevicePosture = {
  osName: "Debian GNU/Linux 12 (bookworm)",
  osId: "debian",
  osVersion: "12",
  kernel: "6.1.0-26-amd64",
  diskEncrypted: true,
  firewallActive: true,
  screenLock: "unknown",
  lastPackageUpdate: "2026-11-18T00:00:00.000Z",
  antivirus: false,
  antivirusProducts: [],
  collectedAt: "2026-11-20T09:00:00.000Z",
};

/** Every HTTP route of the public server. The walk fails if a route is missing here. */
export const HTTP_CASES: Record<string, HttpCase> = {
  "GET /healthz": {
    prepare: async () => ({ method: "GET", url: "/healthz" }),
    allowed: "anonymous",
    status: 200,
    denied: [],
    crossTenant: false,
  },
  "GET /api/openapi.json": {
    prepare: async () => ({ method: "GET", url: "/api/openapi.json" }),
    allowed: "anonymous",
    status: 200,
    denied: [],
    crossTenant: false,
  },
  "GET /api/setup": {
    prepare: async () => ({ method: "GET", url: "/api/setup" }),
    allowed: "anonymous",
    status: 200,
    denied: [],
    crossTenant: false,
  },
  "POST /api/setup": {
    // Setup ran in the walk's beforeAll (the positive control); afterwards the same valid request is refused.
    prepare: async () => ({
      method: "POST",
      url: "/api/setup",
      body: {
        token: "x".repeat(43),
        operator: { email: "second@engawa.example", displayName: "Second", password: PASSWORD },
        tenant: { name: "Second", slug: "second" },
        owner: { email: "owner@second.example", displayName: "Owner" },
      },
    }),
    allowed: "anonymous",
    status: 409,
    denied: [],
    crossTenant: false,
  },
  "POST /api/auth/sign-in": {
    prepare: async (ctx) => ({
      method: "POST",
      url: "/api/auth/sign-in",
      body: { tenant: "acme", email: ctx.world.a.users.guest.email, password: PASSWORD },
    }),
    allowed: "anonymous",
    status: 200,
    denied: [],
    crossTenant: false,
  },
  "POST /api/auth/sign-out": {
    prepare: async () => ({ method: "POST", url: "/api/auth/sign-out" }),
    allowed: "guest",
    status: 200,
    denied: ["operator"],
    crossTenant: false,
  },
  "GET /api/me": {
    prepare: async () => ({ method: "GET", url: "/api/me" }),
    allowed: "member",
    status: 200,
    denied: ["operator"],
    crossTenant: false,
  },
  "POST /api/operator/auth/sign-in": {
    prepare: async (ctx) => ({
      method: "POST",
      url: "/api/operator/auth/sign-in",
      body: { email: ctx.world.operator.email, password: PASSWORD },
    }),
    allowed: "anonymous",
    status: 200,
    denied: [],
    crossTenant: false,
  },
  "POST /api/operator/auth/sign-out": {
    prepare: async () => ({ method: "POST", url: "/api/operator/auth/sign-out" }),
    ...operatorOnly,
    status: 200,
  },
  "GET /api/operator/me": {
    prepare: async () => ({ method: "GET", url: "/api/operator/me" }),
    ...operatorOnly,
    status: 200,
  },
  "POST /api/invitations/inspect": {
    prepare: async (ctx) => ({
      method: "POST",
      url: "/api/invitations/inspect",
      body: { token: await invitationToken(ctx) },
    }),
    allowed: "anonymous",
    status: 200,
    denied: [],
    crossTenant: false,
  },
  "POST /api/invitations/accept": {
    prepare: async (ctx) => ({
      method: "POST",
      url: "/api/invitations/accept",
      body: { token: await invitationToken(ctx), displayName: "Accepted", password: PASSWORD },
    }),
    allowed: "anonymous",
    status: 200,
    denied: [],
    crossTenant: false,
  },
  "GET /api/t/:tenant/users": {
    prepare: async () => ({ method: "GET", url: "/api/t/acme/users" }),
    ...tenantAdmin,
    status: 200,
  },
  "POST /api/t/:tenant/users": {
    prepare: async () => ({
      method: "POST",
      url: "/api/t/acme/users",
      body: { email: `${randomUUID()}@acme.example`, displayName: "New", role: "member" },
    }),
    ...tenantAdmin,
    status: 201,
  },
  "POST /api/t/:tenant/users/:userId/invitation": {
    prepare: async (ctx) => ({
      method: "POST",
      url: `/api/t/acme/users/${await invitedUser(ctx)}/invitation`,
    }),
    ...tenantAdmin,
    status: 200,
  },
  "POST /api/t/:tenant/users/:userId/guest-renewal": {
    prepare: async (ctx) => {
      const scope = scopeFor({ type: "system", reason: "walk fixture" }, ctx.world.a.id);
      const invitation = await ctx.t.services.identity.invite(scope, {
        email: `${randomUUID()}@guests.example`,
        displayName: "Guest",
        role: "guest",
      });
      return { method: "POST", url: `/api/t/acme/users/${invitation.user.id}/guest-renewal` };
    },
    ...tenantAdmin,
    status: 200,
  },
  "PUT /api/t/:tenant/users/:userId/role": {
    prepare: async (ctx) => ({
      method: "PUT",
      url: `/api/t/acme/users/${await activeMember(ctx)}/role`,
      body: { role: "guest" },
    }),
    ...tenantAdmin,
    status: 200,
  },
  "POST /api/t/:tenant/users/:userId/disable": {
    prepare: async (ctx) => ({
      method: "POST",
      url: `/api/t/acme/users/${await activeMember(ctx)}/disable`,
    }),
    ...tenantAdmin,
    status: 200,
  },
  "POST /api/t/:tenant/users/:userId/enable": {
    prepare: async (ctx) => {
      const id = await activeMember(ctx);
      const scope = scopeFor({ type: "system", reason: "walk fixture" }, ctx.world.a.id);
      const user = await ctx.t.services.identity.store.user(scope, id);
      if (user) await ctx.t.services.identity.disable(scope, user);
      return { method: "POST", url: `/api/t/acme/users/${id}/enable` };
    },
    ...tenantAdmin,
    status: 200,
  },
  "GET /api/t/:tenant/settings": {
    prepare: async () => ({ method: "GET", url: "/api/t/acme/settings" }),
    ...tenantAdmin,
    status: 200,
  },
  "PUT /api/t/:tenant/settings": {
    prepare: async () => ({
      method: "PUT",
      url: "/api/t/acme/settings",
      body: {
        sessionIdleMinutes: 30,
        sessionAbsoluteHours: 12,
        mfaRequirement: "off",
        mfaGraceDays: 7,
      },
    }),
    ...asOwner,
    status: 200,
  },
  "GET /api/t/:tenant/audit": {
    prepare: async () => ({ method: "GET", url: "/api/t/acme/audit?limit=5" }),
    ...tenantAdmin,
    status: 200,
  },
  "GET /api/t/:tenant/audit/export": {
    prepare: async () => ({ method: "GET", url: "/api/t/acme/audit/export?format=jsonl" }),
    ...tenantAdmin,
    status: 200,
  },
  "GET /api/t/:tenant/audit/checkpoint": {
    prepare: async () => ({ method: "GET", url: "/api/t/acme/audit/checkpoint" }),
    ...tenantAdmin,
    status: 200,
  },
  "GET /api/operator/tenants": {
    prepare: async () => ({ method: "GET", url: "/api/operator/tenants" }),
    ...operatorOnly,
    status: 200,
  },
  "POST /api/operator/tenants": {
    prepare: async () => {
      const slug = `t-${randomUUID().slice(0, 8)}`;
      return {
        method: "POST",
        url: "/api/operator/tenants",
        body: {
          name: "Walk Org",
          slug,
          owner: { email: `owner@${slug}.example`, displayName: "Owner" },
        },
      };
    },
    ...operatorOnly,
    status: 201,
  },
  "POST /api/operator/tenants/:tenantId/owner-invitation": {
    prepare: async (ctx) => {
      const slug = `t-${randomUUID().slice(0, 8)}`;
      const created = await ctx.t.services.deployment.tenants.create(
        scopeFor({ type: "system", reason: "walk fixture" }, null),
        {
          name: "Pending Org",
          slug,
          owner: { email: `owner@${slug}.example`, displayName: "Owner" },
        },
      );
      return { method: "POST", url: `/api/operator/tenants/${created.tenant.id}/owner-invitation` };
    },
    // The tenant is not theirs: tenant users get 404 here, as for any other tenant's resource.
    allowed: "operator",
    denied: [],
    crossTenant: true,
    status: 200,
  },
  "POST /api/operator/tenants/:tenantId/keys/rotate": {
    prepare: async (ctx) => ({
      method: "POST",
      url: `/api/operator/tenants/${ctx.world.a.id}/keys/rotate`,
    }),
    ...operatorOnly,
    status: 200,
  },
  "GET /api/ws": {
    // Without an upgrade header the route answers 400; the WebSocket handshake itself is walked separately.
    prepare: async () => ({ method: "GET", url: "/api/ws" }),
    allowed: "member",
    status: 400,
    denied: ["operator"],
    crossTenant: false,
  },
  "POST /api/auth/second-factor/totp": {
    prepare: async (ctx) => {
      const { browser, user } = await atSecondFactor(ctx.t, ctx.world);
      const code = totpCode(user.secret, ctx.t.clock.now().getTime());
      return { method: "POST", url: "/api/auth/second-factor/totp", body: { code }, as: browser };
    },
    ...secondFactorStep,
  },
  "POST /api/auth/second-factor/recovery-code": {
    prepare: async (ctx) => {
      const { browser, user } = await atSecondFactor(ctx.t, ctx.world);
      const body = { code: user.recoveryCodes[0] };
      return { method: "POST", url: "/api/auth/second-factor/recovery-code", body, as: browser };
    },
    ...secondFactorStep,
  },
  "POST /api/auth/second-factor/passkey/options": {
    // The user has no passkey: the positive control reaches the service, which answers 404.
    prepare: async (ctx) => {
      const { browser } = await atSecondFactor(ctx.t, ctx.world);
      return { method: "POST", url: "/api/auth/second-factor/passkey/options", as: browser };
    },
    ...secondFactorStep,
    status: 404,
  },
  "POST /api/auth/second-factor/passkey": {
    // A well-formed assertion that does not verify: decided, then refused by the verification.
    prepare: async (ctx) => {
      const { browser } = await atSecondFactor(ctx.t, ctx.world);
      return {
        method: "POST",
        url: "/api/auth/second-factor/passkey",
        body: { challengeId: randomUUID(), credential: fakeAssertion() },
        as: browser,
      };
    },
    ...secondFactorStep,
    status: 400,
  },
  "POST /api/auth/passkey/options": {
    prepare: async () => ({
      method: "POST",
      url: "/api/auth/passkey/options",
      body: { tenant: "acme" },
    }),
    allowed: "anonymous",
    status: 200,
    denied: [],
    crossTenant: false,
  },
  "POST /api/auth/passkey": {
    // Public: an assertion that does not verify is refused with `passkey_failed`.
    prepare: async () => ({
      method: "POST",
      url: "/api/auth/passkey",
      body: { tenant: "acme", challengeId: randomUUID(), credential: fakeAssertion() },
    }),
    allowed: "anonymous",
    status: 400,
    denied: [],
    crossTenant: false,
  },
  "GET /api/me/mfa": {
    prepare: async () => ({ method: "GET", url: "/api/me/mfa" }),
    allowed: "member",
    status: 200,
    denied: ["operator"],
    crossTenant: false,
  },
  "POST /api/me/mfa/totp": {
    prepare: async (ctx) => ({
      method: "POST",
      url: "/api/me/mfa/totp",
      as: await signedInMember(ctx),
    }),
    allowed: "member",
    status: 200,
    denied: ["operator"],
    crossTenant: false,
  },
  "POST /api/me/mfa/totp/confirm": {
    prepare: async (ctx) => {
      const browser = await signedInMember(ctx);
      const { secret } = (await browser.post("/api/me/mfa/totp")).json<{ secret: string }>();
      const code = totpCode(secret, ctx.t.clock.now().getTime());
      return { method: "POST", url: "/api/me/mfa/totp/confirm", body: { code }, as: browser };
    },
    allowed: "member",
    status: 200,
    denied: ["operator"],
    crossTenant: false,
  },
  "DELETE /api/me/mfa/totp": {
    prepare: async (ctx) => {
      const browser = await signedInMember(ctx);
      await enrollTotp(ctx.t, browser);
      return { method: "DELETE", url: "/api/me/mfa/totp", as: browser };
    },
    allowed: "member",
    status: 200,
    denied: ["operator"],
    crossTenant: false,
  },
  "POST /api/me/mfa/passkeys/options": {
    prepare: async () => ({ method: "POST", url: "/api/me/mfa/passkeys/options" }),
    allowed: "member",
    status: 200,
    denied: ["operator"],
    crossTenant: false,
  },
  "POST /api/me/mfa/passkeys": {
    // Decided and then refused by the WebAuthn verification (a real registration is in the e2e).
    prepare: async () => ({
      method: "POST",
      url: "/api/me/mfa/passkeys",
      body: { challengeId: randomUUID(), name: "Walk key", credential: fakeRegistration() },
    }),
    allowed: "member",
    status: 400,
    denied: ["operator"],
    crossTenant: false,
  },
  "DELETE /api/me/mfa/passkeys/:passkeyId": {
    // No such passkey of the member's: decided, then 404 from the service.
    prepare: async () => ({ method: "DELETE", url: `/api/me/mfa/passkeys/${randomUUID()}` }),
    allowed: "member",
    status: 404,
    denied: ["operator"],
    crossTenant: false,
  },
  "POST /api/me/mfa/recovery-codes": {
    prepare: async () => ({ method: "POST", url: "/api/me/mfa/recovery-codes" }),
    allowed: "member",
    status: 200,
    denied: ["operator"],
    crossTenant: false,
  },
  "POST /api/me/mfa/notice/dismiss": {
    prepare: async () => ({ method: "POST", url: "/api/me/mfa/notice/dismiss" }),
    allowed: "member",
    status: 200,
    denied: ["operator"],
    crossTenant: false,
  },
  "POST /api/t/:tenant/users/:userId/mfa/reset": {
    prepare: async (ctx) => ({
      method: "POST",
      url: `/api/t/acme/users/${await activeMember(ctx)}/mfa/reset`,
    }),
    ...tenantAdmin,
    status: 200,
  },
  "GET /api/me/sign-ins": {
    prepare: async () => ({ method: "GET", url: "/api/me/sign-ins" }),
    allowed: "member",
    status: 200,
    denied: ["operator"],
    crossTenant: false,
  },
  "PUT /api/me/work-context": {
    prepare: async () => ({
      method: "PUT",
      url: "/api/me/work-context",
      body: { context: "private" },
    }),
    allowed: "guest",
    status: 200,
    denied: ["operator"],
    crossTenant: false,
  },
  "GET /api/me/sessions": {
    prepare: async () => ({ method: "GET", url: "/api/me/sessions" }),
    allowed: "member",
    status: 200,
    denied: ["operator"],
    crossTenant: false,
  },
  "DELETE /api/me/sessions/:sessionId": {
    prepare: async (ctx) => {
      const browser = await signedInMember(ctx);
      const { sessions } = (await browser.get("/api/me/sessions")).json<{
        sessions: { id: string }[];
      }>();
      return { method: "DELETE", url: `/api/me/sessions/${sessions[0]?.id ?? ""}`, as: browser };
    },
    allowed: "member",
    status: 200,
    denied: ["operator"],
    crossTenant: false,
  },
  "GET /api/me/devices": {
    prepare: async () => ({ method: "GET", url: "/api/me/devices" }),
    allowed: "member",
    status: 200,
    denied: ["operator"],
    crossTenant: false,
  },
  "POST /api/me/devices": {
    prepare: async (ctx) => {
      const browser = await signedInMember(ctx);
      const key = await DeviceKey.create();
      return {
        method: "POST",
        url: "/api/me/devices",
        body: { name: "Walk PC", publicKey: key.publicKey },
        as: browser,
        headers: await deviceProof(ctx, browser, key, "POST", "/api/me/devices"),
      };
    },
    allowed: "member",
    status: 201,
    denied: ["operator"],
    crossTenant: false,
  },
  "POST /api/me/devices/enrolments": {
    prepare: async () => ({ method: "POST", url: "/api/me/devices/enrolments" }),
    allowed: "member",
    status: 201,
    denied: ["operator"],
    crossTenant: false,
  },
  "POST /api/me/devices/:deviceId/link-codes": {
    prepare: async (ctx) => {
      const { browser, key, device } = await registeredDevice(ctx);
      const url = `/api/me/devices/${device.id}/link-codes`;
      return {
        method: "POST",
        url,
        as: browser,
        headers: await deviceProof(ctx, browser, key, "POST", url),
      };
    },
    allowed: "member",
    status: 201,
    denied: ["operator"],
    crossTenant: false,
  },
  "POST /api/agent/links": {
    prepare: async (ctx) => {
      // A member's registered browser and a computer of the same member.
      const { browser, key, device } = await registeredDevice(ctx);
      const proven = async (url: string) => deviceProof(ctx, browser, key, "POST", url);
      const linkUrl = `/api/me/devices/${device.id}/link-codes`;
      const link = await browser.request("POST", linkUrl, undefined, await proven(linkUrl));
      const enrolUrl = "/api/me/devices/enrolments";
      const enrol = await browser.request("POST", enrolUrl, undefined, await proven(enrolUrl));
      const computer = AgentKey.create();
      const now = ctx.t.services.clock.now();
      const registered = await ctx.t.app.inject({
        method: "POST",
        url: "/api/agent/devices",
        payload: {
          token: computer.enrolment(enrol.json<{ code: string }>().code, "Walk machine", now),
        },
      });
      const computerId = registered.json<{ device: { id: string } }>().device.id;
      const token = computer.link(computerId, link.json<{ code: string }>().code, now);
      return { method: "POST", url: "/api/agent/links", body: { token } };
    },
    allowed: "anonymous",
    status: 200,
    denied: [],
    crossTenant: false,
  },
  "POST /api/agent/devices": {
    prepare: async (ctx) => {
      const browser = await signedInMember(ctx);
      const { code } = (await browser.post("/api/me/devices/enrolments")).json<{ code: string }>();
      const token = AgentKey.create().enrolment(code, "Walk machine", ctx.t.services.clock.now());
      return { method: "POST", url: "/api/agent/devices", body: { token } };
    },
    allowed: "anonymous",
    status: 201,
    denied: [],
    crossTenant: false,
  },
  "POST /api/agent/posture": {
    prepare: async (ctx) => {
      const { key, deviceId } = await agentDevice(ctx);
      const report = key.report(deviceId, AGENT_POSTURE_FIXTURE, ctx.t.services.clock.now());
      return { method: "POST", url: "/api/agent/posture", body: { report } };
    },
    allowed: "anonymous",
    status: 200,
    denied: [],
    crossTenant: false,
  },
  "GET /api/t/:tenant/meeting-policy": {
    prepare: async () => ({ method: "GET", url: "/api/t/acme/meeting-policy" }),
    allowed: "member",
    denied: ["guest", "operator"],
    crossTenant: true,
    status: 200,
  },
  "PUT /api/t/:tenant/meeting-policy": {
    prepare: async () => ({
      method: "PUT",
      url: "/api/t/acme/meeting-policy",
      body: {
        lobbyBypass: "organization",
        organizersMayChangeBypass: true,
        anonymousJoin: true,
        whoMayPresent: "everyone",
      },
    }),
    ...tenantAdmin,
    status: 200,
  },
  "POST /api/t/:tenant/meetings": {
    prepare: async (ctx) => {
      const startsAt = new Date(ctx.t.services.clock.now().getTime() + 3600_000);
      return {
        method: "POST",
        url: "/api/t/acme/meetings",
        body: {
          title: "病棟カンファレンス",
          startsAt: startsAt.toISOString(),
          endsAt: new Date(startsAt.getTime() + 1800_000).toISOString(),
          coOrganizerIds: [ctx.world.a.users.admin.id],
          inviteeIds: [ctx.world.a.users.guest.id],
          lobbyBypass: "invited",
        },
      };
    },
    allowed: "member",
    status: 201,
    denied: ["guest", "operator"],
    crossTenant: true,
  },
  "GET /api/t/:tenant/meetings/:meetingId": {
    prepare: async (ctx) => {
      const { meeting } = await walkMeeting(ctx);
      return { method: "GET", url: `/api/t/acme/meetings/${meeting.id}` };
    },
    ...meetingOrganiser,
    status: 200,
  },
  "POST /api/t/:tenant/meeting-joins": {
    prepare: async (ctx) => {
      const { meeting } = await walkMeeting(ctx);
      return {
        method: "POST",
        url: "/api/t/acme/meeting-joins",
        body: { code: meeting.joinCode },
      };
    },
    allowed: "guest",
    status: 201,
    denied: ["operator"],
    crossTenant: true,
  },
  "POST /api/meeting-knocks/:tenant": {
    prepare: async (ctx) => {
      const { meeting } = await walkMeeting(ctx);
      return {
        method: "POST",
        url: "/api/meeting-knocks/acme",
        body: { code: meeting.joinCode, name: "Walk parent" },
      };
    },
    allowed: "anonymous",
    status: 201,
    denied: [],
    crossTenant: false,
  },
  "POST /api/meeting-knocks/:tenant/state": {
    prepare: async (ctx) => {
      const { meeting } = await walkMeeting(ctx);
      const knock = await new TestBrowser(ctx.t.app).post("/api/meeting-knocks/acme", {
        code: meeting.joinCode,
        name: "Walk parent",
      });
      if (knock.status !== 201) throw new Error(`knock: ${knock.body}`);
      return {
        method: "POST",
        url: "/api/meeting-knocks/acme/state",
        body: { ticket: knock.json<{ ticket: string }>().ticket },
      };
    },
    allowed: "anonymous",
    status: 200,
    denied: [],
    crossTenant: false,
  },
  "POST /api/meeting-knocks/:tenant/withdraw": {
    prepare: async (ctx) => {
      const { meeting } = await walkMeeting(ctx);
      const knock = await new TestBrowser(ctx.t.app).post("/api/meeting-knocks/acme", {
        code: meeting.joinCode,
        name: "Walk parent",
      });
      if (knock.status !== 201) throw new Error(`knock: ${knock.body}`);
      return {
        method: "POST",
        url: "/api/meeting-knocks/acme/withdraw",
        body: { ticket: knock.json<{ ticket: string }>().ticket },
      };
    },
    allowed: "anonymous",
    status: 200,
    denied: [],
    crossTenant: false,
  },
  "POST /api/meeting-knocks/:tenant/enter": {
    prepare: async (ctx) => {
      const { meeting } = await walkMeeting(ctx);
      const knock = await new TestBrowser(ctx.t.app).post("/api/meeting-knocks/acme", {
        code: meeting.joinCode,
        name: "Walk parent",
      });
      if (knock.status !== 201) throw new Error(`knock: ${knock.body}`);
      const { ticket, participantId } = knock.json<{ ticket: string; participantId: string }>();
      // Only an admitted join enters (tests beside the meetings domain cover the refusals).
      const organiser = await walkSession(ctx, ctx.world.a.users.member.email);
      const admit = await organiser.post(
        `/api/t/acme/meetings/${meeting.id}/lobby/${participantId}/admit`,
      );
      if (admit.status !== 200) throw new Error(`admit: ${admit.body}`);
      return { method: "POST", url: "/api/meeting-knocks/acme/enter", body: { ticket } };
    },
    allowed: "anonymous",
    status: 200,
    denied: [],
    crossTenant: false,
  },
  "GET /api/t/:tenant/meetings/:meetingId/lobby": {
    prepare: async (ctx) => {
      const { meeting } = await walkMeeting(ctx, true);
      return { method: "GET", url: `/api/t/acme/meetings/${meeting.id}/lobby` };
    },
    ...meetingOrganiser,
    status: 200,
  },
  "POST /api/t/:tenant/meetings/:meetingId/lobby/:participantId/admit": {
    prepare: async (ctx) => {
      const { meeting, participantId } = await walkMeeting(ctx, true);
      return {
        method: "POST",
        url: `/api/t/acme/meetings/${meeting.id}/lobby/${participantId}/admit`,
      };
    },
    ...meetingOrganiser,
    status: 200,
  },
  "POST /api/t/:tenant/meetings/:meetingId/lobby/:participantId/deny": {
    prepare: async (ctx) => {
      const { meeting, participantId } = await walkMeeting(ctx, true);
      return {
        method: "POST",
        url: `/api/t/acme/meetings/${meeting.id}/lobby/${participantId}/deny`,
      };
    },
    ...meetingOrganiser,
    status: 200,
  },
  "GET /api/t/:tenant/meetings": {
    prepare: async () => ({ method: "GET", url: "/api/t/acme/meetings" }),
    allowed: "guest",
    denied: ["operator"],
    crossTenant: true,
    status: 200,
  },
  "GET /api/t/:tenant/meetings/:meetingId/invite.ics": {
    prepare: async (ctx) => {
      const { meeting } = await walkMeeting(ctx);
      return { method: "GET", url: `/api/t/acme/meetings/${meeting.id}/invite.ics` };
    },
    ...meetingOrganiser,
    status: 200,
  },
  "PATCH /api/t/:tenant/meetings/:meetingId": {
    prepare: async (ctx) => {
      const { meeting } = await walkMeeting(ctx);
      return {
        method: "PATCH",
        url: `/api/t/acme/meetings/${meeting.id}`,
        body: { locked: true },
      };
    },
    ...meetingOrganiser,
    status: 200,
  },
  "POST /api/t/:tenant/meetings/:meetingId/end": {
    prepare: async (ctx) => {
      const { meeting } = await walkMeeting(ctx);
      return { method: "POST", url: `/api/t/acme/meetings/${meeting.id}/end` };
    },
    ...meetingOrganiser,
    status: 200,
  },
  "PUT /api/t/:tenant/meetings/:meetingId/roles/:userId": {
    prepare: async (ctx) => {
      const { meeting } = await walkMeeting(ctx, true, true);
      return {
        method: "PUT",
        url: `/api/t/acme/meetings/${meeting.id}/roles/${ctx.world.a.users.guest.id}`,
        body: { role: "presenter" },
      };
    },
    ...meetingOrganiser,
    status: 200,
  },
  "POST /api/t/:tenant/meetings/:meetingId/participants/:participantId/remove": {
    prepare: async (ctx) => {
      const { meeting, participantId } = await walkMeeting(ctx, true, true);
      return {
        method: "POST",
        url: `/api/t/acme/meetings/${meeting.id}/participants/${participantId}/remove`,
      };
    },
    ...meetingOrganiser,
    status: 200,
  },
  "GET /api/t/:tenant/meetings/:meetingId/participants": {
    prepare: async (ctx) => {
      const { meeting } = await walkMeeting(ctx, true);
      return { method: "GET", url: `/api/t/acme/meetings/${meeting.id}/participants` };
    },
    ...meetingOrganiser,
    status: 200,
  },
  "GET /api/t/:tenant/meetings/:meetingId/chat": {
    prepare: async (ctx) => {
      const { meeting } = await walkMeeting(ctx, true);
      return { method: "GET", url: `/api/t/acme/meetings/${meeting.id}/chat` };
    },
    ...meetingOrganiser,
    status: 200,
  },
  "POST /api/t/:tenant/meetings/:meetingId/chat": {
    prepare: async (ctx) => {
      const { meeting } = await walkMeeting(ctx, true);
      const organiser = await walkSession(ctx, ctx.world.a.users.member.email);
      const joined = await organiser.post("/api/t/acme/meeting-joins", {
        code: meeting.joinCode,
      });
      return {
        method: "POST",
        url: `/api/t/acme/meetings/${meeting.id}/chat`,
        body: {
          participantId: joined.json<{ participantId: string }>().participantId,
          body: "Walk message",
        },
      };
    },
    ...meetingOrganiser,
    status: 201,
  },
  "GET /api/t/:tenant/meetings/:meetingId/attendance": {
    prepare: async (ctx) => {
      const { meeting } = await walkMeeting(ctx, true);
      return { method: "GET", url: `/api/t/acme/meetings/${meeting.id}/attendance` };
    },
    ...meetingOrganiser,
    status: 200,
  },
  "GET /api/t/:tenant/device-compliance": {
    prepare: async () => ({ method: "GET", url: "/api/t/acme/device-compliance" }),
    ...tenantAdmin,
    status: 200,
  },
  "PUT /api/t/:tenant/device-compliance": {
    prepare: async () => ({
      method: "PUT",
      url: "/api/t/acme/device-compliance",
      // Every field set (a null would take any wrong value for its other type).
      body: {
        ...DEFAULT_COMPLIANCE_RULES,
        minOsVersions: [{ osId: "ubuntu", version: "22.04" }],
        maxDaysSinceUpdate: 30,
      },
    }),
    ...tenantAdmin,
    status: 200,
  },
  "DELETE /api/me/devices/:deviceId": {
    prepare: async (ctx) => {
      const { browser, key, device } = await registeredDevice(ctx);
      const url = `/api/me/devices/${device.id}`;
      return {
        method: "DELETE",
        url,
        as: browser,
        headers: await deviceProof(ctx, browser, key, "DELETE", url),
      };
    },
    allowed: "member",
    status: 200,
    denied: ["operator"],
    crossTenant: false,
  },
  "GET /api/t/:tenant/devices": {
    prepare: async () => ({ method: "GET", url: "/api/t/acme/devices" }),
    ...tenantAdmin,
    status: 200,
  },
  "PATCH /api/t/:tenant/devices/:deviceId": {
    prepare: async (ctx) => ({
      method: "PATCH",
      url: `/api/t/acme/devices/${(await registeredDevice(ctx)).device.id}`,
      body: { status: "blocked" },
    }),
    ...tenantAdmin,
    status: 200,
  },
  "GET /api/t/:tenant/teams": {
    prepare: async () => ({ method: "GET", url: "/api/t/acme/teams" }),
    allowed: "guest",
    status: 200,
    denied: ["operator"],
    crossTenant: true,
  },
  "POST /api/t/:tenant/teams": {
    prepare: async () => ({
      method: "POST",
      url: "/api/t/acme/teams",
      body: { name: "病棟チーム", visibility: "private" },
    }),
    allowed: "member",
    status: 201,
    denied: ["guest", "operator"],
    crossTenant: true,
  },
  "GET /api/t/:tenant/teams/:teamId": {
    prepare: async (ctx) => ({
      method: "GET",
      url: `/api/t/acme/teams/${(await memberTeam(ctx)).team.id}`,
    }),
    ...teamOwnerOnly,
    status: 200,
  },
  "POST /api/t/:tenant/teams/:teamId/join": {
    prepare: async (ctx) => ({
      method: "POST",
      url: `/api/t/acme/teams/${await othersPublicTeam(ctx)}/join`,
    }),
    allowed: "member",
    status: 200,
    denied: ["guest", "operator"],
    crossTenant: true,
  },
  "PATCH /api/t/:tenant/teams/:teamId": {
    prepare: async (ctx) => ({
      method: "PATCH",
      url: `/api/t/acme/teams/${(await memberTeam(ctx)).team.id}`,
      body: { allowGuests: true },
    }),
    allowed: "member",
    status: 200,
    // The organisation's admins manage every team; a guest outside the team may not.
    denied: ["guest", "operator"],
    crossTenant: true,
  },
  "PUT /api/t/:tenant/teams/:teamId/label": {
    prepare: async (ctx) => ({
      method: "PUT",
      url: `/api/t/acme/teams/${(await memberTeam(ctx)).team.id}/label`,
      body: { labelId: null },
    }),
    allowed: "admin",
    status: 200,
    // The organisation's owners and admins only: not even the team's own owner (the member here).
    denied: ["member", "guest", "operator"],
    crossTenant: true,
  },
  // A channel's or file's own label: the team's owner (the member here) or an admin who can see it.
  "PUT /api/t/:tenant/channels/:channelId/label": {
    prepare: async (ctx) => ({
      method: "PUT",
      url: `/api/t/acme/channels/${(await memberTeam(ctx)).general.id}/label`,
      body: { labelId: null },
    }),
    ...teamOwnerOnly,
    status: 200,
  },
  "PUT /api/t/:tenant/files/:fileId/label": {
    prepare: async (ctx) => ({
      method: "PUT",
      url: `/api/t/acme/files/${await memberFile(ctx)}/label`,
      body: { labelId: null },
    }),
    ...teamOwnerOnly,
    status: 200,
  },
  "POST /api/t/:tenant/teams/:teamId/guests": {
    prepare: async (ctx) => ({
      method: "POST",
      url: `/api/t/acme/teams/${(await memberTeam(ctx)).team.id}/guests`,
      body: { email: `${randomUUID()}@guests.example`, displayName: "Parent" },
    }),
    allowed: "member",
    status: 201,
    denied: ["guest", "operator"],
    crossTenant: true,
  },
  "PUT /api/t/:tenant/teams/:teamId/members/:userId": {
    prepare: async (ctx) => ({
      method: "PUT",
      url: `/api/t/acme/teams/${(await memberTeam(ctx)).team.id}/members/${await activeMember(ctx)}`,
      body: { role: "member" },
    }),
    allowed: "member",
    status: 200,
    // The organisation's admins manage every team's members; a guest outside the team may not.
    denied: ["guest", "operator"],
    crossTenant: true,
  },
  "DELETE /api/t/:tenant/teams/:teamId/members/:userId": {
    prepare: async (ctx) => {
      const { team, colleague } = await teamWithColleague(ctx);
      return { method: "DELETE", url: `/api/t/acme/teams/${team.id}/members/${colleague}` };
    },
    allowed: "member",
    status: 200,
    denied: ["guest", "operator"],
    crossTenant: true,
  },
  "GET /api/t/:tenant/teams/:teamId/channels": {
    prepare: async (ctx) => ({
      method: "GET",
      url: `/api/t/acme/teams/${(await memberTeam(ctx)).team.id}/channels`,
    }),
    ...teamOwnerOnly,
    status: 200,
  },
  "POST /api/t/:tenant/teams/:teamId/channels": {
    prepare: async (ctx) => ({
      method: "POST",
      url: `/api/t/acme/teams/${(await memberTeam(ctx)).team.id}/channels`,
      body: { name: "申し送り", kind: "private" },
    }),
    ...teamOwnerOnly,
    status: 201,
  },
  "PUT /api/t/:tenant/channels/:channelId/members/:userId": {
    prepare: async (ctx) => {
      const { privateChannelId, colleague } = await teamWithColleague(ctx);
      return {
        method: "PUT",
        url: `/api/t/acme/channels/${privateChannelId}/members/${colleague}`,
      };
    },
    ...teamOwnerOnly,
    status: 200,
  },
  "DELETE /api/t/:tenant/channels/:channelId/members/:userId": {
    prepare: async (ctx) => {
      const fixture = await teamWithColleague(ctx);
      const channel = await ctx.t.services.collaboration.store.channelAccess(
        fixture.scope,
        fixture.privateChannelId,
        fixture.ownerId,
      );
      if (!channel) throw new Error("walk channel missing");
      await ctx.t.services.collaboration.addChannelMember(
        fixture.scope,
        channel.channel,
        { id: fixture.ownerId, role: "member" },
        fixture.colleague,
      );
      return {
        method: "DELETE",
        url: `/api/t/acme/channels/${fixture.privateChannelId}/members/${fixture.colleague}`,
      };
    },
    ...teamOwnerOnly,
    status: 200,
  },
  "POST /api/t/:tenant/channels/:channelId/read": {
    prepare: async (ctx) => ({
      method: "POST",
      url: `/api/t/acme/channels/${(await memberTeam(ctx)).general.id}/read`,
      body: { seq: 0 },
    }),
    ...teamOwnerOnly,
    status: 200,
  },
  "GET /api/t/:tenant/channels/:channelId/messages": {
    prepare: async (ctx) => ({
      method: "GET",
      url: `/api/t/acme/channels/${(await memberTeam(ctx)).general.id}/messages?limit=10`,
    }),
    ...teamOwnerOnly,
    status: 200,
  },
  "POST /api/t/:tenant/channels/:channelId/messages": {
    prepare: async (ctx) => ({
      method: "POST",
      url: `/api/t/acme/channels/${(await memberTeam(ctx)).general.id}/messages`,
      body: { body: "回診は10時からです" },
    }),
    ...teamOwnerOnly,
    status: 201,
  },
  "PATCH /api/t/:tenant/messages/:messageId": {
    prepare: async (ctx) => ({
      method: "PATCH",
      url: `/api/t/acme/messages/${await memberMessage(ctx)}`,
      body: { body: "edited by the walk" },
    }),
    ...teamOwnerOnly,
    status: 200,
  },
  "DELETE /api/t/:tenant/messages/:messageId": {
    prepare: async (ctx) => ({
      method: "DELETE",
      url: `/api/t/acme/messages/${await memberMessage(ctx)}`,
    }),
    ...teamOwnerOnly,
    status: 200,
  },
  "PUT /api/t/:tenant/messages/:messageId/reactions/:reaction": {
    prepare: async (ctx) => ({
      method: "PUT",
      url: `/api/t/acme/messages/${await memberMessage(ctx)}/reactions/like`,
    }),
    ...teamOwnerOnly,
    status: 200,
  },
  "DELETE /api/t/:tenant/messages/:messageId/reactions/:reaction": {
    prepare: async (ctx) => ({
      method: "DELETE",
      url: `/api/t/acme/messages/${await memberMessage(ctx)}/reactions/like`,
    }),
    ...teamOwnerOnly,
    status: 200,
  },
  "PUT /api/t/:tenant/messages/:messageId/pin": {
    prepare: async (ctx) => ({
      method: "PUT",
      url: `/api/t/acme/messages/${await memberMessage(ctx)}/pin`,
    }),
    ...teamOwnerOnly,
    status: 200,
  },
  "DELETE /api/t/:tenant/messages/:messageId/pin": {
    prepare: async (ctx) => ({
      method: "DELETE",
      url: `/api/t/acme/messages/${await memberMessage(ctx)}/pin`,
    }),
    ...teamOwnerOnly,
    status: 200,
  },
  "GET /api/t/:tenant/channels/:channelId/pins": {
    prepare: async (ctx) => ({
      method: "GET",
      url: `/api/t/acme/channels/${(await memberTeam(ctx)).general.id}/pins`,
    }),
    ...teamOwnerOnly,
    status: 200,
  },
  "POST /api/t/:tenant/channels/:channelId/files": {
    prepare: async (ctx) => ({
      method: "POST",
      url: `/api/t/acme/channels/${(await memberTeam(ctx)).general.id}/files?name=${encodeURIComponent("検査結果.txt")}`,
      body: "walk upload",
      headers: { "content-type": "application/octet-stream" },
    }),
    ...teamOwnerOnly,
    status: 201,
  },
  "GET /api/t/:tenant/channels/:channelId/files": {
    prepare: async (ctx) => ({
      method: "GET",
      url: `/api/t/acme/channels/${(await memberTeam(ctx)).general.id}/files`,
    }),
    ...teamOwnerOnly,
    status: 200,
  },
  "GET /api/t/:tenant/files/:fileId": {
    prepare: async (ctx) => ({ method: "GET", url: `/api/t/acme/files/${await memberFile(ctx)}` }),
    ...teamOwnerOnly,
    status: 200,
  },
  "GET /api/t/:tenant/files/:fileId/content": {
    prepare: async (ctx) => ({
      method: "GET",
      url: `/api/t/acme/files/${await memberFile(ctx)}/content?version=1`,
    }),
    ...teamOwnerOnly,
    status: 200,
  },
  "GET /api/t/:tenant/files/:fileId/thumbnail": {
    prepare: async (ctx) => ({
      method: "GET",
      url: `/api/t/acme/files/${await memberFile(ctx)}/thumbnail`,
    }),
    ...teamOwnerOnly,
    status: 200,
  },
  "DELETE /api/t/:tenant/files/:fileId": {
    prepare: async (ctx) => ({
      method: "DELETE",
      url: `/api/t/acme/files/${await memberFile(ctx)}`,
    }),
    ...teamOwnerOnly,
    status: 200,
  },
  "GET /api/t/:tenant/chats": {
    prepare: async () => ({ method: "GET", url: "/api/t/acme/chats" }),
    allowed: "guest",
    status: 200,
    denied: ["operator"],
    crossTenant: true,
  },
  "POST /api/t/:tenant/chats": {
    prepare: async (ctx) => ({
      method: "POST",
      url: "/api/t/acme/chats",
      body: { userIds: [await activeMember(ctx)] },
    }),
    allowed: "member",
    status: 200,
    denied: ["operator"],
    crossTenant: true,
  },
  "PATCH /api/t/:tenant/chats/:chatId": {
    prepare: async (ctx) => ({
      method: "PATCH",
      url: `/api/t/acme/chats/${await membersGroupChat(ctx)}`,
      body: { topic: "Walk" },
    }),
    ...teamOwnerOnly,
    status: 200,
  },
  "GET /api/t/:tenant/people": {
    prepare: async () => ({
      method: "GET",
      url: `/api/t/acme/people?query=${encodeURIComponent("member")}`,
    }),
    allowed: "guest",
    status: 200,
    denied: ["operator"],
    crossTenant: true,
  },
  "GET /api/t/:tenant/channels/:channelId/members": {
    prepare: async (ctx) => ({
      method: "GET",
      url: `/api/t/acme/channels/${(await memberTeam(ctx)).general.id}/members`,
    }),
    ...teamOwnerOnly,
    status: 200,
  },
  "GET /api/t/:tenant/notifications": {
    prepare: async () => ({ method: "GET", url: "/api/t/acme/notifications" }),
    allowed: "guest",
    status: 200,
    denied: ["operator"],
    crossTenant: true,
  },
  "POST /api/t/:tenant/notifications/read": {
    prepare: async () => ({
      method: "POST",
      url: "/api/t/acme/notifications/read",
      body: { all: true },
    }),
    allowed: "guest",
    status: 200,
    denied: ["operator"],
    crossTenant: true,
  },
  "GET /api/t/:tenant/search": {
    prepare: async () => ({
      method: "GET",
      url: `/api/t/acme/search?q=${encodeURIComponent("回診")}`,
    }),
    allowed: "guest",
    status: 200,
    denied: ["operator"],
    crossTenant: true,
  },
  "POST /api/auth/step-up": {
    prepare: async (ctx) => ({
      method: "POST",
      url: "/api/auth/step-up",
      body: { password: PASSWORD },
      as: await signedInMember(ctx),
    }),
    allowed: "member",
    status: 200,
    denied: ["operator"],
    crossTenant: false,
  },
  "POST /api/auth/step-up/passkey/options": {
    // The member has no passkey: the positive control reaches the service, which answers 404.
    prepare: async (ctx) => ({
      method: "POST",
      url: "/api/auth/step-up/passkey/options",
      as: await signedInMember(ctx),
    }),
    allowed: "member",
    status: 404,
    denied: ["operator"],
    crossTenant: false,
  },
  "POST /api/auth/step-up/passkey": {
    // A well-formed assertion that does not verify: decided, then refused by the verification.
    prepare: async (ctx) => ({
      method: "POST",
      url: "/api/auth/step-up/passkey",
      body: { challengeId: randomUUID(), credential: fakeAssertion() },
      as: await signedInMember(ctx),
    }),
    allowed: "member",
    status: 400,
    denied: ["operator"],
    crossTenant: false,
  },
  "POST /api/me/sessions/revoke-others": {
    prepare: async () => ({ method: "POST", url: "/api/me/sessions/revoke-others" }),
    allowed: "member",
    status: 200,
    denied: ["operator"],
    crossTenant: false,
  },
  "POST /api/t/:tenant/users/:userId/sessions/revoke": {
    prepare: async (ctx) => ({
      method: "POST",
      url: `/api/t/acme/users/${await activeMember(ctx)}/sessions/revoke`,
    }),
    ...tenantAdmin,
    status: 200,
  },
  "GET /api/t/:tenant/risk/sign-ins": {
    prepare: async () => ({ method: "GET", url: "/api/t/acme/risk/sign-ins?all=true&limit=5" }),
    ...tenantAdmin,
    status: 200,
  },
  "GET /api/t/:tenant/risk/users": {
    prepare: async () => ({ method: "GET", url: "/api/t/acme/risk/users" }),
    ...tenantAdmin,
    status: 200,
  },
  "GET /api/t/:tenant/risk/settings": {
    prepare: async () => ({ method: "GET", url: "/api/t/acme/risk/settings" }),
    ...tenantAdmin,
    status: 200,
  },
  "PUT /api/t/:tenant/risk/settings": {
    prepare: async () => ({
      method: "PUT",
      url: "/api/t/acme/risk/settings",
      body: { ...DEFAULT_RISK_SETTINGS, trustedRanges: ["203.0.113.0/24"] },
    }),
    ...asOwner,
    status: 200,
  },
  "GET /api/t/:tenant/conditional-access/policies": {
    prepare: async () => ({ method: "GET", url: "/api/t/acme/conditional-access/policies" }),
    ...tenantAdmin,
    status: 200,
  },
  "POST /api/t/:tenant/conditional-access/policies": {
    prepare: async () => ({
      method: "POST",
      url: "/api/t/acme/conditional-access/policies",
      body: reportOnlyPolicy(),
    }),
    ...asOwner,
    status: 201,
  },
  "PUT /api/t/:tenant/conditional-access/policies/:policyId": {
    prepare: async (ctx) => ({
      method: "PUT",
      url: `/api/t/acme/conditional-access/policies/${await caPolicy(ctx)}`,
      body: { ...reportOnlyPolicy(), name: "Renamed" },
    }),
    ...asOwner,
    status: 200,
  },
  "DELETE /api/t/:tenant/conditional-access/policies/:policyId": {
    prepare: async (ctx) => ({
      method: "DELETE",
      url: `/api/t/acme/conditional-access/policies/${await caPolicy(ctx)}`,
    }),
    ...asOwner,
    status: 200,
  },
  "GET /api/t/:tenant/conditional-access/locations": {
    prepare: async () => ({ method: "GET", url: "/api/t/acme/conditional-access/locations" }),
    ...tenantAdmin,
    status: 200,
  },
  "POST /api/t/:tenant/conditional-access/locations": {
    prepare: async () => ({
      method: "POST",
      url: "/api/t/acme/conditional-access/locations",
      body: officeLocation(),
    }),
    ...asOwner,
    status: 201,
  },
  "PUT /api/t/:tenant/conditional-access/locations/:locationId": {
    prepare: async (ctx) => ({
      method: "PUT",
      url: `/api/t/acme/conditional-access/locations/${await namedLocation(ctx)}`,
      body: { ...officeLocation(), name: "Renamed" },
    }),
    ...asOwner,
    status: 200,
  },
  "DELETE /api/t/:tenant/conditional-access/locations/:locationId": {
    prepare: async (ctx) => ({
      method: "DELETE",
      url: `/api/t/acme/conditional-access/locations/${await namedLocation(ctx)}`,
    }),
    ...asOwner,
    status: 200,
  },
  "GET /api/t/:tenant/conditional-access/terms": {
    prepare: async () => ({ method: "GET", url: "/api/t/acme/conditional-access/terms" }),
    ...tenantAdmin,
    status: 200,
  },
  "POST /api/t/:tenant/conditional-access/terms": {
    prepare: async () => ({
      method: "POST",
      url: "/api/t/acme/conditional-access/terms",
      body: walkTerms(),
    }),
    ...asOwner,
    status: 201,
  },
  "PUT /api/t/:tenant/conditional-access/terms/:termsId": {
    prepare: async (ctx) => ({
      method: "PUT",
      url: `/api/t/acme/conditional-access/terms/${(await termsOfUse(ctx)).id}`,
      body: { ...walkTerms(), text: "Changed words." },
    }),
    ...asOwner,
    status: 200,
  },
  "DELETE /api/t/:tenant/conditional-access/terms/:termsId": {
    prepare: async (ctx) => ({
      method: "DELETE",
      url: `/api/t/acme/conditional-access/terms/${(await termsOfUse(ctx)).id}`,
    }),
    ...asOwner,
    status: 200,
  },
  "GET /api/t/:tenant/terms/required": {
    prepare: async () => ({ method: "GET", url: "/api/t/acme/terms/required" }),
    allowed: "guest",
    status: 200,
    denied: ["operator"],
    crossTenant: true,
  },
  "POST /api/t/:tenant/terms/:termsId/accept": {
    prepare: async (ctx) => {
      const terms = await termsOfUse(ctx);
      return {
        method: "POST",
        url: `/api/t/acme/terms/${terms.id}/accept`,
        body: { version: terms.version },
      };
    },
    allowed: "guest",
    status: 200,
    denied: ["operator"],
    crossTenant: true,
  },
  "GET /api/t/:tenant/labels": {
    prepare: async () => ({ method: "GET", url: "/api/t/acme/labels" }),
    allowed: "guest",
    status: 200,
    denied: ["operator"],
    crossTenant: true,
  },
  "PUT /api/t/:tenant/labels": {
    prepare: async () => ({
      method: "PUT",
      url: "/api/t/acme/labels",
      body: {
        labels: [
          { name: "公開", description: "" },
          { name: "極秘", description: "" },
        ],
      },
    }),
    ...asOwner,
    status: 200,
  },
  "POST /api/t/:tenant/conditional-access/what-if": {
    prepare: async (ctx) => ({
      method: "POST",
      url: "/api/t/acme/conditional-access/what-if",
      body: {
        userId: await activeMember(ctx),
        app: "chat",
        clientType: "browser",
        platform: "windows",
        ip: "203.0.113.9",
        signInRisk: "none",
        userRisk: "none",
        mfa: false,
        phishingResistant: false,
      },
    }),
    ...tenantAdmin,
    status: 200,
  },
  "POST /api/t/:tenant/risk/users/:userId/dismiss": {
    prepare: async (ctx) => ({
      method: "POST",
      url: `/api/t/acme/risk/users/${await activeMember(ctx)}/dismiss`,
    }),
    ...tenantAdmin,
    status: 200,
  },
  "POST /api/t/:tenant/risk/users/:userId/confirm-compromised": {
    prepare: async (ctx) => ({
      method: "POST",
      url: `/api/t/acme/risk/users/${await activeMember(ctx)}/confirm-compromised`,
    }),
    ...tenantAdmin,
    status: 200,
  },
  "POST /api/t/:tenant/risk/users/:userId/report-leaked": {
    prepare: async (ctx) => ({
      method: "POST",
      url: `/api/t/acme/risk/users/${await activeMember(ctx)}/report-leaked`,
    }),
    ...tenantAdmin,
    status: 200,
  },
  "GET /api/t/:tenant/sign-ins": {
    prepare: async () => ({ method: "GET", url: "/api/t/acme/sign-ins?limit=5" }),
    ...tenantAdmin,
    status: 200,
  },
  "GET /api/t/:tenant/sign-ins/export": {
    prepare: async () => ({ method: "GET", url: "/api/t/acme/sign-ins/export?format=csv" }),
    ...tenantAdmin,
    status: 200,
  },
  "POST /api/me/password": {
    prepare: async (ctx) => ({
      method: "POST",
      url: "/api/me/password",
      body: { currentPassword: PASSWORD, newPassword: "a brand new walk password 2026" },
      as: await signedInMember(ctx),
    }),
    allowed: "member",
    status: 200,
    denied: ["operator"],
    crossTenant: false,
  },
  "POST /api/t/:tenant/users/:userId/password/reset": {
    prepare: async (ctx) => ({
      method: "POST",
      url: `/api/t/acme/users/${await activeMember(ctx)}/password/reset`,
    }),
    ...tenantAdmin,
    status: 200,
  },
  "GET /api/t/:tenant/groups": {
    prepare: async () => ({ method: "GET", url: "/api/t/acme/groups" }),
    ...tenantAdmin,
    status: 200,
  },
  "GET /api/t/:tenant/scim-tokens": {
    prepare: async () => ({ method: "GET", url: "/api/t/acme/scim-tokens" }),
    ...tenantAdmin,
    status: 200,
  },
  "POST /api/t/:tenant/scim-tokens": {
    prepare: async () => ({
      method: "POST",
      url: "/api/t/acme/scim-tokens",
      body: { name: "IdP" },
    }),
    ...tenantAdmin,
    status: 201,
  },
  "POST /api/t/:tenant/scim-tokens/:tokenId/rotate": {
    prepare: async (ctx) => ({
      method: "POST",
      url: `/api/t/acme/scim-tokens/${await scimTokenId(ctx)}/rotate`,
    }),
    ...tenantAdmin,
    status: 200,
  },
  "POST /api/t/:tenant/scim-tokens/:tokenId/revoke": {
    prepare: async (ctx) => ({
      method: "POST",
      url: `/api/t/acme/scim-tokens/${await scimTokenId(ctx)}/revoke`,
    }),
    ...tenantAdmin,
    status: 200,
  },
  "GET /scim/v2/ServiceProviderConfig": {
    prepare: async () => ({ method: "GET", url: "/scim/v2/ServiceProviderConfig" }),
    ...scimClient,
    status: 200,
  },
  "GET /scim/v2/ResourceTypes": {
    prepare: async () => ({ method: "GET", url: "/scim/v2/ResourceTypes" }),
    ...scimClient,
    status: 200,
  },
  "GET /scim/v2/Schemas": {
    prepare: async () => ({ method: "GET", url: "/scim/v2/Schemas" }),
    ...scimClient,
    status: 200,
  },
  "GET /scim/v2/Users": {
    prepare: async () => ({ method: "GET", url: "/scim/v2/Users?startIndex=1&count=10" }),
    ...scimClient,
    status: 200,
  },
  "POST /scim/v2/Users": {
    prepare: async () => ({
      method: "POST",
      url: "/scim/v2/Users",
      body: { schemas: [USER_SCHEMA], userName: `${randomUUID()}@acme.example` },
    }),
    ...scimClient,
    status: 201,
  },
  "GET /scim/v2/Users/:id": {
    prepare: async (ctx) => ({
      method: "GET",
      url: `/scim/v2/Users/${await provisionedUser(ctx)}`,
    }),
    ...scimItem,
    status: 200,
  },
  "PUT /scim/v2/Users/:id": {
    prepare: async (ctx) => ({
      method: "PUT",
      url: `/scim/v2/Users/${await provisionedUser(ctx)}`,
      body: { schemas: [USER_SCHEMA], userName: `${randomUUID()}@acme.example` },
    }),
    ...scimItem,
    status: 200,
  },
  "PATCH /scim/v2/Users/:id": {
    prepare: async (ctx) => ({
      method: "PATCH",
      url: `/scim/v2/Users/${await provisionedUser(ctx)}`,
      body: {
        schemas: [PATCH_SCHEMA],
        Operations: [{ op: "replace", path: "active", value: false }],
      },
    }),
    ...scimItem,
    status: 200,
  },
  "DELETE /scim/v2/Users/:id": {
    prepare: async (ctx) => ({
      method: "DELETE",
      url: `/scim/v2/Users/${await provisionedUser(ctx)}`,
    }),
    ...scimItem,
    status: 204,
  },
  "GET /scim/v2/Groups": {
    prepare: async () => ({ method: "GET", url: "/scim/v2/Groups" }),
    ...scimClient,
    status: 200,
  },
  "POST /scim/v2/Groups": {
    prepare: async () => ({
      method: "POST",
      url: "/scim/v2/Groups",
      body: { schemas: [GROUP_SCHEMA], displayName: `Group ${randomUUID()}` },
    }),
    ...scimClient,
    status: 201,
  },
  "GET /scim/v2/Groups/:id": {
    prepare: async (ctx) => ({
      method: "GET",
      url: `/scim/v2/Groups/${await provisionedGroup(ctx)}`,
    }),
    ...scimItem,
    status: 200,
  },
  "PUT /scim/v2/Groups/:id": {
    prepare: async (ctx) => ({
      method: "PUT",
      url: `/scim/v2/Groups/${await provisionedGroup(ctx)}`,
      body: { schemas: [GROUP_SCHEMA], displayName: `Group ${randomUUID()}` },
    }),
    ...scimItem,
    status: 200,
  },
  "PATCH /scim/v2/Groups/:id": {
    prepare: async (ctx) => ({
      method: "PATCH",
      url: `/scim/v2/Groups/${await provisionedGroup(ctx)}`,
      body: {
        schemas: [PATCH_SCHEMA],
        Operations: [
          { op: "add", path: "members", value: [{ value: await provisionedUser(ctx) }] },
        ],
      },
    }),
    ...scimItem,
    status: 200,
  },
  "DELETE /scim/v2/Groups/:id": {
    prepare: async (ctx) => ({
      method: "DELETE",
      url: `/scim/v2/Groups/${await provisionedGroup(ctx)}`,
    }),
    ...scimItem,
    status: 204,
  },
  "GET /assets/*": {
    prepare: async () => ({ method: "GET", url: `/assets/${firstAsset()}` }),
    allowed: "anonymous",
    status: 200,
    denied: [],
    crossTenant: false,
  },
  "GET /device-worker.js": {
    prepare: async () => ({ method: "GET", url: "/device-worker.js" }),
    allowed: "anonymous",
    status: 200,
    denied: [],
    crossTenant: false,
  },
  "GET /api/auth/methods": {
    prepare: async () => ({ method: "GET", url: "/api/auth/methods?tenant=acme" }),
    allowed: "anonymous",
    status: 200,
    denied: [],
    crossTenant: false,
  },
  "GET /api/auth/sso/start": {
    // acme has no identity provider in the walk: the browser is sent back to the sign-in page.
    prepare: async () => ({ method: "GET", url: "/api/auth/sso/start?tenant=acme" }),
    allowed: "anonymous",
    status: 303,
    denied: [],
    crossTenant: false,
  },
  "GET /api/auth/sso/callback": {
    prepare: async () => ({ method: "GET", url: "/api/auth/sso/callback?code=c&state=unknown" }),
    allowed: "anonymous",
    status: 303,
    denied: [],
    crossTenant: false,
  },
  "GET /api/t/:tenant/sso": {
    prepare: async () => ({ method: "GET", url: "/api/t/acme/sso" }),
    ...tenantAdmin,
    status: 200,
  },
  "PUT /api/t/:tenant/sso": {
    prepare: async () => ({
      method: "PUT",
      url: "/api/t/acme/sso",
      body: {
        enabled: false,
        preset: "custom",
        entraTenantId: "",
        issuer: "https://idp.acme.example",
        clientId: "engawa",
        clientSecret: "walk-secret",
        scopes: "openid email profile",
        emailClaim: "email",
        nameClaim: "name",
        groupsClaim: "groups",
        allowedDomains: ["acme.example"],
        jitEnabled: false,
        buttonLabel: "Acme",
        requireSso: false,
      },
    }),
    ...tenantAdmin,
    status: 200,
  },
  "POST /api/t/:tenant/sso/test": {
    // Nothing listens on port 1: the answer is "not reachable", without leaving the machine.
    prepare: async () => ({
      method: "POST",
      url: "/api/t/acme/sso/test",
      body: { issuer: "https://127.0.0.1:1" },
    }),
    ...tenantAdmin,
    status: 200,
  },
  "PUT /api/t/:tenant/users/:userId/break-glass": {
    prepare: async (ctx) => ({
      method: "PUT",
      url: `/api/t/acme/users/${await activeMember(ctx)}/break-glass`,
      body: { breakGlass: true },
    }),
    ...tenantAdmin,
    status: 200,
  },
  "GET /*": {
    prepare: async () => ({ method: "GET", url: "/admin/users" }),
    allowed: "anonymous",
    status: 200,
    denied: [],
    crossTenant: false,
  },
};

export { invitedUser, activeMember };
