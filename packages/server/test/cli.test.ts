import { spawn } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { DEFAULT_RISK_SETTINGS } from "@engawa/shared";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { loadConfig } from "../src/config/config.ts";
import { startServer, type RunningServer } from "../src/server.ts";
import { createLogger } from "../src/platform/log.ts";
import { backends, createTestDatabase } from "./database.ts";
import { PASSWORD } from "./fixtures.ts";

const BIN = fileURLToPath(new URL("../bin/engawa.js", import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real `engawa` command in a child process (the same Node as this test). */
function engawa(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "/tmp",
        ENGAWA_LOG_LEVEL: "warn",
        ...env,
      },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

// Each test spawns several Node processes (the CLI, a server) that each load PGlite: on a busy
// 2-core machine that takes well over the suite's default minute. A deadlock guard, not a timing
// assertion.
vi.setConfig({ testTimeout: 240_000 });

describe("the engawa command on an embedded data folder", () => {
  let dir: string;
  let env: Record<string, string>;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "engawa-cli-"));
    env = { ENGAWA_DATA_DIR: path.join(dir, "data") };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("creates a tenant with an owner password, verifies, signs a checkpoint, and catches tampering", async () => {
    const passwordFile = path.join(dir, "owner-password");
    writeFileSync(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
    const created = await engawa(
      [
        "tenant",
        "create",
        "--name",
        "みどり小学校",
        "--slug",
        "midori",
        "--owner-email",
        "head@midori.example",
        "--owner-password-file",
        passwordFile,
      ],
      env,
    );
    expect(created.stderr).toBe("");
    expect(created.code).toBe(0);
    expect(created.stdout).toContain("directly on");
    expect(created.stdout).toContain("sign in at http://localhost:8080/sign-in?tenant=midori");

    const invited = await engawa(
      [
        "tenant",
        "create",
        "--name",
        "Second",
        "--slug",
        "second",
        "--owner-email",
        "o@second.example",
      ],
      env,
    );
    expect(invited.stdout).toMatch(/\/invite#token=[A-Za-z0-9_-]{43}/);

    const verified = await engawa(["audit", "verify"], env);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/ok +organisation midori: \d+ events intact/);

    const checkpoint = await engawa(["audit", "checkpoint", "--tenant", "midori"], env);
    expect(checkpoint.code).toBe(0);
    const checkpointFile = path.join(dir, "midori.checkpoint");
    writeFileSync(checkpointFile, checkpoint.stdout);
    expect(JSON.parse(checkpoint.stdout)).toMatchObject({
      type: "engawa.audit.checkpoint",
      tenant: { slug: "midori" },
      seq: 2,
    });
    expect((await engawa(["audit", "verify", "--checkpoint", checkpointFile], env)).code).toBe(0);

    // Someone with the folder edits event 2 of midori's chain.
    const client = await PGlite.create({ dataDir: path.join(dir, "data", "pgdata") });
    const [{ chain, id } = { chain: "", id: "" }] = (
      await client.query<{ chain: string; id: string }>(
        "SELECT e.chain, e.id FROM audit_events e JOIN tenants t ON t.id::text = e.chain WHERE t.slug = 'midori' AND e.seq = 2",
      )
    ).rows;
    await client.exec("ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only");
    await client.query(
      "UPDATE audit_events SET action = 'user.delete' WHERE chain = $1 AND seq = 2",
      [chain],
    );
    await client.close();
    const broken = await engawa(["audit", "verify"], env);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain(`FAIL  organisation midori: event 2 (id ${id})`);
    expect(broken.stdout).toMatch(/ok +organisation second/);
    const onlySecond = await engawa(["audit", "verify", "--tenant", "second"], env);
    expect(onlySecond.code).toBe(0);
  });

  it("goes through the running server, and never lets a second process open the folder", async () => {
    const config = loadConfig({
      ...env,
      ENGAWA_DATA_DIR: path.join(dir, "live"),
      ENGAWA_PORT: "0",
      ENGAWA_LOG_LEVEL: "silent",
    });
    let server: RunningServer | null = null;
    try {
      server = await startServer(config, createLogger("silent"));
      const liveEnv = { ENGAWA_DATA_DIR: path.join(dir, "live") };
      const created = await engawa(
        ["tenant", "create", "--name", "Live", "--slug", "live", "--owner-email", "o@live.example"],
        liveEnv,
      );
      expect(created.code).toBe(0);
      expect(created.stdout).toContain(`through the running server (PID ${process.pid})`);
      const rotated = await engawa(["keys", "rotate", "--tenant", "live"], liveEnv);
      expect(rotated.stdout).toMatch(/key version 2, 3 data keys re-wrapped/);
      const verified = await engawa(["audit", "verify", "--tenant", "live"], liveEnv);
      expect(verified.stdout).toMatch(/ok +organisation live/);
      const second = await engawa(["start"], { ...liveEnv, ENGAWA_PORT: "0" });
      expect(second.code).toBe(3);
      expect(second.stderr).toContain(`Another Engawa process (PID ${process.pid}) is using`);
      const migrate = await engawa(["migrate"], liveEnv);
      expect(migrate.stdout).toContain("applied the migrations when it started");
    } finally {
      await server?.close();
    }
  });

  it("replaces a shipped risk list from a file, through the running server and directly", async () => {
    const listsEnv = { ENGAWA_DATA_DIR: path.join(dir, "lists") };
    const torFile = path.join(dir, "tor-exits.txt");
    writeFileSync(
      torFile,
      "# Tor exits, a test copy\n198.51.100.7\n203.0.113.0/24  # a range\n\n2001:db8::1\n",
    );
    const badFile = path.join(dir, "bad-tor-exits.txt");
    writeFileSync(badFile, "198.51.100.8\nnot-an-address\n");
    const config = loadConfig({ ...listsEnv, ENGAWA_PORT: "0", ENGAWA_LOG_LEVEL: "silent" });
    const tenantId = randomUUID();
    let server: RunningServer | null = null;
    try {
      server = await startServer(config, createLogger("silent"));
      const lists = server.services.risk.lists;
      const listOf = async (ip: string) =>
        (await lists.match(tenantId, DEFAULT_RISK_SETTINGS, ip, null)).anonymousList;
      const shipped = await engawa(["risk-lists", "show"], listsEnv);
      expect(shipped.code).toBe(0);
      expect(shipped.stdout).toMatch(
        /^tor-exits +\d+\nvpn-asns +\d+\nhosting-asns +\d+\nbotnet-c2 +\d+\n$/,
      );
      expect(shipped.stdout).not.toMatch(/^tor-exits +3$/m);
      expect(await listOf("198.51.100.7")).toBeNull();

      const imported = await engawa(
        ["risk-lists", "import", "tor-exits", torFile, "--source", "test copy"],
        listsEnv,
      );
      expect(imported.stderr).toBe("");
      expect(imported.code).toBe(0);
      expect(imported.stdout).toBe("tor-exits: 3 entries imported\n");
      expect((await engawa(["risk-lists", "show"], listsEnv)).stdout).toMatch(/^tor-exits +3$/m);
      expect(await listOf("198.51.100.7")).toBe("tor-exits");
      expect(await listOf("203.0.113.99")).toBe("tor-exits");
      expect(await listOf("2001:db8::1")).toBe("tor-exits");
      expect(await listOf("192.0.2.1")).toBeNull();

      // One bad line refuses the whole file; the list stays as it was.
      const refused = await engawa(["risk-lists", "import", "tor-exits", badFile], listsEnv);
      expect(refused.code).toBe(1);
      expect(refused.stdout).toBe("");
      expect(refused.stderr).toContain('"not-an-address" is not a valid entry of tor-exits');
      expect((await engawa(["risk-lists", "show"], listsEnv)).stdout).toMatch(/^tor-exits +3$/m);
      expect(await listOf("198.51.100.8")).toBeNull();
      expect(await listOf("198.51.100.7")).toBe("tor-exits");
    } finally {
      await server?.close();
    }

    // Server stopped: the CLI works on the folder itself and finds the imported list kept there.
    const refusedDirectly = await engawa(["risk-lists", "import", "tor-exits", badFile], listsEnv);
    expect(refusedDirectly.code).toBe(1);
    expect(refusedDirectly.stderr).toContain('"not-an-address" is not a valid entry of tor-exits');
    const direct = await engawa(["risk-lists", "show"], listsEnv);
    expect(direct.code).toBe(0);
    expect(direct.stdout).toMatch(/^tor-exits +3$/m);
  });

  it("explains bad usage and settings", async () => {
    const unknown = await engawa(["frobnicate"], env);
    expect(unknown.code).toBe(64);
    expect(unknown.stderr).toContain("unknown command");
    const missing = await engawa(["tenant", "create", "--name", "x"], env);
    expect(missing.code).toBe(64);
    const noList = await engawa(["risk-lists", "import", "tor", "/dev/null"], env);
    expect(noList.code).toBe(64);
    expect(noList.stderr).toContain('there is no list "tor"; the lists are tor-exits, vpn-asns');
    const badConfig = await engawa(["audit", "verify"], { ...env, ENGAWA_PORT: "eighty" });
    expect(badConfig.code).toBe(2);
    expect(badConfig.stderr).toContain("ENGAWA_PORT must be a whole number");
    const help = await engawa(["--help"], { ...env, LANG: "ja_JP.UTF-8" });
    expect(help.stdout).toContain("組織を作成");
    expect(help.stdout).toContain("リスク検出用のアドレス一覧");
  });
});

describe.each(backends().filter((b) => b === "postgres"))("the engawa command on %s", () => {
  it("creates a tenant, verifies, and detects an edited event", async () => {
    const db = await createTestDatabase("postgres");
    try {
      const env = {
        DATABASE_URL: db.url ?? "",
        DATABASE_MIGRATION_URL: db.ownerUrl ?? "",
        ENGAWA_MASTER_KEY: randomBytes(32).toString("base64"),
        ENGAWA_DATA_DIR: "/nonexistent-engawa",
      };
      const created = await engawa(
        [
          "tenant",
          "create",
          "--name",
          "PG Clinic",
          "--slug",
          "pg",
          "--owner-email",
          "o@pg.example",
        ],
        env,
      );
      expect(created.stderr).toBe("");
      expect(created.stdout).toContain("directly on PostgreSQL");
      expect((await engawa(["audit", "verify"], env)).code).toBe(0);
      await db.privileged("ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only");
      await db.privileged("UPDATE audit_events SET outcome = 'deny' WHERE seq = 1");
      const broken = await engawa(["audit", "verify", "--tenant", "pg"], env);
      expect(broken.code).toBe(1);
      expect(broken.stdout).toMatch(/FAIL {2}organisation pg: event 1 \(id [0-9a-f-]{36}\)/);
    } finally {
      await db.close();
    }
  });
});
