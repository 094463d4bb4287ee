/**
 * `npm run bench [-- --json FILE]`: every benchmark, each figure beside a baseline measured in
 * the same run and their ratio (these machines are shared and noisy: compare ratios, not values).
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { authzBench } from "./authz.bench.ts";
import { chatFanoutBench, chatIdleBench } from "./chatFanout.bench.ts";
import { conditionalAccessBench } from "./conditionalAccess.bench.ts";
import { devicesBench } from "./devices.bench.ts";
import { filesEncryptBench } from "./filesEncrypt.bench.ts";
import { loginsBench } from "./logins.bench.ts";
import { meetingsBench } from "./meetings.bench.ts";
import { mfaLoginsBench } from "./mfaLogins.bench.ts";
import { riskSignInBench } from "./riskSignIn.bench.ts";
import type { Figure } from "./stats.ts";

const { values } = parseArgs({ options: { json: { type: "string" }, only: { type: "string" } } });
const benches: Record<string, () => Record<string, Figure> | Promise<Record<string, Figure>>> = {
  authz: authzBench,
  chatFanout: chatFanoutBench,
  chatIdle: chatIdleBench,
  conditionalAccess: conditionalAccessBench,
  devices: devicesBench,
  filesEncrypt: filesEncryptBench,
  logins: loginsBench,
  meetings: meetingsBench,
  mfaLogins: mfaLoginsBench,
  riskSignIn: riskSignInBench,
};

const results: Record<string, Figure> = {};
for (const [name, bench] of Object.entries(benches)) {
  if (values.only && values.only !== name) continue;
  process.stdout.write(`running ${name}…\n`);
  Object.assign(results, await bench());
}

console.log(
  `\n${"figure".padEnd(34)} ${"value".padStart(10)} ${"baseline".padStart(10)} ${"ratio".padStart(7)}  unit / baseline`,
);
for (const [name, f] of Object.entries(results)) {
  console.log(
    `${name.padEnd(34)} ${String(f.value).padStart(10)} ${String(f.baseline).padStart(10)} ${String(f.ratio).padStart(7)}  ${f.unit} / ${f.note}`,
  );
}
if (values.json) {
  const json = Object.fromEntries(
    Object.entries(results).map(([k, f]) => [
      k,
      { value: f.value, unit: f.unit, baseline: f.baseline, ratio: f.ratio },
    ]),
  );
  writeFileSync(values.json, `${JSON.stringify(json, null, 2)}\n`);
  console.log(`\nwrote ${values.json}`);
}
