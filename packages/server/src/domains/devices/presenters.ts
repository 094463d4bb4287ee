import type { Device } from "@engawa/shared";
import type { DeviceWithOwner } from "./store.ts";

export function presentDevice(row: DeviceWithOwner, currentDeviceId: string | null): Device {
  return {
    id: row.id,
    name: row.name,
    kind: "browser",
    status: row.status === "blocked" ? "blocked" : "active",
    thumbprint: row.thumbprint,
    user: { id: row.userId, displayName: row.ownerName },
    createdAt: row.createdAt.toISOString(),
    lastSeenAt: row.lastSeenAt.toISOString(),
    current: row.id === currentDeviceId,
  };
}
