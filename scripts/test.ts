/**
 * `npm test`: everything, in order — lint, typecheck, web build, unit and integration tests (on
 * PGlite, and on PostgreSQL when one is reachable), end-to-end tests in Debian's Chromium, media
 * tests through Janus in a private network namespace (e2e/media/run.sh). Installs what npm cannot
 * (Debian's chromium, Japanese fonts, janus, coturn, and gcc for the native file sealer) when it
 * can, otherwise stops with the exact command to run; never skips a phase. Builds the sealer if
 * `npm install` could not (no compiler then). Prints how long each phase took.
 */
import { spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import pg from "pg";
import { buildWeb } from "./webBuild.ts";

const DEBIAN_PACKAGES = ["chromium", "fonts-noto-cjk", "janus", "coturn", "gcc", "libc6-dev"];
const NATIVE_SEALER = "packages/server/native/build/fileSeal.node";
const NATIVE_SOURCE = "packages/server/native/fileSeal.c";
const timings: [string, number][] = [];

function run(command: string, args: string[], env: Record<string, string> = {}): void {
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, ...env } });
  if (result.status !== 0) {
    report();
    console.error(`\n✗ ${command} ${args.join(" ")} failed (exit ${String(result.status)})`);
    process.exit(result.status ?? 1);
  }
}

function phase(name: string, fn: () => void | Promise<void>): Promise<void> {
  console.log(`\n▶ ${name}`);
  const started = performance.now();
  return Promise.resolve(fn()).then(() => {
    timings.push([name, performance.now() - started]);
  });
}

function report(): void {
  console.log("\nPhase timings:");
  for (const [name, ms] of timings)
    console.log(`  ${name.padEnd(46)} ${(ms / 1000).toFixed(1).padStart(7)} s`);
}

function missingDebianPackages(): string[] {
  return DEBIAN_PACKAGES.filter(
    (name) =>
      spawnSync("dpkg-query", ["-W", "-f=${Status}", name], { encoding: "utf8" }).stdout !==
      "install ok installed",
  );
}

function ensureDebianPackages(): void {
  const missing = missingDebianPackages();
  if (missing.length === 0 && existsSync("/usr/bin/chromium")) return;
  const command = `apt-get update && apt-get install -y ${missing.join(" ")}`;
  if (process.getuid?.() !== 0 || spawnSync("which", ["apt-get"]).status !== 0) {
    console.error(
      `The end-to-end tests need Debian packages that are missing: ${missing.join(", ")}.\nInstall them, then run npm test again:\n\n  sudo ${command}\n`,
    );
    process.exit(1);
  }
  console.log(`Installing ${missing.join(", ")} from Debian…`);
  run("sh", ["-c", `DEBIAN_FRONTEND=noninteractive ${command}`]);
}

async function postgresUrl(): Promise<string | null> {
  if (process.env.TEST_DATABASE_URL) return process.env.TEST_DATABASE_URL;
  const candidate = "postgres://postgres@127.0.0.1:5432/postgres";
  const client = new pg.Client({ connectionString: candidate, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return candidate;
  } catch {
    return null;
  }
}

const major = Number(process.versions.node.split(".")[0]);
if (major < 24) {
  console.error(
    `npm test needs Node 24 (found ${process.versions.node}); run it through npm so the pinned Node is used.`,
  );
  process.exit(1);
}

await phase("Debian packages (chromium, fonts, janus, coturn, gcc)", ensureDebianPackages);
if (
  !existsSync(NATIVE_SEALER) ||
  statSync(NATIVE_SOURCE).mtimeMs > statSync(NATIVE_SEALER).mtimeMs
) {
  await phase("native file sealer (missing or older than its source)", () =>
    run(process.execPath, ["scripts/buildNative.ts"]),
  );
}
const databaseUrl = await postgresUrl();
console.log(
  databaseUrl
    ? `Integration tests run on PGlite and on PostgreSQL (${databaseUrl.replace(/\/\/[^@]*@/, "//…@")}).`
    : "No PostgreSQL server found (set TEST_DATABASE_URL): integration tests run on PGlite only.",
);
const testEnv: Record<string, string> = {
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: "1",
  ...(databaseUrl ? { TEST_DATABASE_URL: databaseUrl } : {}),
};
await phase("lint", () =>
  run("npx", ["eslint", "--flag", "unstable_native_nodejs_ts_config", "."]),
);
await phase("architecture checks", () => run(process.execPath, ["scripts/checkArchitecture.ts"]));
await phase("typecheck", () => {
  run("npx", ["tsc", "-p", "tsconfig.json"]);
  run("npx", ["tsc", "-p", "packages/web/tsconfig.json"]);
  run("npx", ["tsc", "-p", "e2e/tsconfig.json"]);
});
await phase("web build", buildWeb);
await phase("unit and integration tests", () => run("npx", ["vitest", "run"], testEnv));
await phase("end-to-end tests (Chromium)", () =>
  run("npx", ["vitest", "run", "--config", "e2e/vitest.config.ts"], testEnv),
);
await phase("media e2e (Janus, private network namespace)", () =>
  run("bash", ["e2e/media/run.sh"], testEnv),
);
report();
console.log("\n✓ all tests passed");
