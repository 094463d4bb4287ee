import { describe, expect, it } from "vitest";
import { canonicalJson } from "./canonicalJson.ts";
import { open, seal } from "./envelope.ts";
import { hashPassword, verifyPassword } from "./passwords.ts";
import { safeEqual, sha256Hex } from "./tokens.ts";

describe("canonical JSON (RFC 8785)", () => {
  it("sorts keys by UTF-16 code units, recursively, with no whitespace", () => {
    expect(canonicalJson({ b: 1, a: [true, null, "x"], c: { z: "", y: 2 } })).toBe(
      '{"a":[true,null,"x"],"b":1,"c":{"y":2,"z":""}}',
    );
    expect(canonicalJson({ "\u00e9": 1, e: 2, E: 3 })).toBe('{"E":3,"e":2,"é":1}');
  });
  it("escapes strings as ECMAScript does and keeps non-ASCII as is", () => {
    expect(canonicalJson({ s: 'line\n"quote"\u0001監査' })).toBe(
      '{"s":"line\\n\\"quote\\"\\u0001監査"}',
    );
  });
  it("refuses what would make two databases hash differently", () => {
    expect(() => canonicalJson({ n: 1.5 })).toThrow();
    expect(() => canonicalJson({ u: undefined as unknown as null })).toThrow(/undefined/);
  });
});

describe("AES-256-GCM envelopes", () => {
  const key = Buffer.alloc(32, 1);
  it("round-trips and binds the associated data", () => {
    const sealed = seal(key, Buffer.from("診療記録"), "tenant-a|general|doc-1");
    expect(open(key, sealed, "tenant-a|general|doc-1").toString()).toBe("診療記録");
    expect(() => open(key, sealed, "tenant-b|general|doc-1")).toThrow();
  });
  it("uses a fresh nonce each time and detects tampering", () => {
    const a = seal(key, Buffer.from("x"), "ctx");
    const b = seal(key, Buffer.from("x"), "ctx");
    expect(a).not.toBe(b);
    const raw = Buffer.from(a, "base64url");
    raw[raw.length - 1] = (raw[raw.length - 1] ?? 0) ^ 1;
    expect(() => open(key, raw.toString("base64url"), "ctx")).toThrow();
    expect(() => seal(Buffer.alloc(16), Buffer.from("x"), "ctx")).toThrow();
  });
});

describe("passwords and tokens", () => {
  it("hashes with argon2id at OWASP's parameters and verifies", async () => {
    const hash = await hashPassword("correct horse battery staple");
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(hash, "correct horse battery staple")).toBe(true);
    expect(await verifyPassword(hash, "correct horse battery stapler")).toBe(false);
    expect(await verifyPassword("not a hash", "x")).toBe(false);
  });
  it("compares in constant time and hashes with SHA-256", () => {
    expect(safeEqual("abc", "abc")).toBe(true);
    expect(safeEqual("abc", "abd")).toBe(false);
    expect(safeEqual("abc", "abcd")).toBe(false);
    expect(sha256Hex("abc")).toBe(
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    );
  });
});
