/**
 * Builds the server's one native module, `packages/server/native/fileSeal.c`, at `npm install`
 * (the root package's postinstall). It seals stored-file chunks in place with the OpenSSL inside
 * Node; see that file for why.
 *
 * Only a C compiler is needed: the Node-API headers come from the `node-api-headers` package on
 * npm, and the OpenSSL functions are declared in the source and found in the node binary when it
 * loads the module, so no headers are downloaded and no system OpenSSL headers are used. Node-API
 * is ABI-stable, so the module built here loads in any Node 24 or later.
 *
 * Without a compiler the install still succeeds: Engawa then seals with node:crypto (same file
 * format, slower; fileCipher's tests say so and fail until the module is built).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const source = path.join(root, "packages/server/native/fileSeal.c");
const output = path.join(root, "packages/server/native/build/fileSeal.node");
const headers = path.join(
  path.dirname(createRequire(import.meta.url).resolve("node-api-headers/package.json")),
  "include",
);

const compiler = process.env.CC ?? "cc";
const args = [
  ...["-O2", "-std=c11", "-Wall", "-Wextra", "-Werror", "-shared", "-fPIC"],
  // The napi_* and EVP_* symbols are the host process's: resolved when Node loads the module.
  ...(process.platform === "darwin" ? ["-undefined", "dynamic_lookup"] : []),
  ...["-I", headers, "-o", output, source],
];

mkdirSync(path.dirname(output), { recursive: true });
const built = spawnSync(compiler, args, { stdio: "inherit" });
if (built.status === 0) {
  console.log(`built ${path.relative(root, output)}`);
} else {
  const why = built.error ? `${compiler} could not be run (${built.error.message})` : "it failed";
  console.warn(
    [
      `Could not build ${path.relative(root, output)}: ${why}.`,
      "Engawa still works and encrypts files with node:crypto, only slower.",
      "Install a C compiler (Debian: apt-get install gcc) and run npm install again.",
      `ネイティブモジュールを作れませんでした（${why}）。Engawa は node:crypto で暗号化して動きますが遅くなります。`,
      "C コンパイラ（Debian なら apt-get install gcc）を入れて npm install をやり直してください。",
    ].join("\n"),
  );
}
