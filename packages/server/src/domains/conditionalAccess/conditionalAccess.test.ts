import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  caIsDownload,
  LABEL_PRESET_LABELS,
  mfaForEveryonePolicy,
  NOBODY,
  NO_SESSION_CONTROLS,
  SCIM_SCHEMAS,
  type GroupsResponse,
  type TermsOfUseListResponse,
  type TermsOfUseResponse,
  type CaPolicy,
  type CaPolicyInput,
  type ChannelSummary,
  type LabelsResponse,
  type NamedLocation,
  type NamedLocationInput,
  type SearchResponse,
  type TeamSummary,
  type WhatIfRequest,
  type WhatIfResponse,
} from "@engawa/shared";
import { backends } from "../../../test/database.ts";
import { PASSWORD, seedWorld, type World } from "../../../test/fixtures.ts";
import { TestBrowser } from "../../../test/http.ts";
import { enrollTotp, newMember, TOTP_STEP_MS } from "../../../test/mfa.ts";
import { createTestApp, type TestApp } from "../../../test/testApp.ts";
import { HTTP_ROUTES } from "../../gateway/registry.ts";
import { totpCode } from "../../platform/crypto/totp.ts";
import { issueScimToken, ScimBrowser } from "../../../test/scimClient.ts";

/**
 * Conditional access through the HTTP API, on both databases: named locations and policies, a
 * sign-in through a trusted proxy, report-only results, What-If, the lock-out guard and the
 * request-time decision (issue "Conditional access", acceptance 1–3 at the API level).
 */
const OFFICE_RANGE = "198.51.100.0/24";
const OFFICE_ID_OF_NOWHERE = "0f0f0f0f-0f0f-4f0f-8f0f-0f0f0f0f0f0f";
const OFFICE_ADDRESS = "198.51.100.7";
/** Tokyo (IIJ) in the shipped DB-IP data. */
const OUTSIDE_ADDRESS = "210.130.1.1";
/** The test app trusts this proxy's `X-Forwarded-For`. */
const PROXY = "10.9.9.9";
const CHROME_WINDOWS =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36";

const nobody = NOBODY;
function policyInput(overrides: Partial<CaPolicyInput> = {}): CaPolicyInput {
  return {
    ...mfaForEveryonePolicy("Require MFA outside the office"),
    state: "on",
    ...overrides,
  };
}

describe.each(backends())("conditional access on %s", (backend) => {
  let t: TestApp;
  let world: World;
  let owner: TestBrowser;
  let office: NamedLocation;

  beforeAll(async () => {
    t = await createTestApp(backend, { ENGAWA_TRUSTED_PROXIES: `${PROXY}/32` });
    world = await seedWorld(t.services);
    owner = new TestBrowser(t.app, OFFICE_ADDRESS, CHROME_WINDOWS);
    expect((await owner.signIn("acme", world.a.users.owner.email, PASSWORD)).status).toBe(200);
    const settings = (await owner.get("/api/t/acme/settings")).json<{ settings: object }>()
      .settings;
    const changed = await owner.put("/api/t/acme/settings", {
      ...settings,
      secondFactorPrompt: "when_required",
    });
    expect(changed.status).toBe(200);
    const location: NamedLocationInput = {
      name: "本社",
      ranges: [OFFICE_RANGE],
      countries: [],
      includeUnknownCountry: false,
      trusted: true,
    };
    const created = await owner.post("/api/t/acme/conditional-access/locations", location);
    expect(created.status).toBe(201);
    office = created.json<{ location: NamedLocation }>().location;
  });
  afterAll(async () => t.close());

  /** A browser behind the trusted proxy, whose client address the proxy forwards. */
  function behindProxy(clientAddress: string): TestBrowser {
    const browser = new TestBrowser(t.app, PROXY, CHROME_WINDOWS);
    browser.headers["x-forwarded-for"] = clientAddress;
    return browser;
  }

  async function memberWithApp() {
    const member = await newMember(t, world);
    const first = new TestBrowser(t.app, OFFICE_ADDRESS, CHROME_WINDOWS);
    await first.signIn("acme", member.email, PASSWORD);
    const { secret } = await enrollTotp(t, first);
    t.clock.advance(TOTP_STEP_MS);
    return { ...member, secret };
  }

  async function createPolicy(input: CaPolicyInput): Promise<CaPolicy> {
    const reply = await owner.post("/api/t/acme/conditional-access/policies", input);
    expect(reply.status, reply.body).toBe(201);
    return reply.json<{ policy: CaPolicy }>().policy;
  }

  async function removePolicy(policy: CaPolicy) {
    expect(
      (await owner.delete(`/api/t/acme/conditional-access/policies/${policy.id}`)).status,
    ).toBe(200);
  }

  it("asks for MFA outside the trusted range only, through a trusted proxy, and lets the user in after", async () => {
    const policy = await createPolicy(
      policyInput({
        conditions: {
          ...policyInput().conditions,
          locations: { any: true, trusted: false, include: [], excludeTrusted: true, exclude: [] },
        },
      }),
    );
    const user = await memberWithApp();

    const inside = behindProxy(OFFICE_ADDRESS);
    const fromOffice = await inside.signIn("acme", user.email, PASSWORD);
    expect(fromOffice.json()).toMatchObject({ session: { stage: "complete" } });
    expect((await inside.get("/api/t/acme/teams")).status).toBe(200);

    const outside = behindProxy(OUTSIDE_ADDRESS);
    const fromHome = await outside.signIn("acme", user.email, PASSWORD);
    expect(fromHome.json()).toMatchObject({ session: { stage: "second_factor" } });
    expect((await outside.get("/api/t/acme/teams")).status).toBe(403);
    const verified = outside.adopt(
      await outside.post("/api/auth/second-factor/totp", {
        code: totpCode(user.secret, t.clock.now().getTime()),
      }),
    );
    expect(verified.status, verified.body).toBe(200);
    expect((await outside.get("/api/t/acme/teams")).status).toBe(200);

    // The same session moving outside mid-session is asked again at the next request; a second
    // factor given then (step-up) lets it through.
    inside.headers["x-forwarded-for"] = OUTSIDE_ADDRESS;
    const moved = await inside.get("/api/t/acme/teams");
    expect(moved.status).toBe(403);
    expect(moved.json()).toMatchObject({ error: { code: "mfa_required" } });
    t.clock.advance(TOTP_STEP_MS);
    const stepUp = await inside.post("/api/auth/step-up", {
      password: PASSWORD,
      code: totpCode(user.secret, t.clock.now().getTime()),
    });
    expect(stepUp.status, stepUp.body).toBe(200);
    expect((await inside.get("/api/t/acme/teams")).status).toBe(200);

    // A client that sets X-Forwarded-For itself, not through the proxy, is not believed.
    const spoofing = new TestBrowser(t.app, OUTSIDE_ADDRESS, CHROME_WINDOWS);
    spoofing.headers["x-forwarded-for"] = OFFICE_ADDRESS;
    const spoofed = await spoofing.signIn("acme", user.email, PASSWORD);
    expect(spoofed.json()).toMatchObject({ session: { stage: "second_factor" } });

    // Someone without a second factor is sent to set one up (the policy, not risk, asks for it).
    const bare = await newMember(t, world);
    const bareOutside = behindProxy(OUTSIDE_ADDRESS);
    const bareReply = await bareOutside.signIn("acme", bare.email, PASSWORD);
    expect(bareReply.json()).toMatchObject({ session: { stage: "enrollment" } });
    expect((await bareOutside.get("/api/t/acme/teams")).status).toBe(403);

    // Account actions stay open, so the user can always satisfy the policy or sign out.
    const waiting = behindProxy(OUTSIDE_ADDRESS);
    await waiting.signIn("acme", user.email, PASSWORD);
    expect((await waiting.get("/api/me")).status).toBe(200);
    await removePolicy(policy);
  });

  it("blocks with a block policy, names it in the audit log, and a report-only one only records", async () => {
    const member = await newMember(t, world);
    const blocking = await createPolicy(
      policyInput({
        name: "Block one member",
        include: { ...nobody, users: [member.id] },
        grant: { block: true, operator: "all", controls: [], termsOfUseId: null },
      }),
    );
    const refused = await new TestBrowser(t.app, OFFICE_ADDRESS, CHROME_WINDOWS).signIn(
      "acme",
      member.email,
      PASSWORD,
    );
    expect(refused.status).toBe(403);
    expect(refused.json()).toMatchObject({ error: { code: "access_blocked" } });
    await removePolicy(blocking);

    const reportOnly = await createPolicy(
      policyInput({
        name: "Would block members",
        state: "report_only",
        include: { ...nobody, roles: ["member"] },
        grant: { block: true, operator: "all", controls: [], termsOfUseId: null },
      }),
    );
    const browser = new TestBrowser(t.app, OFFICE_ADDRESS, CHROME_WINDOWS);
    expect((await browser.signIn("acme", member.email, PASSWORD)).status).toBe(200);
    expect((await browser.get("/api/t/acme/teams")).status).toBe(200);
    const admin = new TestBrowser(t.app, OFFICE_ADDRESS, CHROME_WINDOWS);
    await admin.signIn("acme", world.a.users.admin.email, PASSWORD);
    const listed = (await owner.get("/api/t/acme/conditional-access/policies")).json<{
      policies: CaPolicy[];
    }>().policies;
    const report = listed.find((p) => p.id === reportOnly.id)?.report;
    // The member would have been blocked; the admin's sign-in was not in its scope.
    expect(report).toMatchObject({ failure: 1, notApplied: 1, success: 0, actionRequired: 0 });
    await removePolicy(reportOnly);
  });

  it("refuses a policy that would block every administrator, and accepts it with an emergency account excluded", async () => {
    const blockAll = policyInput({
      name: "Block everyone abroad",
      grant: { block: true, operator: "all", controls: [], termsOfUseId: null },
      conditions: {
        ...policyInput().conditions,
        locations: { any: true, trusted: false, include: [], excludeTrusted: true, exclude: [] },
      },
    });
    const refused = await owner.post("/api/t/acme/conditional-access/policies", blockAll);
    expect(refused.status).toBe(409);
    expect(refused.json()).toMatchObject({ error: { code: "would_lock_out_admins" } });
    // Blocking chat blocks signing in (a sign-in is decided as chat's first page).
    const chatOnly = await owner.post("/api/t/acme/conditional-access/policies", {
      ...blockAll,
      apps: ["chat"],
    });
    expect(chatOnly.status).toBe(409);
    const filesOnly = await owner.post("/api/t/acme/conditional-access/policies", {
      ...blockAll,
      apps: ["files"],
    });
    expect(filesOnly.status).toBe(201);
    await removePolicy(filesOnly.json<{ policy: CaPolicy }>().policy);
    const adminsOnly = await owner.post("/api/t/acme/conditional-access/policies", {
      ...blockAll,
      include: { ...nobody, roles: ["owner", "admin"] },
    });
    expect(adminsOnly.status).toBe(409);
    // Report-only cannot lock anyone out; a policy on with one admin excluded leaves a way in.
    const reportOnly = await owner.post("/api/t/acme/conditional-access/policies", {
      ...blockAll,
      state: "report_only",
    });
    expect(reportOnly.status).toBe(201);
    await removePolicy(reportOnly.json<{ policy: CaPolicy }>().policy);
    const excluded = await owner.post("/api/t/acme/conditional-access/policies", {
      ...blockAll,
      exclude: { ...nobody, users: [world.a.users.owner.id] },
    });
    expect(excluded.status).toBe(201);
    const saved = excluded.json<{ policy: CaPolicy }>().policy;
    // Changing it later to include the excluded owner again is refused the same way.
    const edited = await owner.put(`/api/t/acme/conditional-access/policies/${saved.id}`, blockAll);
    expect(edited.status).toBe(409);

    // Two policies that each spare an administrator, but not the same one, lock everyone out
    // between them: the second is refused, naming the first.
    const sparesAdmins = await owner.post("/api/t/acme/conditional-access/policies", {
      ...blockAll,
      name: "Block all but admins",
      exclude: { ...nobody, roles: ["admin"] },
    });
    expect(sparesAdmins.status, sparesAdmins.body).toBe(409);
    expect(sparesAdmins.json<{ error: { message: string } }>().error.message).toContain(
      `"${saved.name}"`,
    );
    // Sparing the same owner in both leaves a way in.
    const sparesBoth = await owner.post("/api/t/acme/conditional-access/policies", {
      ...blockAll,
      name: "Block all but admins and the owner",
      exclude: { ...nobody, roles: ["admin"], users: [world.a.users.owner.id] },
    });
    expect(sparesBoth.status, sparesBoth.body).toBe(201);
    await removePolicy(sparesBoth.json<{ policy: CaPolicy }>().policy);
    await removePolicy(saved);
  });

  it("refuses to disable or demote the only administrator the blocking policies spare", async () => {
    const spared = await newMember(t, world);
    const promoted = await owner.put(`/api/t/acme/users/${spared.id}/role`, { role: "admin" });
    expect(promoted.status, promoted.body).toBe(200);
    const policy = await createPolicy(
      policyInput({
        name: "Block everyone abroad but the emergency admin",
        grant: { block: true, operator: "all", controls: [], termsOfUseId: null },
        exclude: { ...nobody, users: [spared.id] },
        conditions: {
          ...policyInput().conditions,
          locations: { any: true, trusted: false, include: [], excludeTrusted: true, exclude: [] },
        },
      }),
    );
    for (const attempt of [
      () => owner.put(`/api/t/acme/users/${spared.id}/role`, { role: "member" }),
      () => owner.post(`/api/t/acme/users/${spared.id}/disable`, {}),
    ]) {
      const refused = await attempt();
      expect(refused.status, refused.body).toBe(409);
      expect(refused.json()).toMatchObject({ error: { code: "would_lock_out_admins" } });
      expect(refused.json<{ error: { message: string } }>().error.message).toContain(
        `"${policy.name}"`,
      );
    }
    // Nothing changed; without the policy the same change goes through.
    const users = (await owner.get("/api/t/acme/users")).json<{
      users: { id: string; role: string; status: string }[];
    }>().users;
    expect(users.find((u) => u.id === spared.id)).toMatchObject({
      role: "admin",
      status: "active",
    });
    await removePolicy(policy);
    expect((await owner.post(`/api/t/acme/users/${spared.id}/disable`, {})).status).toBe(200);
  });

  it("What-If names the policies that apply and the first condition of each that does not", async () => {
    const outsideMfa = await createPolicy(
      policyInput({
        conditions: {
          ...policyInput().conditions,
          locations: { any: true, trusted: false, include: [], excludeTrusted: true, exclude: [] },
        },
      }),
    );
    const adminOnly = await createPolicy(
      policyInput({
        name: "Admin pages need a passkey",
        // The owner asking What-If is excluded: the policy would otherwise ask them for a passkey.
        exclude: { ...nobody, users: [world.a.users.owner.id] },
        apps: ["admin"],
        grant: {
          block: false,
          operator: "all",
          controls: ["phishing_resistant"],
          termsOfUseId: null,
        },
      }),
    );
    const iosOnly = await createPolicy(
      policyInput({
        name: "Block iOS (report-only)",
        state: "report_only",
        grant: { block: true, operator: "all", controls: [], termsOfUseId: null },
        conditions: { ...policyInput().conditions, platforms: ["ios"] },
      }),
    );
    const ask = async (body: Partial<WhatIfRequest>) => {
      const reply = await owner.post("/api/t/acme/conditional-access/what-if", {
        userId: world.a.users.member.id,
        app: "chat",
        clientType: "browser",
        platform: "windows",
        ip: OFFICE_ADDRESS,
        signInRisk: "none",
        userRisk: "none",
        mfa: false,
        phishingResistant: false,
        ...body,
      });
      expect(reply.status, reply.body).toBe(200);
      return reply.json<WhatIfResponse>();
    };
    const resultOf = (answer: WhatIfResponse, id: string) =>
      answer.policies.find((p) => p.policyId === id);

    const inOffice = await ask({});
    expect(inOffice.verdict).toBe("allow");
    expect(inOffice.locations).toEqual([office.id]);
    expect(resultOf(inOffice, outsideMfa.id)).toMatchObject({
      result: "not_applied",
      unmet: "excluded_location",
    });
    expect(resultOf(inOffice, adminOnly.id)).toMatchObject({
      result: "not_applied",
      unmet: "apps",
    });
    expect(resultOf(inOffice, iosOnly.id)).toMatchObject({
      result: "not_applied",
      unmet: "platform",
    });

    const fromHome = await ask({ ip: OUTSIDE_ADDRESS, app: "admin", platform: "ios" });
    expect(fromHome).toMatchObject({
      verdict: "action_required",
      controls: ["mfa", "phishing_resistant"],
      country: "JP",
    });
    expect(resultOf(fromHome, outsideMfa.id)).toMatchObject({
      result: "action_required",
      controls: ["mfa"],
    });
    expect(resultOf(fromHome, iosOnly.id)).toMatchObject({
      result: "failure",
      state: "report_only",
    });

    const unknown = await owner.post("/api/t/acme/conditional-access/what-if", {
      userId: world.b.users.member.id,
      app: "chat",
      clientType: "browser",
      platform: "windows",
      ip: OFFICE_ADDRESS,
      signInRisk: "none",
      userRisk: "none",
      mfa: false,
      phishingResistant: false,
    });
    expect(unknown.status).toBe(400);
    for (const p of [outsideMfa, adminOnly, iosOnly]) await removePolicy(p);
  });

  it("a view-only session cannot download a file or export through any route, and still sees them", async () => {
    // What hands data out: every protected route that writes its own reply, apart from the
    // WebSocket and the inline preview of an image, is an action of the download group.
    const raw = HTTP_ROUTES.filter((r) => r.kind === "protected" && r.raw && !r.websocket);
    const handOut = raw.filter((r) => r.kind === "protected" && caIsDownload(r.action));
    expect(
      raw
        .filter((r) => !handOut.includes(r))
        .map((r) => `${r.method} ${r.url}`)
        .sort(),
    ).toEqual(["GET /api/t/:tenant/files/:fileId/thumbnail"]);
    expect(handOut.map((r) => `${r.method} ${r.url}`).sort()).toEqual([
      "GET /api/t/:tenant/audit/export",
      "GET /api/t/:tenant/files/:fileId/content",
      "GET /api/t/:tenant/meetings/:meetingId/invite.ics",
      "GET /api/t/:tenant/sign-ins/export",
    ]);

    const team = (
      await owner.post("/api/t/acme/teams", { name: "View only", visibility: "private" })
    ).json<TeamSummary>();
    for (const id of [world.a.users.member.id, world.a.users.admin.id])
      await owner.request("PUT", `/api/t/acme/teams/${team.id}/members/${id}`, { role: "member" });
    const general = (await owner.get(`/api/t/acme/teams/${team.id}/channels`)).json<{
      channels: ChannelSummary[];
    }>().channels[0] as ChannelSummary;
    const bytes = Buffer.from("%PDF-1.4\n% 診療記録\n");
    const uploaded = await owner.request(
      "POST",
      `/api/t/acme/channels/${general.id}/files?name=${encodeURIComponent("記録.pdf")}`,
      bytes,
      { "content-type": "application/octet-stream" },
    );
    expect(uploaded.status, uploaded.body).toBe(201);
    const fileId = uploaded.json<{ id: string }>().id;

    const policy = await createPolicy(
      policyInput({
        name: "View only for staff",
        include: { ...nobody, roles: ["member", "admin"] },
        grant: { block: false, operator: "all", controls: [], termsOfUseId: null },
        session: { ...NO_SESSION_CONTROLS, viewOnly: true },
      }),
    );
    const member = new TestBrowser(t.app, OFFICE_ADDRESS, CHROME_WINDOWS);
    await member.signIn("acme", world.a.users.member.email, PASSWORD);
    const admin = new TestBrowser(t.app, OFFICE_ADDRESS, CHROME_WINDOWS);
    await admin.signIn("acme", world.a.users.admin.email, PASSWORD);
    const refusedDownloads = [
      [member, `/api/t/acme/files/${fileId}/content`],
      [member, `/api/t/acme/files/${fileId}/content?version=1`],
      [admin, `/api/t/acme/files/${fileId}/content`],
      [admin, "/api/t/acme/audit/export?format=csv"],
      [admin, "/api/t/acme/sign-ins/export?format=jsonl"],
    ] as const;
    for (const [browser, url] of refusedDownloads) {
      const reply = await browser.get(url);
      expect(reply.status, url).toBe(403);
      expect(reply.json(), url).toMatchObject({ error: { code: "view_only" } });
      expect(reply.body).not.toContain("診療記録");
    }
    // Seeing stays: the channel's files, the file's details, the audit log's pages.
    const listed = await member.get(`/api/t/acme/channels/${general.id}/files`);
    expect(listed.status).toBe(200);
    // The list says what the session may not download, so the client offers no link for it.
    expect(listed.json()).toMatchObject({ viewOnly: { channel: true, files: [fileId] } });
    expect((await member.get(`/api/t/acme/files/${fileId}`)).status).toBe(200);
    expect((await admin.get("/api/t/acme/audit")).status).toBe(200);
    // The owner is not under the policy and downloads the same bytes.
    expect((await owner.get(`/api/t/acme/channels/${general.id}/files`)).json()).toMatchObject({
      viewOnly: { channel: false, files: [] },
    });
    const ownDownload = await owner.get(`/api/t/acme/files/${fileId}/content`);
    expect(ownDownload.status).toBe(200);
    expect(ownDownload.raw.equals(bytes)).toBe(true);
    // Each refusal is in the audit log with the policy that made it.
    const denials = await t.services.audit.list(
      { tenantId: world.a.id, actor: { type: "system", reason: "test" } },
      { outcome: "deny", action: "file.download", limit: 50 },
    );
    expect(
      denials.events.some(
        (e) =>
          e.details.reason === "conditional_access" &&
          (e.details.policies as string[]).includes(policy.id),
      ),
    ).toBe(true);
    await removePolicy(policy);
    expect((await member.get(`/api/t/acme/files/${fileId}/content`)).status).toBe(200);
  });

  it("keeps the organisation's sensitivity labels, puts them on teams, and keeps a label in use", async () => {
    const generic = LABEL_PRESET_LABELS.generic.map((l) => ({
      name: l.ja,
      description: l.jaDescription,
    }));
    const saved = await owner.put("/api/t/acme/labels", { labels: generic });
    expect(saved.status, saved.body).toBe(200);
    const labels = saved.json<LabelsResponse>().labels;
    expect(labels.map((l) => [l.name, l.rank])).toEqual([
      ["公開", 0],
      ["社内", 1],
      ["機密", 2],
      ["極秘", 3],
    ]);
    // Everyone of the organisation sees them, guests too; only admins change them.
    const member = new TestBrowser(t.app, OFFICE_ADDRESS, CHROME_WINDOWS);
    await member.signIn("acme", world.a.users.member.email, PASSWORD);
    expect((await member.get("/api/t/acme/labels")).json<LabelsResponse>().labels).toHaveLength(4);
    expect((await member.put("/api/t/acme/labels", { labels: generic })).status).toBe(403);

    const team = (
      await owner.post("/api/t/acme/teams", { name: "Records", visibility: "private" })
    ).json<TeamSummary>();
    const secret = labels[3]!;
    const labelled = await owner.put(`/api/t/acme/teams/${team.id}/label`, { labelId: secret.id });
    expect(labelled.status, labelled.body).toBe(200);
    expect(labelled.json<TeamSummary>().labelId).toBe(secret.id);
    const listed = (await owner.get("/api/t/acme/teams")).json<{ teams: TeamSummary[] }>().teams;
    expect(listed.find((t) => t.id === team.id)?.labelId).toBe(secret.id);
    // Another organisation's label, or none at all, is refused.
    expect(
      (await owner.put(`/api/t/acme/teams/${team.id}/label`, { labelId: OFFICE_ID_OF_NOWHERE }))
        .status,
    ).toBe(400);
    // Renaming keeps the label on the team; removing a label in use is refused.
    const renamed = await owner.put("/api/t/acme/labels", {
      labels: labels.map((l) => ({
        id: l.id,
        name: l.name === "極秘" ? "最高機密" : l.name,
        description: l.description,
      })),
    });
    expect(renamed.status).toBe(200);
    const withoutSecret = await owner.put("/api/t/acme/labels", {
      labels: labels
        .slice(0, 3)
        .map((l) => ({ id: l.id, name: l.name, description: l.description })),
    });
    expect(withoutSecret.status).toBe(409);
    expect(withoutSecret.json()).toMatchObject({ error: { code: "invalid_state" } });
    expect(
      (await owner.get("/api/t/acme/labels")).json<LabelsResponse>().labels.map((l) => l.name),
    ).toEqual(["公開", "社内", "機密", "最高機密"]);
    const twice = await owner.put("/api/t/acme/labels", {
      labels: [
        { name: "同じ", description: "" },
        { name: "同じ", description: "" },
      ],
    });
    expect(twice.status).toBe(400);
    // A policy on the label: the team's channels ask for MFA; another team's do not (MEXT: MFA for
    // staff on class Ⅱ and above is such a policy).
    await owner.request("PUT", `/api/t/acme/teams/${team.id}/members/${world.a.users.member.id}`, {
      role: "member",
    });
    const open = (
      await owner.post("/api/t/acme/teams", { name: "Lunch", visibility: "private" })
    ).json<TeamSummary>();
    await owner.request("PUT", `/api/t/acme/teams/${open.id}/members/${world.a.users.member.id}`, {
      role: "member",
    });
    const channelOf = async (teamId: string) =>
      (
        (await owner.get(`/api/t/acme/teams/${teamId}/channels`)).json<{
          channels: ChannelSummary[];
        }>().channels[0] as ChannelSummary
      ).id;
    const labelledChannel = await channelOf(team.id);
    const unlabelledChannel = await channelOf(open.id);
    const labelPolicy = await createPolicy(
      policyInput({
        name: "MFA for the most sensitive label",
        exclude: { ...nobody, users: [world.a.users.owner.id] },
        conditions: { ...policyInput().conditions, labels: [secret.id] },
      }),
    );
    expect(
      (
        await owner.post(`/api/t/acme/channels/${labelledChannel}/messages`, {
          body: "極秘の面談記録",
        })
      ).status,
    ).toBe(201);
    const searchFor = async (q: string) =>
      (await member.get(`/api/t/acme/search?q=${encodeURIComponent(q)}`)).json<SearchResponse>()
        .results;
    const refusedLabelled = await member.get(`/api/t/acme/channels/${labelledChannel}/messages`);
    expect(refusedLabelled.status).toBe(403);
    expect(refusedLabelled.json()).toMatchObject({ error: { code: "mfa_required" } });
    expect((await member.get(`/api/t/acme/channels/${unlabelledChannel}/messages`)).status).toBe(
      200,
    );
    // Search re-decides each channel with the policies too: nothing of the team is found.
    expect(await searchFor("面談記録")).toEqual([]);
    const whatIf = await owner.post("/api/t/acme/conditional-access/what-if", {
      userId: world.a.users.member.id,
      app: "chat",
      clientType: "browser",
      platform: "windows",
      ip: OFFICE_ADDRESS,
      signInRisk: "none",
      userRisk: "none",
      mfa: false,
      phishingResistant: false,
    });
    expect(
      whatIf.json<WhatIfResponse>().policies.find((p) => p.policyId === labelPolicy.id),
    ).toMatchObject({ result: "not_applied", unmet: "label" });
    await removePolicy(labelPolicy);
    expect((await member.get(`/api/t/acme/channels/${labelledChannel}/messages`)).status).toBe(200);
    expect(await searchFor("面談記録")).toHaveLength(1);

    // Off the team, the label can go.
    expect((await owner.put(`/api/t/acme/teams/${team.id}/label`, { labelId: null })).status).toBe(
      200,
    );
    expect((await owner.put("/api/t/acme/labels", { labels: [] })).status).toBe(200);
  });

  it("asks to confirm again once the sign-in frequency or the idle timeout runs out, and the confirmation lets the page carry on", async () => {
    const member = await newMember(t, world);
    const only = { ...nobody, users: [member.id] };
    const sessionOnly = {
      block: false,
      operator: "all" as const,
      controls: [],
      termsOfUseId: null,
    };
    const frequency = await createPolicy(
      policyInput({
        name: "Sign in again every 20 minutes",
        include: only,
        apps: ["chat"],
        grant: sessionOnly,
        session: { ...NO_SESSION_CONTROLS, signInFrequencyMinutes: 20 },
      }),
    );
    const browser = new TestBrowser(t.app, OFFICE_ADDRESS, CHROME_WINDOWS);
    expect((await browser.signIn("acme", member.email, PASSWORD)).status).toBe(200);
    /** Moves the clock, keeping the owner's session (idle limit 30 minutes) in use. */
    const wait = async (minutes: number) => {
      t.clock.advance(minutes * 60_000);
      expect((await owner.get("/api/me")).status).toBe(200);
    };
    /** The owner's changes need a recent sign-in (step-up), which the waits made old. */
    const ownerConfirms = async () =>
      expect((await owner.post("/api/auth/step-up", { password: PASSWORD })).status).toBe(200);
    expect((await browser.get("/api/t/acme/teams")).status).toBe(200);
    await wait(10);
    expect((await browser.get("/api/t/acme/teams")).status).toBe(200);
    await wait(11);
    // Used all along, but signed in 21 minutes ago: chat asks again; the account stays open.
    const lapsed = await browser.get("/api/t/acme/teams");
    expect(lapsed.status).toBe(403);
    expect(lapsed.json()).toMatchObject({ error: { code: "reauthentication_required" } });
    expect((await browser.get("/api/me")).status).toBe(200);
    const denials = await t.services.audit.list(
      { tenantId: world.a.id, actor: { type: "system", reason: "test" } },
      { outcome: "deny", action: "team.list", limit: 50 },
    );
    expect(
      denials.events.some(
        (e) =>
          e.details.verdict === "reauthenticate" &&
          (e.details.policies as string[]).includes(frequency.id),
      ),
    ).toBe(true);
    expect((await browser.post("/api/auth/step-up", { password: PASSWORD })).status).toBe(200);
    expect((await browser.get("/api/t/acme/teams")).status).toBe(200);
    await ownerConfirms();
    await removePolicy(frequency);

    const idle = await createPolicy(
      policyInput({
        name: "Confirm again after 5 idle minutes",
        include: only,
        apps: ["chat"],
        grant: sessionOnly,
        session: { ...NO_SESSION_CONTROLS, idleTimeoutMinutes: 5 },
      }),
    );
    await wait(4);
    expect((await browser.get("/api/t/acme/teams")).status).toBe(200);
    await wait(4);
    expect((await browser.get("/api/t/acme/teams")).status).toBe(200);
    await wait(6);
    const paused = await browser.get("/api/t/acme/teams");
    expect(paused.json()).toMatchObject({ error: { code: "reauthentication_required" } });
    // The refused request was activity too; the pause is kept until the person confirms.
    expect((await browser.get("/api/t/acme/teams")).status).toBe(403);
    expect((await browser.post("/api/auth/step-up", { password: "wrong password" })).status).toBe(
      400,
    );
    expect((await browser.get("/api/t/acme/teams")).status).toBe(403);
    expect((await browser.post("/api/auth/step-up", { password: PASSWORD })).status).toBe(200);
    expect((await browser.get("/api/t/acme/teams")).status).toBe(200);

    // What-If tells the same from the minutes it is given.
    const whatIf = (extra: Partial<WhatIfRequest>) =>
      owner.post("/api/t/acme/conditional-access/what-if", {
        userId: member.id,
        app: "chat",
        clientType: "browser",
        platform: "windows",
        ip: OFFICE_ADDRESS,
        signInRisk: "none",
        userRisk: "none",
        mfa: false,
        phishingResistant: false,
        ...extra,
      });
    const fresh = (await whatIf({})).json<WhatIfResponse>();
    expect(fresh.verdict).toBe("allow");
    const away = (await whatIf({ longestPauseMinutes: 5 })).json<WhatIfResponse>();
    expect(away.verdict).toBe("reauthenticate");
    expect(away.policies.find((p) => p.policyId === idle.id)?.result).toBe("reauthenticate");
    await ownerConfirms();
    await removePolicy(idle);
  });

  it("a watermark policy marks the messages page of the people it applies to, and only theirs", async () => {
    const member = await newMember(t, world);
    const browser = new TestBrowser(t.app, OFFICE_ADDRESS, CHROME_WINDOWS);
    expect((await browser.signIn("acme", member.email, PASSWORD)).status).toBe(200);
    const team = (
      await owner.post("/api/t/acme/teams", { name: "Watermarked", visibility: "private" })
    ).json<TeamSummary>();
    await owner.request("PUT", `/api/t/acme/teams/${team.id}/members/${member.id}`, {
      role: "member",
    });
    const general = (await owner.get(`/api/t/acme/teams/${team.id}/channels`)).json<{
      channels: ChannelSummary[];
    }>().channels[0] as ChannelSummary;
    const page = async (who: TestBrowser) => {
      const reply = await who.get(`/api/t/acme/channels/${general.id}/messages`);
      expect(reply.status, reply.body).toBe(200);
      return reply.json<{ watermark: boolean }>().watermark;
    };
    expect(await page(browser)).toBe(false);
    const policy = await createPolicy(
      policyInput({
        name: "Watermark for the member",
        include: { ...nobody, users: [member.id] },
        apps: ["chat"],
        grant: { block: false, operator: "all", controls: [], termsOfUseId: null },
        session: { ...NO_SESSION_CONTROLS, watermark: true },
      }),
    );
    expect(await page(browser)).toBe(true);
    expect(await page(owner)).toBe(false);
    // Off, it asks nothing again.
    const off = await owner.request("PUT", `/api/t/acme/conditional-access/policies/${policy.id}`, {
      ...policyInput({
        name: "Watermark for the member",
        include: { ...nobody, users: [member.id] },
        apps: ["chat"],
        grant: { block: false, operator: "all", controls: [], termsOfUseId: null },
        session: { ...NO_SESSION_CONTROLS, watermark: true },
      }),
      state: "off",
    });
    expect(off.status, off.body).toBe(200);
    expect(await page(browser)).toBe(false);
    await removePolicy(policy);
  });

  it("assigns a group provisioned over SCIM, and follows its members as they change", async () => {
    const member = await newMember(t, world);
    const browser = new TestBrowser(t.app, OFFICE_ADDRESS, CHROME_WINDOWS);
    expect((await browser.signIn("acme", member.email, PASSWORD)).status).toBe(200);
    const { secret } = await issueScimToken(t, world.a.id, "Group test IdP");
    const scim = new ScimBrowser(t.app, secret);
    const created = await scim.post("/scim/v2/Groups", {
      schemas: [SCIM_SCHEMAS.group],
      displayName: `Night shift ${member.id.slice(0, 8)}`,
      members: [{ value: member.id }],
    });
    expect(created.status, created.body).toBe(201);
    const groupId = created.json<{ id: string }>().id;
    const listed = (await owner.get("/api/t/acme/groups")).json<GroupsResponse>().groups;
    expect(listed.find((g) => g.id === groupId)).toMatchObject({ memberCount: 1 });
    // The list is the admins'; a member is refused it.
    expect((await browser.get("/api/t/acme/groups")).status).toBe(403);

    const policy = await createPolicy(
      policyInput({
        name: "Night shift: no chat",
        include: { ...nobody, groups: [groupId] },
        apps: ["chat"],
        grant: { block: true, operator: "all", controls: [], termsOfUseId: null },
      }),
    );
    const teams = () => browser.get("/api/t/acme/teams");
    expect((await teams()).json()).toMatchObject({ error: { code: "access_blocked" } });
    // Out of the group (the identity provider's change), the same session is let in.
    const removed = await scim.request("PATCH", `/scim/v2/Groups/${groupId}`, {
      schemas: [SCIM_SCHEMAS.patchOp],
      Operations: [{ op: "remove", path: `members[value eq "${member.id}"]` }],
    });
    expect(removed.status, removed.body).toBe(200);
    expect((await teams()).status).toBe(200);
    // What-If reads membership as it is now.
    const whatIf = await owner.post("/api/t/acme/conditional-access/what-if", {
      userId: member.id,
      app: "chat",
      clientType: "browser",
      platform: "windows",
      ip: OFFICE_ADDRESS,
      signInRisk: "none",
      userRisk: "none",
      mfa: false,
      phishingResistant: false,
    });
    expect(
      whatIf.json<WhatIfResponse>().policies.find((p) => p.policyId === policy.id),
    ).toMatchObject({ result: "not_applied", unmet: "users" });
    // A group that does not exist is refused by name.
    const unknown = await owner.post("/api/t/acme/conditional-access/policies", {
      ...policyInput(),
      include: { ...nobody, groups: [OFFICE_ID_OF_NOWHERE] },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.json()).toMatchObject({ error: { code: "invalid_request" } });
    await removePolicy(policy);
  });

  it("asks for the terms of use until the current version is accepted, and again after a change", async () => {
    const member = await newMember(t, world);
    const browser = new TestBrowser(t.app, OFFICE_ADDRESS, CHROME_WINDOWS);
    expect((await browser.signIn("acme", member.email, PASSWORD)).status).toBe(200);
    const written = await owner.post("/api/t/acme/conditional-access/terms", {
      name: "患者情報の取り扱い",
      text: "患者情報は院外に持ち出しません。\n\nPatient information stays here.",
    });
    expect(written.status, written.body).toBe(201);
    const terms = written.json<TermsOfUseResponse>().terms;
    expect(terms.version).toBe(1);
    // Asking for terms without naming them, or naming them without asking, is refused.
    for (const grant of [
      { block: false, operator: "all", controls: ["terms_of_use"], termsOfUseId: null },
      { block: false, operator: "all", controls: ["mfa"], termsOfUseId: terms.id },
      {
        block: false,
        operator: "all",
        controls: ["terms_of_use"],
        termsOfUseId: OFFICE_ID_OF_NOWHERE,
      },
    ]) {
      const reply = await owner.post("/api/t/acme/conditional-access/policies", {
        ...policyInput(),
        grant,
      });
      expect(reply.status, JSON.stringify(grant)).toBe(400);
    }
    const policy = await createPolicy(
      policyInput({
        name: "Accept the terms for chat",
        include: { ...nobody, users: [member.id] },
        apps: ["chat"],
        grant: {
          block: false,
          operator: "all",
          controls: ["terms_of_use"],
          termsOfUseId: terms.id,
        },
      }),
    );
    const teams = () => browser.get("/api/t/acme/teams");
    expect((await teams()).json()).toMatchObject({ error: { code: "terms_required" } });
    // The account step stays open: what to accept.
    const required = await browser.get("/api/t/acme/terms/required");
    expect(required.status).toBe(200);
    expect(required.json<TermsOfUseListResponse>().terms).toEqual([
      expect.objectContaining({ id: terms.id, version: 1, name: "患者情報の取り扱い" }),
    ]);
    // Nobody else is asked.
    expect((await owner.get("/api/t/acme/terms/required")).json()).toEqual({ terms: [] });
    const accept = (version: number) =>
      browser.post(`/api/t/acme/terms/${terms.id}/accept`, { version });
    expect((await accept(2)).json()).toMatchObject({ error: { code: "terms_changed" } });
    expect((await teams()).status).toBe(403);
    expect((await accept(1)).status).toBe(200);
    expect((await teams()).status).toBe(200);
    expect((await browser.get("/api/t/acme/terms/required")).json()).toEqual({ terms: [] });

    // A new name alone is the same version; new words are version 2, asked again.
    const renamed = await owner.request("PUT", `/api/t/acme/conditional-access/terms/${terms.id}`, {
      name: "患者情報",
      text: "患者情報は院外に持ち出しません。\n\nPatient information stays here.",
    });
    expect(renamed.json<TermsOfUseResponse>().terms.version).toBe(1);
    expect((await teams()).status).toBe(200);
    const reworded = await owner.request(
      "PUT",
      `/api/t/acme/conditional-access/terms/${terms.id}`,
      {
        name: "患者情報",
        text: "患者情報は院外に持ち出さず、印刷もしません。",
      },
    );
    expect(reworded.json<TermsOfUseResponse>().terms.version).toBe(2);
    expect((await teams()).json()).toMatchObject({ error: { code: "terms_required" } });
    expect((await accept(2)).status).toBe(200);
    expect((await teams()).status).toBe(200);

    // Who accepted which version is in the audit log.
    const accepted = await t.services.audit.list(
      { tenantId: world.a.id, actor: { type: "system", reason: "test" } },
      { action: "terms.accept", limit: 50 },
    );
    expect(
      accepted.events
        .filter((e) => e.actor.id === member.id)
        .map((e) => e.details.version)
        .sort(),
    ).toEqual([1, 2]);
    // Terms a policy asks for cannot be deleted; without the policy they can.
    const inUse = await owner.delete(`/api/t/acme/conditional-access/terms/${terms.id}`);
    expect(inUse.json()).toMatchObject({ error: { code: "terms_in_use" } });
    await removePolicy(policy);
    expect((await owner.delete(`/api/t/acme/conditional-access/terms/${terms.id}`)).status).toBe(
      200,
    );
  });

  it("refuses bad policies and locations with a clear error and keeps what was there", async () => {
    const bad = [
      {
        ...policyInput(),
        grant: { block: false, operator: "all", controls: [], termsOfUseId: null },
      },
      {
        ...policyInput(),
        conditions: {
          ...policyInput().conditions,
          locations: {
            any: false,
            trusted: false,
            include: ["00000000-0000-4000-8000-000000000000"],
            excludeTrusted: false,
            exclude: [],
          },
        },
      },
      {
        ...policyInput(),
        conditions: {
          ...policyInput().conditions,
          time: { days: [1], start: "09:00", end: "17:00", timeZone: "Mars/Olympus" },
        },
      },
      { ...policyInput(), apps: ["mail"] },
      { ...policyInput(), name: "" },
      { ...policyInput(), session: { ...NO_SESSION_CONTROLS, signInFrequencyMinutes: 0 } },
      { ...policyInput(), session: { ...NO_SESSION_CONTROLS, signInFrequencyMinutes: 1.5 } },
      { ...policyInput(), session: { ...NO_SESSION_CONTROLS, idleTimeoutMinutes: 2 } },
      { ...policyInput(), session: { ...NO_SESSION_CONTROLS, idleTimeoutMinutes: 1441 } },
      { ...policyInput(), session: { viewOnly: false } },
    ];
    for (const body of bad) {
      const reply = await owner.post("/api/t/acme/conditional-access/policies", body);
      expect(reply.status, JSON.stringify(body)).toBe(400);
      expect(reply.json<{ error: { code: string } }>().error.code).toBe("invalid_request");
    }
    const badLocations = [
      {
        name: "x",
        ranges: ["10.0.0.0/8"],
        countries: [],
        includeUnknownCountry: false,
        trusted: false,
      },
      {
        name: "x",
        ranges: ["not an address"],
        countries: [],
        includeUnknownCountry: false,
        trusted: false,
      },
      { name: "x", ranges: [], countries: ["JP"], includeUnknownCountry: false, trusted: true },
      { name: "x", ranges: [], countries: [], includeUnknownCountry: false, trusted: false },
      { name: "x", ranges: [], countries: ["jp"], includeUnknownCountry: false, trusted: false },
    ];
    for (const body of badLocations) {
      const reply = await owner.post("/api/t/acme/conditional-access/locations", body);
      expect(reply.status, JSON.stringify(body)).toBe(400);
    }
    // A location in use cannot be deleted.
    const policy = await createPolicy(
      policyInput({
        state: "report_only",
        conditions: {
          ...policyInput().conditions,
          locations: {
            any: false,
            trusted: false,
            include: [office.id],
            excludeTrusted: false,
            exclude: [],
          },
        },
      }),
    );
    const inUse = await owner.delete(`/api/t/acme/conditional-access/locations/${office.id}`);
    expect(inUse.status).toBe(409);
    await removePolicy(policy);
    const locations = (await owner.get("/api/t/acme/conditional-access/locations")).json<{
      locations: NamedLocation[];
    }>().locations;
    expect(locations.map((l) => l.id)).toEqual([office.id]);
  });
});
