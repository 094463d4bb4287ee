import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";

/** What `register` leaves for `report`: the server, the device and its private key. */
export interface AgentState {
  server: string;
  deviceId: string;
  name: string;
  privateKeyPem: string;
}

/** `$ENGAWA_AGENT_HOME`, else `~/.config/engawa-agent` (or root's, when run as root). */
export function stateDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.ENGAWA_AGENT_HOME ?? path.join(homedir(), ".config", "engawa-agent");
}

const fileOf = (dir: string) => path.join(dir, "agent.json");

export function loadState(dir: string): AgentState | null {
  try {
    return JSON.parse(readFileSync(fileOf(dir), "utf8")) as AgentState;
  } catch {
    return null;
  }
}

/** Written readable by its owner only (the private key is in it). */
export function saveState(dir: string, state: AgentState): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(fileOf(dir), `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  chmodSync(fileOf(dir), 0o600);
}
