// Summarizes a V8 .cpuprofile (from `node --cpu-prof`): self time by
// function and by module, and total (self + callees) time of the functions
// matching an optional filter, so "where does the pipeline's time go" has an
// answer in numbers.
//   node bench/profile-summary.mjs <file.cpuprofile> [--top 25] [--match <regex>]
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

const args = process.argv.slice(2);
const file = args.find(
  (a) =>
    !a.startsWith('--') &&
    args[args.indexOf(a) - 1] !== '--top' &&
    args[args.indexOf(a) - 1] !== '--match',
);
if (!file) {
  console.error(
    'usage: node bench/profile-summary.mjs <file.cpuprofile> [--top N] [--match regex]',
  );
  process.exit(2);
}
const top = Number(args[args.indexOf('--top') + 1] ?? 25) || 25;
const match = args.includes('--match') ? new RegExp(args[args.indexOf('--match') + 1]) : undefined;

const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map();
for (const node of profile.nodes)
  for (const child of node.children ?? []) parent.set(child, node.id);

// Self time per node from the sample timeline.
const selfUs = new Map();
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i];
  selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
}
const totalUs = [...selfUs.values()].reduce((a, b) => a + b, 0);

const moduleOf = (url) => {
  if (!url) return '(native / V8)';
  const path = url.replace(/^file:\/\//, '');
  const pkg = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (pkg) return pkg[1];
  if (path.startsWith('node:')) return path;
  return relative(process.cwd(), path);
};
const label = (node) => {
  const f = node.callFrame;
  return `${f.functionName || '(anonymous)'} ${moduleOf(f.url)}:${f.lineNumber + 1}`;
};

const selfByFunction = new Map();
const selfByModule = new Map();
for (const [id, us] of selfUs) {
  const node = byId.get(id);
  const key = label(node);
  selfByFunction.set(key, (selfByFunction.get(key) ?? 0) + us);
  const mod = moduleOf(node.callFrame.url);
  selfByModule.set(mod, (selfByModule.get(mod) ?? 0) + us);
}

// Total time: a sample counts once for every distinct function on its stack.
const totalByFunction = new Map();
for (const [id, us] of selfUs) {
  const seen = new Set();
  for (let n = id; n !== undefined; n = parent.get(n)) {
    const key = label(byId.get(n));
    if (seen.has(key)) continue;
    seen.add(key);
    totalByFunction.set(key, (totalByFunction.get(key) ?? 0) + us);
  }
}

const pct = (us) => `${((100 * us) / totalUs).toFixed(1).padStart(5)}%`;
const print = (title, map, filter) => {
  console.log(`\n${title}`);
  const rows = [...map]
    .filter(([key]) => !filter || filter.test(key))
    .sort((a, b) => b[1] - a[1])
    .slice(0, top);
  for (const [key, us] of rows)
    console.log(`  ${pct(us)}  ${(us / 1000).toFixed(0).padStart(6)} ms  ${key}`);
};
console.log(`${file}: ${(totalUs / 1000).toFixed(0)} ms sampled`);
print('self time by module', selfByModule);
print('self time by function', selfByFunction);
print(`total time by function${match ? ` matching ${match}` : ''}`, totalByFunction, match);
