import { createHash, randomBytes } from "node:crypto";
import { once } from "node:events";
import { Readable, Writable, type Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_CHUNK_SIZE,
  FileCipherError,
  HEADER_BYTES,
  TAG_BYTES,
  decryptedSize,
  decryptStream,
  encryptStream,
  encryptedSize,
  newFileKey,
} from "./fileCipher.ts";

const CHUNK = DEFAULT_CHUNK_SIZE;
const SEGMENT = CHUNK + TAG_BYTES;
const MiB = 1024 * 1024;

/** Runs `pieces` (written one by one, in that order) through `transform` and collects the output. */
async function through(transform: Transform, pieces: Buffer[]): Promise<Buffer> {
  const out: Buffer[] = [];
  await pipeline(Readable.from(pieces), transform, async (source: AsyncIterable<Buffer>) => {
    for await (const piece of source) out.push(piece);
  });
  return Buffer.concat(out);
}

/** `data` cut into pieces of the given sizes, cycled: stream buffers arrive in any size. */
function cut(data: Buffer, sizes: number[]): Buffer[] {
  const pieces: Buffer[] = [];
  for (let offset = 0, i = 0; offset < data.length; i += 1) {
    const size = sizes[i % sizes.length] ?? 1;
    pieces.push(data.subarray(offset, offset + size));
    offset += size;
  }
  return pieces;
}

const encrypt = (key: Buffer, id: string, data: Buffer, sizes = [data.length || 1]) =>
  through(encryptStream(key, id), cut(data, sizes));
const decrypt = (key: Buffer, id: string, data: Buffer, sizes = [data.length || 1]) =>
  through(decryptStream(key, id), cut(data, sizes));

describe("file cipher round trips", () => {
  const key = newFileKey();
  it.each([
    ["empty", 0],
    ["one byte", 1],
    ["exactly one chunk", CHUNK],
    ["one chunk and a byte", CHUNK + 1],
    ["exactly three chunks", 3 * CHUNK],
    ["several megabytes", 5 * MiB + 12_345],
  ])("%s", async (_name, size) => {
    const plain = randomBytes(size);
    const sealed = await encrypt(key, "file-1", plain);
    expect(sealed.length).toBe(encryptedSize(size));
    expect(decryptedSize(sealed.length)).toBe(size);
    expect(sealed.subarray(0, 4).toString("latin1")).toBe("EGWF");
    expect((await decrypt(key, "file-1", sealed)).equals(plain)).toBe(true);
  });

  it("does not depend on how the input is cut into buffers", async () => {
    const plain = randomBytes(3 * CHUNK + 777);
    const sealed = await encrypt(key, "file-1", plain, [1, 7, 4096, 3 * CHUNK + 5, 65_535]);
    expect(sealed.length).toBe(encryptedSize(plain.length));
    // Whole chunks arriving as buffers of their own (held back as views), alone or after a tail.
    for (const sizes of [[CHUNK], [CHUNK, CHUNK, CHUNK, 777], [5, CHUNK]]) {
      const again = await encrypt(key, "file-1", plain, sizes);
      expect((await decrypt(key, "file-1", again)).equals(plain)).toBe(true);
    }
    const whole = randomBytes(2 * CHUNK);
    const wholeSealed = await encrypt(key, "file-1", whole, [CHUNK]);
    expect(wholeSealed.length).toBe(encryptedSize(whole.length));
    expect((await decrypt(key, "file-1", wholeSealed)).equals(whole)).toBe(true);
    for (const sizes of [[1, 2, 3, 5000], [SEGMENT], [SEGMENT + 1], [HEADER_BYTES - 1, 10 * MiB]]) {
      expect((await decrypt(key, "file-1", sealed, sizes)).equals(plain)).toBe(true);
    }
  });

  it("encrypts the same file differently each time and honours another chunk size", async () => {
    const plain = randomBytes(10_000);
    const a = await encrypt(key, "file-1", plain);
    const b = await encrypt(key, "file-1", plain);
    expect(a.equals(b)).toBe(false);
    const small = await through(encryptStream(key, "file-1", { chunkSize: 1024 }), [plain]);
    expect(small.length).toBe(encryptedSize(plain.length, 1024));
    expect(small.readUInt32BE(5)).toBe(1024);
    expect((await decrypt(key, "file-1", small)).equals(plain)).toBe(true);
  });

  it("refuses bad keys and chunk sizes at once", () => {
    expect(() => encryptStream(Buffer.alloc(16), "f")).toThrow(RangeError);
    expect(() => decryptStream(Buffer.alloc(31), "f")).toThrow(RangeError);
    expect(() => encryptStream(newFileKey(), "f", { chunkSize: 100 })).toThrow(RangeError);
    expect(() => decryptedSize(HEADER_BYTES + 5)).toThrow(FileCipherError);
    expect(newFileKey()).toHaveLength(32);
  });
});

describe("file cipher refusals", async () => {
  const key = newFileKey();
  // Four chunks: three full and a short last one.
  const plain = randomBytes(3 * CHUNK + 100);
  const sealed = await encrypt(key, "file-a", plain);
  const segment = (i: number) =>
    sealed.subarray(HEADER_BYTES + i * SEGMENT, HEADER_BYTES + (i + 1) * SEGMENT);
  const header = sealed.subarray(0, HEADER_BYTES);
  const flip = (at: number) => {
    const copy = Buffer.from(sealed);
    copy[at] = (copy[at] ?? 0) ^ 0x01;
    return copy;
  };
  const refused = (data: Buffer, id = "file-a", k = key) =>
    expect(decrypt(k, id, data)).rejects.toThrow(FileCipherError);

  it("refuses a changed byte anywhere: header fields, ciphertext, tag", async () => {
    for (const at of [
      0,
      4,
      5,
      8,
      9,
      15,
      HEADER_BYTES,
      HEADER_BYTES + CHUNK,
      HEADER_BYTES + SEGMENT + 10,
    ]) {
      await refused(flip(at));
    }
    await refused(flip(sealed.length - 1));
    await refused(flip(sealed.length - TAG_BYTES - 1));
  });

  it("refuses truncation: mid-chunk, at a chunk boundary, header only, partial header, empty", async () => {
    await refused(sealed.subarray(0, sealed.length - 1));
    await refused(sealed.subarray(0, HEADER_BYTES + 3 * SEGMENT));
    await refused(sealed.subarray(0, HEADER_BYTES + SEGMENT));
    await refused(sealed.subarray(0, HEADER_BYTES + TAG_BYTES - 1));
    await refused(header);
    await refused(header.subarray(0, 7));
    await refused(Buffer.alloc(0));
  });

  it("refuses reordered, dropped and duplicated chunks", async () => {
    const last = sealed.subarray(HEADER_BYTES + 3 * SEGMENT);
    const join = (...parts: Buffer[]) => Buffer.concat(parts);
    await refused(join(header, segment(1), segment(0), segment(2), last));
    await refused(join(header, segment(0), segment(2), last));
    await refused(join(header, segment(0), segment(0), segment(1), segment(2), last));
    await refused(join(header, segment(0), segment(1), segment(2), segment(2), last));
  });

  it("refuses extra trailing data", async () => {
    await refused(Buffer.concat([sealed, Buffer.from([0])]));
    await refused(Buffer.concat([sealed, segment(0)]));
    await refused(Buffer.concat([sealed, sealed.subarray(HEADER_BYTES + 3 * SEGMENT)]));
  });

  it("refuses another file's id, another key, and chunks moved between files", async () => {
    await refused(sealed, "file-b");
    await refused(sealed, "file-a ");
    await refused(sealed, "file-a", newFileKey());
    // Even under the same key (a key should never be reused, but if it were): the other file's
    // nonce prefix and header differ, so its chunks do not open here.
    const other = await encrypt(key, "file-a", randomBytes(3 * CHUNK + 100));
    await refused(Buffer.concat([header, segment(0), other.subarray(HEADER_BYTES + SEGMENT)]));
    await refused(Buffer.concat([other.subarray(0, HEADER_BYTES), sealed.subarray(HEADER_BYTES)]));
  });

  it("releases only chunks that verified before the one that failed", async () => {
    const out: Buffer[] = [];
    const stream = decryptStream(key, "file-a");
    stream.on("data", (piece: Buffer) => out.push(piece));
    const failed = once(stream, "error");
    stream.end(flip(HEADER_BYTES + 2 * SEGMENT + 5));
    const [error] = (await failed) as [Error];
    expect(error).toBeInstanceOf(FileCipherError);
    expect(error.message).toMatch(/chunk 2 failed/);
    expect(Buffer.concat(out).equals(plain.subarray(0, 2 * CHUNK))).toBe(true);
  });
});

/**
 * Live memory, measured after a full collection: without one, V8 frees Buffers' memory only when
 * external allocations have grown by tens of megabytes since the last collection, so RSS and
 * `arrayBuffers` saw-tooth by about as much as the bound we want to check, whatever the code does.
 * `--expose-gc` for this test file's worker only (each file runs in its own process).
 */
function liveMemory(): NodeJS.MemoryUsage {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  // Twice: the memory of Buffers found dead is released by a sweeper that may still be running
  // when gc() returns; the next collection waits for it.
  gc();
  gc();
  return process.memoryUsage();
}

describe("file cipher memory", () => {
  it("streams 256 MiB through encrypt and decrypt with flat memory", async () => {
    const total = 256 * MiB;
    const warmUp = 32 * MiB;
    const every = 16 * MiB;
    const block = randomBytes(MiB);
    const sourceHash = createHash("sha256");
    const sinkHash = createHash("sha256");
    async function* source(): AsyncGenerator<Buffer> {
      for (let i = 0; i < total / MiB; i += 1) {
        // A fresh buffer each time, as a file or socket stream gives, so garbage has to be collected.
        const piece = Buffer.allocUnsafe(MiB);
        block.copy(piece);
        piece.writeUInt32BE(i, 0);
        sourceHash.update(piece);
        yield piece;
      }
    }
    let seen = 0;
    const samples: NodeJS.MemoryUsage[] = [];
    const sink = new Writable({
      write(piece: Buffer, _encoding, done) {
        sinkHash.update(piece);
        const before = seen;
        seen += piece.length;
        if (seen >= warmUp && Math.floor(before / every) !== Math.floor(seen / every)) {
          samples.push(liveMemory());
        }
        done();
      },
    });
    const key = newFileKey();
    // One piece queued at the source (Readable.from would queue 16 MiB), so what is in flight is
    // the cipher's own holding.
    const input = Readable.from(source(), { objectMode: true, highWaterMark: 1 });
    await pipeline(input, encryptStream(key, "big"), decryptStream(key, "big"), sink);
    expect(seen).toBe(total);
    expect(sinkHash.digest("hex")).toBe(sourceHash.digest("hex"));

    const [start, ...rest] = samples;
    if (!start) throw new Error("no memory samples");
    const growth = (field: "rss" | "arrayBuffers" | "heapUsed") =>
      Math.max(...rest.map((sample) => sample[field] - start[field]));
    expect(rest.length).toBeGreaterThan(10);
    // Growth over the first sample after 32 MiB of warm-up. Buffering the file at either stage
    // would add ≥ 200 MiB by the end (checked by making each stage keep its output). RSS still
    // moves by up to ~35 MiB from run to run even after collection (the allocator keeps freed
    // memory in per-thread arenas), so the tight bound is on live Buffers (seen: 0).
    expect(growth("rss")).toBeLessThan(64 * MiB);
    expect(growth("arrayBuffers")).toBeLessThan(16 * MiB);
  });
});
