// Writes a suite's results file, bench/results/<name>.json, headed by the
// machine it ran on (Node version, CPU model, core count) that the summary
// and the budget check read.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';

export function writeResults(name, data) {
  const dir = new URL('../results/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  const machine = { node: process.version, cpu: cpus()[0]?.model.trim(), cpus: cpus().length };
  writeFileSync(
    new URL(`${name}.json`, dir),
    `${JSON.stringify({ ...machine, ...data }, null, 2)}\n`,
  );
}
