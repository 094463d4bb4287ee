/**
 * `scripts/media-setup.sh` (after it installed Debian's `janus` and `coturn`): writes Janus's and
 * coturn's configuration from Engawa's own settings (the environment and ENGAWA_CONFIG_FILE, as
 * `npm start` reads them), so the three agree:
 *
 * - Janus: only VideoRoom, its WebSocket API on 127.0.0.1 at ENGAWA_JANUS_URL's port (default
 *   ws://127.0.0.1:8188), media on a fixed UDP range;
 * - coturn: `use-auth-secret` with ENGAWA_TURN_SECRET (generated when unset), relays into
 *   private networks refused;
 * - Engawa: the media settings to add (ENGAWA_JANUS_URL, ENGAWA_TURN_URLS, ENGAWA_TURN_SECRET),
 *   printed, or merged into a JSON settings file with `--settings FILE` (mode 0600: it holds the
 *   secret).
 *
 * Usage: media-setup.sh [--etc DIR] [--public-ip ADDRESS] [--settings FILE]
 */
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { ConfigError, loadConfig } from "../packages/server/src/config/config.ts";
import { coturnConfig } from "./media/coturnConfig.ts";
import { janusConfigFiles, janusLibDir } from "./media/janusConfig.ts";

const DEFAULT_JANUS_URL = "ws://127.0.0.1:8188";
const TURN_PORT = 3478;
const RTP_PORTS = "20000-20200";

// media-setup.sh runs this from the repository (for the pinned Node): paths are the caller's.
if (process.env.ENGAWA_MEDIA_SETUP_CWD) process.chdir(process.env.ENGAWA_MEDIA_SETUP_CWD);

const { values } = parseArgs({
  options: {
    etc: { type: "string", default: "/etc" },
    "public-ip": { type: "string" },
    settings: { type: "string" },
  },
});

let config;
try {
  config = loadConfig(process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`Engawa's settings have problems; fix them first:\n${error.message}`);
  process.exit(2);
}
const etc = path.resolve(values.etc);
const publicHost = values["public-ip"] ?? config.publicUrl.hostname;
const janusUrl = new URL(config.media.janusUrl?.href ?? DEFAULT_JANUS_URL);
const turnSecret = config.media.turnSecret ?? randomBytes(32).toString("base64url");
const turnUrls =
  config.media.turnUrls.length > 0
    ? config.media.turnUrls
    : [
        `turn:${publicHost}:${String(TURN_PORT)}?transport=udp`,
        `turn:${publicHost}:${String(TURN_PORT)}?transport=tcp`,
      ];

/** coturn's port: the first TURN URL's (`turn:host:port?…`), or 3478. */
const turnPort = Number(/^turns?:[^?]*:(\d+)/.exec(turnUrls[0] ?? "")?.[1] ?? TURN_PORT);

/** Writes a file, keeping what was there first (once) beside it as `<name>.before-engawa`. */
function write(file: string, text: string, mode = 0o644): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const kept = `${file}.before-engawa`;
  if (existsSync(file) && !existsSync(kept)) renameSync(file, kept);
  writeFileSync(file, text, { mode });
  chmodSync(file, mode);
  console.log(`wrote ${file}`);
}

const janusDir = path.join(etc, "janus");
const janusFiles = janusConfigFiles({
  dir: janusDir,
  lib: janusLibDir(),
  wsPort: Number(janusUrl.port || 8188),
  rtpPortRange: RTP_PORTS,
  ...(values["public-ip"] ? { publicIp: values["public-ip"] } : {}),
});
for (const [name, text] of Object.entries(janusFiles)) write(path.join(janusDir, name), text);
write(
  path.join(etc, "turnserver.conf"),
  coturnConfig({
    secret: turnSecret,
    realm: config.publicUrl.hostname,
    port: turnPort,
    ...(values["public-ip"] ? { externalIp: values["public-ip"] } : {}),
  }),
  // coturn reads it as its own user; the secret is in it.
  0o640,
);

const settings = {
  ENGAWA_JANUS_URL: janusUrl.href.replace(/\/$/, ""),
  ENGAWA_TURN_URLS: turnUrls.join(","),
  ENGAWA_TURN_SECRET: turnSecret,
};
if (values.settings) {
  const file = path.resolve(values.settings);
  const before: unknown = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : {};
  if (typeof before !== "object" || before === null || Array.isArray(before)) {
    console.error(`${file} is not a JSON object of settings`);
    process.exit(2);
  }
  writeFileSync(file, `${JSON.stringify({ ...before, ...settings }, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  console.log(`wrote the media settings into ${file} (ENGAWA_CONFIG_FILE)`);
} else {
  console.log("\nAdd these to Engawa's settings (the environment, or ENGAWA_CONFIG_FILE):");
  for (const [name, value] of Object.entries(settings)) console.log(`${name}=${value}`);
}
console.log(`
Open in the firewall: UDP and TCP ${String(turnPort)} (TURN), UDP 49160-49200 (TURN relays),
UDP ${RTP_PORTS} (Janus media). Never open Janus's API port (${janusUrl.port || "8188"}).
Then restart Janus and coturn (systemctl restart janus coturn) and Engawa.`);
