import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  janusConfigFiles,
  janusLibDir,
  type JanusConfigOptions,
} from "../../scripts/media/janusConfig.ts";
import { freePort } from "./server.ts";

/**
 * Debian's Janus (the `janus` package) for media tests, configured in a temporary folder with the
 * configuration `scripts/media-setup.sh` writes for deployments (plus an HTTP API on loopback,
 * the readiness probe), so that nothing in /etc/janus leaks in.
 * Janus 1.1 skips loopback interfaces when it gathers ICE candidates, so media only flows inside
 * the private network namespace that `e2e/media/run.sh` sets up (mediaNamespace.ts).
 */

/** What a test may choose of Janus's configuration (scripts/media/janusConfig.ts writes it). */
export type JanusOptions = Pick<
  JanusConfigOptions,
  "iceEnforceList" | "rtpPortRange" | "debugLevel" | "niceDebug"
> & {
  /** How long to wait for `GET /janus/info` to answer. */
  startTimeoutMs?: number;
};

export interface JanusProcess {
  pid: number;
  /** The WebSocket API (subprotocol `janus-protocol`), e.g. ws://127.0.0.1:PORT. */
  wsUrl: string;
  /** The plain HTTP API, e.g. http://127.0.0.1:PORT/janus. */
  httpUrl: string;
  /** Everything Janus printed so far (stdout and stderr). */
  output(): string;
  /** SIGINT, wait for the exit (SIGKILL after a few seconds), remove the config folder. */
  stop(): Promise<void>;
}

const STOP_GRACE_MS = 5_000;
const INSTALL_HINT = "Install Debian's Janus: apt-get install -y janus";

/** Resolves once `GET /janus/info` answers; rejects with Janus's output if it exits or times out. */
async function waitForInfo(
  httpUrl: string,
  exited: () => boolean,
  output: () => string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited()) throw new Error(`Janus exited during startup:\n${output()}`);
    try {
      const response = await fetch(`${httpUrl}/info`, { signal: AbortSignal.timeout(1_000) });
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      throw new Error(`Janus did not answer ${httpUrl}/info within ${timeoutMs} ms:\n${output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Starts `janus -C <dir>/janus.jcfg -F <dir>` with only the VideoRoom plugin and the WebSocket
 * and HTTP transports (on 127.0.0.1, free ports, no admin API), and waits until it answers.
 */
export async function startJanus(options: JanusOptions = {}): Promise<JanusProcess> {
  if (spawnSync("janus", ["--version"], { stdio: "ignore" }).error) {
    throw new Error(`The \`janus\` command was not found. ${INSTALL_HINT}`);
  }
  const lib = janusLibDir();
  const ports = { ws: await freePort(), http: await freePort() };
  const dir = mkdtempSync(path.join(tmpdir(), "engawa-janus-"));
  const files = janusConfigFiles({ ...options, dir, lib, wsPort: ports.ws, httpPort: ports.http });
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  const child = spawn("janus", ["-C", path.join(dir, "janus.jcfg"), "-F", dir], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr.on("data", (d: Buffer) => (output += d.toString()));
  const exit = new Promise<void>((resolve) => {
    child.once("exit", () => resolve());
    child.once("error", (error) => {
      output += `\n${String(error)}`;
      resolve();
    });
  });
  let exited = false;
  void exit.then(() => (exited = true));

  const stop = async (): Promise<void> => {
    if (!exited && child.pid !== undefined) {
      process.kill(child.pid, "SIGINT");
      const killer = setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS);
      await exit;
      clearTimeout(killer);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const httpUrl = `http://127.0.0.1:${ports.http}/janus`;
  try {
    await waitForInfo(
      httpUrl,
      () => exited,
      () => output,
      options.startTimeoutMs ?? 15_000,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    pid: child.pid ?? 0,
    wsUrl: `ws://127.0.0.1:${ports.ws}`,
    httpUrl,
    output: () => output,
    stop,
  };
}
