import { existsSync, readdirSync } from "node:fs";
import path from "node:path";

/**
 * Janus's configuration for Engawa, written from scratch so that nothing of Debian's /etc/janus
 * (demo rooms, the admin secret, every other plugin and transport) is in effect: only the
 * VideoRoom plugin, and the WebSocket API on 127.0.0.1 (ARCHITECTURE.md: no browser ever
 * reaches Janus's API; Engawa refuses an ENGAWA_JANUS_URL off loopback). Rooms are created by
 * Engawa through the API, each with its own secret. Used by `scripts/media-setup.sh` and by the
 * media tests' harness (e2e/support/janus.ts), so the tests run the configuration deployments get.
 */
export interface JanusConfigOptions {
  /** Where the configuration files go (Janus's `-F`). */
  dir: string;
  /** Janus's module folder (plugins/, transports/, …): {@link janusLibDir}. */
  lib: string;
  /** The WebSocket API's port on 127.0.0.1 (ENGAWA_JANUS_URL's). */
  wsPort: number;
  /** A plain HTTP API on 127.0.0.1 too (the tests' readiness probe); none in a deployment. */
  httpPort?: number;
  /** Janus's UDP port range for media (`media.rtp_port_range`): open these in the firewall. */
  rtpPortRange?: string;
  /** The public address Janus advertises when it sits behind 1:1 NAT (`nat.nat_1_1_mapping`). */
  publicIp?: string;
  /** Interfaces Janus may gather ICE candidates on (`nat.ice_enforce_list`), e.g. "vx0". */
  iceEnforceList?: string;
  /** Janus's log level, 0–7; 4 logs warnings, errors and a few lifecycle lines. */
  debugLevel?: number;
  /** Log libnice's own ICE debugging (very verbose: only for diagnosing candidate problems). */
  niceDebug?: boolean;
}

const INSTALL_HINT = "Install Debian's Janus: apt-get install -y janus";

/** Where Debian installs Janus's modules (multiarch, e.g. /usr/lib/x86_64-linux-gnu/janus). */
export function janusLibDir(): string {
  const candidates = [
    ...readdirSync("/usr/lib").map((dir) => path.join("/usr/lib", dir, "janus")),
    "/usr/lib/janus",
    "/usr/local/lib/janus",
    "/opt/janus/lib/janus",
  ];
  const found = candidates.find((dir) =>
    existsSync(path.join(dir, "plugins", "libjanus_videoroom.so")),
  );
  if (!found)
    throw new Error(
      `Janus's VideoRoom plugin was not found (looked in ${candidates.join(", ")}). ${INSTALL_HINT}`,
    );
  return found;
}

/** Module file names in a folder other than `keep`: Janus loads every `.so` it is not told to skip. */
function modulesExcept(dir: string, keep: string[] = []): string {
  if (!existsSync(dir)) return "";
  return readdirSync(dir)
    .filter((name) => name.endsWith(".so") && !keep.includes(name))
    .join(",");
}

/** The configuration files (name → text) for `janus -C <dir>/janus.jcfg -F <dir>`. */
export function janusConfigFiles(options: JanusConfigOptions): Record<string, string> {
  const { dir, lib } = options;
  const q = (value: string) => JSON.stringify(value);
  const nat = [`nice_debug = ${String(options.niceDebug ?? false)}`];
  if (options.iceEnforceList) nat.push(`ice_enforce_list = ${q(options.iceEnforceList)}`);
  if (options.publicIp) nat.push(`nat_1_1_mapping = ${q(options.publicIp)}`);
  const transports = ["libjanus_websockets.so"];
  if (options.httpPort !== undefined) transports.push("libjanus_http.so");
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
  disable = ${q(modulesExcept(`${lib}/transports`, transports))}
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
  ws_port = ${String(options.wsPort)}
  ws_ip = "127.0.0.1"
  wss = false
}
admin: {
  admin_ws = false
  admin_wss = false
}
`,
    // Rooms are created by Engawa through the API (random id and secret, private).
    "janus.plugin.videoroom.jcfg": "general: {\n}\n",
  };
  if (options.httpPort !== undefined)
    files["janus.transport.http.jcfg"] = `general: {
  json = "compact"
  base_path = "/janus"
  http = true
  port = ${String(options.httpPort)}
  ip = "127.0.0.1"
  https = false
}
admin: {
  admin_http = false
  admin_https = false
}
`;
  return files;
}
