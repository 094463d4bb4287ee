import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { sha256Hex } from "./tokens.ts";

export interface MasterKey {
  /** Short fingerprint stored beside every KEK it wraps, so a wrong key is named, not guessed. */
  id: string;
  key: Buffer;
}

export function masterKeyFromBytes(key: Buffer): MasterKey {
  return { id: sha256Hex(key).slice(0, 16), key };
}

/**
 * The configured master key, or — in embedded mode only — one generated on first start into the
 * data folder with mode 0600. docs/SECURITY.md says what that means: a copy of the folder then
 * holds both the key and the data.
 */
export function loadOrCreateMasterKey(configured: Buffer | null, dataDir: string): MasterKey {
  if (configured) return masterKeyFromBytes(configured);
  const file = path.join(dataDir, "master.key");
  if (existsSync(file)) {
    const key = Buffer.from(readFileSync(file, "utf8").trim(), "base64");
    if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte base64 key`);
    return masterKeyFromBytes(key);
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  writeFileSync(file, `${key.toString("base64")}\n`, { mode: 0o600, flag: "wx" });
  chmodSync(file, 0o600);
  return masterKeyFromBytes(key);
}
