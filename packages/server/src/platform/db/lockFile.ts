import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import path from "node:path";

export class DataDirLockedError extends Error {
  readonly pid: number;

  constructor(dataDir: string, pid: number) {
    super(
      `Another Engawa process (PID ${pid}) is using ${dataDir}. ` +
        "Only one process may open an embedded database. Stop it first, or run `npx engawa …` " +
        "commands while it runs: they go through that server.",
    );
    this.name = "DataDirLockedError";
    this.pid = pid;
  }
}

/**
 * PGlite takes no lock on its folder, and two processes writing it would corrupt it, so the
 * owner writes `engawa.lock` holding its PID (ARCHITECTURE.md, PGlite in practice). A lock whose
 * process is gone is stale and replaced.
 */
export function acquireDataDirLock(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = lockFilePath(dataDir);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = openSync(file, "wx", 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        if (readLockHolder(dataDir) === process.pid) rmSync(file, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = readLockHolder(dataDir);
      if (holder !== null && holder !== process.pid && isAlive(holder)) {
        throw new DataDirLockedError(dataDir, holder);
      }
      rmSync(file, { force: true });
    }
  }
  throw new Error(`Cannot take the lock ${file}`);
}

export function lockFilePath(dataDir: string): string {
  return path.join(dataDir, "engawa.lock");
}

/** The PID of the live process holding the folder, or null. */
export function readLockHolder(dataDir: string): number | null {
  try {
    const pid = Number(readFileSync(lockFilePath(dataDir), "utf8").trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
