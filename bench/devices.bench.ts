import { verify } from "node:crypto";
import { DeviceProofs, publicKeyOf } from "../packages/server/src/domains/devices/proofs.ts";
import { DeviceKey } from "../packages/server/test/deviceKeys.ts";
import { figure, percentile, timeEach, type Figure } from "./stats.ts";

const PROOFS = 5_000;
const WARM = 500;

/**
 * `devices.proof_verify_us`: p99 cost of checking one request's device proof (DeviceProofs.verify:
 * parse the compact JWS, check its header, verify the ES256 signature, the method and path, the
 * time, the session's nonce, and remember its `jti`) against one bare ECDSA P-256 verify of the
 * same signed bytes with Node's `crypto.verify` in the same run. Calls alternate, so what else the
 * machine does falls on both alike. Proofs are signed beforehand (WebCrypto, as a browser would)
 * and each is used once, as the gateway requires.
 */
export async function devicesBench(): Promise<Record<string, Figure>> {
  const device = await DeviceKey.create();
  const key = publicKeyOf(device.publicKey);
  const proofs = new DeviceProofs();
  const now = new Date();
  const sessionId = "00000000-0000-4000-8000-000000000000";
  const nonce = proofs.nonceFor(sessionId, now);
  const iat = Math.floor(now.getTime() / 1000);
  const signed = await Promise.all(
    Array.from({ length: PROOFS + WARM }, (_, i) =>
      device.proof("GET", `/api/t/acme/channels/${i}/messages`, nonce, { iat }),
    ),
  );
  const bare = signed.map((proof) => {
    const [header, payload, signature] = proof.split(".") as [string, string, string];
    return {
      data: Buffer.from(`${header}.${payload}`),
      signature: Buffer.from(signature, "base64url"),
    };
  });
  const check = (i: number) => {
    const result = proofs.verify(signed[i], key, {
      htm: "GET",
      htu: `/api/t/acme/channels/${i}/messages`,
      sessionId,
      now,
    });
    if (!result.ok) throw new Error(`proof ${i} refused: ${result.reason}`);
  };
  const baseline = (i: number) => {
    const { data, signature } = bare[i] as { data: Buffer; signature: Buffer };
    if (!verify("sha256", data, { key, dsaEncoding: "ieee-p1363" }, signature))
      throw new Error("signature refused");
  };
  for (let i = 0; i < WARM; i += 1) {
    check(PROOFS + i);
    baseline(PROOFS + i);
  }
  const ours: number[] = [];
  const base: number[] = [];
  for (let i = 0; i < PROOFS; i += 1) {
    ours.push(...timeEach(1, () => check(i)));
    base.push(...timeEach(1, () => baseline(i)));
  }
  return {
    "devices.proof_verify_us": figure(
      percentile(ours, 99),
      "µs p99",
      percentile(base, 99),
      "one ECDSA P-256 verify (crypto.verify), p99, same run",
    ),
    "devices.proof_verify_us.median": figure(
      percentile(ours, 50),
      "µs p50",
      percentile(base, 50),
      "one ECDSA P-256 verify, p50",
    ),
  };
}
