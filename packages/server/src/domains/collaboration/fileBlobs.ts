import { randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import { Readable, Transform, type TransformCallback } from "node:stream";
import { pipeline } from "node:stream/promises";
import { EncryptingFileWriter } from "../../platform/crypto/encryptingFileWriter.ts";
import { decryptStream } from "../../platform/crypto/fileCipher.ts";
import { AppError } from "../../platform/errors.ts";
import { SNIFF_BYTES } from "./fileSniff.ts";

/** What was learnt while a file streamed in. */
export interface StoredBlob {
  blobId: string;
  size: number;
  /** The first SNIFF_BYTES bytes of the plaintext (for sniffing; never stored). */
  head: Buffer;
}

/**
 * Encrypted file contents in the data folder: `<files dir>/<tenant>/<2 hex>/<blob id>`, named by a
 * random id, never by the file's name. A blob is written to `*.partial` and renamed when complete,
 * so a failed or refused upload never leaves a readable half (the partial is deleted).
 */
export class FileBlobs {
  readonly root: string;

  constructor(root: string) {
    this.root = root;
  }

  private pathOf(tenantId: string, blobId: string): string {
    if (!/^[0-9a-f-]{36}$/.test(blobId) || !/^[0-9a-f-]{36}$/.test(tenantId))
      throw new Error("not a blob id");
    return path.join(this.root, tenantId, blobId.slice(0, 2), blobId);
  }

  /**
   * Streams `source` through the file cipher to disk. More than `maxBytes` of plaintext stops the
   * upload at once (413 `file_too_large`) and deletes what was written; memory stays at one chunk.
   */
  async write(
    tenantId: string,
    source: Readable,
    key: Buffer,
    aadId: string,
    maxBytes: number,
    tooLarge: () => AppError,
  ): Promise<StoredBlob> {
    const blobId = randomUUID();
    const final = this.pathOf(tenantId, blobId);
    const partial = `${final}.partial`;
    await mkdir(path.dirname(final), { recursive: true, mode: 0o700 });
    const meter = new SizeMeter(maxBytes, tooLarge);
    // The request is piped, not put in the pipeline: on a refusal the pipeline ends, and what the
    // client still sends is read and dropped, so it gets the 413 rather than a cut connection.
    const onSourceError = (error: Error) => meter.destroy(error);
    source.on("error", onSourceError);
    source.pipe(meter);
    try {
      await pipeline(meter, new EncryptingFileWriter(partial, key, aadId));
      await rename(partial, final);
    } catch (error) {
      await rm(partial, { force: true });
      source.unpipe(meter);
      source.resume();
      throw error;
    } finally {
      source.off("error", onSourceError);
    }
    return { blobId, size: meter.size, head: meter.head };
  }

  /** Writes a small buffer (a thumbnail) the same way. */
  async writeBuffer(tenantId: string, data: Buffer, key: Buffer, aadId: string): Promise<string> {
    const blob = await this.write(
      tenantId,
      Readable.from([data]),
      key,
      aadId,
      data.length,
      () => new AppError("internal_error", "thumbnail grew"),
    );
    return blob.blobId;
  }

  /** The plaintext of a blob, decrypted chunk by chunk as it is read. */
  read(tenantId: string, blobId: string, key: Buffer, aadId: string): Readable {
    const source = createReadStream(this.pathOf(tenantId, blobId));
    const plain = decryptStream(key, aadId);
    source.on("error", (error) => plain.destroy(error));
    return source.pipe(plain);
  }

  async remove(tenantId: string, blobId: string): Promise<void> {
    await rm(this.pathOf(tenantId, blobId), { force: true });
  }
}

/** Counts bytes, keeps the first SNIFF_BYTES, and refuses more than the limit. */
class SizeMeter extends Transform {
  size = 0;
  head: Buffer = Buffer.alloc(0);
  private readonly max: number;
  private readonly tooLarge: () => AppError;

  constructor(max: number, tooLarge: () => AppError) {
    super();
    this.max = max;
    this.tooLarge = tooLarge;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.max) {
      done(this.tooLarge());
      return;
    }
    if (this.head.length < SNIFF_BYTES)
      this.head = Buffer.concat([this.head, chunk.subarray(0, SNIFF_BYTES - this.head.length)]);
    done(null, chunk);
  }
}
