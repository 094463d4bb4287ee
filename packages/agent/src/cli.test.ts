import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const BIN = fileURLToPath(new URL("../bin/engawa-agent.js", import.meta.url));

/** The installed command, run as a person would: help in either language, a clear refusal. */
describe("engawa-agent command", () => {
  const run = (args: string[], env: Record<string, string> = {}) =>
    spawnSync(process.execPath, [BIN, ...args], {
      encoding: "utf8",
      env: { PATH: process.env.PATH ?? "", ENGAWA_AGENT_HOME: "/nonexistent/engawa-agent", ...env },
    });

  it("says how to use it in Japanese or English", () => {
    const ja = run(["help"], { LANG: "ja_JP.UTF-8" });
    expect(ja.status).toBe(0);
    expect(ja.stdout).toContain("使い方:");
    const en = run(["help", "--lang", "en"], { LANG: "ja_JP.UTF-8" });
    expect(en.stdout).toContain("Usage:");
  });

  it("refuses to report from a machine not registered, and names a missing option", () => {
    const report = run(["report", "--lang", "en"]);
    expect(report.status).toBe(1);
    expect(report.stderr).toContain("not registered yet");
    const register = run(["register", "--server", "http://127.0.0.1:9", "--lang", "ja"]);
    expect(register.status).toBe(1);
    expect(register.stderr).toContain("--code");
  });
});
