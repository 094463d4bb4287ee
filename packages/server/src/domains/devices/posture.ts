import { createHash, randomBytes, randomUUID, type KeyObject } from "node:crypto";
import {
  AGENT_ENROL_TYPE,
  AGENT_LINK_TYPE,
  AGENT_POSTURE_TYPE,
  DEFAULT_COMPLIANCE_RULES,
  DEVICE_LIMITS,
  DevicePosture,
  DevicePublicKey,
  type AgentEnrolmentResponse,
  type DeviceCompliance,
  type DeviceComplianceRules,
} from "@engawa/shared";
import { Value } from "typebox/value";
import type { RequestInfo } from "../../platform/context.ts";
import { AppError } from "../../platform/errors.ts";
import { requireTenant, scopeFor, type Scope } from "../../platform/scope.ts";
import { scopeOf } from "../identity/index.ts";
import { evaluateCompliance } from "./compliance.ts";
import { DEVICE_EVENTS } from "./events.ts";
import { es256Valid, parseCompactJws, type CompactJws } from "./jws.ts";
import { publicKeyOf, thumbprintOf, type DeviceProofs } from "./proofs.ts";
import type { DevicesDeps, UserPrincipal } from "./service.ts";
import type { DeviceRow } from "./store.ts";

/** How long an enrolment code is good for. */
const ENROLMENT_TTL_MS = 10 * 60_000;
/** How far an agent message's `iat` may be from the server's clock (as device proofs). */
const MAX_SKEW_SECONDS = 60;
const MAX_TOKEN_LENGTH = 16_384;
/** Crockford's base32 alphabet: no I, L, O or U to misread when typing the code. */
const CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/**
 * Machines registered by `engawa-agent` and their posture (zero-trust-anchors.md §6: BeyondCorp's
 * device inventory, access decided on the device's state). A signed-in person asks for a one-time
 * code; the agent makes its own P-256 key on the machine and registers it with the code, the
 * request signed by that key (proof of possession, like RFC 9449's `jwk` header). From then on it
 * reports posture as a compact JWS signed with the key (`kid`: the device), fresh (`iat`) and
 * single-use (`jti`), so a report cannot be forged, altered or replayed. The tenant's compliance
 * rules turn the last report into compliant or not.
 */
export class AgentDevices {
  private readonly deps: DevicesDeps;
  private readonly proofs: DeviceProofs;
  private readonly keys = new Map<string, KeyObject>();

  constructor(deps: DevicesDeps, proofs: DeviceProofs) {
    this.deps = deps;
    this.proofs = proofs;
  }

  /**
   * A one-time code for the person's next `engawa-agent register` (only its hash is kept) — or,
   * with `browserDeviceId` (one of their registered browsers), for `engawa-agent link`, which
   * links that browser to the computer the agent runs on.
   */
  async enrol(
    principal: UserPrincipal,
    info: RequestInfo,
    browserDeviceId: string | null = null,
  ): Promise<AgentEnrolmentResponse> {
    const scope = scopeOf(principal);
    if (browserDeviceId !== null) {
      const browser = await this.deps.store.byId(scope, browserDeviceId);
      if (browser?.userId !== principal.user.id || browser.kind !== "browser")
        throw new AppError("not_found", "Not found.");
    }
    const bytes = randomBytes(15);
    const chars = [...bytes].map((b) => CODE_ALPHABET[b % 32]).join("");
    const code = `${chars.slice(0, 5)}-${chars.slice(5, 10)}-${chars.slice(10, 15)}`;
    const expiresAt = new Date(this.deps.clock.now().getTime() + ENROLMENT_TTL_MS);
    await this.deps.database.transaction(async () => {
      await this.deps.store.insertEnrolment(scope, {
        codeHash: hashCode(code),
        userId: principal.user.id,
        expiresAt,
        browserDeviceId,
      });
      await this.deps.audit.append(scope, {
        action: DEVICE_EVENTS.enrolmentIssued,
        outcome: "allow",
        request: info,
        target: browserDeviceId
          ? { type: "device", id: browserDeviceId }
          : { type: "user", id: principal.user.id },
      });
    });
    return { code, expiresAt: expiresAt.toISOString() };
  }

  /** Registers the machine whose new key signed the token, for the person the code was given to. */
  async register(token: string, info: RequestInfo): Promise<{ id: string; name: string }> {
    const refuse = () =>
      new AppError(
        "agent_enrolment_invalid",
        "The registration code is not valid, or the request is not signed by the key it registers.",
      );
    const jws = parseCompactJws(token, MAX_TOKEN_LENGTH);
    if (
      !jws ||
      jws.header.typ !== AGENT_ENROL_TYPE ||
      !Value.Check(DevicePublicKey, jws.header.jwk)
    )
      throw refuse();
    const jwk = jws.header.jwk;
    let key: KeyObject;
    try {
      key = publicKeyOf(jwk);
    } catch {
      throw refuse();
    }
    const { code, name } = jws.payload;
    if (
      !es256Valid(jws, key) ||
      !this.fresh(jws) ||
      typeof code !== "string" ||
      typeof name !== "string" ||
      name.trim() === "" ||
      name.length > DEVICE_LIMITS.nameMax
    )
      throw refuse();
    const now = this.deps.clock.now();
    const thumbprint = thumbprintOf(jwk);
    const device = await this.deps.database.transaction(async () => {
      const owner = await this.deps.store.takeEnrolment(hashCode(code.trim().toUpperCase()), now);
      if (!owner || owner.browserDeviceId !== null) throw refuse();
      if (await this.deps.store.byThumbprint(thumbprint))
        throw new AppError("device_key_in_use", "This key is already registered.");
      const scope = scopeFor({ type: "system", reason: "agent registration" }, owner.tenantId);
      const row = await this.deps.store.insert(scope, {
        id: randomUUID(),
        userId: owner.userId,
        kind: "agent",
        name: name.trim(),
        publicKey: jwk,
        thumbprint,
        status: "active",
        createdAt: now,
        lastSeenAt: now,
        posture: null,
        postureAt: null,
        linkedDeviceId: null,
      });
      await this.deps.audit.append(scope, {
        action: DEVICE_EVENTS.registered,
        outcome: "allow",
        request: info,
        target: { type: "device", id: row.id },
        details: { name: row.name, thumbprint, kind: "agent", owner: owner.userId },
      });
      return row;
    });
    this.keys.set(device.id, key);
    return { id: device.id, name: device.name };
  }

  /** Stores a signed posture report and answers the device's compliance under the tenant's rules. */
  async report(token: string, info: RequestInfo): Promise<DeviceCompliance> {
    const { jws, computer: device } = await this.fromComputer(token, AGENT_POSTURE_TYPE);
    const scope = scopeFor({ type: "system", reason: "agent posture report" }, device.tenantId);
    const reason = this.refusalOf(jws, device);
    if (reason) {
      await this.deps.audit.append(scope, {
        action: DEVICE_EVENTS.postureReported,
        outcome: "deny",
        request: info,
        target: { type: "device", id: device.id },
        details: { reason },
      });
      throw reason === "blocked"
        ? new AppError("device_blocked", "An administrator has blocked this device.")
        : refused();
    }
    const posture = jws.payload.posture;
    if (!Value.Check(DevicePosture, posture))
      throw new AppError("invalid_value", "The posture report is not in the expected form.", {
        field: "report",
      });
    const now = this.deps.clock.now();
    await this.deps.database.transaction(async () => {
      await this.deps.store.setPosture(scope, device.id, posture, now);
      await this.deps.audit.append(scope, {
        action: DEVICE_EVENTS.postureReported,
        outcome: "allow",
        request: info,
        target: { type: "device", id: device.id },
      });
    });
    // Conditional access may now answer differently for the owner's sessions: open connections
    // re-decide at once (continuous access evaluation); HTTP requests decide afresh anyway.
    this.deps.identity.reconsider(device.tenantId, device.userId);
    return evaluateCompliance(await this.rules(scope), posture, now, now);
  }

  /**
   * `engawa-agent link`: the computer's agent (its key signs the token, `kid` its device) uses a
   * link code the person asked for in a registered browser, and that browser is linked to the
   * computer — its compliance is the computer's from then on. Both must be the same person's.
   */
  async link(token: string, info: RequestInfo): Promise<{ id: string; name: string }> {
    const { jws, computer } = await this.fromComputer(token, AGENT_LINK_TYPE);
    const scope = scopeFor({ type: "system", reason: "agent link" }, computer.tenantId);
    const reason = this.refusalOf(jws, computer);
    const code = jws.payload.code;
    if (reason || typeof code !== "string") {
      await this.deps.audit.append(scope, {
        action: DEVICE_EVENTS.linked,
        outcome: "deny",
        request: info,
        target: { type: "device", id: computer.id },
        details: { reason: reason ?? "malformed" },
      });
      throw refused();
    }
    const now = this.deps.clock.now();
    const browser = await this.deps.database.transaction(async () => {
      const owner = await this.deps.store.takeEnrolment(hashCode(code.trim().toUpperCase()), now);
      const browser = owner?.browserDeviceId
        ? await this.deps.store.byId(scope, owner.browserDeviceId)
        : undefined;
      if (
        !owner ||
        !browser ||
        owner.tenantId !== computer.tenantId ||
        browser.userId !== computer.userId
      )
        throw new AppError(
          "agent_enrolment_invalid",
          "The link code is not valid, or it was given to someone else.",
        );
      await this.deps.store.link(scope, browser.id, computer.id);
      await this.deps.audit.append(scope, {
        action: DEVICE_EVENTS.linked,
        outcome: "allow",
        request: info,
        target: { type: "device", id: browser.id },
        details: { computer: computer.id, name: computer.name },
      });
      return browser;
    });
    this.deps.identity.reconsider(computer.tenantId, computer.userId);
    return { id: browser.id, name: browser.name };
  }

  async rules(scope: Scope): Promise<DeviceComplianceRules> {
    return (await this.deps.store.rules(scope)) ?? DEFAULT_COMPLIANCE_RULES;
  }

  /** Sets the tenant's rules; everyone with a device re-decides their open connections. */
  async setRules(
    scope: Scope,
    rules: DeviceComplianceRules,
    info: RequestInfo,
  ): Promise<DeviceComplianceRules> {
    await this.deps.database.transaction(async () => {
      await this.deps.store.putRules(scope, rules, this.deps.clock.now());
      await this.deps.audit.append(scope, {
        action: DEVICE_EVENTS.complianceRulesChanged,
        outcome: "allow",
        request: info,
        target: { type: "tenant", id: requireTenant(scope) },
        details: { rules },
      });
    });
    const owners = new Set((await this.deps.store.ofTenant(scope)).map((d) => d.userId));
    for (const owner of owners) this.deps.identity.reconsider(requireTenant(scope), owner);
    return rules;
  }

  /**
   * The message of type `typ` and the registered computer its header names (`kid`); anything else
   * is refused before its signature is looked at (`refusalOf` checks that).
   */
  private async fromComputer(
    token: string,
    typ: string,
  ): Promise<{ jws: CompactJws; computer: DeviceRow }> {
    const jws = parseCompactJws(token, MAX_TOKEN_LENGTH);
    const kid = jws?.header.kid;
    const computer =
      jws && jws.header.typ === typ && typeof kid === "string" && isUuid(kid)
        ? await this.deps.store.byIdAnywhere(kid)
        : undefined;
    if (!jws || computer?.kind !== "agent") throw refused();
    return { jws, computer };
  }

  /** Why a message from this computer is refused (null: it is not). */
  private refusalOf(jws: CompactJws, device: DeviceRow): string | null {
    if (device.status === "blocked") return "blocked";
    let key = this.keys.get(device.id);
    if (!key) {
      key = publicKeyOf(device.publicKey);
      this.keys.set(device.id, key);
    }
    if (!es256Valid(jws, key)) return "bad_signature";
    if (!this.fresh(jws)) return "stale";
    const jti = jws.payload.jti;
    if (typeof jti !== "string" || jti.length < 16 || jti.length > 64) return "malformed";
    if (!this.proofs.remember(`agent|${device.id}|${jti}`, this.deps.clock.now().getTime()))
      return "replayed";
    return null;
  }

  private fresh(jws: CompactJws): boolean {
    const iat = jws.payload.iat;
    const now = this.deps.clock.now().getTime() / 1000;
    return typeof iat === "number" && Math.abs(now - iat) <= MAX_SKEW_SECONDS;
  }
}

const refused = () =>
  new AppError(
    "agent_report_refused",
    "This report is not signed by a registered agent device, is too old, or was sent before.",
  );

function hashCode(code: string): string {
  return createHash("sha256").update(code).digest("base64url");
}

function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
