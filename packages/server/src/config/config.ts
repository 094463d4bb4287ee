import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { isIP } from "node:net";
import { isLoopbackHost } from "./loopback.ts";
import { mediaSettings, type MediaSettings } from "./media.ts";

export { isLoopbackHost };

/**
 * Every setting Engawa reads, with a safe default. Settings come from the environment, or from
 * a JSON file named by `ENGAWA_CONFIG_FILE` whose keys are the same variable names (the
 * environment wins). A secret may be given as `NAME_FILE`, a path to a file holding it.
 */
export interface Config {
  /** TCP port of the web server (`ENGAWA_PORT`, default 8080; 0 picks a free port). */
  port: number;
  /** Address to listen on (`ENGAWA_HOST`, default `localhost`). */
  host: string;
  /** The address people open in their browser; links (setup, invitations) are built on it. */
  publicUrl: URL;
  /** Folder of the embedded database, keys and lock file (`ENGAWA_DATA_DIR`, default `./data`). */
  dataDir: string;
  /**
   * Folder of uploaded files, encrypted (`ENGAWA_FILES_DIR`, default `<data folder>/files`). With
   * several server nodes it must be a folder they all share.
   */
  filesDir: string;
  /** `DATABASE_URL`: a PostgreSQL server; when unset, embedded PGlite under `dataDir`. */
  databaseUrl: string | null;
  /** `DATABASE_MIGRATION_URL`: the owner role that runs migrations (default `DATABASE_URL`). */
  databaseMigrationUrl: string | null;
  /** 32-byte master key (`ENGAWA_MASTER_KEY`, base64 or hex; or `ENGAWA_MASTER_KEY_FILE`). */
  masterKey: Buffer | null;
  /** Addresses or CIDR ranges of reverse proxies whose `X-Forwarded-For` is believed. */
  trustedProxies: string[];
  /** TLS certificate and key (PEM file paths); when set the server speaks HTTPS and sends HSTS. */
  tls: { cert: Buffer; key: Buffer } | null;
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  /** Largest request body accepted, in bytes (`ENGAWA_BODY_LIMIT`, default 262144). */
  bodyLimit: number;
  /** Minutes between automatic audit checkpoints (`ENGAWA_AUDIT_CHECKPOINT_MINUTES`, default 10). */
  auditCheckpointMinutes: number;
  /**
   * Allow plain http on a host other than localhost (`ENGAWA_ALLOW_INSECURE_HTTP=true`). Unsafe:
   * session cookies then lose the `Secure` flag and `__Host-` prefix.
   */
  allowInsecureHttp: boolean;
  /**
   * Sign-in throttling (identity/signInThrottle.ts): free failures per account and address
   * (`ENGAWA_SIGNIN_MAX_FAILURES`, 5), the first wait and its cap (`ENGAWA_SIGNIN_WAIT_SECONDS`, 30;
   * `ENGAWA_SIGNIN_MAX_WAIT_SECONDS`, 900), attempts per address per minute
   * (`ENGAWA_SIGNIN_MAX_ATTEMPTS_PER_IP`, 30), and password spray: distinct accounts
   * (`ENGAWA_SIGNIN_SPRAY_ACCOUNTS`, 15) within minutes (`ENGAWA_SIGNIN_SPRAY_WINDOW_MINUTES`, 30)
   * block the address for minutes (`ENGAWA_SIGNIN_SPRAY_BLOCK_MINUTES`, 60).
   */
  signIn: SignInLimits;
  /**
   * Let a tenant's OpenID Connect issuer be plain `http://` (`ENGAWA_OIDC_ALLOW_HTTP_ISSUER=true`,
   * default false). Only for tests and local identity providers: over http the discovery
   * document, keys and tokens could be altered in transit (OIDC Core §16.17 requires TLS).
   */
  oidcAllowHttpIssuer: boolean;
  /** Meeting media: ICE servers (STUN, coturn's TURN) and the Janus SFU (config/media.ts). */
  media: MediaSettings;
}

export class ConfigError extends Error {
  readonly problems: string[];

  constructor(problems: string[]) {
    super(`Engawa cannot start; fix these settings:\n  - ${problems.join("\n  - ")}`);
    this.problems = problems;
  }
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

/** Reads and checks every setting at once, so that one start lists every bad value. */
export function loadConfig(env: Env = process.env, cwd = process.cwd()): Config {
  const problems: string[] = [];
  const source = mergeConfigFile(env, problems);
  const read = (name: string): string | undefined => readSetting(source, name, problems);

  const port = parseInteger(read("ENGAWA_PORT") ?? "8080", "ENGAWA_PORT", 0, 65535, problems);
  const host = read("ENGAWA_HOST") ?? "localhost";
  const tls = readTls(read("ENGAWA_TLS_CERT"), read("ENGAWA_TLS_KEY"), problems);
  const defaultUrl = `${tls ? "https" : "http"}://localhost:${port === 0 ? 8080 : port}`;
  const publicUrl = parseUrl(read("ENGAWA_PUBLIC_URL") ?? defaultUrl, problems);
  const allowInsecureHttp = parseBoolean(
    read("ENGAWA_ALLOW_INSECURE_HTTP") ?? "false",
    "ENGAWA_ALLOW_INSECURE_HTTP",
    problems,
  );
  if (
    publicUrl &&
    publicUrl.protocol === "http:" &&
    !isLoopbackHost(publicUrl.hostname) &&
    !allowInsecureHttp
  ) {
    problems.push(
      `ENGAWA_PUBLIC_URL is ${publicUrl.origin}: browsers keep Secure session cookies only over https ` +
        "(or on localhost). Use https, or set ENGAWA_ALLOW_INSECURE_HTTP=true if you accept the risk.",
    );
  }
  const logLevel = read("ENGAWA_LOG_LEVEL") ?? "info";
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    problems.push(`ENGAWA_LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}; got "${logLevel}"`);
  }
  const databaseUrl = read("DATABASE_URL") ?? null;
  if (databaseUrl !== null && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push("DATABASE_URL must start with postgres:// or postgresql://");
  }
  const databaseMigrationUrl = read("DATABASE_MIGRATION_URL") ?? null;
  if (databaseMigrationUrl !== null && databaseUrl === null) {
    problems.push("DATABASE_MIGRATION_URL is set but DATABASE_URL is not");
  }
  const config: Config = {
    port,
    host,
    publicUrl: publicUrl ?? new URL(defaultUrl),
    dataDir: path.resolve(cwd, read("ENGAWA_DATA_DIR") ?? "data"),
    filesDir: path.resolve(
      cwd,
      read("ENGAWA_FILES_DIR") ?? path.join(read("ENGAWA_DATA_DIR") ?? "data", "files"),
    ),
    databaseUrl,
    databaseMigrationUrl,
    masterKey: parseMasterKey(read("ENGAWA_MASTER_KEY"), problems),
    trustedProxies: parseProxies(read("ENGAWA_TRUSTED_PROXIES"), problems),
    tls,
    logLevel: logLevel as Config["logLevel"],
    bodyLimit: parseInteger(
      read("ENGAWA_BODY_LIMIT") ?? "262144",
      "ENGAWA_BODY_LIMIT",
      1024,
      64 * 1024 * 1024,
      problems,
    ),
    auditCheckpointMinutes: parseInteger(
      read("ENGAWA_AUDIT_CHECKPOINT_MINUTES") ?? "10",
      "ENGAWA_AUDIT_CHECKPOINT_MINUTES",
      1,
      24 * 60,
      problems,
    ),
    allowInsecureHttp,
    oidcAllowHttpIssuer: parseBoolean(
      read("ENGAWA_OIDC_ALLOW_HTTP_ISSUER") ?? "false",
      "ENGAWA_OIDC_ALLOW_HTTP_ISSUER",
      problems,
    ),
    signIn: signInLimits(read, problems),
    media: mediaSettings(
      read,
      (name, fallback, min, max) =>
        parseInteger(read(name) ?? String(fallback), name, min, max, problems),
      problems,
    ),
  };
  if (
    config.databaseUrl &&
    !config.masterKey &&
    !problems.some((p) => p.startsWith("ENGAWA_MASTER_KEY"))
  ) {
    problems.push(
      "ENGAWA_MASTER_KEY (or ENGAWA_MASTER_KEY_FILE) is required with DATABASE_URL: every node must use the same " +
        "master key, so it cannot be generated per node. Make one with `openssl rand -base64 32`.",
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

function mergeConfigFile(env: Env, problems: string[]): Env {
  const file = env.ENGAWA_CONFIG_FILE;
  if (!file) return env;
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, "utf8"));
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      problems.push(
        `ENGAWA_CONFIG_FILE ${file} must hold a JSON object of setting names to values`,
      );
      return env;
    }
    const fromFile: Env = {};
    for (const [key, value] of Object.entries(parsed)) {
      if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
        fromFile[key] = String(value);
      } else {
        problems.push(`ENGAWA_CONFIG_FILE: ${key} must be a string, number or boolean`);
      }
    }
    return { ...fromFile, ...env };
  } catch (error) {
    problems.push(`ENGAWA_CONFIG_FILE ${file} cannot be read: ${(error as Error).message}`);
    return env;
  }
}

/** `NAME` or, for secrets kept out of the environment, the contents of the file `NAME_FILE`. */
function readSetting(env: Env, name: string, problems: string[]): string | undefined {
  const direct = env[name];
  const fileName = env[`${name}_FILE`];
  if (direct !== undefined && direct !== "" && fileName) {
    problems.push(`${name} and ${name}_FILE are both set; keep one`);
  }
  if (fileName) {
    try {
      return readFileSync(fileName, "utf8").trim();
    } catch (error) {
      problems.push(`${name}_FILE ${fileName} cannot be read: ${(error as Error).message}`);
      return undefined;
    }
  }
  return direct === "" ? undefined : direct;
}

function parseInteger(
  value: string,
  name: string,
  min: number,
  max: number,
  problems: string[],
): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) {
    problems.push(`${name} must be a whole number from ${min} to ${max}; got "${value}"`);
    return min;
  }
  return n;
}

function parseBoolean(value: string, name: string, problems: string[]): boolean {
  if (value === "true" || value === "1") return true;
  if (value === "false" || value === "0") return false;
  problems.push(`${name} must be true or false; got "${value}"`);
  return false;
}

function parseUrl(value: string, problems: string[]): URL | null {
  try {
    const url = new URL(value);
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error("not http(s)");
    if (url.pathname !== "/" || url.search || url.hash)
      throw new Error("must be an origin without a path");
    return url;
  } catch (error) {
    problems.push(
      `ENGAWA_PUBLIC_URL "${value}" is not a valid http(s) origin: ${(error as Error).message}`,
    );
    return null;
  }
}

function parseMasterKey(value: string | undefined, problems: string[]): Buffer | null {
  if (value === undefined) return null;
  const key = /^[0-9a-fA-F]{64}$/.test(value)
    ? Buffer.from(value, "hex")
    : Buffer.from(value, "base64");
  if (key.length !== 32) {
    problems.push("ENGAWA_MASTER_KEY must be 32 bytes, as 64 hex digits or base64");
    return null;
  }
  return key;
}

function parseProxies(value: string | undefined, problems: string[]): string[] {
  if (!value) return [];
  const entries = value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  for (const entry of entries) {
    const [address, bits, extra] = entry.split("/");
    const family = isIP(address ?? "");
    const maxBits = family === 6 ? 128 : 32;
    const bitsOk = bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= maxBits);
    if (family === 0 || !bitsOk || extra !== undefined) {
      problems.push(`ENGAWA_TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR range`);
    }
  }
  return entries;
}

function readTls(
  cert: string | undefined,
  key: string | undefined,
  problems: string[],
): Config["tls"] {
  if (!cert && !key) return null;
  if (!cert || !key) {
    problems.push("ENGAWA_TLS_CERT and ENGAWA_TLS_KEY must be set together");
    return null;
  }
  const files = { cert, key };
  const loaded: Partial<Record<"cert" | "key", Buffer>> = {};
  for (const [which, file] of Object.entries(files) as ["cert" | "key", string][]) {
    if (!existsSync(file)) {
      problems.push(`ENGAWA_TLS_${which.toUpperCase()} ${file} does not exist`);
      continue;
    }
    loaded[which] = readFileSync(file);
  }
  return loaded.cert && loaded.key ? { cert: loaded.cert, key: loaded.key } : null;
}

export interface SignInLimits {
  /** Failures of one account from one address before waits begin. */
  freeFailures: number;
  /** The first wait; each further failure doubles it, up to `maxWaitSeconds`. */
  waitSeconds: number;
  maxWaitSeconds: number;
  /** Sign-in attempts per client address per minute, whatever the accounts. */
  maxAttemptsPerAddress: number;
  /** Password spray: this many distinct accounts failing from one address within the window… */
  sprayAccounts: number;
  sprayWindowMinutes: number;
  /** …blocks that address for this long. */
  sprayBlockMinutes: number;
}

export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = {
  freeFailures: 5,
  waitSeconds: 30,
  maxWaitSeconds: 15 * 60,
  maxAttemptsPerAddress: 30,
  sprayAccounts: 15,
  sprayWindowMinutes: 30,
  sprayBlockMinutes: 60,
};

function signInLimits(
  read: (name: string) => string | undefined,
  problems: string[],
): SignInLimits {
  const d = DEFAULT_SIGN_IN_LIMITS;
  const int = (name: string, fallback: number, min: number, max: number) =>
    parseInteger(read(name) ?? String(fallback), name, min, max, problems);
  return {
    freeFailures: int("ENGAWA_SIGNIN_MAX_FAILURES", d.freeFailures, 1, 1000),
    waitSeconds: int("ENGAWA_SIGNIN_WAIT_SECONDS", d.waitSeconds, 1, 3600),
    maxWaitSeconds: int("ENGAWA_SIGNIN_MAX_WAIT_SECONDS", d.maxWaitSeconds, 1, 24 * 3600),
    maxAttemptsPerAddress: int(
      "ENGAWA_SIGNIN_MAX_ATTEMPTS_PER_IP",
      d.maxAttemptsPerAddress,
      1,
      1_000_000,
    ),
    sprayAccounts: int("ENGAWA_SIGNIN_SPRAY_ACCOUNTS", d.sprayAccounts, 2, 1_000_000),
    sprayWindowMinutes: int("ENGAWA_SIGNIN_SPRAY_WINDOW_MINUTES", d.sprayWindowMinutes, 1, 24 * 60),
    sprayBlockMinutes: int(
      "ENGAWA_SIGNIN_SPRAY_BLOCK_MINUTES",
      d.sprayBlockMinutes,
      1,
      7 * 24 * 60,
    ),
  };
}
