import { verify, type KeyObject } from "node:crypto";

/** A compact JWS (RFC 7515 §7.1) taken apart: its JSON header and payload, and what was signed. */
export interface CompactJws {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signingInput: Buffer;
  signature: Buffer;
}

/** Parses `header.payload.signature`; null when it is not a JWS with JSON objects for both. */
export function parseCompactJws(token: string, maxLength: number): CompactJws | null {
  if (token.length > maxLength) return null;
  const parts = token.split(".");
  if (parts.length !== 3) return null;
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const header = jsonPart(headerPart);
  const payload = jsonPart(payloadPart);
  if (!header || !payload) return null;
  return {
    header,
    payload,
    signingInput: Buffer.from(`${headerPart}.${payloadPart}`, "ascii"),
    signature: Buffer.from(signaturePart, "base64url"),
  };
}

/** Whether an ES256 signature holds: R ‖ S, 32 bytes each (RFC 7518 §3.4), not DER. */
export function es256Valid(jws: CompactJws, key: KeyObject): boolean {
  return (
    jws.header.alg === "ES256" &&
    jws.signature.length === 64 &&
    verify("sha256", jws.signingInput, { key, dsaEncoding: "ieee-p1363" }, jws.signature)
  );
}

function jsonPart(part: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
    return value && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}
