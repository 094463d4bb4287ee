import { randomUUID, type KeyObject } from "node:crypto";
import type { Device, DeviceStatus, RegisterDeviceRequest } from "@engawa/shared";
import type { Clock } from "../../platform/clock.ts";
import type { RequestInfo } from "../../platform/context.ts";
import type { Database } from "../../platform/db/database.ts";
import { AppError } from "../../platform/errors.ts";
import type { Scope } from "../../platform/scope.ts";
import type { AuditLog } from "../audit/index.ts";
import { scopeOf, type Identity, type Principal } from "../identity/index.ts";
import { DEVICE_EVENTS } from "./events.ts";
import { evaluateCompliance } from "./compliance.ts";
import { AgentDevices } from "./posture.ts";
import { presentDevice } from "./presenters.ts";
import { DeviceProofs, publicKeyOf, thumbprintOf, type ProofExpectation } from "./proofs.ts";
import type { DevicesStore, DeviceWithOwner } from "./store.ts";

/** How often a device's "last seen" is written while it is used. */
const TOUCH_INTERVAL_MS = 60_000;

export interface DevicesDeps {
  database: Database;
  clock: Clock;
  audit: AuditLog;
  store: DevicesStore;
  identity: Pick<Identity, "bindSessionToDevice" | "endDeviceSessions" | "reconsider">;
}

export type UserPrincipal = Extract<Principal, { kind: "user" }>;

/** A refused device proof; `reason` is for the audit log, not the client. */
export class DeviceProofRefused extends AppError {
  readonly reason: string;

  constructor(reason: string) {
    super(
      "device_proof_required",
      "This session belongs to a registered device: the request must be signed with its key.",
    );
    this.reason = reason;
  }
}

/** The request a proof is checked against (the gateway's, or the WebSocket challenge). */
export interface ProvenRequest {
  htm: string;
  htu: string;
  proof: string | undefined;
}

/**
 * Registered devices (zero-trust-anchors.md §6 BeyondCorp device identity, §8.6): a person
 * registers a browser's key; the session is then bound to it and every request must carry a
 * proof signed with the key (proofs.ts), so a copied cookie alone is refused. People see and
 * remove their own devices; administrators see all and block one, which ends its sessions.
 */
export class DevicesService {
  readonly proofs = new DeviceProofs();
  private readonly deps: DevicesDeps;
  /** Imported public keys by device id (a key never changes; a removed device is forgotten). */
  private readonly keys = new Map<string, KeyObject>();

  /** Machines registered by `engawa-agent`, their posture and the tenant's compliance rules. */
  readonly agents: AgentDevices;

  constructor(deps: DevicesDeps) {
    this.deps = deps;
    this.agents = new AgentDevices(deps, this.proofs);
  }

  /** The nonce the session's next proof carries (the gateway sends it with every answer). */
  nonceFor(sessionId: string): string {
    return this.proofs.nonceFor(sessionId, this.deps.clock.now());
  }

  /**
   * Registers the browser whose key signed this request's proof, and binds the caller's session to
   * it. The same key registered again by its owner binds the session to the existing device (a
   * new sign-in on a registered browser); someone else's key is refused.
   */
  async register(
    principal: UserPrincipal,
    input: RegisterDeviceRequest,
    request: ProvenRequest,
    info: RequestInfo,
  ): Promise<Device> {
    let key: KeyObject;
    try {
      key = publicKeyOf(input.publicKey);
    } catch {
      throw new AppError("invalid_value", "This is not a P-256 public key.", {
        field: "publicKey",
      });
    }
    const scope = scopeOf(principal);
    const thumbprint = thumbprintOf(input.publicKey);
    // A bound session's request was proven by the gateway with its device's key already.
    const bound = principal.session.deviceId;
    if (bound) {
      const device = await this.deps.store.byId(scope, bound);
      if (device?.thumbprint !== thumbprint)
        throw new AppError("device_key_in_use", "This session is bound to another device.");
      return (await this.shown(scope, bound, [device]))(device);
    }
    this.requireProof(principal, key, request);
    const now = this.deps.clock.now();
    const device = await this.deps.database.transaction(async () => {
      const existing = await this.deps.store.byThumbprint(thumbprint);
      if (
        existing &&
        (existing.userId !== principal.user.id || existing.tenantId !== principal.tenant.id)
      )
        throw new AppError("device_key_in_use", "This browser's key belongs to another device.");
      if (existing?.status === "blocked")
        throw new AppError("device_blocked", "An administrator has blocked this device.");
      const row =
        existing ??
        (await this.deps.store.insert(scope, {
          id: randomUUID(),
          userId: principal.user.id,
          kind: "browser",
          name: input.name.trim(),
          publicKey: input.publicKey,
          thumbprint,
          status: "active",
          createdAt: now,
          lastSeenAt: now,
          posture: null,
          postureAt: null,
          linkedDeviceId: null,
        }));
      await this.deps.identity.bindSessionToDevice(principal, row.id);
      await this.deps.audit.append(scope, {
        action: existing ? DEVICE_EVENTS.sessionBound : DEVICE_EVENTS.registered,
        outcome: "allow",
        request: info,
        target: { type: "device", id: row.id },
        details: { name: row.name, thumbprint, sessionId: principal.session.id },
      });
      return row;
    });
    this.keys.set(device.id, key);
    // The row just written or found is the caller's own: no read back for the owner's name.
    return (await this.shown(scope, device.id))({
      ...device,
      ownerName: principal.user.displayName,
    });
  }

  async listMine(principal: UserPrincipal): Promise<Device[]> {
    const scope = scopeOf(principal);
    const rows = await this.deps.store.ofUser(scope, principal.user.id);
    const shown = await this.shown(scope, principal.session.deviceId, rows);
    return rows.map(shown);
  }

  /**
   * How a device is shown to the caller: with its compliance under the tenant's rules now — a
   * linked browser's is its computer's, found among `known` or read.
   */
  private async shown(scope: Scope, currentDeviceId: string | null, known: DeviceWithOwner[] = []) {
    const rules = await this.agents.rules(scope);
    const now = this.deps.clock.now();
    const byId = new Map(known.map((row) => [row.id, row]));
    const linked = [...new Set(known.map((r) => r.linkedDeviceId))].filter(
      (id): id is string => id !== null && !byId.has(id),
    );
    for (const id of linked) {
      const row = await this.deps.store.byId(scope, id);
      if (row) byId.set(id, row);
    }
    return (row: DeviceWithOwner) =>
      presentDevice(
        row,
        row.linkedDeviceId ? (byId.get(row.linkedDeviceId) ?? null) : null,
        currentDeviceId,
        rules,
        now,
      );
  }

  /** Removes one of the caller's devices; the sessions bound to it end (this one too, if bound). */
  async remove(principal: UserPrincipal, deviceId: string, info: RequestInfo): Promise<void> {
    const scope = scopeOf(principal);
    const device = await this.deps.store.byId(scope, deviceId);
    if (!device || device.userId !== principal.user.id)
      throw new AppError("not_found", "Not found.");
    await this.deps.database.transaction(async () => {
      await this.deps.store.remove(scope, deviceId);
      await this.deps.audit.append(scope, {
        action: DEVICE_EVENTS.removed,
        outcome: "allow",
        request: info,
        target: { type: "device", id: deviceId },
        details: { name: device.name, thumbprint: device.thumbprint },
      });
    });
    this.keys.delete(deviceId);
    await this.deps.identity.endDeviceSessions(scope, device, "device_removed");
  }

  async listAll(scope: Scope, currentDeviceId: string | null): Promise<Device[]> {
    const rows = await this.deps.store.ofTenant(scope);
    const shown = await this.shown(scope, currentDeviceId, rows);
    return rows.map(shown);
  }

  /** The device's owner, for deciding an administrator's change (a User target). */
  async ownerOf(scope: Scope, deviceId: string): Promise<string | null> {
    return (await this.deps.store.byId(scope, deviceId))?.userId ?? null;
  }

  /** Blocks a device (its sessions end at once and it cannot be bound again) or allows it again. */
  async setStatus(
    scope: Scope,
    deviceId: string,
    status: DeviceStatus,
    currentDeviceId: string | null,
    info: RequestInfo,
  ): Promise<Device> {
    const device = await this.deps.store.byId(scope, deviceId);
    if (!device) throw new AppError("not_found", "Not found.");
    await this.deps.database.transaction(async () => {
      await this.deps.store.setStatus(scope, deviceId, status);
      await this.deps.audit.append(scope, {
        action: DEVICE_EVENTS.statusChanged,
        outcome: "allow",
        request: info,
        target: { type: "device", id: deviceId },
        details: { name: device.name, from: device.status, to: status, owner: device.userId },
      });
    });
    if (status === "blocked" && device.status !== "blocked")
      await this.deps.identity.endDeviceSessions(scope, device, "device_blocked");
    return (await this.shown(scope, currentDeviceId, [device]))({ ...device, status });
  }

  /**
   * What conditional access knows of the session's device: registered (bound to a device that
   * exists and is not blocked) and compliant (the device — a browser through the computer its
   * agent linked it to — meets the tenant's rules now, on its last report).
   */
  async trustOf(principal: UserPrincipal): Promise<{ registered: boolean; compliant: boolean }> {
    const deviceId = principal.session.deviceId;
    if (!deviceId) return { registered: false, compliant: false };
    const scope = scopeOf(principal);
    const device = await this.deps.store.byId(scope, deviceId);
    if (!device || device.status === "blocked") return { registered: false, compliant: false };
    const computer =
      device.kind === "agent"
        ? device
        : device.linkedDeviceId
          ? await this.deps.store.byId(scope, device.linkedDeviceId)
          : undefined;
    const compliant =
      computer !== undefined &&
      computer.status !== "blocked" &&
      evaluateCompliance(
        await this.agents.rules(scope),
        computer.posture,
        computer.postureAt,
        this.deps.clock.now(),
      ).compliant;
    return { registered: true, compliant };
  }

  /**
   * The gateway's check for a session bound to a device: the device still exists and is not
   * blocked, and the request carries a valid proof signed with its key. Throws the refusal.
   */
  async check(principal: UserPrincipal, request: ProvenRequest): Promise<void> {
    const deviceId = principal.session.deviceId;
    if (!deviceId) return;
    const scope = scopeOf(principal);
    const device = await this.deps.store.byId(scope, deviceId);
    if (!device) throw new AppError("unauthenticated", "Sign in to continue.");
    if (device.status === "blocked")
      throw new AppError("device_blocked", "An administrator has blocked this device.");
    let key = this.keys.get(deviceId);
    if (!key) {
      key = publicKeyOf(device.publicKey);
      this.keys.set(deviceId, key);
    }
    this.requireProof(principal, key, request);
    const now = this.deps.clock.now();
    if (now.getTime() - device.lastSeenAt.getTime() >= TOUCH_INTERVAL_MS)
      await this.deps.store.touch(scope, deviceId, now);
  }

  private requireProof(principal: UserPrincipal, key: KeyObject, request: ProvenRequest): void {
    const expected: ProofExpectation = {
      htm: request.htm,
      htu: request.htu,
      sessionId: principal.session.id,
      now: this.deps.clock.now(),
    };
    const result = this.proofs.verify(request.proof, key, expected);
    if (!result.ok) throw new DeviceProofRefused(result.reason);
  }
}
