// `pnpm bench`: every benchmark, one after another, each printing its ratios.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const only = process.argv.slice(2);
const suites = ['pipeline.mjs'].filter((name) => only.length === 0 || only.some((o) => name.includes(o)));
for (const suite of suites) {
  console.log(`\n=== ${suite}`);
  const result = spawnSync(process.execPath, [fileURLToPath(new URL(suite, import.meta.url))], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
