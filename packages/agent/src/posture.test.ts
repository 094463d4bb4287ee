import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DevicePosture } from "@engawa/shared";
import { Value } from "typebox/value";
import { afterEach, describe, expect, it } from "vitest";
import { collectPosture, type HostView } from "./posture.ts";

/**
 * The posture collector on prepared machine folders (the files Linux keeps where the agent looks,
 * and the answers of the tools it asks), and on this host: every value is known or "unknown".
 */
describe("engawa-agent posture", () => {
  const roots: string[] = [];
  afterEach(() => {
    for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
  });

  function machine(files: Record<string, string>, tools: Record<string, string> = {}, env = {}) {
    const root = mkdtempSync(path.join(tmpdir(), "engawa-host-"));
    roots.push(root);
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      writeFileSync(path.join(root, file), text);
    }
    const host: HostView = {
      root,
      run: (command, args) => tools[[command, ...args].join(" ")] ?? null,
      home: "/home/nurse",
      env,
    };
    return { root, host };
  }

  const mountinfo = (source: string, type = "ext4") =>
    `22 1 253:1 / / rw,relatime shared:1 - ${type} ${source} rw\n`;

  it("reads a laptop with LVM on LUKS, nftables dropping input, KDE's locker and ClamAV running", () => {
    const { root, host } = machine(
      {
        "/etc/os-release":
          'NAME="Ubuntu"\nVERSION_ID="24.04"\nID=ubuntu\nPRETTY_NAME="Ubuntu 24.04.1 LTS"\n',
        "/proc/self/mountinfo": mountinfo("/dev/dm-1"),
        "/sys/class/block/dm-1/dm/uuid": "LVM-abc",
        "/sys/class/block/dm-1/slaves/dm-0": "",
        "/sys/class/block/dm-0/dm/uuid": "CRYPT-LUKS2-1234-luks",
        "/proc/812/comm": "clamd\n",
        "/proc/813/comm": "bash\n",
        "/var/log/dpkg.log": "",
        "/home/nurse/.config/kscreenlockerrc": "[Daemon]\nTimeout=5\n",
      },
      {
        "nft list ruleset":
          "table inet filter {\n chain input {\n  type filter hook input priority filter; policy drop;\n }\n}\n",
      },
      { XDG_CURRENT_DESKTOP: "KDE" },
    );
    utimesSync(
      path.join(root, "/var/log/dpkg.log"),
      new Date("2026-11-18T00:00:00Z"),
      new Date("2026-11-18T00:00:00Z"),
    );
    const posture = collectPosture(host, new Date("2026-11-20T00:00:00Z"));
    expect(posture).toEqual({
      osName: "Ubuntu 24.04.1 LTS",
      osId: "ubuntu",
      osVersion: "24.04",
      kernel: "unknown",
      diskEncrypted: true,
      firewallActive: true,
      screenLock: true,
      lastPackageUpdate: "2026-11-18T00:00:00.000Z",
      antivirus: true,
      antivirusProducts: ["ClamAV"],
      collectedAt: "2026-11-20T00:00:00.000Z",
    });
  });

  it("says false where the machine shows it (plain disk, empty firewall, lock off) and unknown where it cannot tell", () => {
    const plain = machine(
      {
        "/etc/os-release": "ID=debian\nVERSION_ID=12\n",
        "/proc/self/mountinfo": mountinfo("/dev/vda"),
        "/sys/class/block/vda/size": "1",
        "/proc/1/comm": "systemd\n",
      },
      {
        "iptables -S INPUT": "-P INPUT ACCEPT\n",
        "gsettings get org.gnome.desktop.screensaver lock-enabled": "false\n",
      },
      { DISPLAY: ":0" },
    ).host;
    const seen = collectPosture(plain);
    expect(seen.diskEncrypted).toBe(false);
    expect(seen.firewallActive).toBe(false);
    expect(seen.screenLock).toBe(false);
    expect(seen.antivirus).toBe(false);
    expect(seen.lastPackageUpdate).toBe("unknown");

    // A container: the root is an overlay, no tools answer, no desktop, /proc not readable.
    const container = machine({ "/proc/self/mountinfo": mountinfo("overlay", "overlay") }).host;
    rmSync(path.join(container.root, "proc", "self"), { recursive: true });
    const unknown = collectPosture({ ...container, root: path.join(container.root, "missing") });
    expect(unknown).toMatchObject({
      osName: "unknown",
      osId: "unknown",
      osVersion: "unknown",
      diskEncrypted: "unknown",
      firewallActive: "unknown",
      screenLock: "unknown",
      lastPackageUpdate: "unknown",
      antivirus: "unknown",
    });
  });

  it("reports this host in the shape the server accepts", () => {
    const posture = collectPosture();
    expect(Value.Check(DevicePosture, posture), JSON.stringify(posture)).toBe(true);
    expect(posture.kernel).not.toBe("unknown");
  });
});
