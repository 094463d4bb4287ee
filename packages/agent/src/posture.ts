import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import { homedir, release } from "node:os";
import path from "node:path";
import type { DevicePosture } from "@engawa/shared";

type Known<T> = T | "unknown";

/** Where the agent reads the machine: the real root, or a prepared folder in tests. */
export interface HostView {
  /** Prefix for absolute paths (`""`: this machine). */
  root: string;
  /** Runs a tool; null when it is missing, fails or is not allowed. */
  run: (command: string, args: string[]) => string | null;
  home: string;
  env: NodeJS.ProcessEnv;
}

export const THIS_HOST: HostView = {
  root: "",
  run: (command, args) => {
    try {
      return execFileSync(command, args, {
        encoding: "utf8",
        timeout: 3000,
        stdio: ["ignore", "pipe", "ignore"],
      });
    } catch {
      return null;
    }
  },
  home: homedir(),
  env: process.env,
};

/**
 * Running antivirus and EDR products, by the process names they run under. Absence means none of
 * these is running, not that the machine is unprotected by something else.
 */
const SECURITY_PRODUCTS: [RegExp, string][] = [
  [/^(clamd|freshclam|clamonacc)$/, "ClamAV"],
  [/^falcon-sensor$/, "CrowdStrike Falcon"],
  [/^wdavdaemon$/, "Microsoft Defender for Endpoint"],
  [/^(sentinelone|s1-agent|s1-orchestrator)$/, "SentinelOne"],
  [/^elastic-endpoint$/, "Elastic Defend"],
  [/^wazuh-(agentd|modulesd)$/, "Wazuh"],
  [/^(sophos_threat_d|SophosSpl|mdr)$/, "Sophos"],
  [/^(esets|esets_daemon|oaeventd)$/, "ESET"],
  [/^(cbagentd|cbdaemon)$/, "VMware Carbon Black"],
  [/^(ds_agent|TmCCSF)$/, "Trend Micro"],
  [/^(rtvscand|symcfgd)$/, "Symantec"],
];

/** Where package managers record an install or upgrade (dpkg/apt, rpm, pacman). */
const PACKAGE_RECORDS = [
  "/var/log/dpkg.log",
  "/var/lib/dpkg/status",
  "/var/log/apt/history.log",
  "/var/lib/rpm/rpmdb.sqlite",
  "/var/lib/rpm/Packages",
  "/var/log/dnf.rpm.log",
  "/var/lib/pacman/local",
];

/**
 * What this Linux machine says of itself (issue 7's posture list): operating system and version,
 * disk encryption of the root file system, an active host firewall, screen lock, when packages
 * were last updated, and running antivirus/EDR. Each value the machine cannot tell — a tool
 * missing, a root-only file, a container with no block device — is "unknown", never a guess.
 */
export function collectPosture(host: HostView = THIS_HOST, now = new Date()): DevicePosture {
  const osRelease = readOsRelease(host);
  const products = securityProducts(host);
  return {
    osName: osRelease.PRETTY_NAME ?? osRelease.NAME ?? "unknown",
    osId: matching(osRelease.ID, /^[a-z0-9._-]{1,32}$/),
    osVersion: matching(osRelease.VERSION_ID, /^[0-9A-Za-z._-]{1,32}$/),
    kernel: host.root === "" ? release() : "unknown",
    diskEncrypted: rootEncrypted(host),
    firewallActive: firewallActive(host),
    screenLock: screenLock(host),
    lastPackageUpdate: lastPackageUpdate(host),
    antivirus: products === "unknown" ? "unknown" : products.length > 0,
    antivirusProducts: products === "unknown" ? [] : products,
    collectedAt: now.toISOString(),
  };
}

function at(host: HostView, file: string): string {
  return host.root ? path.join(host.root, file) : file;
}

function read(host: HostView, file: string): string | null {
  try {
    return readFileSync(at(host, file), "utf8");
  } catch {
    return null;
  }
}

function matching(value: string | undefined, pattern: RegExp): Known<string> {
  return value && pattern.test(value) ? value : "unknown";
}

/** `/etc/os-release` (os-release(5)): KEY=value lines, values optionally quoted. */
function readOsRelease(host: HostView): Record<string, string> {
  const text = read(host, "/etc/os-release") ?? read(host, "/usr/lib/os-release") ?? "";
  const fields: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const match = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (!match) continue;
    const [, key, raw] = match as unknown as [string, string, string];
    const value = raw.replace(/^"(.*)"$/, "$1").replace(/^'(.*)'$/, "$1");
    if (value) fields[key] = value.slice(0, 120);
  }
  return fields;
}

/**
 * Whether `/` sits on dm-crypt: its source device, followed through device-mapper layers (LVM on
 * LUKS), reaches a mapping whose uuid starts `CRYPT-`. A plain disk or partition is false; a source
 * that is no block device (overlay, a container's root) is unknown.
 */
function rootEncrypted(host: HostView): Known<boolean> {
  const mountinfo = read(host, "/proc/self/mountinfo");
  if (!mountinfo) return "unknown";
  let source: string | null = null;
  for (const line of mountinfo.split("\n")) {
    const fields = line.split(" ");
    const dash = fields.indexOf("-");
    if (fields[4] === "/" && dash > 0) source = fields[dash + 2] ?? null;
  }
  if (!source?.startsWith("/dev/")) return "unknown";
  let name: string;
  try {
    name = path.basename(host.root ? source : realpathSync(source));
  } catch {
    return "unknown";
  }
  const block = blockDevice(host, name);
  if (!block) return "unknown";
  return cryptBelow(host, block, 0);
}

/** The /sys/class/block entry of a device (a partition's parent holds the dm slaves). */
function blockDevice(host: HostView, name: string): string | null {
  const entry = `/sys/class/block/${name}`;
  return existsSync(at(host, entry)) ? entry : null;
}

function cryptBelow(host: HostView, entry: string, depth: number): boolean {
  if (depth > 8) return false;
  if (read(host, `${entry}/dm/uuid`)?.startsWith("CRYPT-")) return true;
  return slavesOf(host, entry).some((slave) =>
    cryptBelow(host, `/sys/class/block/${slave}`, depth + 1),
  );
}

/** The devices a device-mapper device is built on (none for a disk or partition). */
function slavesOf(host: HostView, entry: string): string[] {
  try {
    return readdirSync(at(host, `${entry}/slaves`));
  } catch {
    return [];
  }
}

/**
 * A host firewall filtering incoming traffic: nftables with an input hook that drops or rejects,
 * ufw or firewalld running, or iptables with an INPUT policy of DROP or rules. Unknown when no tool
 * could be asked (they need root: run the agent's report as root, e.g. from a systemd timer).
 */
function firewallActive(host: HostView): Known<boolean> {
  const ufw = host.run("ufw", ["status"]);
  if (ufw !== null && /Status:\s*active/i.test(ufw)) return true;
  const firewalld = host.run("firewall-cmd", ["--state"]);
  if (firewalld?.trim() === "running") return true;
  const nft = host.run("nft", ["list", "ruleset"]);
  if (
    nft !== null &&
    /hook input[^;]*;[^}]*policy (drop|reject)|hook input[\s\S]*?\b(drop|reject)\b/.test(nft)
  )
    return true;
  const iptables = host.run("iptables", ["-S", "INPUT"]);
  if (
    iptables !== null &&
    (/-P INPUT (DROP|REJECT)/.test(iptables) || /-A INPUT .*-j (DROP|REJECT)/.test(iptables))
  )
    return true;
  const asked = [ufw, firewalld, nft, iptables].some((answer) => answer !== null);
  return asked ? false : "unknown";
}

/**
 * GNOME's lock-enabled setting, or KDE's screen locker (on unless Autolock=false). Asked only in a
 * graphical session: without one, gsettings answers its schema's default, which says nothing of
 * this machine (and a server with no desktop has no screen lock to tell).
 */
function screenLock(host: HostView): Known<boolean> {
  const { DISPLAY, WAYLAND_DISPLAY, XDG_CURRENT_DESKTOP } = host.env;
  if (!DISPLAY && !WAYLAND_DISPLAY && !XDG_CURRENT_DESKTOP) return "unknown";
  const gnome = host.run("gsettings", ["get", "org.gnome.desktop.screensaver", "lock-enabled"]);
  if (gnome?.trim() === "true") return true;
  if (gnome?.trim() === "false") return false;
  const kde = read(host, path.join(host.home, ".config/kscreenlockerrc"));
  if (kde !== null) return !/^Autolock=false$/m.test(kde);
  return "unknown";
}

function lastPackageUpdate(host: HostView): Known<string> {
  let newest = 0;
  for (const file of PACKAGE_RECORDS) {
    try {
      newest = Math.max(newest, statSync(at(host, file)).mtimeMs);
    } catch {
      // Not this distribution's package manager.
    }
  }
  return newest > 0 ? new Date(newest).toISOString() : "unknown";
}

function securityProducts(host: HostView): Known<string[]> {
  let pids: string[];
  try {
    pids = readdirSync(at(host, "/proc")).filter((entry) => /^\d+$/.test(entry));
  } catch {
    return "unknown";
  }
  const found = new Set<string>();
  for (const pid of pids) {
    const comm = read(host, `/proc/${pid}/comm`)?.trim();
    if (!comm) continue;
    for (const [pattern, product] of SECURITY_PRODUCTS) if (pattern.test(comm)) found.add(product);
  }
  return [...found].sort();
}
