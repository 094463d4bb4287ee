import { randomBytes, webcrypto } from "node:crypto";
import { DEVICE_PROOF_TYPE, type DevicePublicKey } from "@engawa/shared";

/**
 * A device key as the web client makes it (WebCrypto P-256, private half non-extractable), and
 * the proofs it signs: a compact JWS, ES256 (WebCrypto's ECDSA signature is already R ‖ S).
 */
export class DeviceKey {
  readonly publicKey: DevicePublicKey;
  private readonly privateKey: webcrypto.CryptoKey;

  private constructor(publicKey: DevicePublicKey, privateKey: webcrypto.CryptoKey) {
    this.publicKey = publicKey;
    this.privateKey = privateKey;
  }

  static async create(): Promise<DeviceKey> {
    const pair = await webcrypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, false, [
      "sign",
      "verify",
    ]);
    const jwk = await webcrypto.subtle.exportKey("jwk", pair.publicKey);
    return new DeviceKey(
      { kty: "EC", crv: "P-256", x: String(jwk.x), y: String(jwk.y) },
      pair.privateKey,
    );
  }

  /** A proof for one request; `claims` overrides any claim (tests of refusals). */
  async proof(
    htm: string,
    htu: string,
    nonce: string,
    claims: Record<string, unknown> = {},
  ): Promise<string> {
    const header = part({ typ: DEVICE_PROOF_TYPE, alg: "ES256" });
    const payload = part({
      htm,
      htu,
      iat: Math.floor(Date.now() / 1000),
      jti: randomBytes(16).toString("base64url"),
      nonce,
      ...claims,
    });
    const signature = await webcrypto.subtle.sign(
      { name: "ECDSA", hash: "SHA-256" },
      this.privateKey,
      Buffer.from(`${header}.${payload}`),
    );
    return `${header}.${payload}.${Buffer.from(signature).toString("base64url")}`;
  }
}

function part(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}
