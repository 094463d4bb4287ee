/**
 * Architecture checks that ESLint does not do (ARCHITECTURE.md, Conventions and Layout):
 * 1. no import cycles between modules (type-only imports excluded: they vanish at run time);
 * 2. a domain imports another domain only through that domain's `index.ts`.
 * Exits non-zero listing every finding.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

const ROOTS = [
  "packages/server/src",
  "packages/shared/src",
  "packages/web/src",
  "packages/agent/src",
];
const IMPORT = /^\s*(import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?["']([^"']+)["']/gm;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory())
      return name === "node_modules" || name === "migrations" ? [] : files(full);
    return /\.tsx?$/.test(name) ? [full] : [];
  });
}

const all = ROOTS.flatMap((root) => files(root));
const graph = new Map<string, string[]>();
const problems: string[] = [];

for (const file of all) {
  const text = readFileSync(file, "utf8");
  const edges: string[] = [];
  for (const match of text.matchAll(IMPORT)) {
    const [, , typeOnly, spec] = match;
    if (!spec?.startsWith(".")) continue;
    const target = path.normalize(path.join(path.dirname(file), spec));
    checkDomainBoundary(file, target);
    if (!typeOnly) edges.push(target);
  }
  graph.set(file, edges);
}

function checkDomainBoundary(from: string, to: string): void {
  const domainOf = (f: string) => /packages\/server\/src\/domains\/([^/]+)\//.exec(f)?.[1];
  const source = domainOf(from);
  const target = domainOf(to);
  if (source && target && source !== target && !to.endsWith(`domains/${target}/index.ts`)) {
    problems.push(
      `${from} imports ${to}: import another domain only through domains/${target}/index.ts`,
    );
  }
}

const state = new Map<string, "visiting" | "done">();
const stack: string[] = [];
function visit(file: string): void {
  if (state.get(file) === "done") return;
  if (state.get(file) === "visiting") {
    const cycle = stack.slice(stack.indexOf(file)).concat(file);
    problems.push(`import cycle: ${cycle.join(" → ")}`);
    return;
  }
  state.set(file, "visiting");
  stack.push(file);
  for (const next of graph.get(file) ?? []) if (graph.has(next)) visit(next);
  stack.pop();
  state.set(file, "done");
}
for (const file of graph.keys()) visit(file);

if (problems.length > 0) {
  console.error(problems.join("\n"));
  process.exit(1);
}
console.log(`architecture checks: ${all.length} files, no import cycles, domain boundaries kept`);
