import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const MAIN = fileURLToPath(new URL("../../packages/server/src/main.ts", import.meta.url));

export interface EngawaProcess {
  url: string;
  /** The server process's id (e.g. for the meetings benchmark to read its CPU time in /proc). */
  pid: number;
  setupLink: string;
  dataDir: string;
  output: () => string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

/**
 * Starts Engawa as a newcomer would (`node packages/server/src/main.ts`, which `npm start` runs
 * after building the web client) on a fresh data folder and a free port, and waits for the setup
 * link it prints on the console.
 */
export async function startEngawa(env: Record<string, string> = {}): Promise<EngawaProcess> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), "engawa-e2e-"));
  const url = `http://localhost:${port}`;
  const child: ChildProcess = spawn(process.execPath, [MAIN], {
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "/tmp",
      ENGAWA_PORT: String(port),
      ENGAWA_PUBLIC_URL: url,
      ENGAWA_DATA_DIR: dataDir,
      ENGAWA_LOG_LEVEL: "warn",
      // BENCH_CPU_PROF=<folder>: a V8 CPU profile of the server, written when it stops (benchmarks).
      ...(process.env.BENCH_CPU_PROF
        ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${process.env.BENCH_CPU_PROF}` }
        : {}),
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const setupLink = await new Promise<string>((resolve, reject) => {
    const deadline = setTimeout(
      () => reject(new Error(`Engawa did not print a setup link:\n${output}`)),
      60_000,
    );
    const check = () => {
      const match = /(http:\/\/localhost:\d+\/setup#token=[A-Za-z0-9_-]+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(deadline);
        resolve(match[1]);
      }
    };
    child.stdout?.on("data", check);
    child.on("exit", (code) => {
      clearTimeout(deadline);
      reject(new Error(`Engawa exited with ${String(code)}:\n${output}`));
    });
  });
  return {
    url,
    pid: child.pid ?? 0,
    setupLink,
    dataDir,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
