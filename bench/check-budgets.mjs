// Checks the last footprint run (bench/results/footprint.json) against
// bench/budgets.json: packed size, installed size with dependencies, the
// "send one SMS" bundle and the cold-import ratio to bare node, per published
// package. Exits 1 when any figure is more than 10% over its budget, when a
// published package has no budget, or when a budgeted one was not measured.
//
//   node bench/check-budgets.mjs            check
//   node bench/check-budgets.mjs --update   write the last run's figures as the budgets
//
// Sizes are budgeted at the measured value. Cold-import ratios are medians of
// many fresh processes on a machine that may be shared, so their budget is
// the measured ratio plus RATIO_HEADROOM, rounded up to 0.05; the 10% rule
// then applies on top. Only sizes are checked in vitest (bench/test).
import { readFileSync, writeFileSync } from 'node:fs';
import { checkBudgets, RATIO_METRICS, SIZE_METRICS, TOLERANCE } from './lib/budgets.mjs';

const RATIO_HEADROOM = 0.15;
const budgetsUrl = new URL('./budgets.json', import.meta.url);
const footprintUrl = new URL('./results/footprint.json', import.meta.url);

let footprint;
try {
  footprint = JSON.parse(readFileSync(footprintUrl, 'utf8'));
} catch {
  console.error(
    'bench/results/footprint.json is missing: run `node bench/footprint.mjs` (or `pnpm bench`) first.',
  );
  process.exit(1);
}
const metrics = [...SIZE_METRICS, ...RATIO_METRICS];
const measured = Object.fromEntries(
  footprint.packages.map((p) => [
    p.name,
    Object.fromEntries(metrics.filter((m) => p[m] !== undefined).map((m) => [m, p[m]])),
  ]),
);

if (process.argv.includes('--update')) {
  const packages = {};
  for (const [name, figures] of Object.entries(measured)) {
    packages[name] = Object.fromEntries(
      Object.entries(figures).map(([metric, value]) => [
        metric,
        RATIO_METRICS.includes(metric)
          ? Math.ceil((value * (1 + RATIO_HEADROOM)) / 0.05) * 0.05
          : value,
      ]),
    );
    for (const [metric, value] of Object.entries(packages[name]))
      packages[name][metric] = Number(value.toFixed(2));
  }
  // Notes (why a budget moved) survive an update.
  let notes;
  try {
    notes = JSON.parse(readFileSync(budgetsUrl, 'utf8')).notes;
  } catch {
    notes = undefined;
  }
  const budgets = {
    $comment:
      'Per published package: packed tarball bytes, installed bytes with dependencies, gzipped "send one SMS" bundle bytes, cold import time as a ratio to bare `node -e ""`. A figure more than `tolerance` over its budget fails bench/check-budgets.mjs (sizes also fail bench/test/budgets.test.ts). Written by `node bench/check-budgets.mjs --update`; ratios carry 15% headroom for a shared machine.',
    tolerance: TOLERANCE,
    measuredWith: {
      node: footprint.node,
      installMode: footprint.installMode,
      importRuns: footprint.importRuns,
    },
    packages,
    ...(notes ? { notes } : {}),
  };
  writeFileSync(budgetsUrl, `${JSON.stringify(budgets, null, 2)}\n`);
  console.log(`wrote bench/budgets.json for ${Object.keys(packages).length} packages`);
  process.exit(0);
}

const budgets = JSON.parse(readFileSync(budgetsUrl, 'utf8'));
const { rows, problems } = checkBudgets(measured, budgets, metrics);
for (const s of footprint.skipped ?? []) problems.push(`${s.name} was not measured: ${s.reason}`);
console.log(
  `budgets (limit: budget +${(budgets.tolerance ?? TOLERANCE) * 100}%), footprint run on Node ${footprint.node}:`,
);
for (const r of rows) {
  const change = `${r.change >= 0 ? '+' : ''}${(r.change * 100).toFixed(1)}%`;
  console.log(
    `  ${r.ok ? 'ok  ' : 'OVER'}  ${r.package.padEnd(22)} ${r.metric.padEnd(22)} ${String(r.measured).padStart(10)} / ${String(r.budget).padStart(10)}  ${change.padStart(7)}`,
  );
}
if (problems.length > 0) {
  console.error(`\n${problems.map((p) => `- ${p}`).join('\n')}`);
  process.exit(1);
}
console.log('all budgets met');
