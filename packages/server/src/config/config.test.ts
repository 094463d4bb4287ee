import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.ts";

describe("configuration", () => {
  it("has safe defaults", () => {
    const config = loadConfig({}, "/srv/engawa");
    expect(config).toMatchObject({
      port: 8080,
      host: "localhost",
      dataDir: "/srv/engawa/data",
      databaseUrl: null,
      trustedProxies: [],
      tls: null,
      allowInsecureHttp: false,
    });
    expect(config.publicUrl.origin).toBe("http://localhost:8080");
  });

  it("lists every bad value at once", () => {
    try {
      loadConfig({
        ENGAWA_PORT: "http",
        ENGAWA_LOG_LEVEL: "loud",
        ENGAWA_TRUSTED_PROXIES: "10.0.0.0/99,proxy",
        DATABASE_URL: "mysql://x",
        ENGAWA_MASTER_KEY: "short",
      });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join("\n");
      for (const name of [
        "ENGAWA_PORT",
        "ENGAWA_LOG_LEVEL",
        "10.0.0.0/99",
        "proxy",
        "DATABASE_URL",
        "ENGAWA_MASTER_KEY",
      ])
        expect(problems).toContain(name);
    }
  });

  it("refuses plain http on a public host unless the risk is accepted explicitly", () => {
    expect(() => loadConfig({ ENGAWA_PUBLIC_URL: "http://chat.example.jp" })).toThrow(
      /Secure session cookies/,
    );
    expect(
      loadConfig({
        ENGAWA_PUBLIC_URL: "http://chat.example.jp",
        ENGAWA_ALLOW_INSECURE_HTTP: "true",
      }).allowInsecureHttp,
    ).toBe(true);
    expect(loadConfig({ ENGAWA_PUBLIC_URL: "https://chat.example.jp" }).publicUrl.origin).toBe(
      "https://chat.example.jp",
    );
  });

  it("requires a shared master key with PostgreSQL, and reads secrets from *_FILE", () => {
    expect(() => loadConfig({ DATABASE_URL: "postgres://db/engawa" })).toThrow(/ENGAWA_MASTER_KEY/);
    const dir = mkdtempSync(path.join(tmpdir(), "engawa-config-"));
    const file = path.join(dir, "key");
    writeFileSync(file, `${"ab".repeat(32)}\n`);
    const config = loadConfig({
      DATABASE_URL: "postgres://db/engawa",
      ENGAWA_MASTER_KEY_FILE: file,
    });
    expect(config.masterKey?.toString("hex")).toBe("ab".repeat(32));
    expect(() => loadConfig({ ENGAWA_MASTER_KEY: "x", ENGAWA_MASTER_KEY_FILE: file })).toThrow(
      /both set/,
    );
  });

  it("merges a JSON config file under the environment", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "engawa-config-"));
    const file = path.join(dir, "engawa.json");
    writeFileSync(file, JSON.stringify({ ENGAWA_PORT: 9000, ENGAWA_HOST: "0.0.0.0" }));
    expect(loadConfig({ ENGAWA_CONFIG_FILE: file, ENGAWA_PORT: "9100" })).toMatchObject({
      port: 9100,
      host: "0.0.0.0",
    });
  });
});
