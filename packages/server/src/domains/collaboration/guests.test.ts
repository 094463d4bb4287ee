import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type {
  ChannelSummary,
  InviteGuestResponse,
  TeamSummary,
  TenantSettings,
} from "@engawa/shared";
import { DAY } from "../../platform/clock.ts";
import { backends } from "../../../test/database.ts";
import { PASSWORD, seedWorld, type World } from "../../../test/fixtures.ts";
import { TestBrowser } from "../../../test/http.ts";
import { SoftPasskey } from "../../../test/softPasskey.ts";
import { createTestApp, type TestApp } from "../../../test/testApp.ts";
import { WsClient } from "../../../test/wsClient.ts";

/**
 * Guests invited into a team by a link, on each database: the guest sees that team only, and the
 * API refuses every other team, channel and the directory; a team's switch and the organisation's
 * switch shut guests out at once; a guest account ends after the guest period unless renewed.
 */
describe.each(backends())("guests on %s", (backend) => {
  let t: TestApp;
  let world: World;
  let owner: TestBrowser;
  let invited: TeamSummary;
  let other: TeamSummary;
  let otherGeneral: ChannelSummary;
  let guest: TestBrowser;
  let guestId: string;
  const guestEmail = "parent@family.example";

  const signedIn = async (email: string) => {
    const browser = new TestBrowser(t.app);
    const reply = await browser.signIn("acme", email, PASSWORD);
    if (reply.status !== 200) throw new Error(reply.body);
    return browser;
  };
  const teamOf = async (name: string) => {
    const reply = await owner.post("/api/t/acme/teams", { name, visibility: "public" });
    if (reply.status !== 201) throw new Error(`team: ${reply.status} ${reply.body}`);
    return reply.json<TeamSummary>();
  };
  const generalOf = async (team: TeamSummary) => {
    const reply = await owner.get(`/api/t/acme/teams/${team.id}/channels`);
    if (reply.status !== 200) throw new Error(`channels: ${reply.status} ${reply.body}`);
    return reply.json<{ channels: ChannelSummary[] }>().channels[0] as ChannelSummary;
  };
  const putSettings = async (changes: Partial<TenantSettings>) => {
    const { settings } = (await owner.get("/api/t/acme/settings")).json<{
      settings: TenantSettings;
    }>();
    const reply = await owner.request("PUT", "/api/t/acme/settings", { ...settings, ...changes });
    expect(reply.status, reply.body).toBe(200);
  };

  beforeAll(async () => {
    t = await createTestApp(backend);
    world = await seedWorld(t.services);
    owner = await signedIn(world.a.users.owner.email);
    invited = await teamOf("3年1組 保護者");
    other = await teamOf("職員室");
    otherGeneral = await generalOf(other);
  });
  afterAll(async () => {
    await t.close();
  });

  it("invites a guest into one team by a link; the guest sets a password and signs in", async () => {
    const reply = await owner.post(`/api/t/acme/teams/${invited.id}/guests`, {
      email: guestEmail,
      displayName: "山田 保護者",
    });
    expect(reply.status, reply.body).toBe(201);
    const invitation = reply.json<InviteGuestResponse>();
    guestId = invitation.userId;
    expect(invitation.inviteUrl).toMatch(/\/invite#token=/);
    // The account ends after the organisation's guest period (90 days by default).
    expect(Date.parse(invitation.accessExpiresAt) - t.clock.now().getTime()).toBe(90 * DAY);

    const token = new URL(invitation.inviteUrl as string).hash.replace("#token=", "");
    const accepted = await new TestBrowser(t.app).post("/api/invitations/accept", {
      token,
      displayName: "山田 保護者",
      password: PASSWORD,
    });
    expect(accepted.status, accepted.body).toBe(200);
    guest = await signedIn(guestEmail);

    // Someone of the organisation cannot be turned into a guest by this route.
    const member = await owner.post(`/api/t/acme/teams/${invited.id}/guests`, {
      email: world.a.users.member.email,
      displayName: "x",
    });
    expect(member.status).toBe(409);
    expect(member.json<{ error: { code: string } }>().error.code).toBe("not_a_guest");
    // Inviting the same guest again adds them without a new link.
    const again = await owner.post(`/api/t/acme/teams/${invited.id}/guests`, {
      email: guestEmail,
      displayName: "山田 保護者",
    });
    expect(again.json<InviteGuestResponse>()).toMatchObject({ userId: guestId, inviteUrl: null });
  });

  it("shows the guest the invited team only and refuses every other team, channel and the directory", async () => {
    const teams = (await guest.get("/api/t/acme/teams")).json<{ teams: TeamSummary[] }>().teams;
    expect(teams.map((team) => team.id)).toEqual([invited.id]);
    expect(teams[0]?.myRole).toBe("guest");
    const general = await generalOf(invited);
    expect((await guest.get(`/api/t/acme/channels/${general.id}/messages`)).status).toBe(200);

    for (const path of [
      `/api/t/acme/teams/${other.id}`,
      `/api/t/acme/teams/${other.id}/channels`,
      `/api/t/acme/channels/${otherGeneral.id}/messages`,
      `/api/t/acme/channels/${otherGeneral.id}/members`,
    ])
      expect((await guest.get(path)).status, path).toBe(404);
    expect((await guest.post(`/api/t/acme/teams/${other.id}/join`)).status).toBe(404);
    expect((await guest.get("/api/t/acme/users")).status).toBe(403);
    expect(
      (await guest.post("/api/t/acme/teams", { name: "x", visibility: "private" })).status,
    ).toBe(403);
    // No chat with someone outside the guest's teams.
    const chat = await guest.post("/api/t/acme/chats", { userIds: [world.a.users.member.id] });
    expect([403, 404]).toContain(chat.status);
    // Guests do not invite guests.
    expect(
      (
        await guest.post(`/api/t/acme/teams/${invited.id}/guests`, {
          email: "friend@family.example",
          displayName: "Friend",
        })
      ).status,
    ).toBe(404);
  });

  it("shuts the team's guests out when the team turns guests off, and lets them back in", async () => {
    const off = await owner.request("PATCH", `/api/t/acme/teams/${invited.id}`, {
      allowGuests: false,
    });
    expect(off.status, off.body).toBe(200);
    expect(off.json<TeamSummary>()).toMatchObject({ allowGuests: false, myRole: "owner" });
    expect((await guest.get("/api/t/acme/teams")).json<{ teams: unknown[] }>().teams).toEqual([]);
    const general = await generalOf(invited);
    expect((await guest.get(`/api/t/acme/channels/${general.id}/messages`)).status).toBe(404);
    // No new guests either (the owner is told as for any refusal on a team).
    const refused = await owner.post(`/api/t/acme/teams/${invited.id}/guests`, {
      email: "other-parent@family.example",
      displayName: "Other parent",
    });
    expect(refused.status).toBe(404);

    await owner.request("PATCH", `/api/t/acme/teams/${invited.id}`, { allowGuests: true });
    expect((await guest.get(`/api/t/acme/channels/${general.id}/messages`)).status).toBe(200);
  });

  it("shuts every guest out when the organisation turns guest access off", async () => {
    await t.app.listen({ port: 0, host: "127.0.0.1" });
    const address = t.app.server.address();
    const base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
    const socket = await WsClient.connect(base, guest);
    await socket.next((f) => f.event === "ready");

    await putSettings({ guestAccess: false });
    // The guest's open connection is closed at once (4401: session ended), not at a later sweep.
    expect(await socket.closed()).toBe(4401);
    expect((await guest.get("/api/t/acme/teams")).status).toBe(401);
    const again = await new TestBrowser(t.app).signIn("acme", guestEmail, PASSWORD);
    expect(again.status).toBe(401);
    await putSettings({ guestAccess: true });
    guest = await signedIn(guestEmail);
  });

  it("ends a guest account after the guest period unless an admin renews it", async () => {
    t.clock.advance(91 * DAY);
    // Sessions have expired too by now; a new sign-in is refused for the account itself.
    expect((await new TestBrowser(t.app).signIn("acme", guestEmail, PASSWORD)).status).toBe(401);
    const admin = await signedIn(world.a.users.admin.email);
    const renewed = await admin.post(`/api/t/acme/users/${guestId}/guest-renewal`);
    expect(renewed.status, renewed.body).toBe(200);
    expect(
      Date.parse(renewed.json<{ user: { accessExpiresAt: string } }>().user.accessExpiresAt),
    ).toBe(t.clock.now().getTime() + 90 * DAY);
    expect((await new TestBrowser(t.app).signIn("acme", guestEmail, PASSWORD)).status).toBe(200);
    // Only guests are renewed.
    const member = await admin.post(`/api/t/acme/users/${world.a.users.member.id}/guest-renewal`);
    expect(member.status).toBe(409);
  });
  it("refuses a shut-out guest's passkey sign-in as it refuses their password", async () => {
    owner = await signedIn(world.a.users.owner.email);
    const passkey = new SoftPasskey();
    await passkey.register(await signedIn(guestEmail), "Phone");
    expect((await passkey.signIn(new TestBrowser(t.app), "acme")).status).toBe(200);
    await putSettings({ guestAccess: false });
    const refused = await passkey.signIn(new TestBrowser(t.app), "acme");
    expect(refused.status).toBe(400);
    expect(refused.json()).toMatchObject({ error: { code: "passkey_failed" } });
    await putSettings({ guestAccess: true });
    expect((await passkey.signIn(new TestBrowser(t.app), "acme")).status).toBe(200);
  });
});
