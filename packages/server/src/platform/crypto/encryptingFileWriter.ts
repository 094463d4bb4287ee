import { open, type FileHandle } from "node:fs/promises";
import { Writable } from "node:stream";
import {
  ChunkContext,
  DEFAULT_CHUNK_SIZE,
  newHeader,
  TAG_BYTES,
  type EncryptOptions,
} from "./fileCipher.ts";

/**
 * A Writable that takes plaintext and writes the encrypted file format of fileCipher.ts to a
 * file. Unlike `encryptStream`, it owns the only buffer a chunk passes through: plaintext is
 * copied into it, sealed in place (chunkSealer.ts), written out, and the buffer is reused for the
 * next chunk once the write has finished. With the native sealer an upload allocates one buffer
 * in all, so a large upload gives V8's collector nothing to do — in a server with a heap of its
 * own, every ~64 MB of fresh output buffers otherwise costs a full collection (bench/
 * filesEncrypt.bench.ts). Memory stays at one chunk; the stream's own backpressure holds the
 * sender while a chunk is being written.
 *
 * The file is created with mode 0600 (an existing file's content is replaced). Until the stream
 * finishes the file is incomplete, so the caller writes to a temporary name and renames it after
 * (FileBlobs does).
 */
export class EncryptingFileWriter extends Writable {
  readonly #path: string;
  readonly #header: Buffer;
  readonly #chunk: ChunkContext;
  readonly #chunkSize: number;
  /** One chunk of plaintext, then its ciphertext and tag, in place. */
  readonly #segment: Buffer;
  #filled = 0;
  #file: FileHandle | undefined;

  constructor(path: string, key: Buffer, fileId: string, options: EncryptOptions = {}) {
    super({ highWaterMark: options.chunkSize ?? DEFAULT_CHUNK_SIZE });
    this.#path = path;
    this.#chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
    this.#header = newHeader(this.#chunkSize);
    this.#chunk = new ChunkContext(key, this.#header, fileId);
    this.#segment = Buffer.allocUnsafeSlow(this.#chunkSize + TAG_BYTES);
  }

  override _construct(done: (error?: Error | null) => void): void {
    settle(done, async () => {
      this.#file = await open(this.#path, "w", 0o600);
      await this.#writeAll(this.#header);
    });
  }

  override _write(data: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void) {
    settle(done, async () => {
      let offset = 0;
      while (offset < data.length) {
        // A full chunk is sealed only when a further byte shows it is not the last one.
        if (this.#filled === this.#chunkSize) await this.#sealAndWrite(false);
        const n = Math.min(this.#chunkSize - this.#filled, data.length - offset);
        data.copy(this.#segment, this.#filled, offset, offset + n);
        this.#filled += n;
        offset += n;
      }
    });
  }

  override _final(done: (error?: Error | null) => void): void {
    settle(done, async () => {
      await this.#sealAndWrite(true);
      await this.#file?.close();
      this.#file = undefined;
    });
  }

  override _destroy(error: Error | null, done: (error?: Error | null) => void): void {
    const file = this.#file;
    this.#file = undefined;
    if (!file) return done(error);
    file.close().then(
      () => done(error),
      (closeError: unknown) => done(error ?? (closeError as Error)),
    );
  }

  async #sealAndWrite(last: boolean): Promise<void> {
    this.#chunk.seal(this.#segment, this.#filled, last);
    await this.#writeAll(this.#segment.subarray(0, this.#filled + TAG_BYTES));
    this.#filled = 0;
  }

  async #writeAll(bytes: Buffer): Promise<void> {
    if (!this.#file) throw new Error("the encrypted file is not open");
    let written = 0;
    while (written < bytes.length) {
      const { bytesWritten } = await this.#file.write(bytes, written, bytes.length - written);
      if (bytesWritten === 0) throw new Error("the encrypted file took no bytes");
      written += bytesWritten;
    }
  }
}

function settle(done: (error?: Error | null) => void, work: () => Promise<void>): void {
  work().then(
    () => done(),
    (error: unknown) => done(error instanceof Error ? error : new Error(String(error))),
  );
}
