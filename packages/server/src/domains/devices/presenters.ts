import type { Device, DeviceComplianceRules } from "@engawa/shared";
import { evaluateCompliance } from "./compliance.ts";
import type { DeviceWithOwner } from "./store.ts";

/**
 * A device as shown: its posture (agents) and its compliance under the tenant's rules now; a
 * browser linked to a computer shows the computer and is judged by the computer's report.
 */
export function presentDevice(
  row: DeviceWithOwner,
  linked: DeviceWithOwner | null,
  currentDeviceId: string | null,
  rules: DeviceComplianceRules,
  now: Date,
): Device {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind === "agent" ? "agent" : "browser",
    status: row.status === "blocked" ? "blocked" : "active",
    thumbprint: row.thumbprint,
    user: { id: row.userId, displayName: row.ownerName },
    createdAt: row.createdAt.toISOString(),
    lastSeenAt: row.lastSeenAt.toISOString(),
    current: row.id === currentDeviceId,
    posture: row.posture ?? null,
    postureAt: row.postureAt?.toISOString() ?? null,
    linkedTo: linked ? { id: linked.id, name: linked.name } : null,
    compliance: evaluateCompliance(
      rules,
      (linked ?? row).posture ?? null,
      (linked ?? row).postureAt ?? null,
      now,
    ),
  };
}
