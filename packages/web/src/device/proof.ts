import { DEVICE_PROOF_TYPE, type DevicePublicKey } from "@engawa/shared";

/**
 * A device proof (server: devices/proofs.ts): a compact JWS, ES256, over the request's method and
 * path, the time, a fresh id and the server's latest nonce, signed with this browser's
 * non-extractable key. WebCrypto's ECDSA signature is already R ‖ S, as JWS wants (RFC 7518 §3.4).
 */
export async function signProof(
  privateKey: CryptoKey,
  htm: string,
  htu: string,
  nonce: string,
): Promise<string> {
  const header = part({ typ: DEVICE_PROOF_TYPE, alg: "ES256" });
  const id = new Uint8Array(16);
  crypto.getRandomValues(id);
  const payload = part({
    htm,
    htu,
    iat: Math.floor(Date.now() / 1000),
    jti: base64url(id),
    nonce,
  });
  const signature = await crypto.subtle.sign(
    { name: "ECDSA", hash: "SHA-256" },
    privateKey,
    new TextEncoder().encode(`${header}.${payload}`),
  );
  return `${header}.${payload}.${base64url(new Uint8Array(signature))}`;
}

/** RFC 7638 thumbprint of a P-256 JWK (as the server lists devices): SHA-256, base64url. */
export async function thumbprintOf(jwk: DevicePublicKey): Promise<string> {
  const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y });
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(canonical));
  return base64url(new Uint8Array(digest));
}

function part(value: unknown): string {
  return base64url(new TextEncoder().encode(JSON.stringify(value)));
}

function base64url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}
