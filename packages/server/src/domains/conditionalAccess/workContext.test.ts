import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  defaultContextRules,
  effectiveWorkContext,
  LABEL_PRESET_LABELS,
  mfaForEveryonePolicy,
  NOBODY,
  WORK_CONTEXT_IDLE_MINUTES,
  type ChannelSummary,
  type LabelsResponse,
  type MeResponse,
  type Message,
  type MessagePage,
  type SearchResponse,
  type SensitivityLabel,
  type TeamSummary,
  type WorkContext,
  type WorkContextResponse,
} from "@engawa/shared";
import { backends } from "../../../test/database.ts";
import { PASSWORD, seedWorld, type World } from "../../../test/fixtures.ts";
import { TestBrowser } from "../../../test/http.ts";
import { enrollTotp, newMember, TOTP_STEP_MS } from "../../../test/mfa.ts";
import { createTestApp, type TestApp } from "../../../test/testApp.ts";
import { WsClient, type Frame } from "../../../test/wsClient.ts";
import { totpCode } from "../../platform/crypto/totp.ts";
import { scopeFor } from "../../platform/scope.ts";

const REQUEST = { requestId: null, ip: null, userAgent: null };

/**
 * The label × work-context matrix through the HTTP API and the WebSocket, on both databases: the
 * generic preset's default rows (極秘 denied in a public place, 機密 by title only, MFA for 極秘 in a
 * private room, view-only in a shared space), the matrix switched off, a declaration that does not
 * follow the session to another address, bad declarations, what GET /api/me and the audit log
 * keep, and live delivery that stops at once when the place (or the matrix) changes.
 */
/** The test app trusts this proxy's `X-Forwarded-For`. */
const PROXY = "10.9.9.9";
const HOME_ADDRESS = "198.51.100.7";
const CAFE_ADDRESS = "203.0.113.50";
/** Text of the labelled teams' messages: a refused reply must never carry it. */
const SECRET_TEXT = "極秘の面談記録-7731";
const CONFIDENTIAL_TEXT = "機密の議事録-4410";
const FILE_BYTES = Buffer.from("%PDF-1.4\n% 機密の添付-9920\n");

describe.each(backends())("work context on %s", (backend) => {
  let t: TestApp;
  let world: World;
  let owner: TestBrowser;
  let base: string;
  /** The generic preset, least sensitive first: 公開, 社内, 機密, 極秘. */
  let labels: SensitivityLabel[];
  const sockets: WsClient[] = [];

  const labelNamed = (name: string) => {
    const label = labels.find((l) => l.name === name);
    if (!label) throw new Error(`no label ${name}`);
    return label;
  };

  beforeAll(async () => {
    t = await createTestApp(backend, { ENGAWA_TRUSTED_PROXIES: `${PROXY}/32` });
    world = await seedWorld(t.services);
    owner = new TestBrowser(t.app);
    expect((await owner.signIn("acme", world.a.users.owner.email, PASSWORD)).status).toBe(200);
    // A second factor only when something asks for it: a member's session starts without MFA,
    // so the matrix's step-up is what asks.
    const settings = (await owner.get("/api/t/acme/settings")).json<{ settings: object }>()
      .settings;
    expect(
      (
        await owner.put("/api/t/acme/settings", {
          ...settings,
          secondFactorPrompt: "when_required",
        })
      ).status,
    ).toBe(200);
    // The generic preset saved without rows: each label gets its place's default row.
    const saved = await owner.put("/api/t/acme/labels", {
      labels: LABEL_PRESET_LABELS.generic.map((l) => ({
        name: l.ja,
        description: l.jaDescription,
      })),
    });
    expect(saved.status, saved.body).toBe(200);
    labels = saved.json<LabelsResponse>().labels;
    await t.app.listen({ port: 0, host: "127.0.0.1" });
    const address = t.app.server.address();
    base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await t.close();
  });

  // --- Helpers ---

  async function setMatrix(enabled: boolean) {
    // Changing labels is a sensitive change: the owner confirms it is them first.
    expect((await owner.post("/api/auth/step-up", { password: PASSWORD })).status).toBe(200);
    const reply = await owner.put("/api/t/acme/labels", {
      labels: labels.map((l) => ({ id: l.id, name: l.name, description: l.description })),
      workContext: { enabled },
    });
    expect(reply.status, reply.body).toBe(200);
    expect(reply.json<LabelsResponse>().workContext).toEqual({ enabled });
  }

  async function signedIn(email: string, browser = new TestBrowser(t.app)) {
    const reply = await browser.signIn("acme", email, PASSWORD);
    expect(reply.status, reply.body).toBe(200);
    expect(reply.json()).toMatchObject({ session: { stage: "complete" } });
    return browser;
  }

  /** A new member with an authenticator app, signed in again without being asked for it. */
  async function memberWithApp(browser = new TestBrowser(t.app)) {
    const member = await newMember(t, world);
    const first = await signedIn(member.email);
    const { secret } = await enrollTotp(t, first);
    t.clock.advance(TOTP_STEP_MS);
    return { ...member, secret, browser: await signedIn(member.email, browser) };
  }

  async function stepUp(browser: TestBrowser, secret: string) {
    t.clock.advance(TOTP_STEP_MS);
    const reply = await browser.post("/api/auth/step-up", {
      password: PASSWORD,
      code: totpCode(secret, t.clock.now().getTime()),
    });
    expect(reply.status, reply.body).toBe(200);
  }

  async function declare(browser: TestBrowser, context: WorkContext) {
    const reply = await browser.put("/api/me/work-context", { context });
    expect(reply.status, reply.body).toBe(200);
    return reply.json<WorkContextResponse>().workContext;
  }

  /**
   * A private team of the owner and `members` with a second channel "面談記録", a message in it and
   * a file in General, labelled last (once labelled, the owner is under the matrix too).
   */
  async function labelledTeam(labelName: string | null, memberIds: string[], text: string) {
    const team = (
      await owner.post("/api/t/acme/teams", { name: `Team ${labelName}`, visibility: "private" })
    ).json<TeamSummary>();
    for (const id of memberIds)
      expect(
        (
          await owner.request("PUT", `/api/t/acme/teams/${team.id}/members/${id}`, {
            role: "member",
          })
        ).status,
      ).toBe(200);
    const general = (await owner.get(`/api/t/acme/teams/${team.id}/channels`)).json<{
      channels: ChannelSummary[];
    }>().channels[0] as ChannelSummary;
    const created = await owner.post(`/api/t/acme/teams/${team.id}/channels`, {
      name: "面談記録",
      kind: "standard",
    });
    expect(created.status, created.body).toBe(201);
    const channel = created.json<ChannelSummary>();
    expect(
      (await owner.post(`/api/t/acme/channels/${channel.id}/messages`, { body: text })).status,
    ).toBe(201);
    const uploaded = await owner.request(
      "POST",
      `/api/t/acme/channels/${general.id}/files?name=${encodeURIComponent("添付.pdf")}`,
      FILE_BYTES,
      { "content-type": "application/octet-stream" },
    );
    expect(uploaded.status, uploaded.body).toBe(201);
    const fileId = uploaded.json<{ id: string }>().id;
    if (labelName !== null) {
      const labelled = await owner.put(`/api/t/acme/teams/${team.id}/label`, {
        labelId: labelNamed(labelName).id,
      });
      expect(labelled.status, labelled.body).toBe(200);
    }
    const urls = {
      team: `/api/t/acme/teams/${team.id}`,
      channels: `/api/t/acme/teams/${team.id}/channels`,
      messages: `/api/t/acme/channels/${channel.id}/messages`,
      files: `/api/t/acme/channels/${general.id}/files`,
      file: `/api/t/acme/files/${fileId}`,
      download: `/api/t/acme/files/${fileId}/content`,
    };
    return { team, general, channel, fileId, urls };
  }

  async function expectRefused(browser: TestBrowser, url: string, code: string) {
    const reply = await browser.get(url);
    expect(reply.status, `${url}: ${reply.body}`).toBe(403);
    expect(reply.json(), url).toMatchObject({ error: { code } });
    for (const text of [SECRET_TEXT, CONFIDENTIAL_TEXT, "機密の添付"])
      expect(reply.body).not.toContain(text);
  }

  async function messagesOf(browser: TestBrowser, url: string) {
    const reply = await browser.get(url);
    expect(reply.status, `${url}: ${reply.body}`).toBe(200);
    return reply.json<MessagePage>().messages.map((m) => m.body);
  }

  /** The names of a team's channels the browser's user is listed, sorted. */
  async function channelNames(browser: TestBrowser, url: string) {
    const reply = await browser.get(url);
    expect(reply.status, `${url}: ${reply.body}`).toBe(200);
    return reply
      .json<{ channels: ChannelSummary[] }>()
      .channels.map((c) => c.name)
      .sort();
  }

  /** How many messages a search finds for the browser's user. */
  async function found(browser: TestBrowser, q: string) {
    const reply = await browser.get(`/api/t/acme/search?q=${encodeURIComponent(q)}`);
    expect(reply.status, reply.body).toBe(200);
    return reply.json<SearchResponse>().results.length;
  }

  async function me(browser: TestBrowser) {
    const reply = await browser.get("/api/me");
    expect(reply.status, reply.body).toBe(200);
    return reply.json<MeResponse>();
  }

  const connect = async (browser: TestBrowser) => {
    const client = await WsClient.connect(base, browser);
    sockets.push(client);
    await client.next((f) => f.event === "ready");
    return client;
  };
  const liveBodies = (frames: Frame[], channelId: string) =>
    frames
      .filter((f) => f.event === "channel.message")
      .map((f) => f.payload as { channelId: string; message: Message })
      .filter((p) => p.channelId === channelId)
      .map((p) => p.message.body);
  const accessLost = (channelId: string) => (f: Frame) =>
    f.event === "channel.access_lost" &&
    (f.payload as { channelId: string }).channelId === channelId;

  // --- Tests ---

  it("gives the generic preset's labels the default rows, with the matrix off until switched on", async () => {
    const listed = (await owner.get("/api/t/acme/labels")).json<LabelsResponse>();
    expect(listed.workContext).toEqual({ enabled: false });
    expect(listed.labels.map((l) => l.name)).toEqual(["公開", "社内", "機密", "極秘"]);
    listed.labels.forEach((l, rank) =>
      expect(l.contextRules).toEqual(defaultContextRules(rank, 4)),
    );
    expect(labelNamed("極秘").contextRules).toMatchObject({
      public: { access: "deny" },
      shared: { access: "view_only", stepUp: "phishing_resistant" },
      private: { access: "open", stepUp: "mfa" },
    });
    expect(labelNamed("機密").contextRules.public.access).toBe("title_only");
    await setMatrix(true);
    expect((await owner.get("/api/t/acme/labels")).json<LabelsResponse>().workContext).toEqual({
      enabled: true,
    });
    // Saving the list again without the setting leaves it as it is, and keeps the rows.
    const again = await owner.put("/api/t/acme/labels", {
      labels: labels.map((l) => ({ id: l.id, name: l.name, description: l.description })),
    });
    expect(again.json<LabelsResponse>().workContext).toEqual({ enabled: true });
    expect(again.json<LabelsResponse>().labels.map((l) => l.contextRules)).toEqual(
      labels.map((l) => l.contextRules),
    );
    await setMatrix(false);
  });

  it("decides 極秘 and 機密 by where the member says they work, and asks for the step-up of the cell", async () => {
    await setMatrix(false);
    const reader = await memberWithApp();
    const secret = await labelledTeam("極秘", [reader.id], SECRET_TEXT);
    const confidential = await labelledTeam("機密", [reader.id], CONFIDENTIAL_TEXT);
    const open = await labelledTeam(null, [reader.id], "ランチの相談");
    await setMatrix(true);
    const browser = reader.browser;

    // Undeclared counts as a public place: nothing of 極秘 opens, not even the team's page; only
    // its channels' names stay listed, so the person can tell why a channel does not open.
    expect((await me(browser)).session.workContext).toBeNull();
    await expectRefused(browser, secret.urls.messages, "work_context_denied");
    await expectRefused(browser, secret.urls.team, "work_context_denied");
    await expectRefused(browser, secret.urls.files, "work_context_denied");
    await expectRefused(browser, secret.urls.download, "work_context_denied");
    expect(await channelNames(browser, secret.urls.channels)).toEqual(["General", "面談記録"]);
    // Content without a label is not under the matrix.
    expect(await messagesOf(browser, open.urls.messages)).toEqual(["ランチの相談"]);
    expect((await browser.get(open.urls.download)).status).toBe(200);
    // The team list itself is not labelled content: both teams are listed by name.
    const teams = (await browser.get("/api/t/acme/teams")).json<{ teams: TeamSummary[] }>().teams;
    expect(teams.map((team) => team.id)).toEqual(
      expect.arrayContaining([secret.team.id, confidential.team.id]),
    );

    // Declared public: the same.
    await declare(browser, "public");
    await expectRefused(browser, secret.urls.messages, "work_context_denied");
    // 機密 in public: titles only — the team and its channels' names, not the messages or files.
    await expectRefused(browser, confidential.urls.messages, "title_only");
    await expectRefused(browser, confidential.urls.files, "title_only");
    await expectRefused(browser, confidential.urls.download, "title_only");
    expect(await channelNames(browser, confidential.urls.channels)).toEqual([
      "General",
      "面談記録",
    ]);
    expect((await browser.get(confidential.urls.team)).status).toBe(200);
    // Search decides each channel with the matrix too: nothing of either team is found.
    expect(await found(browser, "面談記録")).toBe(0);
    expect(await found(browser, "議事録")).toBe(0);
    // Writing is not a title action either.
    const posted = await browser.post(confidential.urls.messages, { body: "from the café" });
    expect(posted.status).toBe(403);
    expect(posted.json()).toMatchObject({ error: { code: "title_only" } });

    // A private room: 機密 opens; 極秘 asks for a second factor first.
    await declare(browser, "private");
    expect(await messagesOf(browser, confidential.urls.messages)).toEqual([CONFIDENTIAL_TEXT]);
    expect((await browser.get(confidential.urls.download)).raw.equals(FILE_BYTES)).toBe(true);
    await expectRefused(browser, secret.urls.messages, "mfa_required");
    await stepUp(browser, reader.secret);
    expect(await messagesOf(browser, secret.urls.messages)).toEqual([SECRET_TEXT]);
    expect((await browser.get(secret.urls.download)).status).toBe(200);
    expect(await found(browser, "面談記録")).toBe(1);
    expect(await found(browser, "議事録")).toBe(1);

    // A shared space: 機密 can be read but not downloaded; 極秘 asks for a passkey, which a code
    // from an authenticator app is not. (Within the same minute: a refusal with another verdict
    // of the same target is recorded as itself, not as a repeat of the title-only one.)
    await declare(browser, "shared");
    expect(await messagesOf(browser, confidential.urls.messages)).toEqual([CONFIDENTIAL_TEXT]);
    expect((await browser.get(confidential.urls.file)).status).toBe(200);
    await expectRefused(browser, confidential.urls.download, "view_only");
    // The list of files says the channel is view-only, so the client offers no download links.
    expect((await browser.get(confidential.urls.files)).json()).toMatchObject({
      viewOnly: { channel: true, files: [confidential.fileId] },
    });
    await expectRefused(browser, secret.urls.messages, "phishing_resistant_required");
    expect(await found(browser, "議事録")).toBe(1);
    expect(await found(browser, "面談記録")).toBe(0);

    // Each refusal is in the audit log with the matrix cell that made it.
    const denials = await t.services.audit.list(
      { tenantId: world.a.id, actor: { type: "system", reason: "test" } },
      { outcome: "deny", actorId: reader.id, limit: 100 },
    );
    const reasons = denials.events.map((e) => e.details);
    const secretId = labelNamed("極秘").id;
    const confidentialId = labelNamed("機密").id;
    expect(reasons).toContainEqual(
      expect.objectContaining({
        reason: "conditional_access",
        verdict: "context_denied",
        policies: [`work-context:${secretId}:public`],
      }),
    );
    expect(reasons).toContainEqual(
      expect.objectContaining({
        verdict: "title_only",
        policies: [`work-context:${confidentialId}:public`],
      }),
    );
    expect(reasons).toContainEqual(
      expect.objectContaining({
        verdict: "view_only",
        policies: [`work-context:${confidentialId}:shared`],
      }),
    );
    await setMatrix(false);
  });

  it("decides a channel or file labelled above its team under its own label; a lower label changes nothing", async () => {
    await setMatrix(false);
    const reader = await memberWithApp();
    const plain = await labelledTeam(null, [reader.id], "ふつうの面談");
    const secret = await labelledTeam("極秘", [reader.id], SECRET_TEXT);
    const label = (url: string, name: string | null) =>
      owner.put(`${url}/label`, { labelId: name === null ? null : labelNamed(name).id });

    // 機密 on one channel of an unlabelled team, 極秘 on one file of its General.
    const channelLabelled = await label(`/api/t/acme/channels/${plain.channel.id}`, "機密");
    expect(channelLabelled.status, channelLabelled.body).toBe(200);
    expect(channelLabelled.json()).toEqual({
      labelId: labelNamed("機密").id,
      effectiveLabelId: labelNamed("機密").id,
    });
    const fileLabelled = await label(plain.urls.file, "極秘");
    expect(fileLabelled.json()).toEqual({
      labelId: labelNamed("極秘").id,
      effectiveLabelId: labelNamed("極秘").id,
    });
    // 公開 on a channel of a 極秘 team: its own label is kept, the team's still counts.
    const lower = await label(`/api/t/acme/channels/${secret.channel.id}`, "公開");
    expect(lower.json()).toEqual({
      labelId: labelNamed("公開").id,
      effectiveLabelId: labelNamed("極秘").id,
    });
    // The lists show each one's own label.
    const listed = (await reader.browser.get(plain.urls.channels)).json<{
      channels: ChannelSummary[];
    }>().channels;
    expect(listed.find((c) => c.id === plain.channel.id)?.labelId).toBe(labelNamed("機密").id);
    expect(listed.find((c) => c.id === plain.general.id)?.labelId).toBeNull();
    const files = (await reader.browser.get(plain.urls.files)).json<{
      files: { id: string; labelId: string | null }[];
    }>().files;
    expect(files.find((f) => f.id === plain.fileId)?.labelId).toBe(labelNamed("極秘").id);

    await setMatrix(true);
    await declare(reader.browser, "public");
    // The labelled channel: titles only; the team's other channel is not labelled.
    await expectRefused(reader.browser, plain.urls.messages, "title_only");
    expect(
      (await reader.browser.get(`/api/t/acme/channels/${plain.general.id}/messages`)).status,
    ).toBe(200);
    // The 極秘 file in an unlabelled channel: listed by name, but neither opened nor downloaded,
    // and the list says so (the rest of the channel's files download).
    await expectRefused(reader.browser, plain.urls.file, "work_context_denied");
    await expectRefused(reader.browser, plain.urls.download, "work_context_denied");
    const listedInPublic = await reader.browser.get(plain.urls.files);
    expect(listedInPublic.json()).toMatchObject({
      viewOnly: { channel: false, files: [plain.fileId] },
    });
    // 公開 does not lower the 極秘 team's channel.
    await expectRefused(reader.browser, secret.urls.messages, "work_context_denied");

    // In a private room with a second factor, all of it opens.
    await declare(reader.browser, "private");
    await stepUp(reader.browser, reader.secret);
    expect(await messagesOf(reader.browser, plain.urls.messages)).toEqual(["ふつうの面談"]);
    expect((await reader.browser.get(plain.urls.download)).raw.equals(FILE_BYTES)).toBe(true);
    expect(await messagesOf(reader.browser, secret.urls.messages)).toEqual([SECRET_TEXT]);
    expect((await reader.browser.get(plain.urls.files)).json()).toMatchObject({
      viewOnly: { channel: false, files: [] },
    });

    // A label still on a channel or a file cannot be deleted from the list.
    expect((await owner.post("/api/auth/step-up", { password: PASSWORD })).status).toBe(200);
    for (const name of ["機密", "極秘"]) {
      const without = await owner.put("/api/t/acme/labels", {
        labels: labels
          .filter((l) => l.name !== name && l.name !== "公開")
          .map((l) => ({ id: l.id, name: l.name, description: l.description })),
      });
      expect(without.status, without.body).toBe(409);
    }
    await setMatrix(false);
    // Taking the labels off again, each change audited with before and after.
    expect((await label(`/api/t/acme/channels/${plain.channel.id}`, null)).json()).toEqual({
      labelId: null,
      effectiveLabelId: null,
    });
    expect((await label(plain.urls.file, null)).status).toBe(200);
    const events = await t.services.audit.list(
      { tenantId: world.a.id, actor: { type: "system", reason: "test" } },
      { outcome: "allow", actorId: world.a.users.owner.id, limit: 200 },
    );
    const labelEvents = events.events
      .filter((e) => e.action === "channel.label.set" || e.action === "file.label.set")
      .map((e) => [e.action, e.target?.id, e.details]);
    expect(labelEvents).toEqual(
      expect.arrayContaining([
        ["channel.label.set", plain.channel.id, { before: null, after: labelNamed("機密").id }],
        ["channel.label.set", plain.channel.id, { before: labelNamed("機密").id, after: null }],
        [
          "file.label.set",
          plain.fileId,
          { channelId: plain.general.id, before: null, after: labelNamed("極秘").id },
        ],
      ]),
    );
  });

  it("refuses labels on content with a clear 4xx: an unknown label, a chat, a member who is not the team's owner", async () => {
    await setMatrix(false);
    const member = await newMember(t, world);
    const team = await labelledTeam(null, [member.id], "ラベルの練習");
    const unknown = await owner.put(`/api/t/acme/channels/${team.channel.id}/label`, {
      labelId: "00000000-0000-4000-8000-000000000000",
    });
    expect(unknown.status).toBe(400);
    expect(unknown.json()).toMatchObject({ error: { code: "invalid_request", field: "labelId" } });
    const notUuid = await owner.put(`/api/t/acme/files/${team.fileId}/label`, { labelId: "極秘" });
    expect(notUuid.status).toBe(400);
    const browser = await signedIn(member.email);
    const byMember = await browser.put(`/api/t/acme/channels/${team.channel.id}/label`, {
      labelId: labelNamed("極秘").id,
    });
    expect(byMember.status).toBe(404);
    const chat = await owner.post("/api/t/acme/chats", { userIds: [member.id] });
    expect([200, 201], chat.body).toContain(chat.status);
    const onChat = await owner.put(`/api/t/acme/channels/${chat.json<{ id: string }>().id}/label`, {
      labelId: labelNamed("極秘").id,
    });
    expect(onChat.status).toBe(404);
    // Nothing was changed by the refusals.
    const channels = (await owner.get(team.urls.channels)).json<{ channels: ChannelSummary[] }>()
      .channels;
    expect(channels.every((c) => c.labelId === null)).toBe(true);
  });

  it("live: labelling a followed channel drops a follower in a public place at once", async () => {
    await setMatrix(false);
    const follower = await newMember(t, world);
    const team = await labelledTeam(null, [follower.id], "チャネルにラベル");
    await setMatrix(true);
    const browser = await signedIn(follower.email);
    await declare(browser, "public");
    const socket = await connect(browser);
    const channelId = team.channel.id;
    expect(await socket.send("channel.subscribe", { channelId })).toMatchObject({ ok: true });
    const labelled = await owner.put(`/api/t/acme/channels/${channelId}/label`, {
      labelId: labelNamed("機密").id,
    });
    expect(labelled.status, labelled.body).toBe(200);
    await socket.next(accessLost(channelId));
    expect(await socket.send("channel.subscribe", { channelId })).toMatchObject({
      ok: false,
      error: { code: "title_only" },
    });
    await setMatrix(false);
  });

  it("refuses nothing for labelled teams while the matrix is off", async () => {
    await setMatrix(false);
    const member = await newMember(t, world);
    const secret = await labelledTeam("極秘", [member.id], SECRET_TEXT);
    const confidential = await labelledTeam("機密", [member.id], CONFIDENTIAL_TEXT);
    const browser = await signedIn(member.email);
    for (const context of [null, "public", "shared"] as const) {
      if (context) await declare(browser, context);
      for (const team of [secret, confidential]) {
        expect((await browser.get(team.urls.team)).status, String(context)).toBe(200);
        expect((await browser.get(team.urls.channels)).status).toBe(200);
        expect((await browser.get(team.urls.files)).status).toBe(200);
        const download = await browser.get(team.urls.download);
        expect(download.status).toBe(200);
        expect(download.raw.equals(FILE_BYTES)).toBe(true);
      }
      expect(await messagesOf(browser, secret.urls.messages)).toEqual([SECRET_TEXT]);
      expect(await messagesOf(browser, confidential.urls.messages)).toEqual([CONFIDENTIAL_TEXT]);
    }
    // The owner, who never declared anything, writes in the 極秘 team.
    expect((await owner.post(secret.urls.messages, { body: "owner's note" })).status).toBe(201);
  });

  it("does not carry a declaration to another address, and believes X-Forwarded-For only from the trusted proxy", async () => {
    await setMatrix(false);
    const member = await newMember(t, world);
    const confidential = await labelledTeam("機密", [member.id], CONFIDENTIAL_TEXT);
    await setMatrix(true);
    const browser = new TestBrowser(t.app, PROXY);
    browser.headers["x-forwarded-for"] = HOME_ADDRESS;
    await signedIn(member.email, browser);
    const declared = await declare(browser, "private");
    expect(await messagesOf(browser, confidential.urls.messages)).toEqual([CONFIDENTIAL_TEXT]);
    expect((await me(browser)).session.workContext).toEqual(declared);

    // The same session from a café: the declaration does not hold there (a public place).
    browser.headers["x-forwarded-for"] = CAFE_ADDRESS;
    await expectRefused(browser, confidential.urls.messages, "title_only");
    expect((await me(browser)).session.workContext).toBeNull();
    // Back home, it holds again (it was made from there).
    browser.headers["x-forwarded-for"] = HOME_ADDRESS;
    expect(await messagesOf(browser, confidential.urls.messages)).toEqual([CONFIDENTIAL_TEXT]);

    // A client at the café that claims the home address itself, not through the proxy, is not
    // believed.
    const spoofing = new TestBrowser(t.app, CAFE_ADDRESS);
    for (const [name, value] of browser.cookies) spoofing.cookies.set(name, value);
    spoofing.headers["x-forwarded-for"] = HOME_ADDRESS;
    await expectRefused(spoofing, confidential.urls.messages, "title_only");
    expect((await me(spoofing)).session.workContext).toBeNull();

    // Declared again from the café, it holds at the café and no longer at home.
    browser.headers["x-forwarded-for"] = CAFE_ADDRESS;
    await declare(browser, "private");
    expect(await messagesOf(browser, confidential.urls.messages)).toEqual([CONFIDENTIAL_TEXT]);
    browser.headers["x-forwarded-for"] = HOME_ADDRESS;
    await expectRefused(browser, confidential.urls.messages, "title_only");
    await setMatrix(false);
  });

  it("effectiveWorkContext: holds from the same address until it lapses", () => {
    const now = new Date("2026-11-20T09:00:00Z");
    const stored = {
      context: "private" as const,
      ip: HOME_ADDRESS,
      expiresAt: new Date(now.getTime() + 60_000),
    };
    expect(effectiveWorkContext(stored, HOME_ADDRESS, now)).toBe("private");
    expect(effectiveWorkContext(stored, CAFE_ADDRESS, now)).toBeNull();
    expect(effectiveWorkContext(null, HOME_ADDRESS, now)).toBeNull();
    expect(effectiveWorkContext({ ...stored, expiresAt: now }, HOME_ADDRESS, now)).toBeNull();
    expect(effectiveWorkContext(stored, HOME_ADDRESS, new Date(now.getTime() + 59_999))).toBe(
      "private",
    );
  });

  it("refuses a bad declaration with invalid_request and keeps the one there; unauthenticated is 401", async () => {
    const member = await newMember(t, world);
    const browser = await signedIn(member.email);
    const declared = await declare(browser, "shared");
    const bad: unknown[] = [
      { context: "moon" },
      { context: "private", ip: "198.51.100.7" },
      { context: "private", expiresAt: "2099-01-01T00:00:00Z" },
      {},
      { context: null },
      { context: "PRIVATE" },
    ];
    for (const body of bad) {
      const reply = await browser.put("/api/me/work-context", body);
      expect(reply.status, JSON.stringify(body)).toBe(400);
      expect(reply.json(), JSON.stringify(body)).toMatchObject({
        error: { code: "invalid_request" },
      });
    }
    expect((await me(browser)).session.workContext).toEqual(declared);

    const stranger = new TestBrowser(t.app);
    const reply = await stranger.put("/api/me/work-context", { context: "private" });
    expect(reply.status, reply.body).toBe(401);
    expect(reply.json()).toMatchObject({ error: { code: "unauthenticated" } });
    // Signed out, the session's declaration is no use either.
    expect((await browser.post("/api/auth/sign-out")).status).toBeLessThan(300);
    expect((await browser.put("/api/me/work-context", { context: "private" })).status).toBe(401);
  });

  it("shows the declaration and its expiry in GET /api/me, renews it with activity, lapses it when idle, and audits only the context", async () => {
    await setMatrix(false);
    const member = await newMember(t, world);
    const confidential = await labelledTeam("機密", [member.id], CONFIDENTIAL_TEXT);
    await setMatrix(true);
    const browser = await signedIn(member.email);
    expect((await me(browser)).session.workContext).toBeNull();

    const declaredAt = t.clock.now().getTime();
    const declared = await declare(browser, "private");
    expect(declared).toEqual({
      context: "private",
      expiresAt: new Date(declaredAt + WORK_CONTEXT_IDLE_MINUTES * 60_000).toISOString(),
    });
    expect((await me(browser)).session.workContext).toEqual(declared);

    // The owner's session is kept in use while the clock moves on.
    const advance = async (minutes: number) => {
      t.clock.advance(minutes * 60_000);
      expect((await owner.get("/api/t/acme/labels")).status).toBe(200);
    };
    // Used ten minutes later, it is renewed from then.
    await advance(10);
    expect(await messagesOf(browser, confidential.urls.messages)).toEqual([CONFIDENTIAL_TEXT]);
    const renewed = (await me(browser)).session.workContext;
    expect(renewed?.context).toBe("private");
    expect(new Date(renewed?.expiresAt ?? 0).getTime()).toBe(
      t.clock.now().getTime() + WORK_CONTEXT_IDLE_MINUTES * 60_000,
    );
    await advance(10);
    expect(await messagesOf(browser, confidential.urls.messages)).toEqual([CONFIDENTIAL_TEXT]);

    // Left alone past the idle limit (the session itself still open), it lapses.
    await advance(WORK_CONTEXT_IDLE_MINUTES + 1);
    await expectRefused(browser, confidential.urls.messages, "title_only");
    expect((await me(browser)).session.workContext).toBeNull();

    const events = (
      await t.services.audit.list(
        { tenantId: world.a.id, actor: { type: "system", reason: "test" } },
        { action: "session.work_context.declare", actorId: member.id, limit: 10 },
      )
    ).events;
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: "session.work_context.declare",
      outcome: "allow",
      actor: { id: member.id },
      target: { type: "session" },
    });
    expect(events[0]?.details).toEqual({ context: "private" });
    await setMatrix(false);
  });

  it("live: stops delivering a 極秘 channel the moment the follower declares a public place", async () => {
    await setMatrix(false);
    const reader = await memberWithApp();
    const poster = await memberWithApp();
    const secret = await labelledTeam("極秘", [reader.id, poster.id], SECRET_TEXT);
    await setMatrix(true);
    for (const who of [reader, poster]) {
      await declare(who.browser, "private");
      await stepUp(who.browser, who.secret);
    }
    const channelId = secret.channel.id;
    const socket = await connect(reader.browser);
    expect(await socket.send("channel.subscribe", { channelId })).toMatchObject({ ok: true });
    const post = async (body: string) => {
      const reply = await poster.browser.post(secret.urls.messages, { body });
      expect(reply.status, reply.body).toBe(201);
    };
    await post("live one");
    await socket.next(() => liveBodies(socket.frames, channelId).includes("live one"));

    await declare(reader.browser, "public");
    await socket.next(accessLost(channelId));
    await post("after leaving");
    // The poster, still in their private room, reads it: it was posted.
    expect(await messagesOf(poster.browser, secret.urls.messages)).toContain("after leaving");
    // Following again from a public place is refused with the matrix's reason.
    expect(await socket.send("channel.subscribe", { channelId })).toMatchObject({
      ok: false,
      error: { code: "work_context_denied" },
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(liveBodies(socket.frames, channelId)).toEqual(["live one"]);

    // Back in the private room (the step-up still holds), following works again.
    await declare(reader.browser, "private");
    expect(await socket.send("channel.subscribe", { channelId })).toMatchObject({ ok: true });
    await post("back home");
    await socket.next(() => liveBodies(socket.frames, channelId).includes("back home"));
    expect(liveBodies(socket.frames, channelId)).toEqual(["live one", "back home"]);
    await setMatrix(false);
  });

  it("live: labelling a followed team 極秘 drops an undeclared follower at once", async () => {
    await setMatrix(false);
    const follower = await newMember(t, world);
    const team = await labelledTeam(null, [follower.id], "まだラベルなし");
    await setMatrix(true);
    const browser = await signedIn(follower.email);
    const socket = await connect(browser);
    const channelId = team.channel.id;
    expect(await socket.send("channel.subscribe", { channelId })).toMatchObject({ ok: true });
    expect((await owner.post(team.urls.messages, { body: "before the label" })).status).toBe(201);
    await socket.next(() => liveBodies(socket.frames, channelId).includes("before the label"));

    const labelled = await owner.put(`/api/t/acme/teams/${team.team.id}/label`, {
      labelId: labelNamed("極秘").id,
    });
    expect(labelled.status, labelled.body).toBe(200);
    await socket.next(accessLost(channelId));
    await expectRefused(browser, team.urls.messages, "work_context_denied");
    expect(await socket.send("channel.subscribe", { channelId })).toMatchObject({
      ok: false,
      error: { code: "work_context_denied" },
    });
    expect(liveBodies(socket.frames, channelId)).toEqual(["before the label"]);
    await setMatrix(false);
  });

  it("live: a declaration that lapses while the channel is followed drops it at the next sweep", async () => {
    await setMatrix(false);
    const follower = await newMember(t, world);
    const confidential = await labelledTeam("機密", [follower.id], CONFIDENTIAL_TEXT);
    await setMatrix(true);
    const browser = await signedIn(follower.email);
    await declare(browser, "private");
    const socket = await connect(browser);
    const channelId = confidential.channel.id;
    expect(await socket.send("channel.subscribe", { channelId })).toMatchObject({ ok: true });
    await t.services.realtime.sweep();
    expect(socket.frames.some(accessLost(channelId))).toBe(false);
    // Nothing happens on the session for longer than the declaration's idle limit.
    t.clock.advance((WORK_CONTEXT_IDLE_MINUTES + 1) * 60_000);
    await t.services.realtime.sweep();
    await socket.next(accessLost(channelId));
    expect(socket.closedWith).toBeNull();
    await setMatrix(false);
  });

  it("live: delivers nothing once the declaration has lapsed, not even before the next sweep", async () => {
    await setMatrix(false);
    const follower = await newMember(t, world);
    const poster = await newMember(t, world);
    const confidential = await labelledTeam("機密", [follower.id, poster.id], CONFIDENTIAL_TEXT);
    await setMatrix(true);
    const browser = await signedIn(follower.email);
    const posting = await signedIn(poster.email);
    await declare(browser, "private");
    const socket = await connect(browser);
    const channelId = confidential.channel.id;
    expect(await socket.send("channel.subscribe", { channelId })).toMatchObject({ ok: true });
    const post = async (body: string) => {
      await declare(posting, "private");
      const reply = await posting.post(confidential.urls.messages, { body });
      expect(reply.status, reply.body).toBe(201);
    };
    await post("in time");
    await socket.next(() => liveBodies(socket.frames, channelId).includes("in time"));

    // The follower's declaration lapses (nothing happened on their session); someone posts
    // before the hub's timer comes round. Like a session past its deadline, the connection must
    // get nothing more of the channel: the delivery itself is decided without the lapsed place.
    t.clock.advance((WORK_CONTEXT_IDLE_MINUTES + 1) * 60_000);
    expect((await owner.get("/api/t/acme/labels")).status).toBe(200);
    await post("too late");
    // The sweep then drops the channel (frames arrive in order: anything sent before is here).
    await t.services.realtime.sweep();
    await socket.next(accessLost(channelId));
    expect(liveBodies(socket.frames, channelId)).toEqual(["in time"]);
    await setMatrix(false);
  });

  it("live: a policy another process saved reaches the follower at the next sweep", async () => {
    await setMatrix(false);
    const follower = await newMember(t, world);
    const team = await labelledTeam(null, [follower.id], "別のプロセス");
    const browser = await signedIn(follower.email);
    const socket = await connect(browser);
    const channelId = team.channel.id;
    expect(await socket.send("channel.subscribe", { channelId })).toMatchObject({ ok: true });
    await t.services.realtime.sweep();
    expect(socket.frames.some(accessLost(channelId))).toBe(false);
    // Another process writes a policy blocking chat for the follower and bumps the tenant's
    // version: nothing here hears of it but the version.
    const scope = scopeFor({ type: "system", reason: "another process" }, world.a.id);
    const saved = await t.services.conditionalAccess.store.savePolicy(
      scope,
      null,
      {
        ...mfaForEveryonePolicy("Elsewhere: no chat for the follower"),
        state: "on",
        include: { ...NOBODY, users: [follower.id] },
        apps: ["chat"],
        grant: { block: true, operator: "all", controls: [], termsOfUseId: null },
      },
      t.clock.now(),
    );
    await t.services.conditionalAccess.store.bumpVersion(scope);
    await t.services.realtime.sweep();
    await socket.next(accessLost(channelId));
    await expectRefused(browser, team.urls.messages, "access_blocked");
    if (saved) await t.services.conditionalAccess.deletePolicy(scope, saved.id, REQUEST);
  });

  it("live: switching the matrix on drops an undeclared follower of a labelled channel at once", async () => {
    await setMatrix(false);
    const follower = await newMember(t, world);
    const poster = await memberWithApp();
    const confidential = await labelledTeam("機密", [follower.id, poster.id], CONFIDENTIAL_TEXT);
    const open = await labelledTeam(null, [follower.id, poster.id], "ランチの相談");
    const browser = await signedIn(follower.email);
    const socket = await connect(browser);
    const channelId = confidential.channel.id;
    for (const id of [channelId, open.channel.id])
      expect(await socket.send("channel.subscribe", { channelId: id })).toMatchObject({ ok: true });
    expect(
      (await poster.browser.post(confidential.urls.messages, { body: "before the switch" })).status,
    ).toBe(201);
    await socket.next(() => liveBodies(socket.frames, channelId).includes("before the switch"));

    await setMatrix(true);
    await socket.next(accessLost(channelId));
    await declare(poster.browser, "private");
    expect(
      (await poster.browser.post(confidential.urls.messages, { body: "after the switch" })).status,
    ).toBe(201);
    // The unlabelled channel keeps flowing; the labelled one sends nothing more.
    expect((await poster.browser.post(open.urls.messages, { body: "lunch at noon" })).status).toBe(
      201,
    );
    await socket.next(() => liveBodies(socket.frames, open.channel.id).includes("lunch at noon"));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(liveBodies(socket.frames, channelId)).toEqual(["before the switch"]);
    expect(socket.frames.some(accessLost(open.channel.id))).toBe(false);
    expect(await socket.send("channel.subscribe", { channelId })).toMatchObject({
      ok: false,
      error: { code: "title_only" },
    });
    await setMatrix(false);
  });
});
