import {
  DEFAULT_COMPLIANCE_RULES,
  DEVICE_NONCE_HEADER,
  DEVICE_PROOF_HEADER,
  mfaForEveryonePolicy,
  type DevicePosture,
} from "@engawa/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AgentKey } from "../../../../agent/src/signing.ts";
import { backends } from "../../../test/database.ts";
import { DeviceKey } from "../../../test/deviceKeys.ts";
import { PASSWORD, seedWorld, type World } from "../../../test/fixtures.ts";
import { TestBrowser } from "../../../test/http.ts";
import { newMember } from "../../../test/mfa.ts";
import { createTestApp, type TestApp } from "../../../test/testApp.ts";

const POSTURE: DevicePosture = {
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

/**
 * Devices in conditional access, on both databases (issue 7, acceptance 3): under a policy that
 * asks for a compliant device, a browser counts as the computer its agent linked it to; the
 * computer's next non-compliant report refuses the browser's very next request
 * (`device_not_compliant`), a compliant one lets it through again; a policy asking for a
 * registered device refuses a session bound to none (`device_registration_required`), and one
 * blocking unregistered devices (a condition) refuses its requests but not its sign-in. A link
 * must be signed by the computer's key and use the person's own code.
 */
describe.each(backends())("devices in conditional access on %s", (backend) => {
  let t: TestApp;
  let world: World;

  beforeAll(async () => {
    t = await createTestApp(backend);
    world = await seedWorld(t.services);
  });
  afterAll(async () => t.close());

  const now = () => t.clock.now();
  const iat = () => ({ iat: Math.floor(now().getTime() / 1000) });

  /** A member signed in on a browser that registered a device key (the session bound to it). */
  async function boundMember() {
    const member = await newMember(t, world);
    const browser = new TestBrowser(t.app);
    await browser.signIn("acme", member.email, PASSWORD);
    const key = await DeviceKey.create();
    const send = async (method: string, url: string, body?: unknown) => {
      const nonce = String((await browser.get("/api/me")).headers[DEVICE_NONCE_HEADER]);
      return browser.request(method, url, body, {
        [DEVICE_PROOF_HEADER]: await key.proof(method, url, nonce, iat()),
      });
    };
    const registered = await send("POST", "/api/me/devices", {
      name: "Ward browser",
      publicKey: key.publicKey,
    });
    expect(registered.status, registered.body).toBe(201);
    const browserDevice = registered.json<{ device: { id: string } }>().device.id;
    return { member, browser, send, browserDevice };
  }

  async function computerOf(
    send: (m: string, u: string, b?: unknown) => ReturnType<TestBrowser["request"]>,
  ) {
    const { code } = (await send("POST", "/api/me/devices/enrolments")).json<{ code: string }>();
    const key = AgentKey.create();
    const reply = await t.app.inject({
      method: "POST",
      url: "/api/agent/devices",
      payload: { token: key.enrolment(code, "Ward computer", now()) },
    });
    expect(reply.statusCode, reply.body).toBe(201);
    return { key, id: reply.json<{ device: { id: string } }>().device.id };
  }

  const report = (key: AgentKey, id: string, posture: DevicePosture) =>
    t.app.inject({
      method: "POST",
      url: "/api/agent/posture",
      payload: { report: key.report(id, posture, now()) },
    });

  async function policyFor(
    userId: string,
    control: "compliant_device" | "registered_device" | "block_unregistered",
  ) {
    const owner = new TestBrowser(t.app);
    await owner.signIn("acme", world.a.users.owner.email, PASSWORD);
    const base = mfaForEveryonePolicy(`Devices for ${userId}`);
    const reply = await owner.post("/api/t/acme/conditional-access/policies", {
      ...base,
      state: "on",
      include: { ...base.include, all: false, users: [userId] },
      ...(control === "block_unregistered"
        ? {
            conditions: { ...base.conditions, deviceStates: ["unregistered"] },
            grant: { ...base.grant, block: true, controls: [] },
          }
        : { grant: { ...base.grant, controls: [control] } }),
    });
    expect(reply.status, reply.body).toBe(201);
  }

  it("lets a browser through only while the computer it is linked to meets the rules", async () => {
    const { member, send, browserDevice } = await boundMember();
    const computer = await computerOf(send);
    expect((await report(computer.key, computer.id, POSTURE)).statusCode).toBe(200);
    await policyFor(member.id, "compliant_device");
    const admin = new TestBrowser(t.app);
    await admin.signIn("acme", world.a.users.admin.email, PASSWORD);
    const rules = await admin.request("PUT", "/api/t/acme/device-compliance", {
      ...DEFAULT_COMPLIANCE_RULES,
      requireDiskEncryption: true,
    });
    expect(rules.status, rules.body).toBe(200);

    // Not linked yet: the browser has no posture of its own.
    const unlinked = await send("GET", "/api/t/acme/teams");
    expect(unlinked.status).toBe(403);
    expect(unlinked.json<{ error: { code: string } }>().error.code).toBe("device_not_compliant");

    const linkCode = await send("POST", `/api/me/devices/${browserDevice}/link-codes`);
    expect(linkCode.status, linkCode.body).toBe(201);
    const { code } = linkCode.json<{ code: string }>();
    // Another computer's key cannot use it (nor a token that is not signed by a computer).
    const stranger = AgentKey.create().link(computer.id, code, now());
    const refused = await t.app.inject({
      method: "POST",
      url: "/api/agent/links",
      payload: { token: stranger },
    });
    expect(refused.statusCode).toBe(401);
    const linked = await t.app.inject({
      method: "POST",
      url: "/api/agent/links",
      payload: { token: computer.key.link(computer.id, code, now()) },
    });
    expect(linked.statusCode, linked.body).toBe(200);
    expect((await send("GET", "/api/t/acme/teams")).status).toBe(200);

    // The computer turns non-compliant: the browser's next request is refused.
    await report(computer.key, computer.id, { ...POSTURE, diskEncrypted: false });
    const after = await send("GET", "/api/t/acme/teams");
    expect(after.status).toBe(403);
    expect(after.json<{ error: { code: string } }>().error.code).toBe("device_not_compliant");
    await report(computer.key, computer.id, POSTURE);
    expect((await send("GET", "/api/t/acme/teams")).status).toBe(200);

    // A day later the report has gone stale: the browser is no longer let through.
    t.clock.advance(25 * 3600_000);
    const again = new TestBrowser(t.app);
    await again.signIn("acme", member.email, PASSWORD);
    const stale = await again.get("/api/t/acme/teams");
    expect(stale.json<{ error: { code: string } }>().error.code).toBe("device_not_compliant");
  });

  it("asks a session bound to no device to register one, and lets a bound one through", async () => {
    const plain = await newMember(t, world);
    const browser = new TestBrowser(t.app);
    await browser.signIn("acme", plain.email, PASSWORD);
    await policyFor(plain.id, "registered_device");
    const refused = await browser.get("/api/t/acme/teams");
    expect(refused.status).toBe(403);
    expect(refused.json<{ error: { code: string } }>().error.code).toBe(
      "device_registration_required",
    );
    const { member, send } = await boundMember();
    await policyFor(member.id, "registered_device");
    expect((await send("GET", "/api/t/acme/teams")).status).toBe(200);
  });

  it("blocks by the device-state condition on requests, not at the sign-in", async () => {
    const plain = await newMember(t, world);
    await policyFor(plain.id, "block_unregistered");
    const browser = new TestBrowser(t.app);
    // The sign-in cannot know the device yet: it goes through, and its first request is refused.
    await browser.signIn("acme", plain.email, PASSWORD);
    const refused = await browser.get("/api/t/acme/teams");
    expect(refused.status).toBe(403);
    expect(refused.json<{ error: { code: string } }>().error.code).toBe("access_blocked");
    const { member, send } = await boundMember();
    await policyFor(member.id, "block_unregistered");
    expect((await send("GET", "/api/t/acme/teams")).status).toBe(200);
  });
});
