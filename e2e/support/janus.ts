import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort } from "./server.ts";

/**
 * Debian's Janus (the `janus` package) for media tests, configured from scratch in a temporary
 * folder so that nothing in /etc/janus (demo rooms, admin secret, every other plugin) leaks in.
 * Janus 1.1 skips loopback interfaces when it gathers ICE candidates, so media only flows inside
 * the private network namespace that `e2e/media/run.sh` sets up (mediaNamespace.ts).
 */

export interface JanusOptions {
  /** Interfaces Janus may gather ICE candidates on (`nat.ice_enforce_list`), e.g. "vx0". */
  iceEnforceList?: string;
  /** Janus's UDP port range for media (`media.rtp_port_range`). */
  rtpPortRange?: string;
  /** Janus's log level, 0–7; 4 (the default) logs warnings, errors and a few lifecycle lines. */
  debugLevel?: number;
  /** Log libnice's own ICE debugging (very verbose; only for diagnosing candidate problems). */
  niceDebug?: boolean;
  /** How long to wait for `GET /janus/info` to answer. */
  startTimeoutMs?: number;
}

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

/** Where Debian installs the modules (multiarch, e.g. /usr/lib/x86_64-linux-gnu/janus). */
function janusLibDir(): string {
  const candidates = [
    ...readdirSync("/usr/lib").map((dir) => path.join("/usr/lib", dir, "janus")),
    "/usr/lib/janus",
    "/usr/local/lib/janus",
    "/opt/janus/lib/janus",
  ];
  const found = candidates.find((dir) =>
    existsSync(path.join(dir, "plugins", "libjanus_videoroom.so")),
  );
  if (!found) {
    throw new Error(
      `Janus's VideoRoom plugin was not found (looked in ${candidates.join(", ")}). ${INSTALL_HINT}`,
    );
  }
  return found;
}

const INSTALL_HINT = "Install Debian's Janus: apt-get install -y janus";

/** Module file names in a folder other than `keep`: Janus loads every `.so` it is not told to skip. */
function modulesExcept(dir: string, keep: string[] = []): string {
  if (!existsSync(dir)) return "";
  return readdirSync(dir)
    .filter((name) => name.endsWith(".so") && !keep.includes(name))
    .join(",");
}

function writeConfig(
  dir: string,
  lib: string,
  ports: { ws: number; http: number },
  options: JanusOptions,
): void {
  const q = (value: string) => JSON.stringify(value);
  const nat = [`nice_debug = ${String(options.niceDebug ?? false)}`];
  if (options.iceEnforceList) nat.push(`ice_enforce_list = ${q(options.iceEnforceList)}`);
  const files: Record<string, string> = {
    "janus.jcfg": `general: {
  configs_folder = ${q(dir)}
  plugins_folder = ${q(`${lib}/plugins`)}
  transports_folder = ${q(`${lib}/transports`)}
  events_folder = ${q(`${lib}/events`)}
  loggers_folder = ${q(`${lib}/loggers`)}
  debug_level = ${String(options.debugLevel ?? 4)}
  debug_timestamps = true
  debug_colors = false
}
media: {
  ipv6 = false
  rtp_port_range = ${q(options.rtpPortRange ?? "20000-20200")}
}
nat: {
  ${nat.join("\n  ")}
}
plugins: {
  disable = ${q(modulesExcept(`${lib}/plugins`, ["libjanus_videoroom.so"]))}
}
transports: {
  disable = ${q(modulesExcept(`${lib}/transports`, ["libjanus_websockets.so", "libjanus_http.so"]))}
}
loggers: {
  disable = ${q(modulesExcept(`${lib}/loggers`))}
}
events: {
  broadcast = false
  disable = ${q(modulesExcept(`${lib}/events`))}
}
`,
    "janus.transport.websockets.jcfg": `general: {
  json = "compact"
  ws = true
  ws_port = ${String(ports.ws)}
  ws_ip = "127.0.0.1"
  wss = false
}
admin: {
  admin_ws = false
  admin_wss = false
}
`,
    "janus.transport.http.jcfg": `general: {
  json = "compact"
  base_path = "/janus"
  http = true
  port = ${String(ports.http)}
  ip = "127.0.0.1"
  https = false
}
admin: {
  admin_http = false
  admin_https = false
}
`,
    // Rooms are created by the tests through the API.
    "janus.plugin.videoroom.jcfg": "general: {\n}\n",
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
}

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
  writeConfig(dir, lib, ports, options);
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
