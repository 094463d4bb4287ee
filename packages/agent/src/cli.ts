import { hostname } from "node:os";
import type { ComplianceFailure, DeviceCompliance } from "@engawa/shared";
import { langOf, MESSAGES } from "./messages.ts";
import { collectPosture } from "./posture.ts";
import { AgentKey } from "./signing.ts";
import { loadState, saveState, stateDir } from "./state.ts";

interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
  env: NodeJS.ProcessEnv;
}

const STD_IO: Io = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
};

/** `engawa-agent <command>`: answers the exit code (0 done and compliant, 1 refused or failed, 2 not compliant). */
export async function runAgent(args: string[], io: Io = STD_IO): Promise<number> {
  const t = MESSAGES[langOf(args, io.env)];
  const option = (name: string) => {
    const at = args.indexOf(name);
    return at >= 0 ? args[at + 1] : undefined;
  };
  const command = args.find((a, i) => !a.startsWith("--") && !args[i - 1]?.startsWith("--"));
  const dir = stateDir(io.env);
  switch (command ?? "help") {
    case "help":
      io.out(t.help);
      return 0;
    case "posture":
      io.out(JSON.stringify(collectPosture(), null, 2));
      return 0;
    case "register": {
      const server = option("--server");
      const code = option("--code");
      if (!server || !code) {
        io.err(t.missing(!server ? "--server URL" : "--code CODE"));
        return 1;
      }
      const name = option("--name") ?? hostname();
      const key = AgentKey.create();
      const answer = await post(server, "/api/agent/devices", { token: key.enrolment(code, name) });
      if (!answer.ok) return fail(io, t, server, answer);
      const device = (answer.body as { device: { id: string; name: string } }).device;
      saveState(dir, {
        server,
        deviceId: device.id,
        name: device.name,
        privateKeyPem: key.toPem(),
      });
      io.out(t.registered(device.name, device.id));
      return 0;
    }
    case "link": {
      const state = loadState(dir);
      const code = option("--code");
      if (!state) {
        io.err(t.notRegistered);
        return 1;
      }
      if (!code) {
        io.err(t.missing("--code CODE"));
        return 1;
      }
      const key = AgentKey.fromPem(state.privateKeyPem);
      const answer = await post(state.server, "/api/agent/links", {
        token: key.link(state.deviceId, code),
      });
      if (!answer.ok) return fail(io, t, state.server, answer);
      io.out(t.linked((answer.body as { device: { name: string } }).device.name));
      return 0;
    }
    case "report": {
      const state = loadState(dir);
      if (!state) {
        io.err(t.notRegistered);
        return 1;
      }
      const key = AgentKey.fromPem(state.privateKeyPem);
      const report = key.report(state.deviceId, collectPosture());
      const answer = await post(state.server, "/api/agent/posture", { report });
      if (!answer.ok) return fail(io, t, state.server, answer);
      const { compliance } = answer.body as { compliance: DeviceCompliance };
      if (compliance.compliant) {
        io.out(t.compliant);
        return 0;
      }
      io.out(t.notCompliant);
      for (const failure of compliance.failures) io.out(`  - ${describe(t, failure)}`);
      return 2;
    }
    default:
      io.err(t.unknownCommand(command ?? ""));
      return 1;
  }
}

type Words = (typeof MESSAGES)["en"] | (typeof MESSAGES)["ja"];

function describe(t: Words, failure: ComplianceFailure): string {
  return failure.actual ? `${t.rules[failure.rule]} (${failure.actual})` : t.rules[failure.rule];
}

type Answer = { ok: true; body: unknown } | { ok: false; status: number; body: unknown };

async function post(server: string, url: string, body: unknown): Promise<Answer> {
  try {
    const response = await fetch(new URL(url, server), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const parsed: unknown = await response.json().catch(() => null);
    return response.ok
      ? { ok: true, body: parsed }
      : { ok: false, status: response.status, body: parsed };
  } catch {
    return { ok: false, status: 0, body: null };
  }
}

function fail(io: Io, t: Words, server: string, answer: Answer & { ok: false }): number {
  if (answer.status === 0) {
    io.err(t.unreachable(server));
    return 1;
  }
  const error = (answer.body as { error?: { code?: string; message?: string } } | null)?.error;
  io.err(t.refused(error?.code ?? String(answer.status), error?.message ?? ""));
  return 1;
}
