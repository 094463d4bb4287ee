import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { request } from "node:http";
import { hash } from "@node-rs/argon2";
import { loadConfig } from "../packages/server/src/config/config.ts";
import { ARGON2_PARAMS } from "../packages/server/src/platform/crypto/passwords.ts";
import { createLogger } from "../packages/server/src/platform/log.ts";
import { scopeFor } from "../packages/server/src/platform/scope.ts";
import { startServer } from "../packages/server/src/server.ts";
import { figure, type Figure } from "./stats.ts";

const PASSWORD = "correct horse battery staple";
const CLIENTS = 2;
const SECONDS = 8;

/**
 * `auth.logins_per_s`: successful password sign-ins per second over real HTTP on loopback, two
 * concurrent clients, against a real server on embedded PGlite (argon2id verify, session insert,
 * audit append). Baseline: argon2id hashes per second with the same parameters, two at a time, in
 * the same process and run. The per-address sign-in limit is raised for the run: this measures
 * throughput, not throttling.
 */
export async function loginsBench(): Promise<Record<string, Figure>> {
  const dir = mkdtempSync(path.join(tmpdir(), "engawa-bench-"));
  const config = loadConfig({
    ENGAWA_DATA_DIR: dir,
    ENGAWA_PORT: "0",
    ENGAWA_HOST: "127.0.0.1",
    ENGAWA_LOG_LEVEL: "silent",
    ENGAWA_SIGNIN_MAX_ATTEMPTS_PER_IP: "1000000",
  });
  const server = await startServer(config, createLogger("silent"));
  try {
    const scope = scopeFor({ type: "local_admin", label: "bench" }, null);
    const passwordHash = await server.services.identity.hashNewPassword(PASSWORD);
    await server.services.deployment.tenants.createWithOwnerPassword(
      scope,
      {
        name: "Bench",
        slug: "bench",
        owner: { email: "owner@bench.example", displayName: "Owner" },
      },
      passwordHash,
    );
    const port = new URL(server.url).port;
    const signIn = () =>
      post(Number(port), "/api/auth/sign-in", {
        tenant: "bench",
        email: "owner@bench.example",
        password: PASSWORD,
      });
    for (let i = 0; i < 10; i += 1) await signIn();
    const logins = await throughput(CLIENTS, SECONDS, async () => {
      const status = await signIn();
      if (status !== 200) throw new Error(`sign-in answered ${status}`);
    });
    const hashes = await throughput(CLIENTS, SECONDS, async () => {
      await hash(PASSWORD, ARGON2_PARAMS);
    });
    return {
      "auth.logins_per_s": figure(
        logins,
        "logins/s",
        hashes,
        "argon2id hashes/s, same parameters, 2 at a time",
      ),
    };
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
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

function post(port: number, pathname: string, body: unknown): Promise<number> {
  const payload = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        path: pathname,
        method: "POST",
        agent: false,
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
