import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  DEFAULT_COMPLIANCE_RULES,
  DevicePosture,
  type DeviceCompliance,
  type DeviceComplianceRules,
  type DevicePosture as Posture,
} from "@engawa/shared";
import { Value } from "typebox/value";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAgent } from "../../../../agent/src/cli.ts";
import { collectPosture } from "../../../../agent/src/posture.ts";
import { AgentKey } from "../../../../agent/src/signing.ts";
import { backends } from "../../../test/database.ts";
import { PASSWORD, seedWorld, type World } from "../../../test/fixtures.ts";
import { TestBrowser } from "../../../test/http.ts";
import { createTestApp, type TestApp } from "../../../test/testApp.ts";

/** A machine that meets every rule (a fixture, signed like a live report). */
const COMPLIANT: Posture = {
  osName: "Ubuntu 24.04.1 LTS",
  osId: "ubuntu",
  osVersion: "24.04",
  kernel: "6.8.0-45-generic",
  diskEncrypted: true,
  firewallActive: true,
  screenLock: true,
  lastPackageUpdate: "2026-11-19T03:00:00.000Z",
  antivirus: true,
  antivirusProducts: ["ClamAV"],
  collectedAt: "2026-11-20T09:00:00.000Z",
};

/** One that fails most of them, and cannot tell its screen lock. */
const NON_COMPLIANT: Posture = {
  ...COMPLIANT,
  osName: "Ubuntu 20.04.6 LTS",
  osVersion: "20.04",
  diskEncrypted: false,
  firewallActive: false,
  screenLock: "unknown",
  lastPackageUpdate: "2026-06-01T00:00:00.000Z",
  antivirus: false,
  antivirusProducts: [],
};

const STRICT: DeviceComplianceRules = {
  minOsVersions: [{ osId: "ubuntu", version: "22.04" }],
  requireDiskEncryption: true,
  requireFirewall: true,
  requireScreenLock: true,
  requireAntivirus: true,
  maxPostureAgeHours: 24,
  maxDaysSinceUpdate: 30,
};

/**
 * engawa-agent against a real server on both databases: a person's one-time code registers a
 * machine's own key; signed posture reports (the test host's live one, and fixtures of compliant and
 * non-compliant machines) are judged by the tenant's rules; a tampered, replayed, stale or unknown
 * report is refused and a used code does not work twice. The CLI itself registers and reports.
 */
describe.each(backends())("engawa-agent devices on %s", (backend) => {
  let t: TestApp;
  let world: World;
  let baseUrl: string;

  beforeAll(async () => {
    t = await createTestApp(backend);
    world = await seedWorld(t.services);
    await t.app.listen({ port: 0, host: "127.0.0.1" });
    const address = t.app.server.address();
    baseUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  });
  afterAll(async () => t.close());

  const now = () => t.services.clock.now();

  async function signedIn(email: string) {
    const browser = new TestBrowser(t.app);
    await browser.signIn("acme", email, PASSWORD);
    return browser;
  }

  async function codeFor(browser: TestBrowser): Promise<string> {
    const reply = await browser.post("/api/me/devices/enrolments");
    expect(reply.status, reply.body).toBe(201);
    return reply.json<{ code: string }>().code;
  }

  async function registered(name = "Ward PC 3") {
    const member = await signedIn(world.a.users.member.email);
    const key = AgentKey.create();
    const reply = await t.app.inject({
      method: "POST",
      url: "/api/agent/devices",
      payload: { token: key.enrolment(await codeFor(member), name, now()) },
    });
    expect(reply.statusCode, reply.body).toBe(201);
    return { member, key, deviceId: reply.json<{ device: { id: string } }>().device.id };
  }

  async function report(token: string) {
    const reply = await t.app.inject({
      method: "POST",
      url: "/api/agent/posture",
      payload: { report: token },
    });
    return {
      status: reply.statusCode,
      body: reply.json<{ compliance: DeviceCompliance; error?: { code: string } }>(),
    };
  }

  async function setRules(rules: DeviceComplianceRules) {
    const admin = await signedIn(world.a.users.admin.email);
    const reply = await admin.request("PUT", "/api/t/acme/device-compliance", rules);
    expect(reply.status, reply.body).toBe(200);
  }

  it("registers a machine with a one-time code and judges its live report and signed fixtures by the rules", async () => {
    const { member, key, deviceId } = await registered();
    // The test host's own posture, as the agent collects it: every value known or "unknown".
    const live = collectPosture();
    expect(Value.Check(DevicePosture, live)).toBe(true);
    await setRules(DEFAULT_COMPLIANCE_RULES);
    const fresh = await report(key.report(deviceId, live, now()));
    expect(fresh.status).toBe(200);
    expect(fresh.body.compliance).toEqual({ compliant: true, failures: [] });

    await setRules(STRICT);
    const strict = await report(key.report(deviceId, live, now()));
    expect(strict.status).toBe(200);
    // Whatever the host could not tell fails the rule that asks for it, with "unknown" shown.
    const expectFailure = (rule: string, value: unknown) => {
      const failed = strict.body.compliance.failures.some((f) => f.rule === rule);
      expect(failed, `${rule} (${String(value)})`).toBe(value !== true);
    };
    expectFailure("disk_encryption", live.diskEncrypted);
    expectFailure("firewall", live.firewallActive);
    expectFailure("screen_lock", live.screenLock);
    expectFailure("antivirus", live.antivirus);

    const good = await report(key.report(deviceId, COMPLIANT, now()));
    expect(good.body.compliance).toEqual({ compliant: true, failures: [] });
    const bad = await report(key.report(deviceId, NON_COMPLIANT, now()));
    expect(bad.body.compliance.compliant).toBe(false);
    expect(bad.body.compliance.failures).toEqual([
      { rule: "os_version", actual: "ubuntu 20.04" },
      { rule: "disk_encryption", actual: "false" },
      { rule: "firewall", actual: "false" },
      { rule: "screen_lock", actual: "unknown" },
      { rule: "antivirus", actual: "false" },
      { rule: "package_updates", actual: "2026-06-01T00:00:00.000Z" },
    ]);

    // The owner sees the device, its last posture and why it is not compliant.
    const mine = (await member.get("/api/me/devices")).json<{
      devices: {
        id: string;
        kind: string;
        posture: Posture | null;
        compliance: DeviceCompliance;
      }[];
    }>();
    const shown = mine.devices.find((d) => d.id === deviceId);
    expect(shown?.kind).toBe("agent");
    expect(shown?.posture?.osVersion).toBe("20.04");
    expect(shown?.compliance.compliant).toBe(false);

    // A day later the report no longer counts.
    t.clock.advance(25 * 3600_000);
    const again = await signedIn(world.a.users.member.email);
    const later = (await again.get("/api/me/devices")).json<{
      devices: { id: string; compliance: DeviceCompliance }[];
    }>();
    expect(
      later.devices.find((d) => d.id === deviceId)?.compliance.failures.map((f) => f.rule),
    ).toContain("posture_stale");
    await setRules(DEFAULT_COMPLIANCE_RULES);
  });

  it("refuses a tampered, replayed, stale or foreign report, and a code used twice", async () => {
    const { key, deviceId } = await registered("Ward PC 4");
    const token = key.report(deviceId, COMPLIANT, now());
    // Tampered: the payload changed after signing (screen lock claimed).
    const [header, payload, signature] = token.split(".") as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString()) as {
      posture: Posture;
    };
    claims.posture = { ...NON_COMPLIANT, screenLock: true };
    const tampered = `${header}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.${signature}`;
    expect((await report(tampered)).body.error?.code).toBe("agent_report_refused");
    expect((await report(token)).status).toBe(200);
    expect((await report(token)).body.error?.code).toBe("agent_report_refused");
    const stale = key.report(deviceId, COMPLIANT, new Date(now().getTime() - 10 * 60_000));
    expect((await report(stale)).status).toBe(401);
    // Another key cannot speak for the device.
    const other = AgentKey.create().report(deviceId, COMPLIANT, now());
    expect((await report(other)).body.error?.code).toBe("agent_report_refused");
    expect((await report("not.a.jws")).status).toBe(401);

    const member = await signedIn(world.a.users.member.email);
    const code = await codeFor(member);
    const first = AgentKey.create().enrolment(code, "Lab PC", now());
    const again = AgentKey.create().enrolment(code, "Lab PC", now());
    const register = (token: string) =>
      t.app.inject({ method: "POST", url: "/api/agent/devices", payload: { token } });
    expect((await register(first)).statusCode).toBe(201);
    const reused = await register(again);
    expect(reused.statusCode).toBe(401);
    expect(reused.json<{ error: { code: string } }>().error.code).toBe("agent_enrolment_invalid");
    // Expired: ten minutes pass.
    const late = await codeFor(member);
    t.clock.advance(11 * 60_000);
    const expired = await register(AgentKey.create().enrolment(late, "Lab PC", now()));
    expect(expired.statusCode).toBe(401);
  });

  it("the CLI registers this machine and reports its real posture, in the viewer's language", async () => {
    // The CLI signs with the real clock: set the server's to it.
    t.clock.set(new Date());
    const home = mkdtempSync(path.join(tmpdir(), "engawa-agent-"));
    try {
      const member = await signedIn(world.a.users.member.email);
      const lines: string[] = [];
      const io = {
        out: (l: string) => lines.push(l),
        err: (l: string) => lines.push(l),
        env: { ENGAWA_AGENT_HOME: home, LANG: "ja_JP.UTF-8" },
      };
      const code = await codeFor(member);
      expect(
        await runAgent(
          ["register", "--server", baseUrl, "--code", code, "--name", "Nurse station"],
          io,
        ),
      ).toBe(0);
      expect(lines.at(-1)).toMatch(/^「Nurse station」を登録しました/);
      expect(await runAgent(["report"], io)).toBe(0);
      expect(lines.at(-1)).toBe("このコンピューターは組織のルールを満たしています。");
      await setRules({
        ...DEFAULT_COMPLIANCE_RULES,
        minOsVersions: [
          {
            osId: collectPosture().osId === "unknown" ? "debian" : String(collectPosture().osId),
            version: "999",
          },
        ],
      });
      expect(await runAgent(["report", "--lang", "en"], io)).toBe(2);
      expect(lines.slice(-2)[0]).toBe("This computer does not meet your organisation's rules:");
      expect(lines.at(-1)).toMatch(/^ {2}- the operating system is older than allowed/);
      await setRules(DEFAULT_COMPLIANCE_RULES);
      expect(await runAgent(["register", "--server", baseUrl, "--code", code], io)).toBe(1);
      expect(lines.at(-1)).toMatch(/agent_enrolment_invalid/);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
