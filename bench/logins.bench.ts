import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Agent, request } from "node:http";
import { fileURLToPath } from "node:url";
import { hash } from "@node-rs/argon2";
import pg from "pg";
import { ARGON2_PARAMS } from "../packages/server/src/platform/crypto/passwords.ts";
import { figure, type Figure } from "./stats.ts";

const PASSWORD = "correct horse battery staple";
const CLIENTS = 2;
const SECONDS = 5;
const ROUNDS = 2;
const BIN = fileURLToPath(new URL("../packages/server/bin/engawa.js", import.meta.url));

/**
 * `auth.logins_per_s`: successful password sign-ins per second over real HTTP on loopback, two
 * concurrent clients, against a real Engawa server process on embedded PGlite (argon2id verify,
 * session insert, audit append). Baseline: argon2id hashes per second with the same parameters,
 * two at a time, measured in this run; and the same on PostgreSQL when TEST_DATABASE_URL names a
 * server. The per-address sign-in limit is raised for the run: this measures throughput, not
 * throttling.
 */
export async function loginsBench(): Promise<Record<string, Figure>> {
  const results: Record<string, Figure> = { "auth.logins_per_s": await measure({}) };
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (adminUrl)
    results["auth.logins_per_s.postgres"] = await withPostgres(adminUrl, (env) => measure(env));
  return results;
}

/** The same measurement against a PostgreSQL server: a scratch database, dropped afterwards. */
async function withPostgres<T>(
  adminUrl: string,
  fn: (env: Record<string, string>) => Promise<T>,
): Promise<T> {
  const name = `engawa_bench_${randomBytes(4).toString("hex")}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(sql).finally(() => client.end());
  };
  await admin(`CREATE DATABASE "${name}"`);
  try {
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return await fn({
      DATABASE_URL: url.toString(),
      ENGAWA_MASTER_KEY: randomBytes(32).toString("base64"),
    });
  } finally {
    await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  }
}

async function measure(databaseEnv: Record<string, string>): Promise<Figure> {
  const dir = mkdtempSync(path.join(tmpdir(), "engawa-bench-"));
  const passwordFile = path.join(dir, "owner-password");
  writeFileSync(passwordFile, PASSWORD);
  const port = 18000 + Math.floor(Math.random() * 900);
  const env = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "/tmp",
    ENGAWA_DATA_DIR: path.join(dir, "data"),
    ENGAWA_PORT: String(port),
    ENGAWA_HOST: "127.0.0.1",
    ENGAWA_LOG_LEVEL: "warn",
    ENGAWA_SIGNIN_MAX_ATTEMPTS_PER_IP: "1000000",
    ...databaseEnv,
  };
  await run(
    [
      "tenant",
      "create",
      "--name",
      "Bench",
      "--slug",
      "bench",
      "--owner-email",
      "owner@bench.example",
      "--owner-password-file",
      passwordFile,
    ],
    env,
  );
  const server = spawn(process.execPath, [BIN, "start"], {
    env,
    stdio: ["ignore", "pipe", "inherit"],
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.stdout.on(
        "data",
        (d: Buffer) => d.toString().includes("Engawa is running") && resolve(),
      );
      server.on("exit", (code) => reject(new Error(`server exited ${String(code)}`)));
    });
    const signIn = () =>
      post(port, "/api/auth/sign-in", {
        tenant: "bench",
        email: "owner@bench.example",
        password: PASSWORD,
      });
    for (let i = 0; i < 10; i += 1) await signIn();
    // Alternate the two measurements so that noise from the shared machine falls on both alike.
    const logins: number[] = [];
    const hashes: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      logins.push(
        await throughput(CLIENTS, SECONDS, async () => {
          const status = await signIn();
          if (status !== 200) throw new Error(`sign-in answered ${status}`);
        }),
      );
      hashes.push(
        await throughput(CLIENTS, SECONDS, async () => {
          await hash(PASSWORD, ARGON2_PARAMS);
        }),
      );
    }
    return figure(
      mean(logins),
      "logins/s",
      mean(hashes),
      "argon2id hashes/s, same parameters, 2 at a time",
    );
  } finally {
    const exited = new Promise((resolve) => server.once("exit", resolve));
    server.kill("SIGTERM");
    await exited;
    rmSync(dir, { recursive: true, force: true });
  }
}

function run(args: string[], env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: "ignore" });
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`engawa ${args.join(" ")} exited ${String(code)}`)),
    );
  });
}

async function throughput(
  workers: number,
  seconds: number,
  task: () => Promise<void>,
): Promise<number> {
  const deadline = performance.now() + seconds * 1000;
  let done = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (performance.now() < deadline) {
        await task();
        done += 1;
      }
    }),
  );
  return done / ((performance.now() - started) / 1000);
}

/** Each client keeps its connection open between sign-ins, as a browser does. */
const keepAlive = new Agent({ keepAlive: true, maxSockets: CLIENTS });

function post(port: number, pathname: string, body: unknown): Promise<number> {
  const payload = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        path: pathname,
        method: "POST",
        agent: keepAlive,
        headers: { "content-type": "application/json", "content-length": payload.length },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}
