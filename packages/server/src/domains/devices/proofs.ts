import {
  createHash,
  createHmac,
  createPublicKey,
  createSecretKey,
  randomBytes,
  timingSafeEqual,
  type KeyObject,
} from "node:crypto";
import { DEVICE_PROOF_TYPE, type DevicePublicKey } from "@engawa/shared";
import { es256Valid, parseCompactJws } from "./jws.ts";

/** How far a proof's `iat` may be from the server's clock (RFC 9449 §11.1: "a few seconds" to minutes). */
const MAX_SKEW_SECONDS = 60;
/** A nonce is good for its window and the one before (RFC 9449 §8: server-provided nonces). */
const NONCE_WINDOW_MS = 5 * 60 * 1000;
/** A proof is a few hundred bytes; anything much longer is not one. */
const MAX_PROOF_LENGTH = 2048;

/** What a request's proof must be about. */
export interface ProofExpectation {
  /** HTTP method, or `WS` for the WebSocket challenge. */
  htm: string;
  /** The request's path and query as sent (`request.url`). */
  htu: string;
  sessionId: string;
  now: Date;
}

export type ProofResult = { ok: true } | { ok: false; reason: string };

/**
 * Device proofs (DPoP-like, RFC 9449, without the key in the header: the server knows the device):
 * a compact JWS (RFC 7515), ES256 over `{ htm, htu, iat, jti, nonce }`, signed with the device's
 * non-extractable key. The method and path bind it to one request, `iat` to the present, the
 * server's nonce to this session's recent past, and `jti` (remembered until the proof would be
 * too old anyway) makes it single-use, so a proof seen on the wire cannot be replayed.
 *
 * Nonces come from a secret of this process: after a restart, or on another node, the first
 * request of a session is refused with a fresh nonce and the client signs again (one round trip).
 * The `jti` memory is per process too: across nodes a proof could be replayed to another node
 * within the skew window — the cookie must have been stolen as well, and only that request repeats.
 */
export class DeviceProofs {
  /** A key object, not a raw key that every HMAC would prepare again (a nonce goes with every answer). */
  private readonly secret = createSecretKey(randomBytes(32));
  private readonly seen = new Map<string, number>();

  /** The nonce a session's next proof should carry (sent in `x-engawa-device-nonce`). */
  nonceFor(sessionId: string, now: Date): string {
    return this.nonceAt(sessionId, Math.floor(now.getTime() / NONCE_WINDOW_MS));
  }

  /** Verifies a proof against a device's key; each proof is accepted once. */
  verify(proof: string | undefined, key: KeyObject, expected: ProofExpectation): ProofResult {
    if (!proof) return { ok: false, reason: "missing" };
    const jws = parseCompactJws(proof, MAX_PROOF_LENGTH);
    if (!jws) return { ok: false, reason: "malformed" };
    const { header, payload } = jws;
    if (header.typ !== DEVICE_PROOF_TYPE || header.alg !== "ES256")
      return { ok: false, reason: "wrong_type" };
    if (!es256Valid(jws, key)) return { ok: false, reason: "bad_signature" };
    if (payload.htm !== expected.htm || payload.htu !== expected.htu)
      return { ok: false, reason: "other_request" };
    const nowSeconds = expected.now.getTime() / 1000;
    if (typeof payload.iat !== "number" || Math.abs(nowSeconds - payload.iat) > MAX_SKEW_SECONDS)
      return { ok: false, reason: "stale" };
    if (
      typeof payload.nonce !== "string" ||
      !this.nonceValid(expected.sessionId, payload.nonce, expected.now)
    )
      return { ok: false, reason: "stale_nonce" };
    const jti = payload.jti;
    if (typeof jti !== "string" || jti.length < 16 || jti.length > 64)
      return { ok: false, reason: "malformed" };
    if (!this.remember(`${expected.sessionId}|${jti}`, expected.now.getTime()))
      return { ok: false, reason: "replayed" };
    return { ok: true };
  }

  private nonceValid(sessionId: string, nonce: string, now: Date): boolean {
    const window = Math.floor(now.getTime() / NONCE_WINDOW_MS);
    const given = Buffer.from(nonce);
    return [window, window - 1].some((w) => {
      const expected = Buffer.from(this.nonceAt(sessionId, w));
      return expected.length === given.length && timingSafeEqual(expected, given);
    });
  }

  private nonceAt(sessionId: string, window: number): string {
    return createHmac("sha256", this.secret)
      .update(`${sessionId}|${window}`)
      .digest()
      .subarray(0, 16)
      .toString("base64url");
  }

  /** False if the id was seen within the skew window; forgets ids older than that. */
  remember(id: string, nowMs: number): boolean {
    const keepUntil = nowMs + 2 * MAX_SKEW_SECONDS * 1000;
    for (const [seen, until] of this.seen) {
      if (until > nowMs) break;
      this.seen.delete(seen);
    }
    if (this.seen.has(id)) return false;
    this.seen.set(id, keepUntil);
    return true;
  }
}

/** A device's public key as a KeyObject; throws on a point not on the curve. */
export function publicKeyOf(jwk: DevicePublicKey): KeyObject {
  return createPublicKey({ key: { ...jwk }, format: "jwk" });
}

/** RFC 7638 thumbprint of a P-256 JWK: SHA-256 of its required members in lexicographic order. */
export function thumbprintOf(jwk: DevicePublicKey): string {
  const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y });
  return createHash("sha256").update(canonical).digest("base64url");
}
