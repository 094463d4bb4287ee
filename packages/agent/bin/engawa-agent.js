#!/usr/bin/env node
// The `engawa-agent` command: its sources are TypeScript run by Node 24's type stripping, so this
// small JavaScript file checks the Node version first.
const major = Number(process.versions.node.split(".")[0]);
if (major < 24) {
  console.error(
    `engawa-agent needs Node.js 24 or later (this is ${process.versions.node}).\n` +
      "In the repository, run it as `npx engawa-agent …` (npm then uses the Node 24 in node_modules).",
  );
  process.exit(1);
}
const { runAgent } = await import("../src/cli.ts");
process.exitCode = await runAgent(process.argv.slice(2));
