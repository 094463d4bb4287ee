import { Type, type Static } from "typebox";
import { Slug, Uuid } from "./common.ts";
import { DeviceCompliance, DevicePosture } from "./devicePosture.ts";

/**
 * Registered devices: a browser holds a non-extractable WebCrypto P-256 key (kept in IndexedDB)
 * and registers its public half; from then on its session is bound to that key, so every request
 * carries a short proof signed with it (header `x-engawa-device-proof`, DPoP-like — RFC 9449) and
 * a copied cookie alone is refused.
 */
export const DEVICE_LIMITS = { nameMax: 80 } as const;
/** The request header carrying a device proof, and the response header offering a fresh nonce. */
export const DEVICE_PROOF_HEADER = "x-engawa-device-proof";
export const DEVICE_NONCE_HEADER = "x-engawa-device-nonce";
/** The `typ` of a device proof's protected header (RFC 7515 §4.1.9). */
export const DEVICE_PROOF_TYPE = "engawa-device-proof+jwt";

/** A P-256 public key as a JWK (RFC 7517, RFC 7518 §6.2): 32-byte coordinates in base64url. */
export const DevicePublicKey = Type.Object(
  {
    kty: Type.Literal("EC"),
    crv: Type.Literal("P-256"),
    x: Type.String({ pattern: "^[A-Za-z0-9_-]{43}$" }),
    y: Type.String({ pattern: "^[A-Za-z0-9_-]{43}$" }),
  },
  { additionalProperties: false },
);
export type DevicePublicKey = Static<typeof DevicePublicKey>;

export const RegisterDeviceRequest = Type.Object(
  {
    /** What the person calls it ("Ward PC", "My laptop"). */
    name: Type.String({
      minLength: 1,
      maxLength: DEVICE_LIMITS.nameMax,
      pattern: "^(?=.*\\S)[^\\u0000-\\u001f\\u007f]+$",
    }),
    publicKey: DevicePublicKey,
  },
  { additionalProperties: false },
);
export type RegisterDeviceRequest = Static<typeof RegisterDeviceRequest>;

export const DeviceStatus = Type.Union([Type.Literal("active"), Type.Literal("blocked")]);
export type DeviceStatus = Static<typeof DeviceStatus>;

export const Device = Type.Object({
  id: Uuid,
  name: Type.String(),
  /** `browser`: the web client's key; `agent`: a machine registered by `engawa-agent`. */
  kind: Type.Union([Type.Literal("browser"), Type.Literal("agent")]),
  status: DeviceStatus,
  /** The key's RFC 7638 thumbprint, to tell two devices of the same name apart. */
  thumbprint: Type.String(),
  user: Type.Object({ id: Uuid, displayName: Type.String() }),
  createdAt: Type.String(),
  lastSeenAt: Type.String(),
  /** True for the device the caller's session is bound to. */
  current: Type.Boolean(),
  /** The agent's last posture report (null: none, or a browser). */
  posture: Type.Union([DevicePosture, Type.Null()]),
  postureAt: Type.Union([Type.String(), Type.Null()]),
  /** For a browser: the computer (agent device) it was linked to, whose report judges it. */
  linkedTo: Type.Union([Type.Object({ id: Uuid, name: Type.String() }), Type.Null()]),
  /** Compliance under the tenant's rules now, with every rule failed. */
  compliance: DeviceCompliance,
});
export type Device = Static<typeof Device>;

export const DeviceResponse = Type.Object({ device: Device });
export type DeviceResponse = Static<typeof DeviceResponse>;
export const DeviceListResponse = Type.Object({ devices: Type.Array(Device) });
export type DeviceListResponse = Static<typeof DeviceListResponse>;

export const DeviceParams = Type.Object({ deviceId: Uuid }, { additionalProperties: false });
export type DeviceParams = Static<typeof DeviceParams>;
export const TenantDeviceParams = Type.Object(
  { tenant: Slug, deviceId: Uuid },
  { additionalProperties: false },
);
export type TenantDeviceParams = Static<typeof TenantDeviceParams>;

export const UpdateDeviceRequest = Type.Object(
  { status: DeviceStatus },
  { additionalProperties: false },
);
export type UpdateDeviceRequest = Static<typeof UpdateDeviceRequest>;
