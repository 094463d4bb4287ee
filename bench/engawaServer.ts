import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { Agent, request } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

export const PASSWORD = "correct horse battery staple";
const BIN = fileURLToPath(new URL("../packages/server/bin/engawa.js", import.meta.url));

export interface BenchServer {
  port: number;
  origin: string;
}

/**
 * A real Engawa server process on loopback with a tenant `bench` whose owner signs in with
 * {@link PASSWORD}; on embedded PGlite, or on a scratch PostgreSQL database with `databaseEnv`.
 */
export async function withServer<T>(
  databaseEnv: Record<string, string>,
  extraEnv: Record<string, string>,
  fn: (server: BenchServer) => Promise<T>,
): Promise<T> {
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
    ...databaseEnv,
    ...extraEnv,
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
    return await fn({ port, origin: `http://localhost:${port}` });
  } finally {
    const exited = new Promise((resolve) => server.once("exit", resolve));
    server.kill("SIGTERM");
    await exited;
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The same against a PostgreSQL server: a scratch database, dropped afterwards. */
export async function withPostgres<T>(
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

function run(args: string[], env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: "ignore" });
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`engawa ${args.join(" ")} exited ${String(code)}`)),
    );
  });
}

export interface Answer {
  status: number;
  body: Record<string, unknown>;
  cookie: string | null;
}

/**
 * One browser's worth of HTTP: a kept-alive connection (as browsers keep one), the session
 * cookie and CSRF token it was given, and the `Origin` header the server checks.
 */
export class BenchClient {
  private cookie: string | null = null;
  private csrf: string | null = null;
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 1 });
  private readonly server: BenchServer;

  constructor(server: BenchServer) {
    this.server = server;
  }

  forget(): void {
    this.cookie = null;
    this.csrf = null;
  }

  post(pathname: string, body: unknown = {}): Promise<Answer> {
    const payload = Buffer.from(JSON.stringify(body));
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: "127.0.0.1",
          port: this.server.port,
          path: pathname,
          method: "POST",
          agent: this.agent,
          headers: {
            "content-type": "application/json",
            "content-length": payload.length,
            origin: this.server.origin,
            ...(this.cookie ? { cookie: this.cookie } : {}),
            ...(this.csrf ? { "x-engawa-csrf": this.csrf } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            const set = res.headers["set-cookie"]?.[0]?.split(";")[0] ?? null;
            if (set) this.cookie = set;
            const text = Buffer.concat(chunks).toString("utf8");
            const body = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
            const session = (body.session ??
              (body.me as { session?: unknown } | undefined)?.session) as
              { csrfToken?: string } | undefined;
            if (session?.csrfToken) this.csrf = session.csrfToken;
            resolve({ status: res.statusCode ?? 0, body, cookie: set });
          });
        },
      );
      req.on("error", reject);
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** Runs `task` on `workers` concurrent loops for `seconds`; completed tasks per second. */
export async function throughput(
  workers: number,
  seconds: number,
  task: (worker: number) => Promise<void>,
): Promise<number> {
  const deadline = performance.now() + seconds * 1000;
  let done = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      while (performance.now() < deadline) {
        await task(worker);
        done += 1;
      }
    }),
  );
  return done / ((performance.now() - started) / 1000);
}

export function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}
