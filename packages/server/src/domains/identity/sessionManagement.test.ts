import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends } from "../../../test/database.ts";
import { PASSWORD, seedWorld, type World } from "../../../test/fixtures.ts";
import { TestBrowser } from "../../../test/http.ts";
import { newMember } from "../../../test/mfa.ts";
import { createTestApp, type TestApp } from "../../../test/testApp.ts";
import { describeUserAgent } from "./userAgent.ts";

const CHROME_WINDOWS =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";
const SAFARI_IPHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1";

describe.each(backends())("a user's sessions on %s", (backend) => {
  let t: TestApp;
  let world: World;

  beforeAll(async () => {
    t = await createTestApp(backend);
    world = await seedWorld(t.services);
  });
  afterAll(async () => t.close());

  async function browserOf(email: string, address: string, userAgent: string) {
    const browser = new TestBrowser(t.app, address);
    const reply = await browser.request(
      "POST",
      "/api/auth/sign-in",
      { tenant: "acme", email, password: PASSWORD },
      { "user-agent": userAgent },
    );
    browser.adopt(reply);
    return browser;
  }

  it("lists the user's open sessions and signs one other browser out, or all the others", async () => {
    const member = await newMember(t, world);
    const office = await browserOf(member.email, "127.0.0.11", CHROME_WINDOWS);
    const phone = await browserOf(member.email, "127.0.0.12", SAFARI_IPHONE);
    const tablet = await browserOf(member.email, "127.0.0.13", SAFARI_IPHONE);
    const listed = (await office.get("/api/me/sessions")).json<{
      sessions: { id: string; current: boolean; ip: string; browser: string; os: string }[];
    }>().sessions;
    expect(listed).toHaveLength(3);
    expect(listed.find((s) => s.current)).toMatchObject({
      ip: "127.0.0.11",
      browser: "Chrome",
      os: "Windows",
    });
    const phoneSession = listed.find((s) => s.ip === "127.0.0.12");
    expect(phoneSession).toMatchObject({ browser: "Safari", os: "iOS", current: false });

    const one = await office.delete(`/api/me/sessions/${phoneSession?.id ?? ""}`);
    expect(one.json()).toEqual({ revoked: 1 });
    expect((await phone.get("/api/me")).status).toBe(401);
    expect((await tablet.get("/api/me")).status).toBe(200);

    const others = await office.post("/api/me/sessions/revoke-others");
    expect(others.json()).toEqual({ revoked: 1 });
    expect((await tablet.get("/api/me")).status).toBe(401);
    expect((await office.get("/api/me")).status).toBe(200);
  });

  it("shows the country and region of each session's address, and none for a private one", async () => {
    const member = await newMember(t, world);
    const tokyo = await browserOf(member.email, "133.0.0.1", CHROME_WINDOWS);
    await browserOf(member.email, "10.20.30.40", SAFARI_IPHONE);
    const listed = (await tokyo.get("/api/me/sessions")).json<{
      sessions: { ip: string; place: unknown }[];
    }>().sessions;
    expect(listed.find((s) => s.ip === "133.0.0.1")?.place).toEqual({
      country: "JP",
      region: "Tokyo",
    });
    expect(listed.find((s) => s.ip === "10.20.30.40")?.place).toBeNull();
    // The sign-in log reads the same place from the audited address.
    const admin = new TestBrowser(t.app);
    await admin.signIn("acme", world.a.users.admin.email, PASSWORD);
    const entries = (await admin.get(`/api/t/acme/sign-ins?userId=${member.id}`)).json<{
      entries: { ip: string; place: unknown }[];
    }>().entries;
    expect(entries.find((e) => e.ip === "133.0.0.1")?.place).toEqual({
      country: "JP",
      region: "Tokyo",
    });
  });

  it("cannot end someone else's session by its id", async () => {
    const member = await newMember(t, world);
    const victim = await browserOf(member.email, "127.0.0.14", CHROME_WINDOWS);
    const [session] = (await victim.get("/api/me/sessions")).json<{ sessions: { id: string }[] }>()
      .sessions;
    const other = new TestBrowser(t.app);
    await other.signIn("acme", world.a.users.admin.email, PASSWORD);
    const reply = await other.delete(`/api/me/sessions/${session?.id ?? ""}`);
    expect(reply.status).toBe(404);
    expect((await victim.get("/api/me")).status).toBe(200);
  });

  it("an admin signs a user out everywhere, and it is audited", async () => {
    const member = await newMember(t, world);
    const a = await browserOf(member.email, "127.0.0.15", CHROME_WINDOWS);
    const b = await browserOf(member.email, "127.0.0.16", SAFARI_IPHONE);
    const admin = new TestBrowser(t.app);
    await admin.signIn("acme", world.a.users.admin.email, PASSWORD);
    const reply = await admin.post(`/api/t/acme/users/${member.id}/sessions/revoke`);
    expect(reply.json()).toEqual({ revoked: 2 });
    expect((await a.get("/api/me")).status).toBe(401);
    expect((await b.get("/api/me")).status).toBe(401);
    // Only owners sign owners out.
    const owner = await admin.post(`/api/t/acme/users/${world.a.users.owner.id}/sessions/revoke`);
    expect(owner.status).toBe(403);
  });

  it("names browsers and systems coarsely", () => {
    expect(describeUserAgent(CHROME_WINDOWS)).toEqual({ browser: "Chrome", os: "Windows" });
    expect(describeUserAgent(SAFARI_IPHONE)).toEqual({ browser: "Safari", os: "iOS" });
    expect(describeUserAgent(null)).toEqual({ browser: "unknown", os: "unknown" });
  });
});
