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
const compiler = process.env.CC ?? "cc";
const why = build();
if (why === null) {
  console.log(`built ${path.relative(root, output)}`);
} else {
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

/** Compiles the module; null when built, else why not (the install goes on either way). */
function build(): string | null {
  let headers: string;
  try {
    // A devDependency: absent under `npm install --omit=dev`.
    const manifest = createRequire(import.meta.url).resolve("node-api-headers/package.json");
    headers = path.join(path.dirname(manifest), "include");
  } catch {
    return "the node-api-headers package is not installed";
  }
  const args = [
    ...["-O2", "-std=c11", "-Wall", "-Wextra", "-shared", "-fPIC"],
    // The napi_* and EVP_* symbols are the host process's, bound when Node loads the module (all
    // at once: a Node without them fails the load, which falls back, not the first upload).
    ...(process.platform === "darwin"
      ? ["-undefined", "dynamic_lookup", "-Wl,-bind_at_load"]
      : ["-Wl,-z,now"]),
    ...["-I", headers, "-o", output, source],
  ];
  mkdirSync(path.dirname(output), { recursive: true });
  const built = spawnSync(compiler, args, { stdio: "inherit" });
  if (built.error) return `${compiler} could not be run (${built.error.message})`;
  return built.status === 0 ? null : `${compiler} failed`;
}
