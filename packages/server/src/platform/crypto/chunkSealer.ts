import { createCipheriv, type KeyObject } from "node:crypto";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

/** The native module built by scripts/buildNative.ts at `npm install`. */
interface FileSealModule {
  sealInPlace(
    key: Buffer,
    nonce: Buffer,
    aad: Buffer,
    data: Buffer,
    length: number,
    tag: Buffer,
  ): void;
}

const TAG_BYTES = 16;

/**
 * The native sealer, or undefined where no C compiler was there at install time. Loaded once; a
 * module that is missing is the expected case without a compiler, anything else (a module built
 * for another machine) is reported and also falls back, so a server never fails to start on it.
 */
export const nativeSeal: FileSealModule | undefined = loadNative();

/**
 * Which sealer this process uses: "openssl-in-place" (packages/server/native/fileSeal.c) or
 * "node-crypto" (the fallback). Both write the same bytes (fileCipher.test.ts compares them).
 */
export const sealerKind: "openssl-in-place" | "node-crypto" = nativeSeal
  ? "openssl-in-place"
  : "node-crypto";

function loadNative(): FileSealModule | undefined {
  const file = new URL("../../../native/build/fileSeal.node", import.meta.url);
  try {
    return createRequire(import.meta.url)(fileURLToPath(file)) as FileSealModule;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "MODULE_NOT_FOUND") {
      process.emitWarning(`fileSeal.node did not load, sealing with node:crypto: ${String(error)}`);
    }
    return undefined;
  }
}

/**
 * Seals `data[0, length)` in place with AES-256-GCM and writes the 16-byte tag into `tag`. The
 * native path allocates nothing; the fallback encrypts with node:crypto and copies the result back,
 * so callers are written once for both. `tag` may be `data`'s own bytes after `length`.
 */
export function sealChunk(
  key: { raw: Buffer; object: KeyObject },
  nonce: Buffer,
  aad: Buffer,
  data: Buffer,
  length: number,
  tag: Buffer,
): void {
  if (nativeSeal) {
    nativeSeal.sealInPlace(key.raw, nonce, aad, data, length, tag);
    return;
  }
  sealWithNodeCrypto(key.object, nonce, aad, data, length, tag);
}

/** The fallback, exported so the tests can compare it with the native path byte for byte. */
export function sealWithNodeCrypto(
  key: KeyObject,
  nonce: Buffer,
  aad: Buffer,
  data: Buffer,
  length: number,
  tag: Buffer,
): void {
  const cipher = createCipheriv("aes-256-gcm", key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  cipher.update(data.subarray(0, length)).copy(data, 0);
  cipher.final();
  cipher.getAuthTag().copy(tag, 0);
}
