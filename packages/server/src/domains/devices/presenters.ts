import type { Device, DeviceComplianceRules } from "@engawa/shared";
import { evaluateCompliance } from "./compliance.ts";
import type { DeviceWithOwner } from "./store.ts";

/** A device as shown: its posture (agents) and its compliance under the tenant's rules now. */
export function presentDevice(
  row: DeviceWithOwner,
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
    compliance: evaluateCompliance(rules, row.posture ?? null, row.postureAt ?? null, now),
  };
}
