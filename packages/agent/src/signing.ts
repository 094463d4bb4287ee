import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  sign,
  type KeyObject,
} from "node:crypto";
import {
  AGENT_ENROL_TYPE,
  AGENT_LINK_TYPE,
  AGENT_POSTURE_TYPE,
  type DevicePosture,
  type DevicePublicKey,
} from "@engawa/shared";

/**
 * The machine's own P-256 key and the messages it signs: compact JWS, ES256 (RFC 7515, RFC 7518
 * §3.4 — the signature is R ‖ S, not DER). The registration carries the public key in its header
 * (`jwk`, as RFC 9449's proofs do), so the server can check it was signed by the key it registers;
 * a report names its device (`kid`). Both carry `iat` and a random `jti`, so the server refuses
 * one that is old or seen before.
 */
export class AgentKey {
  readonly publicJwk: DevicePublicKey;
  private readonly privateKey: KeyObject;

  private constructor(privateKey: KeyObject) {
    this.privateKey = privateKey;
    const jwk = createPublicKey(privateKey).export({ format: "jwk" });
    this.publicJwk = { kty: "EC", crv: "P-256", x: String(jwk.x), y: String(jwk.y) };
  }

  static create(): AgentKey {
    return new AgentKey(generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey);
  }

  static fromPem(pem: string): AgentKey {
    return new AgentKey(createPrivateKey(pem));
  }

  /** The private key as PKCS #8 PEM, for the agent's file (mode 0600). */
  toPem(): string {
    return this.privateKey.export({ format: "pem", type: "pkcs8" }).toString();
  }

  /** `engawa-agent register`: the one-time code and the machine's name, signed by the new key. */
  enrolment(code: string, name: string, now = new Date(), claims: Record<string, unknown> = {}) {
    return this.jws(
      { typ: AGENT_ENROL_TYPE, alg: "ES256", jwk: this.publicJwk },
      { code, name, ...freshness(now), ...claims },
    );
  }

  /** `engawa-agent report`: the posture, signed with the device's key. */
  report(
    deviceId: string,
    posture: DevicePosture,
    now = new Date(),
    claims: Record<string, unknown> = {},
  ) {
    return this.jws(
      { typ: AGENT_POSTURE_TYPE, alg: "ES256", kid: deviceId },
      { posture, ...freshness(now), ...claims },
    );
  }

  /** `engawa-agent link`: a browser's link code, signed with the computer's device key. */
  link(deviceId: string, code: string, now = new Date()) {
    return this.jws(
      { typ: AGENT_LINK_TYPE, alg: "ES256", kid: deviceId },
      { code, ...freshness(now) },
    );
  }

  private jws(header: Record<string, unknown>, payload: Record<string, unknown>): string {
    const input = `${part(header)}.${part(payload)}`;
    const signature = sign("sha256", Buffer.from(input), {
      key: this.privateKey,
      dsaEncoding: "ieee-p1363",
    });
    return `${input}.${signature.toString("base64url")}`;
  }
}

function freshness(now: Date) {
  return { iat: Math.floor(now.getTime() / 1000), jti: randomBytes(16).toString("base64url") };
}

function part(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}
