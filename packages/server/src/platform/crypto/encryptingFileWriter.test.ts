import { createSecretKey, randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { afterAll, describe, expect, it } from "vitest";
import { nativeSeal, sealWithNodeCrypto, sealerKind } from "./chunkSealer.ts";
import { EncryptingFileWriter } from "./encryptingFileWriter.ts";
import {
  DEFAULT_CHUNK_SIZE,
  FileCipherError,
  decryptStream,
  encryptedSize,
  newFileKey,
} from "./fileCipher.ts";

const CHUNK = DEFAULT_CHUNK_SIZE;
const dir = mkdtempSync(path.join(tmpdir(), "engawa-writer-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes `data` in pieces of `piece` bytes through an EncryptingFileWriter; returns the file. */
async function writeEncrypted(key: Buffer, id: string, data: Buffer, piece: number) {
  const file = path.join(dir, `${id}-${data.length}-${piece}`);
  const pieces: Buffer[] = [];
  for (let at = 0; at < data.length; at += piece) pieces.push(data.subarray(at, at + piece));
  await pipeline(Readable.from(pieces), new EncryptingFileWriter(file, key, id));
  return file;
}

async function decrypted(key: Buffer, id: string, sealed: Buffer): Promise<Buffer> {
  const out: Buffer[] = [];
  const sink = new Writable({
    write(piece: Buffer, _encoding, done) {
      out.push(piece);
      done();
    },
  });
  await pipeline(Readable.from([sealed]), decryptStream(key, id), sink);
  return Buffer.concat(out);
}

describe("the native sealer", () => {
  it("was built at npm install and is the one in use", () => {
    // scripts/buildNative.ts builds it with the C compiler; without one, files are sealed with
    // node:crypto. Install gcc and run `npm install` again if this fails.
    expect(sealerKind).toBe("openssl-in-place");
  });

  it("writes the same ciphertext and tag as node:crypto", () => {
    if (!nativeSeal) throw new Error("packages/server/native/build/fileSeal.node is not built");
    for (const size of [0, 1, 15, 16, 17, 1000, CHUNK]) {
      const key = randomBytes(32);
      const nonce = randomBytes(12);
      const aad = randomBytes(size % 40);
      const plain = randomBytes(size);
      const native = Buffer.from(plain);
      const nativeTag = Buffer.alloc(16);
      nativeSeal.sealInPlace(key, nonce, aad, native, size, nativeTag);
      const fallback = Buffer.from(plain);
      const fallbackTag = Buffer.alloc(16);
      sealWithNodeCrypto(createSecretKey(key), nonce, aad, fallback, size, fallbackTag);
      expect(native.equals(fallback), `ciphertext of ${size} bytes`).toBe(true);
      expect(nativeTag.equals(fallbackTag), `tag of ${size} bytes`).toBe(true);
      if (size > 0) expect(native.equals(plain)).toBe(false);
    }
  });

  it("refuses arguments of the wrong size instead of reading past them", () => {
    if (!nativeSeal) throw new Error("packages/server/native/build/fileSeal.node is not built");
    const seal = nativeSeal.sealInPlace.bind(nativeSeal);
    const [key, nonce, aad, data, tag] = [32, 12, 4, 64, 16].map((n) => Buffer.alloc(n)) as [
      Buffer,
      Buffer,
      Buffer,
      Buffer,
      Buffer,
    ];
    expect(() => seal(Buffer.alloc(16), nonce, aad, data, 64, tag)).toThrow(/32-byte/);
    expect(() => seal(key, Buffer.alloc(8), aad, data, 64, tag)).toThrow(/12-byte/);
    expect(() => seal(key, nonce, aad, data, 65, tag)).toThrow(/within the data/);
    expect(() => seal(key, nonce, aad, data, -1, tag)).toThrow(/within the data/);
    expect(() => seal(key, nonce, aad, data, 64, Buffer.alloc(8))).toThrow(/16-byte/);
    expect(() => seal(key, nonce, aad, data, 40, data.subarray(30, 46))).toThrow(/overlap/);
    expect(() => seal(key, nonce, aad, data, 48, data.subarray(48, 64))).not.toThrow();
    const notABuffer = "x" as unknown as Buffer;
    expect(() => seal(key, nonce, aad, notABuffer, 1, tag)).toThrow(/must be a Buffer/);
    expect(() => (seal as (...args: unknown[]) => void)(key, nonce)).toThrow(/six arguments/);
  });
});

describe("EncryptingFileWriter", () => {
  const key = newFileKey();

  it.each([
    ["empty", 0, 1],
    ["one byte", 1, 1],
    ["exactly one chunk, in odd pieces", CHUNK, 65_537],
    ["one chunk and a byte", CHUNK + 1, CHUNK + 1],
    ["exactly three chunks, in small pieces", 3 * CHUNK, 16_384],
    ["several megabytes, in pieces larger than a chunk", 5 * CHUNK + 12_345, 2 * CHUNK + 3],
  ])("%s: decrypts to the same bytes with decryptStream", async (_name, size, piece) => {
    const plain = randomBytes(size);
    const file = await writeEncrypted(key, "file-1", plain, piece);
    const sealed = readFileSync(file);
    expect(sealed.length).toBe(encryptedSize(size));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect((await decrypted(key, "file-1", sealed)).equals(plain)).toBe(true);
  });

  it("writes a file that another file id or a changed byte does not open", async () => {
    const plain = randomBytes(CHUNK + 100);
    const sealed = readFileSync(await writeEncrypted(key, "file-2", plain, 4096));
    await expect(decrypted(key, "file-3", sealed)).rejects.toBeInstanceOf(FileCipherError);
    const changed = Buffer.from(sealed);
    changed[CHUNK] = (changed[CHUNK] ?? 0) ^ 1;
    await expect(decrypted(key, "file-2", changed)).rejects.toBeInstanceOf(FileCipherError);
  });

  it("fails the pipeline, without throwing elsewhere, when the file cannot be made", async () => {
    const writer = new EncryptingFileWriter(path.join(dir, "missing", "file"), key, "file-4");
    await expect(pipeline(Readable.from([randomBytes(10)]), writer)).rejects.toMatchObject({
      code: "ENOENT",
    });
  });
});
