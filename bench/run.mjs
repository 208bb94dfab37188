// `pnpm bench` (after `pnpm run build`): every benchmark, one after another,
// each printing its ratios and writing bench/results/<suite>.json; then the
// budget check and the summary, which rewrites the README's Performance
// section when every suite ran.
//
//   node bench/run.mjs                  everything
//   node bench/run.mjs pipeline quota   the suites whose name contains a filter
//
// Suites owned by other parts of the repo (webhooks, rate-limit,
// codegen-github, redis-quota) run when their script exists. A failing suite
// does not stop the others; the run exits 1 when any failed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

const here = (name) => fileURLToPath(new URL(name, import.meta.url));
const filters = process.argv.slice(2);
const suites = [
  { name: 'pipeline', script: 'pipeline.mjs' },
  { name: 'pipeline-overhead', script: 'pipeline-overhead.mjs' },
  { name: 'pipeline-wire-layers', script: 'pipeline-wire-layers.mjs' },
  { name: 'footprint', script: 'footprint.mjs' },
  { name: 'budgets', script: 'check-budgets.mjs', after: 'footprint' },
  { name: 'layout-variants', script: 'layout-variants.mjs' },
  { name: 'quota', script: 'quota.mjs' },
  { name: 'webhooks', script: 'webhooks.mjs' },
  { name: 'rate-limit', script: 'rate-limit.mjs' },
  { name: 'redis-quota', script: 'redis-quota.mjs' },
  { name: 'codegen-github', script: 'codegen-github.mjs' },
].filter((suite) => existsSync(here(suite.script)));
const selected = suites.filter(
  (suite) =>
    filters.length === 0 || filters.some((f) => suite.name.includes(f) || suite.after?.includes(f)),
);
if (selected.length === 0) {
  console.error(
    `no suite matches ${filters.join(', ')}; suites: ${suites.map((s) => s.name).join(', ')}`,
  );
  process.exit(2);
}

const run = {
  startedAt: new Date().toISOString(),
  loadavgStart: loadavg(),
  node: process.version,
  filters,
  suites: [],
};
for (const suite of selected) {
  console.log(`\n=== ${suite.name} (bench/${suite.script})`);
  const started = performance.now();
  const result = spawnSync(process.execPath, [here(suite.script)], { stdio: 'inherit' });
  const seconds = Math.round((performance.now() - started) / 100) / 10;
  const status = result.status === 0 ? 'ok' : `failed (exit ${result.status ?? result.signal})`;
  run.suites.push({ name: suite.name, status, seconds });
  console.log(`=== ${suite.name}: ${status} in ${seconds} s`);
}
run.loadavgEnd = loadavg();
mkdirSync(here('results/'), { recursive: true });
writeFileSync(here('results/run.json'), `${JSON.stringify(run, null, 2)}\n`);

// The README shows a whole run only: a partial run leaves it alone.
const summaryArgs = filters.length === 0 ? ['--readme'] : [];
const summary = spawnSync(process.execPath, [here('summary.mjs'), ...summaryArgs], {
  stdio: filters.length === 0 ? 'inherit' : 'ignore',
});

const failed = run.suites.filter((s) => s.status !== 'ok');
console.log(`\n${run.suites.map((s) => `${s.name}: ${s.status} (${s.seconds} s)`).join('\n')}`);
if (failed.length > 0 || summary.status !== 0) {
  console.error(
    `\n${failed.length} suite(s) failed: ${failed.map((s) => s.name).join(', ')}${summary.status !== 0 ? '; the summary failed' : ''}`,
  );
  process.exit(1);
}
