/**
 * Proves the Node pin: npm scripts must run on the Node 24 binary that the root package's
 * `node` devDependency installs, even where the system Node is older (ARCHITECTURE.md, Stack).
 */
const major = Number(process.versions.node.split(".")[0]);
if (major < 24) {
  console.error(
    `Engawa's scripts need Node 24 or later, but this is Node ${process.versions.node}. ` +
      "Run them through npm (npm start, npm test) so that the pinned Node from node_modules is used.",
  );
  process.exit(1);
}
console.log(`node ${process.versions.node} (${process.execPath})`);
