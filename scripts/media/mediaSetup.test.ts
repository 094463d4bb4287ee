import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHmac } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { iceServersFor } from "../../packages/server/src/domains/meetings/iceServers.ts";
import { freePort } from "../../e2e/support/server.ts";
import { TURN_ATTRIBUTES, TurnClient } from "./turnClient.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const SECRET = "engawa-turn-secret-for-the-media-setup-test";

/** A child process's output, and a stop that waits for its exit. */
function started(child: ChildProcess): { output: () => string; stop: () => Promise<void> } {
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

/** Janus's answer to `info` over its WebSocket API, once it listens. */
async function janusInfo(url: string): Promise<{ plugins: object; transports: object }> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      return await new Promise((resolve, reject) => {
        const socket = new WebSocket(url, "janus-protocol");
        socket.onerror = () => reject(new Error("not listening"));
        socket.onopen = () => socket.send(JSON.stringify({ janus: "info", transaction: "t1" }));
        socket.onmessage = (event) => {
          resolve(JSON.parse(String(event.data)) as { plugins: object; transports: object });
          socket.close();
        };
      });
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/**
 * `scripts/media-setup.sh` writes Janus's and coturn's configuration from Engawa's settings; this
 * runs Debian's real Janus and coturn on what it wrote: Janus answers only on loopback with only
 * VideoRoom, and coturn accepts the TURN credentials Engawa hands out (and nothing else), and
 * refuses to relay into loopback.
 */
describe("the media setup script", () => {
  const etc = mkdtempSync(path.join(tmpdir(), "engawa-media-setup-"));
  const settingsFile = path.join(etc, "engawa.json");
  let janusPort = 0;
  let turnPort = 0;
  let printed = "";

  beforeAll(async () => {
    janusPort = await freePort();
    turnPort = await freePort();
    const run = spawnSync(
      "bash",
      ["scripts/media-setup.sh", "--etc", etc, "--settings", settingsFile],
      {
        cwd: ROOT,
        encoding: "utf8",
        env: {
          ...process.env,
          ENGAWA_MEDIA_SETUP_NO_INSTALL: "1",
          ENGAWA_JANUS_URL: `ws://127.0.0.1:${String(janusPort)}`,
          ENGAWA_TURN_URLS: `turn:127.0.0.1:${String(turnPort)}?transport=udp`,
          ENGAWA_TURN_SECRET: SECRET,
        },
      },
    );
    printed = `${run.stdout}${run.stderr}`;
    expect(run.status, printed).toBe(0);
  });

  afterAll(() => rmSync(etc, { recursive: true, force: true }));

  it("merges the media settings into Engawa's settings file, readable by its owner only", () => {
    const settings = JSON.parse(readFileSync(settingsFile, "utf8")) as Record<string, string>;
    expect(settings).toEqual({
      ENGAWA_JANUS_URL: `ws://127.0.0.1:${String(janusPort)}`,
      ENGAWA_TURN_URLS: `turn:127.0.0.1:${String(turnPort)}?transport=udp`,
      ENGAWA_TURN_SECRET: SECRET,
    });
    expect(statSync(settingsFile).mode & 0o777).toBe(0o600);
    expect(statSync(path.join(etc, "turnserver.conf")).mode & 0o077).toBe(0o040);
  });

  it("writes a Janus that answers on loopback with VideoRoom and the WebSocket API only", async () => {
    const dir = path.join(etc, "janus");
    const janus = started(
      spawn("janus", ["-C", path.join(dir, "janus.jcfg"), "-F", dir], { stdio: "pipe" }),
    );
    try {
      const info = await janusInfo(`ws://127.0.0.1:${String(janusPort)}`);
      expect(Object.keys(info.plugins)).toEqual(["janus.plugin.videoroom"]);
      expect(Object.keys(info.transports)).toEqual(["janus.transport.websockets"]);
    } catch (error) {
      throw new Error(`${String(error)}\n${janus.output()}`, { cause: error });
    } finally {
      await janus.stop();
    }
  });

  it("writes a coturn that takes Engawa's TURN credentials, not others, and relays nowhere private", async () => {
    const turn = started(
      spawn(
        "turnserver",
        ["-c", path.join(etc, "turnserver.conf"), "--listening-ip", "127.0.0.1"],
        {
          stdio: "pipe",
        },
      ),
    );
    const media = {
      stunUrls: [],
      turnUrls: [`turn:127.0.0.1:${String(turnPort)}`],
      turnSecret: SECRET,
      turnTtlSeconds: 3600,
      janusUrl: null,
      p2pMax: 4,
    };
    const credentialOf = (at: Date) => {
      const server = iceServersFor(media, "9f0c3c1e-0000-4000-8000-000000000001", at)[0];
      return { username: server?.username ?? "", credential: server?.credential ?? "" };
    };
    const clients: TurnClient[] = [];
    const client = () => {
      const made = new TurnClient("127.0.0.1", turnPort);
      clients.push(made);
      return made;
    };
    try {
      const now = credentialOf(new Date());
      const engawa = client();
      const allocated = await engawa.allocate(now.username, now.credential);
      expect(allocated.ok, turn.output()).toBe(true);
      expect(allocated.attributes.has(TURN_ATTRIBUTES.xorRelayedAddress)).toBe(true);
      // A relay into loopback or a private network is refused; to a public address it is not.
      expect((await engawa.createPermission("127.0.0.1")).errorCode).toBe(403);
      expect((await engawa.createPermission("10.1.2.3")).errorCode).toBe(403);
      expect((await engawa.createPermission("203.0.113.5")).ok).toBe(true);

      // A credential signed with another secret, or one that expired, gets nothing.
      const forged = createHmac("sha1", "another-secret-entirely")
        .update(now.username)
        .digest("base64");
      expect((await client().allocate(now.username, forged)).errorCode).toBe(401);
      const old = credentialOf(new Date(Date.now() - 2 * 3_600_000));
      expect((await client().allocate(old.username, old.credential)).errorCode).toBe(401);
    } finally {
      for (const made of clients) made.close();
      await turn.stop();
    }
  });
});
