import { DEVICE_NONCE_HEADER, DEVICE_PROOF_HEADER } from "@engawa/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends } from "../../../test/database.ts";
import { DeviceKey } from "../../../test/deviceKeys.ts";
import { PASSWORD, seedWorld, type World } from "../../../test/fixtures.ts";
import { TestBrowser } from "../../../test/http.ts";
import { newMember } from "../../../test/mfa.ts";
import { createTestApp, type TestApp } from "../../../test/testApp.ts";
import { scopeFor } from "../../platform/scope.ts";
import { WsClient } from "../../../test/wsClient.ts";

/**
 * Registered devices on both databases: a session bound to a device is refused without a proof
 * signed by the device's key (a copied cookie alone), accepted with one; proofs are single-use
 * and bound to their request; the WebSocket answers a challenge; a blocked or removed device's
 * sessions end.
 */
describe.each(backends())("registered devices on %s", (backend) => {
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

  const now = () => ({ iat: Math.floor(t.services.clock.now().getTime() / 1000) });

  async function signedIn(email: string) {
    const browser = new TestBrowser(t.app);
    await browser.signIn("acme", email, PASSWORD);
    return browser;
  }

  async function nonceOf(browser: TestBrowser): Promise<string> {
    const reply = await browser.get("/api/me");
    const nonce = reply.headers[DEVICE_NONCE_HEADER];
    if (typeof nonce !== "string") throw new Error("no device nonce offered");
    return nonce;
  }

  /** Registers a new key from this browser; answers the key and the registered device. */
  async function register(browser: TestBrowser, name = "Ward PC") {
    const key = await DeviceKey.create();
    const proof = await key.proof("POST", "/api/me/devices", await nonceOf(browser), now());
    const reply = await browser.request(
      "POST",
      "/api/me/devices",
      { name, publicKey: key.publicKey },
      { [DEVICE_PROOF_HEADER]: proof },
    );
    expect(reply.status, reply.body).toBe(201);
    return { key, device: reply.json<{ device: { id: string; current: boolean } }>().device };
  }

  /** A copy of the browser's cookies and CSRF header, without its device key. */
  function copyOf(browser: TestBrowser): TestBrowser {
    const copy = new TestBrowser(t.app, "203.0.113.50");
    for (const [name, value] of browser.cookies) copy.cookies.set(name, value);
    copy.csrf = browser.csrf;
    return copy;
  }

  it("refuses a copied cookie without the device's key and accepts the session with a fresh proof", async () => {
    const member = await newMember(t, world);
    const browser = await signedIn(member.email);
    const { key, device } = await register(browser);
    expect(device.current).toBe(true);

    const copied = await copyOf(browser).get("/api/me");
    expect(copied.status).toBe(401);
    expect(copied.json()).toMatchObject({ error: { code: "device_proof_required" } });
    const nonce = copied.headers[DEVICE_NONCE_HEADER];
    expect(typeof nonce).toBe("string");

    const proof = await key.proof("GET", "/api/me", String(nonce), now());
    const proven = await browser.request("GET", "/api/me", undefined, {
      [DEVICE_PROOF_HEADER]: proof,
    });
    expect(proven.status).toBe(200);
    // Single use: the same proof again is refused; so is a proof for another request.
    const replayed = await browser.request("GET", "/api/me", undefined, {
      [DEVICE_PROOF_HEADER]: proof,
    });
    expect(replayed.status).toBe(401);
    const otherPath = await browser.request("GET", "/api/me", undefined, {
      [DEVICE_PROOF_HEADER]: await key.proof("GET", "/api/me/devices", String(nonce), now()),
    });
    expect(otherPath.status).toBe(401);
    // A proof signed by another key, or with a made-up nonce, is refused too.
    const stranger = await DeviceKey.create();
    for (const bad of [
      await stranger.proof("GET", "/api/me", String(nonce), now()),
      await key.proof("GET", "/api/me", "AAAAAAAAAAAAAAAAAAAAAA", now()),
      await key.proof("GET", "/api/me", String(nonce), { iat: now().iat - 3600 }),
      "not.a.proof",
    ]) {
      const refused = await browser.request("GET", "/api/me", undefined, {
        [DEVICE_PROOF_HEADER]: bad,
      });
      expect(refused.status).toBe(401);
    }
    const listed = await browser.request("GET", "/api/me/devices", undefined, {
      [DEVICE_PROOF_HEADER]: await key.proof("GET", "/api/me/devices", String(nonce), now()),
    });
    expect(listed.json()).toMatchObject({
      devices: [{ id: device.id, name: "Ward PC", status: "active", current: true }],
    });
    const scope = scopeFor({ type: "system", reason: "test" }, world.a.id);
    const { events } = await t.services.audit.list(scope, { limit: 200 });
    expect(events.some((e) => e.action === "device.register" && e.outcome === "allow")).toBe(true);
    expect(
      events.some(
        (e) =>
          e.outcome === "deny" &&
          (e.details as { reason?: string } | null)?.reason === "device_proof_required",
      ),
    ).toBe(true);
  });

  it("refuses a registration not signed by the key it registers, a key that is not P-256, and another person's key", async () => {
    const member = await newMember(t, world);
    const browser = await signedIn(member.email);
    const key = await DeviceKey.create();
    const other = await DeviceKey.create();
    const nonce = await nonceOf(browser);
    const unsigned = await browser.post("/api/me/devices", {
      name: "PC",
      publicKey: key.publicKey,
    });
    expect(unsigned.status).toBe(401);
    const wrongSigner = await browser.request(
      "POST",
      "/api/me/devices",
      { name: "PC", publicKey: key.publicKey },
      { [DEVICE_PROOF_HEADER]: await other.proof("POST", "/api/me/devices", nonce, now()) },
    );
    expect(wrongSigner.status).toBe(401);
    const notOnCurve = await browser.request(
      "POST",
      "/api/me/devices",
      { name: "PC", publicKey: { ...key.publicKey, y: key.publicKey.x } },
      { [DEVICE_PROOF_HEADER]: await key.proof("POST", "/api/me/devices", nonce, now()) },
    );
    expect(notOnCurve.status).toBe(400);
    expect((await browser.get("/api/me")).status).toBe(200);

    const { key: taken } = await register(await signedIn((await newMember(t, world)).email));
    const stolen = await browser.request(
      "POST",
      "/api/me/devices",
      { name: "PC", publicKey: taken.publicKey },
      { [DEVICE_PROOF_HEADER]: await taken.proof("POST", "/api/me/devices", nonce, now()) },
    );
    expect(stolen.status).toBe(409);
    expect(stolen.json()).toMatchObject({ error: { code: "device_key_in_use" } });
  });

  it("asks a device-bound WebSocket to answer a challenge: no answer or a bad one closes it, a good one opens it", async () => {
    const member = await newMember(t, world);
    const browser = await signedIn(member.email);
    const { key } = await register(browser);

    const copied = await WsClient.connect(baseUrl, browser);
    const challenge = await copied.next((f) => f.event === "device.challenge");
    const refused = await copied.send("realtime.subscribe", { topic: "audit" });
    expect(refused).toMatchObject({ ok: false, error: { code: "device_proof_required" } });
    expect(await copied.closed()).toBe(4401);
    expect(copied.frames.some((f) => f.event === "ready")).toBe(false);

    const proven = await WsClient.connect(baseUrl, browser);
    const { nonce } = (await proven.next((f) => f.event === "device.challenge")).payload as {
      nonce: string;
    };
    expect(nonce).toBe((challenge.payload as { nonce: string }).nonce);
    const answer = await proven.send("device.prove", {
      proof: await key.proof("WS", "/api/ws", nonce, now()),
    });
    expect(answer).toMatchObject({ ok: true });
    await proven.next((f) => f.event === "ready");
    proven.close();
  });

  it("ends the sessions of a device an admin blocks, and of one its owner removes", async () => {
    const member = await newMember(t, world);
    const browser = await signedIn(member.email);
    const { key, device } = await register(browser, "Shared PC");
    const admin = await signedIn(world.a.users.admin.email);
    const listed = (await admin.get("/api/t/acme/devices")).json<{
      devices: { id: string; user: { id: string } }[];
    }>();
    expect(listed.devices.find((d) => d.id === device.id)?.user.id).toBe(member.id);
    expect((await copyOf(browser).get("/api/t/acme/devices")).status).toBe(401);

    const blocked = await admin.request("PATCH", `/api/t/acme/devices/${device.id}`, {
      status: "blocked",
    });
    expect(blocked.status, blocked.body).toBe(200);
    expect(blocked.json()).toMatchObject({ device: { status: "blocked" } });
    const nonce = String((await browser.get("/api/me")).headers[DEVICE_NONCE_HEADER] ?? "");
    const after = await browser.request("GET", "/api/me", undefined, {
      [DEVICE_PROOF_HEADER]: await key.proof("GET", "/api/me", nonce, now()),
    });
    expect(after.status).toBe(401);
    // Signed in again, the blocked key cannot be bound to the new session.
    const again = await signedIn(member.email);
    const rebind = await again.request(
      "POST",
      "/api/me/devices",
      { name: "Shared PC", publicKey: key.publicKey },
      {
        [DEVICE_PROOF_HEADER]: await key.proof(
          "POST",
          "/api/me/devices",
          await nonceOf(again),
          now(),
        ),
      },
    );
    expect(rebind.status).toBe(403);
    expect(rebind.json()).toMatchObject({ error: { code: "device_blocked" } });

    const owner = await signedIn(member.email);
    const { key: laptopKey, device: laptop } = await register(owner, "Laptop");
    const removed = await owner.request("DELETE", `/api/me/devices/${laptop.id}`, undefined, {
      [DEVICE_PROOF_HEADER]: await laptopKey.proof(
        "DELETE",
        `/api/me/devices/${laptop.id}`,
        await nonceAfterRefusal(owner),
        now(),
      ),
    });
    expect(removed.status, removed.body).toBe(200);
    expect((await owner.get("/api/me")).status).toBe(401);
  });

  /** The nonce a bound session is offered with its refusal. */
  async function nonceAfterRefusal(browser: TestBrowser): Promise<string> {
    const reply = await browser.get("/api/me");
    return String(reply.headers[DEVICE_NONCE_HEADER]);
  }
});
