import { readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import {
  AuditCheckpoint,
  LocalRiskListImportRequest,
  RISK_LIST_NAMES,
  RISK_LIST_TEXT_MAX,
  type LocalVerifyResponse,
  type RiskListName,
} from "@engawa/shared";
import { Value } from "typebox/value";
import { ConfigError, loadConfig, type Config } from "./config/config.ts";
import { openBackend, type CliBackend } from "./cli/backends.ts";
import { CliRequestError } from "./cli/adminSocketClient.ts";
import { cliHelp } from "./cli/help.ts";
import { openDatabase } from "./platform/db/open.ts";
import { DataDirLockedError, isAlive, readLockHolder } from "./platform/db/lockFile.ts";

type Command = (args: string[], config: Config) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  start: async () => {
    const { main } = await import("./main.ts");
    await main();
    return 0;
  },
  migrate: async (_args, config) => {
    if (!config.databaseUrl) {
      const holder = readLockHolder(config.dataDir);
      if (holder !== null && isAlive(holder)) {
        console.log(
          `The running server (PID ${holder}) applied the migrations when it started; nothing to do.`,
        );
        return 0;
      }
    }
    const opened = await openDatabase(config);
    await opened.close();
    console.log("The database schema is up to date.");
    return 0;
  },
  tenant: async (args, config) => {
    const [sub, ...rest] = args;
    if (sub !== "create") return usage(`unknown command "tenant ${sub ?? ""}"`);
    const { values } = parseArgs({
      args: rest,
      options: {
        name: { type: "string" },
        slug: { type: "string" },
        "owner-email": { type: "string" },
        "owner-name": { type: "string" },
        "owner-password-file": { type: "string" },
      },
    });
    if (!values.name || !values.slug || !values["owner-email"])
      return usage("tenant create needs --name, --slug and --owner-email");
    const ownerPassword = values["owner-password-file"]
      ? readFileSync(values["owner-password-file"], "utf8").replace(/\r?\n$/, "")
      : undefined;
    return withBackend(config, async (backend) => {
      const created = await backend.createTenant({
        name: values.name as string,
        slug: values.slug as string,
        owner: {
          email: values["owner-email"] as string,
          displayName:
            values["owner-name"] ?? (values["owner-email"] as string).split("@")[0] ?? "owner",
        },
        ...(ownerPassword !== undefined ? { ownerPassword } : {}),
      });
      console.log(
        `Created organisation "${created.tenant.name}" (${created.tenant.slug}), ${backend.description}.`,
      );
      if (created.ownerInviteUrl) {
        console.log("Send this one-time link to the owner (valid for 7 days):");
        console.log(created.ownerInviteUrl);
      } else {
        console.log(`The owner can sign in at ${created.signInUrl}`);
      }
      return 0;
    });
  },
  audit: async (args, config) => {
    const [sub, ...rest] = args;
    const { values } = parseArgs({
      args: rest,
      options: { tenant: { type: "string" }, checkpoint: { type: "string", multiple: true } },
    });
    if (sub === "verify") {
      const checkpoints = (values.checkpoint ?? []).flatMap(readCheckpoints);
      return withBackend(config, async (backend) => {
        const result = await backend.verify({
          ...(values.tenant ? { tenant: values.tenant } : {}),
          ...(checkpoints.length > 0 ? { checkpoints } : {}),
        });
        return printVerification(result);
      });
    }
    if (sub === "checkpoint") {
      if (!values.tenant) return usage("audit checkpoint needs --tenant");
      return withBackend(config, async (backend) => {
        const { checkpoint } = await backend.checkpoint(values.tenant as string);
        if (!checkpoint) {
          console.error(`No audit events for organisation "${values.tenant}".`);
          return 1;
        }
        console.log(JSON.stringify(checkpoint));
        return 0;
      });
    }
    return usage(`unknown command "audit ${sub ?? ""}"`);
  },
  keys: async (args, config) => {
    const [sub, ...rest] = args;
    if (sub !== "rotate") return usage(`unknown command "keys ${sub ?? ""}"`);
    const { values } = parseArgs({ args: rest, options: { tenant: { type: "string" } } });
    return withBackend(config, async (backend) => {
      const { rotated } = await backend.rotate(values.tenant);
      for (const r of rotated) {
        console.log(
          `${r.tenantId}: key version ${r.keyVersion}, ${r.rewrappedDataKeys} data keys re-wrapped (content not re-encrypted)`,
        );
      }
      return 0;
    });
  },
  "risk-lists": async (args, config) => {
    const [sub, ...rest] = args;
    if (sub === "show") {
      if (rest.length > 0) return usage("risk-lists show takes no arguments");
      return withBackend(config, async (backend) => {
        const { lists } = await backend.riskLists();
        const width = Math.max(...lists.map((l) => l.name.length)) + 4;
        for (const l of lists) console.log(`${l.name.padEnd(width)}${l.entries}`);
        return 0;
      });
    }
    if (sub !== "import") return usage(`unknown command "risk-lists ${sub ?? ""}"`);
    const { values, positionals } = parseArgs({
      args: rest,
      options: { source: { type: "string" } },
      allowPositionals: true,
    });
    const [list, file, ...extra] = positionals;
    if (list === undefined || file === undefined || extra.length > 0)
      return usage("risk-lists import needs a list name and a file");
    if (!isRiskListName(list))
      return usage(`there is no list "${list}"; the lists are ${RISK_LIST_NAMES.join(", ")}`);
    const bytes = readFileSync(file);
    if (bytes.length > RISK_LIST_TEXT_MAX)
      throw new CliRequestError(
        "invalid_request",
        `${file} is larger than ${RISK_LIST_TEXT_MAX / 1024} KiB, the most a list file may hold`,
      );
    const input = {
      list,
      text: bytes.toString("utf8"),
      source: values.source ?? path.basename(file),
    };
    if (!Value.Check(LocalRiskListImportRequest, input))
      return usage("--source must be 1 to 200 characters on one line");
    return withBackend(config, async (backend) => {
      const { entries } = await backend.importRiskList(input);
      console.log(`${list}: ${entries} entries imported`);
      return 0;
    });
  },
};

function isRiskListName(name: string): name is RiskListName {
  return (RISK_LIST_NAMES as readonly string[]).includes(name);
}

/** Runs one CLI command; returns the process exit code. */
export async function runCli(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (!command || command === "help" || command === "--help" || command === "-h") {
    console.log(cliHelp(process.env.LANG));
    return 0;
  }
  const run = COMMANDS[command];
  if (!run) return usage(`unknown command "${command}"`);
  try {
    return await run(args, loadConfig());
  } catch (error) {
    if (error instanceof ConfigError || error instanceof DataDirLockedError) {
      console.error(error.message);
      return 2;
    }
    if (error instanceof CliRequestError || (error as { code?: string }).code !== undefined) {
      console.error(`engawa: ${(error as Error).message}`);
      return 1;
    }
    if (
      error instanceof TypeError &&
      (error as { code?: string }).code === "ERR_PARSE_ARGS_UNKNOWN_OPTION"
    ) {
      return usage(error.message);
    }
    throw error;
  }
}

async function withBackend(
  config: Config,
  fn: (backend: CliBackend) => Promise<number>,
): Promise<number> {
  const backend = await openBackend(config);
  try {
    return await fn(backend);
  } finally {
    await backend.close();
  }
}

/** A checkpoint file: one checkpoint as JSON, or several, one per line (as `audit checkpoint` prints). */
function readCheckpoints(file: string): AuditCheckpoint[] {
  const text = readFileSync(file, "utf8").trim();
  const items: unknown[] = text.startsWith("[")
    ? (JSON.parse(text) as unknown[])
    : text
        .split(/\r?\n/)
        .filter(Boolean)
        .map((l) => JSON.parse(l) as unknown);
  return items.map((item) => {
    if (!Value.Check(AuditCheckpoint, item))
      throw new CliRequestError(
        "invalid_request",
        `${file} does not hold an Engawa audit checkpoint`,
      );
    return item;
  });
}

function printVerification(result: LocalVerifyResponse): number {
  let bad = 0;
  for (const report of result.reports) {
    const who = report.tenant ? `organisation ${report.tenant.slug}` : "deployment";
    const against =
      report.checkpointsChecked > 0
        ? `, matches ${report.checkpointsChecked} signed checkpoint(s)`
        : "";
    if (report.ok) {
      console.log(`ok    ${who}: ${report.events} events intact${against}`);
    } else {
      bad += 1;
      const problem = report.firstBad;
      const event = problem
        ? `event ${problem.seq}${problem.eventId ? ` (id ${problem.eventId})` : ""}`
        : "the chain";
      console.log(`FAIL  ${who}: ${event}: ${problem?.problem ?? "broken"}`);
    }
  }
  if (result.reports.length === 0) console.log("No audit chains found.");
  return bad === 0 ? 0 : 1;
}

function usage(message: string): number {
  console.error(`engawa: ${message}\n`);
  console.error(cliHelp(process.env.LANG));
  return 64;
}
