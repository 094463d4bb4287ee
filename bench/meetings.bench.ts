import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Figure } from "./stats.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/**
 * `meetings.join_ms` and `meetings.signalling_cpu_ms_per_join`: a participant's join through
 * Engawa (knock, lobby rules, room, SFU signalling) to the first remote frame, against the same
 * join made straight to Janus by a minimal client; and Engawa's CPU per join against Janus's own
 * CPU for the same joins — all in one run. Janus skips loopback, so the work runs inside the media
 * tests' private network namespace (e2e/media/namespace.sh) in e2e/media/meetingsJoinBench.ts,
 * which prints its figures as JSON; its progress goes to this process's stderr.
 */
export async function meetingsBench(): Promise<Record<string, Figure>> {
  const child = spawn(
    "bash",
    ["e2e/media/namespace.sh", process.execPath, "e2e/media/meetingsJoinBench.ts"],
    { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] },
  );
  let stdout = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (exitCode) => resolve(exitCode));
  });
  const last = stdout.trim().split("\n").at(-1) ?? "";
  if (code !== 0 || !last.startsWith("{"))
    throw new Error(`the meetings benchmark failed (exit ${String(code)}): ${stdout.trim()}`);
  return JSON.parse(last) as Record<string, Figure>;
}
