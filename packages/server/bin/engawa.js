#!/usr/bin/env node
// The `engawa` command. Engawa's sources are TypeScript run by Node 24's type stripping, so this
// small JavaScript file checks the Node version first and says how to get the right one.
const major = Number(process.versions.node.split(".")[0]);
if (major < 24) {
  console.error(
    `engawa needs Node.js 24 or later (this is ${process.versions.node}).\n` +
      "In the repository, run it as `npx engawa …` or `npm start`: npm then uses the Node 24 that `npm install` put in node_modules.",
  );
  process.exit(1);
}
const { runCli } = await import("../src/cli.ts");
process.exitCode = await runCli(process.argv.slice(2));
