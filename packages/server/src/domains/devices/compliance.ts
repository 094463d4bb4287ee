import type {
  ComplianceFailure,
  DeviceCompliance,
  DeviceComplianceRules,
  DevicePosture,
} from "@engawa/shared";

const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * Whether a device's last posture report satisfies the tenant's rules now, and if not, every rule
 * it fails with what the device said (zero-trust-anchors.md §6: access decided on the device's
 * current state, not on where it sits). A value the machine could not tell ("unknown") fails a
 * rule that asks for it: compliance is shown, not assumed. A minimum OS version applies to the
 * system it names; a system the rules do not name has no minimum.
 */
export function evaluateCompliance(
  rules: DeviceComplianceRules,
  posture: DevicePosture | null,
  postureAt: Date | null,
  now: Date,
): DeviceCompliance {
  if (!posture || !postureAt) return verdict([{ rule: "no_posture", actual: "" }]);
  const failures: ComplianceFailure[] = [];
  if (now.getTime() - postureAt.getTime() > rules.maxPostureAgeHours * HOUR_MS)
    failures.push({ rule: "posture_stale", actual: postureAt.toISOString() });
  const minimum = rules.minOsVersions.find((m) => m.osId === posture.osId);
  if (
    minimum &&
    (posture.osVersion === "unknown" || compareVersions(posture.osVersion, minimum.version) < 0)
  )
    failures.push({ rule: "os_version", actual: `${posture.osId} ${posture.osVersion}` });
  const required: [boolean, ComplianceFailure["rule"], boolean | "unknown"][] = [
    [rules.requireDiskEncryption, "disk_encryption", posture.diskEncrypted],
    [rules.requireFirewall, "firewall", posture.firewallActive],
    [rules.requireScreenLock, "screen_lock", posture.screenLock],
    [rules.requireAntivirus, "antivirus", posture.antivirus],
  ];
  for (const [on, rule, value] of required)
    if (on && value !== true) failures.push({ rule, actual: String(value) });
  if (rules.maxDaysSinceUpdate !== null) {
    const updated = posture.lastPackageUpdate;
    if (
      updated === "unknown" ||
      now.getTime() - Date.parse(updated) > rules.maxDaysSinceUpdate * DAY_MS
    )
      failures.push({ rule: "package_updates", actual: updated });
  }
  return verdict(failures);
}

function verdict(failures: ComplianceFailure[]): DeviceCompliance {
  return { compliant: failures.length === 0, failures };
}

/**
 * Compares dotted version numbers part by part ("22.04" < "24.04", "12" = "12.0"); a part that is
 * not a number (a codename, "rolling") counts as 0.
 */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map((p) => Number.parseInt(p, 10) || 0);
  const pb = b.split(".").map((p) => Number.parseInt(p, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i += 1) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}
