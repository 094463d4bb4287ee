import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const WEB = path.resolve(import.meta.dirname, "../packages/web");
const BUILT = path.join(WEB, "dist", "index.html");

function newestSource(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name === "dist") continue;
    const full = path.join(dir, name);
    const stat = statSync(full);
    newest = Math.max(newest, stat.isDirectory() ? newestSource(full) : stat.mtimeMs);
  }
  return newest;
}

/** True when the built web client is missing or older than its sources (or the shared contracts). */
export function webBuildIsStale(): boolean {
  if (!existsSync(BUILT)) return true;
  const built = statSync(BUILT).mtimeMs;
  return newestSource(WEB) > built || newestSource(path.resolve(WEB, "../shared/src")) > built;
}

/** Builds the web client with Vite (through npm, so the pinned Node runs it). */
export function buildWeb(): void {
  const result = spawnSync("npm", ["run", "build", "--workspace", "@engawa/web"], {
    stdio: "inherit",
    cwd: path.resolve(WEB, "../.."),
  });
  if (result.status !== 0) {
    console.error("The web client did not build; see the messages above.");
    process.exit(result.status ?? 1);
  }
}
