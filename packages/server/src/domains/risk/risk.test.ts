import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_RISK_SETTINGS, type RiskySignIn, type RiskyUser } from "@engawa/shared";
import { backends } from "../../../test/database.ts";
import { PASSWORD, seedWorld, type World } from "../../../test/fixtures.ts";
import { TestBrowser } from "../../../test/http.ts";
import { enrollTotp, newMember, TOTP_STEP_MS } from "../../../test/mfa.ts";
import { SoftPasskey } from "../../../test/softPasskey.ts";
import { createTestApp, type TestApp } from "../../../test/testApp.ts";
import { DAY, HOUR, MINUTE } from "../../platform/clock.ts";
import { hashPassword } from "../../platform/crypto/passwords.ts";
import { scopeFor } from "../../platform/scope.ts";
import { totpCode } from "../../platform/crypto/totp.ts";

/**
 * Addresses whose answers come from the shipped data (DB-IP City Lite, the ASN table, the lists in
 * packages/server/data/risk): the first test checks the lookups themselves, so a data update that
 * moves one fails there and not in a detection test.
 */
const TOKYO_IIJ = "210.130.1.1";
const TOKYO_NTT = "60.32.0.1";
const OSAKA_KDDI = "27.80.0.1";
const NEW_JERSEY_COMCAST = "24.0.0.1";
const LONDON_AAISP = "81.2.69.160";
const TOR_EXIT = "185.220.101.1";
const BOTNET_C2 = "79.194.143.100";
const HOSTING_DIGITALOCEAN = "162.243.10.1";

const CHROME_LINUX =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36";
const FIREFOX_WINDOWS =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0";

describe.each(backends())("risk detections on %s", (backend) => {
  let t: TestApp;
  let world: World;

  beforeAll(async () => {
    t = await createTestApp(backend);
    world = await seedWorld(t.services);
  });

  /** An admin signed in now (the tests move the clock past session timeouts). */
  async function adminNow(): Promise<TestBrowser> {
    const admin = new TestBrowser(t.app);
    expect((await admin.signIn("acme", world.a.users.admin.email, PASSWORD)).status).toBe(200);
    return admin;
  }
  afterAll(async () => t.close());

  const system = () => scopeFor({ type: "system", reason: "test" }, world.a.id);

  async function signInFrom(ip: string, email: string, userAgent = CHROME_LINUX) {
    const browser = new TestBrowser(t.app, ip, userAgent);
    const reply = await browser.signIn("acme", email, PASSWORD);
    return { browser, reply };
  }

  async function detectionsOf(userId: string) {
    const rows = await t.services.risk.store.openDetections(system(), userId);
    return rows.map((r) => [r.kind, r.level]).sort();
  }

  async function signInsOf(userId: string): Promise<RiskySignIn[]> {
    const reply = await (
      await adminNow()
    ).get(`/api/t/acme/risk/sign-ins?all=true&userId=${userId}`);
    expect(reply.status).toBe(200);
    return reply.json<{ signIns: RiskySignIn[] }>().signIns;
  }

  it("looks the test addresses up in the shipped data", async () => {
    const { placeOf } = await import("../../platform/geo/geoIp.ts");
    const { asnOf } = await import("../../platform/geo/asn.ts");
    expect(await placeOf(TOKYO_IIJ)).toMatchObject({ country: "JP", region: "Tokyo" });
    expect(await placeOf(NEW_JERSEY_COMCAST)).toMatchObject({
      country: "US",
      region: "New Jersey",
    });
    expect(await asnOf(TOKYO_IIJ)).toEqual({
      number: 2497,
      name: "Internet Initiative Japan Inc.",
    });
    expect(await asnOf(HOSTING_DIGITALOCEAN)).toMatchObject({ number: 14061 });
    const lists = t.services.risk.lists;
    const match = (ip: string, asn: number | null) =>
      lists.match(world.a.id, DEFAULT_RISK_SETTINGS, ip, asn);
    expect(await match(TOR_EXIT, 60729)).toMatchObject({ anonymousList: "tor-exits" });
    expect(await match(HOSTING_DIGITALOCEAN, 14061)).toMatchObject({
      anonymousList: "hosting-asns",
    });
    expect(await match(BOTNET_C2, 3320)).toMatchObject({
      botnetList: "botnet-c2",
      anonymousList: null,
    });
    expect(await match(LONDON_AAISP, 20712)).toEqual({
      anonymousList: null,
      botnetList: null,
      trusted: false,
    });
  });

  it("impossible travel: Tokyo then New Jersey ten minutes later is medium, with both places and times", async () => {
    const user = await newMember(t, world);
    expect((await signInFrom(TOKYO_IIJ, user.email)).reply.status).toBe(200);
    t.clock.advance(10 * MINUTE);
    expect((await signInFrom(NEW_JERSEY_COMCAST, user.email)).reply.status).toBe(200);
    expect(await detectionsOf(user.id)).toEqual([["impossible_travel", "medium"]]);
    const [latest, first] = await signInsOf(user.id);
    expect(first).toMatchObject({
      risk: "none",
      country: "JP",
      region: "Tokyo",
      asn: 2497,
      outcome: "allowed",
    });
    expect(latest).toMatchObject({ risk: "medium", country: "US", outcome: "allowed" });
    const evidence = latest!.detections[0]!.evidence;
    expect(evidence.from).toMatchObject({
      ip: TOKYO_IIJ,
      country: "JP",
      region: "Tokyo",
      at: first!.at,
    });
    expect(evidence.to).toMatchObject({ ip: NEW_JERSEY_COMCAST, country: "US", at: latest!.at });
    expect(evidence.kilometres).toBeGreaterThan(10_000);
    expect(evidence.kilometresPerHour).toBeGreaterThan(60_000);
    // The admin list's filters: by detection and user, by level (at or above), by time.
    const admin = await adminNow();
    const list = async (query: string) =>
      (await admin.get(`/api/t/acme/risk/sign-ins?userId=${user.id}&${query}`)).json<{
        signIns: RiskySignIn[];
      }>().signIns.length;
    expect(await list("detection=impossible_travel")).toBe(1);
    expect(await list("detection=anonymous_ip")).toBe(0);
    expect(await list("level=medium")).toBe(1);
    expect(await list("level=high")).toBe(0);
    expect(await list(`from=${encodeURIComponent(t.clock.now().toISOString())}`)).toBe(1);
    expect(await list(`to=${encodeURIComponent(first!.at)}&all=true`)).toBe(1);
  });

  it("negative control: two Tokyo networks an hour apart, and Tokyo then Osaka, raise nothing", async () => {
    const user = await newMember(t, world);
    await signInFrom(TOKYO_IIJ, user.email);
    t.clock.advance(HOUR);
    await signInFrom(TOKYO_NTT, user.email);
    t.clock.advance(10 * MINUTE);
    // Some 400 km in ten minutes is fast, but under the 500 km floor for address-location error.
    await signInFrom(OSAKA_KDDI, user.email);
    expect(await detectionsOf(user.id)).toEqual([]);
    expect((await signInsOf(user.id)).map((s) => s.risk)).toEqual(["none", "none", "none"]);
  });

  it("anonymous IP (a Tor exit, a hosting network) is medium; an ordinary address is nothing", async () => {
    const tor = await newMember(t, world);
    await signInFrom(TOR_EXIT, tor.email);
    expect(await detectionsOf(tor.id)).toEqual([["anonymous_ip", "medium"]]);
    expect((await signInsOf(tor.id))[0]!.detections[0]!.evidence).toMatchObject({
      list: "tor-exits",
    });
    const hosted = await newMember(t, world);
    await signInFrom(HOSTING_DIGITALOCEAN, hosted.email);
    expect(await detectionsOf(hosted.id)).toEqual([["anonymous_ip", "medium"]]);
    const ordinary = await newMember(t, world);
    await signInFrom(LONDON_AAISP, ordinary.email);
    expect(await detectionsOf(ordinary.id)).toEqual([]);
  });

  it("infected device (a botnet server's address) is low; the tenant's own list counts too", async () => {
    const user = await newMember(t, world);
    await signInFrom(BOTNET_C2, user.email);
    expect(await detectionsOf(user.id)).toEqual([["infected_device", "low"]]);
    // Negative control: the next address of the same network is on no list.
    const neighbour = await newMember(t, world);
    await signInFrom("79.194.143.101", neighbour.email);
    expect(await detectionsOf(neighbour.id)).toEqual([]);
    const owner = new TestBrowser(t.app);
    await owner.signIn("acme", world.a.users.owner.email, PASSWORD);
    const saved = await owner.put("/api/t/acme/risk/settings", {
      ...DEFAULT_RISK_SETTINGS,
      botnetRanges: ["81.2.69.0/24"],
    });
    expect(saved.status).toBe(200);
    const listed = await newMember(t, world);
    await signInFrom(LONDON_AAISP, listed.email);
    expect(await detectionsOf(listed.id)).toEqual([["infected_device", "low"]]);
    expect((await owner.put("/api/t/acme/risk/settings", DEFAULT_RISK_SETTINGS)).status).toBe(200);
  });

  it("IP with suspicious activity: failures over several accounts make a success from it medium", async () => {
    const address = "81.2.69.161";
    for (let i = 0; i < 10; i++) {
      const stranger = new TestBrowser(t.app, address);
      await stranger.signIn("acme", `nobody${i % 4}@acme.example`, "wrong password, surely");
      t.clock.advance(2 * MINUTE);
    }
    const user = await newMember(t, world);
    await signInFrom(address, user.email);
    expect(await detectionsOf(user.id)).toEqual([["suspicious_ip", "medium"]]);
    const evidence = (await signInsOf(user.id))[0]!.detections[0]!.evidence;
    expect(evidence).toMatchObject({ accounts: 4, windowMinutes: 60 });
    expect(evidence.failures).toBeGreaterThanOrEqual(10);
    // Negative control: one mistyped password from another address is nothing.
    const other = await newMember(t, world);
    const typo = new TestBrowser(t.app, "81.2.69.162");
    await typo.signIn("acme", other.email, "not quite the password");
    await signInFrom("81.2.69.162", other.email);
    expect(await detectionsOf(other.id)).toEqual([]);
  });

  it("leaked credentials: a password on the breached list is high (user risk), and blocks without MFA", async () => {
    const user = await newMember(t, world);
    const scope = system();
    await t.services.identity.store.updateUser(scope, user.id, {
      passwordHash: await hashPassword("password1234"),
    });
    const browser = new TestBrowser(t.app, LONDON_AAISP);
    const reply = await browser.signIn("acme", user.email, "password1234");
    // High user risk: the default policy asks for a password change after a second factor,
    // and this account has no second factor.
    expect(reply.status).toBe(403);
    expect(reply.json()).toMatchObject({ error: { code: "risk_blocked" } });
    expect(await detectionsOf(user.id)).toEqual([["leaked_credentials", "high"]]);
    // Negative control: the fixture's password is not on the list.
    const fine = await newMember(t, world);
    expect((await signInFrom(LONDON_AAISP, fine.email)).reply.status).toBe(200);
    expect(await detectionsOf(fine.id)).toEqual([]);
  });

  it("unfamiliar location: nothing while learning; after it, a new country is medium and a known one nothing", async () => {
    const user = await newMember(t, world);
    await signInFrom(TOKYO_IIJ, user.email);
    // Learning (one sign-in, two days): a new country raises nothing yet.
    t.clock.advance(2 * DAY);
    await signInFrom(LONDON_AAISP, user.email);
    expect(await detectionsOf(user.id)).toEqual([]);
    // Five days of history: learned.
    t.clock.advance(4 * DAY);
    await signInFrom(TOKYO_NTT, user.email);
    expect(await detectionsOf(user.id)).toEqual([]);
    t.clock.advance(2 * DAY);
    await signInFrom(NEW_JERSEY_COMCAST, user.email);
    expect(await detectionsOf(user.id)).toEqual([["unfamiliar_location", "medium"]]);
    const latest = (await signInsOf(user.id))[0]!;
    expect(latest.detections[0]!.evidence).toMatchObject({ unfamiliar: ["country"] });
    // A known country on another network with the same browser: nothing new.
    t.clock.advance(DAY);
    await signInFrom(OSAKA_KDDI, user.email);
    expect(await detectionsOf(user.id)).toEqual([["unfamiliar_location", "medium"]]);
  });

  it("unfamiliar location also learns from ten sign-ins, and a new network with a new client counts", async () => {
    const user = await newMember(t, world);
    for (let i = 0; i < 10; i++) {
      await signInFrom(TOKYO_IIJ, user.email);
      t.clock.advance(HOUR);
    }
    await signInFrom(TOKYO_NTT, user.email, FIREFOX_WINDOWS);
    expect(await detectionsOf(user.id)).toEqual([["unfamiliar_location", "medium"]]);
    const latest = (await signInsOf(user.id))[0]!;
    expect(latest.detections[0]!.evidence).toMatchObject({
      unfamiliar: ["asn", "browser", "os"],
      asn: 4713,
    });
  });

  it("a sign-in-risk policy asks for the second factor only on risky sign-ins when the tenant says so", async () => {
    const owner = new TestBrowser(t.app);
    await owner.signIn("acme", world.a.users.owner.email, PASSWORD);
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
    expect(
      (
        await owner.put("/api/t/acme/risk/settings", {
          ...DEFAULT_RISK_SETTINGS,
          signInRiskPolicy: { level: "medium", control: "mfa" },
        })
      ).status,
    ).toBe(200);
    const user = await newMember(t, world);
    const first = new TestBrowser(t.app, LONDON_AAISP);
    await first.signIn("acme", user.email, PASSWORD);
    await enrollTotp(t, first);
    t.clock.advance(TOTP_STEP_MS);
    const known = await signInFrom(LONDON_AAISP, user.email);
    expect(known.reply.json()).toMatchObject({ session: { stage: "complete" } });
    const tor = await signInFrom(TOR_EXIT, user.email);
    expect(tor.reply.json()).toMatchObject({ session: { stage: "second_factor" } });
    const [latest] = await signInsOf(user.id);
    expect(latest).toMatchObject({ risk: "medium", outcome: "mfa" });
    // Someone without a second factor is refused rather than let in to enrol one.
    const bare = await newMember(t, world);
    const refused = await signInFrom(TOR_EXIT, bare.email);
    expect(refused.reply.status).toBe(403);
    expect((await signInsOf(bare.id))[0]).toMatchObject({ outcome: "blocked", risk: "medium" });
    expect((await owner.put("/api/t/acme/risk/settings", DEFAULT_RISK_SETTINGS)).status).toBe(200);
    expect((await owner.put("/api/t/acme/settings", settings)).status).toBe(200);
  });

  it("a passkey sign-in is a second factor already: risky, it is let in; under a block policy, refused", async () => {
    const owner = new TestBrowser(t.app);
    await owner.signIn("acme", world.a.users.owner.email, PASSWORD);
    const putPolicy = (control: "mfa" | "block") =>
      owner.put("/api/t/acme/risk/settings", {
        ...DEFAULT_RISK_SETTINGS,
        signInRiskPolicy: { level: "medium", control },
      });
    expect((await putPolicy("mfa")).status).toBe(200);
    const user = await newMember(t, world);
    const passkey = new SoftPasskey();
    const { browser } = await signInFrom(LONDON_AAISP, user.email);
    await passkey.register(browser, "Laptop");
    const tor = await passkey.signIn(new TestBrowser(t.app, TOR_EXIT, CHROME_LINUX), "acme");
    expect(tor.status).toBe(200);
    expect(tor.json()).toMatchObject({ session: { stage: "complete", methods: "passkey" } });
    expect((await signInsOf(user.id))[0]).toMatchObject({
      method: "passkey",
      risk: "medium",
      outcome: "allowed",
    });
    expect((await putPolicy("block")).status).toBe(200);
    const blocked = await passkey.signIn(new TestBrowser(t.app, TOR_EXIT, CHROME_LINUX), "acme");
    expect(blocked.status).toBe(403);
    expect(blocked.json()).toMatchObject({ error: { code: "risk_blocked" } });
    expect((await signInsOf(user.id))[0]).toMatchObject({ method: "passkey", outcome: "blocked" });
    expect((await owner.put("/api/t/acme/risk/settings", DEFAULT_RISK_SETTINGS)).status).toBe(200);
  });

  it("confirming a user compromised ends their sessions at once and makes their risk high; dismissing clears it", async () => {
    const admin = await adminNow();
    const user = await newMember(t, world);
    const { browser } = await signInFrom(LONDON_AAISP, user.email);
    expect((await browser.get("/api/me")).status).toBe(200);
    const confirmed = await admin.post(`/api/t/acme/risk/users/${user.id}/confirm-compromised`);
    expect(confirmed.status).toBe(200);
    expect(confirmed.json<{ user: RiskyUser }>().user).toMatchObject({
      risk: "high",
      detections: [{ kind: "admin_confirmed_compromised", level: "high", state: "open" }],
    });
    expect((await browser.get("/api/me")).status).toBe(401);
    const risky = (await admin.get("/api/t/acme/risk/users")).json<{ users: RiskyUser[] }>().users;
    expect(risky.find((u) => u.userId === user.id)).toMatchObject({ risk: "high" });
    // High user risk: the next sign-in must change the password after a second factor; without
    // one it is refused.
    expect((await signInFrom(LONDON_AAISP, user.email)).reply.status).toBe(403);
    const dismissed = await admin.post(`/api/t/acme/risk/users/${user.id}/dismiss`);
    expect(dismissed.json<{ user: RiskyUser }>().user).toMatchObject({
      risk: "none",
      detections: [],
    });
    expect((await signInFrom(LONDON_AAISP, user.email)).reply.status).toBe(200);
    const audit = await t.services.audit.list(system(), {
      action: "risk.user.",
      involving: user.id,
      limit: 10,
    });
    expect(audit.events.map((e) => e.action).sort()).toEqual([
      "risk.user.confirm_compromised",
      "risk.user.dismiss",
    ]);
    const marked = await t.services.audit.list(system(), {
      action: "auth.account_at_risk",
      involving: user.id,
      limit: 10,
    });
    expect(marked.events).toHaveLength(1);
  });

  it("anomalous token: a session cookie used from another country and browser is medium; its own use is nothing", async () => {
    const user = await newMember(t, world);
    const { browser } = await signInFrom(TOKYO_IIJ, user.email);
    const same = await browser.get("/api/me");
    expect(same.status).toBe(200);
    expect(await detectionsOf(user.id)).toEqual([]);
    // The cookie, copied into another browser elsewhere.
    const thief = new TestBrowser(t.app, NEW_JERSEY_COMCAST, FIREFOX_WINDOWS);
    for (const [name, value] of browser.cookies) thief.cookies.set(name, value);
    expect((await thief.get("/api/me")).status).toBe(200);
    expect((await thief.get("/api/me")).status).toBe(200);
    expect(await detectionsOf(user.id)).toEqual([["anomalous_token", "medium"]]);
    const [row] = await t.services.risk.store.openDetections(system(), user.id);
    expect(row!.evidence).toMatchObject({
      from: { ip: TOKYO_IIJ, country: "JP" },
      to: { ip: NEW_JERSEY_COMCAST, country: "US" },
      unfamiliar: ["country", "browser", "os"],
    });
  });

  it("high user risk: a second factor, then a password change, and the risk is remediated", async () => {
    const admin = await adminNow();
    const user = await newMember(t, world);
    const first = new TestBrowser(t.app, LONDON_AAISP);
    await first.signIn("acme", user.email, PASSWORD);
    const { secret } = await enrollTotp(t, first);
    expect((await admin.post(`/api/t/acme/risk/users/${user.id}/report-leaked`)).status).toBe(200);
    t.clock.advance(TOTP_STEP_MS);
    const browser = new TestBrowser(t.app, LONDON_AAISP);
    const password = await browser.signIn("acme", user.email, PASSWORD);
    expect(password.json()).toMatchObject({ session: { stage: "second_factor" } });
    const code = totpCode(secret, t.clock.now().getTime());
    const factor = browser.adopt(await browser.post("/api/auth/second-factor/totp", { code }));
    expect(factor.json()).toMatchObject({ session: { stage: "password_change" } });
    // Nothing else is reachable until the password is changed.
    expect((await browser.get("/api/t/acme/teams")).status).toBe(403);
    const changed = browser.adopt(
      await browser.post("/api/me/password", {
        currentPassword: PASSWORD,
        newPassword: "a quite different passphrase 2026",
      }),
    );
    expect(changed.status).toBe(200);
    expect((await browser.get("/api/me")).json()).toMatchObject({ session: { stage: "complete" } });
    expect(await detectionsOf(user.id)).toEqual([]);
    const closed = await t.services.risk.store.detectionsOfSignIns(system(), []);
    expect(closed).toEqual([]);
    const risky = (await admin.get("/api/t/acme/risk/users")).json<{ users: RiskyUser[] }>().users;
    expect(risky.find((u) => u.userId === user.id)).toBeUndefined();
    const audit = await t.services.audit.list(system(), {
      action: "risk.user.remediate",
      involving: user.id,
      limit: 5,
    });
    expect(audit.events).toHaveLength(1);
  });

  it("a low detection stops counting after six months; medium ones stay until closed", async () => {
    const user = await newMember(t, world);
    await signInFrom(BOTNET_C2, user.email);
    expect(await t.services.risk.userRisk(system(), user.id)).toBe("low");
    t.clock.advance(183 * DAY);
    expect(await t.services.risk.userRisk(system(), user.id)).toBe("none");
    const other = await newMember(t, world);
    await signInFrom(TOR_EXIT, other.email);
    t.clock.advance(183 * DAY);
    expect(await t.services.risk.userRisk(system(), other.id)).toBe("medium");
  });

  it("shows people their own sign-ins of the last 30 days (place, network, browser), and nobody else's", async () => {
    const user = await newMember(t, world);
    const other = await newMember(t, world);
    await signInFrom(LONDON_AAISP, other.email);
    t.clock.advance(HOUR);
    const { browser } = await signInFrom(TOKYO_IIJ, user.email);
    const own = await browser.get("/api/me/sign-ins");
    expect(own.status).toBe(200);
    const signIns = own.json<{ signIns: object[] }>().signIns;
    expect(signIns).toEqual([
      expect.objectContaining({
        ip: TOKYO_IIJ,
        country: "JP",
        region: "Tokyo",
        asnName: "Internet Initiative Japan Inc.",
        browser: "Chrome",
        os: "Linux",
        method: "password",
        outcome: "allowed",
      }),
    ]);
    expect(JSON.stringify(signIns)).not.toContain("risk");
  });

  it("refuses a settings list entry that is not an address or range, naming it", async () => {
    const owner = new TestBrowser(t.app);
    await owner.signIn("acme", world.a.users.owner.email, PASSWORD);
    const reply = await owner.put("/api/t/acme/risk/settings", {
      ...DEFAULT_RISK_SETTINGS,
      trustedRanges: ["203.0.113.0/24", "203.0.113.0/33"],
    });
    expect(reply.status).toBe(400);
    expect(reply.json()).toMatchObject({
      error: { code: "invalid_value", field: "trustedRanges/1" },
    });
    const stored = (await owner.get("/api/t/acme/risk/settings")).json<{
      settings: { trustedRanges: string[] };
    }>();
    expect(stored.settings.trustedRanges).toEqual([]);
  });
});
