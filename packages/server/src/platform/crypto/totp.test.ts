import { describe, expect, it } from "vitest";
import { totpCode, totpStepOf, type TotpAlgorithm, type TotpParameters } from "./totp.ts";

/** RFC 6238 Appendix B: the seeds are the ASCII strings below, repeated to the hash's size. */
const SEEDS: Record<TotpAlgorithm, string> = {
  SHA1: "12345678901234567890",
  SHA256: "12345678901234567890123456789012",
  SHA512: "1234567890123456789012345678901234567890123456789012345678901234",
};

/** RFC 6238 Appendix B, table of test values (time in seconds → 8-digit TOTP per algorithm). */
const VECTORS: [number, Record<TotpAlgorithm, string>][] = [
  [59, { SHA1: "94287082", SHA256: "46119246", SHA512: "90693936" }],
  [1111111109, { SHA1: "07081804", SHA256: "68084774", SHA512: "25091201" }],
  [1111111111, { SHA1: "14050471", SHA256: "67062674", SHA512: "99943326" }],
  [1234567890, { SHA1: "89005924", SHA256: "91819424", SHA512: "93441116" }],
  [2000000000, { SHA1: "69279037", SHA256: "90698825", SHA512: "38618901" }],
  [20000000000, { SHA1: "65353130", SHA256: "77737706", SHA512: "47863826" }],
];

function base32(ascii: string): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const byte of Buffer.from(ascii, "ascii")) bits += byte.toString(2).padStart(8, "0");
  let out = "";
  for (let i = 0; i < bits.length; i += 5)
    out += alphabet[parseInt(bits.slice(i, i + 5).padEnd(5, "0"), 2)];
  return out;
}

describe("TOTP (RFC 6238)", () => {
  for (const algorithm of ["SHA1", "SHA256", "SHA512"] as const) {
    const params: TotpParameters = { algorithm, digits: 8, periodSeconds: 30 };
    it(`passes the Appendix B vectors for ${algorithm}`, () => {
      for (const [seconds, codes] of VECTORS) {
        expect(totpCode(base32(SEEDS[algorithm]), seconds * 1000, params)).toBe(codes[algorithm]);
        expect(totpStepOf(base32(SEEDS[algorithm]), codes[algorithm], seconds * 1000, params)).toBe(
          Math.floor(seconds / 30),
        );
      }
    });
  }

  it("accepts one step of drift either way and nothing further", () => {
    const secret = base32(SEEDS.SHA1);
    const now = 1_700_000_000_000;
    const step = Math.floor(now / 30_000);
    expect(totpStepOf(secret, totpCode(secret, now - 30_000), now)).toBe(step - 1);
    expect(totpStepOf(secret, totpCode(secret, now + 30_000), now)).toBe(step + 1);
    expect(totpStepOf(secret, totpCode(secret, now - 60_000), now)).toBeNull();
    expect(totpStepOf(secret, totpCode(secret, now + 60_000), now)).toBeNull();
  });

  it("refuses codes that are not six digits", () => {
    const secret = base32(SEEDS.SHA1);
    expect(totpStepOf(secret, "12345", 0)).toBeNull();
    expect(totpStepOf(secret, "12345a", 0)).toBeNull();
    expect(totpStepOf(secret, " 123456", 0)).toBeNull();
  });
});
