// Cold import time: fresh Node processes, each importing one package, beside
// a bare `node -e ""` in the same run. Runs are interleaved (every target
// once per round) so load on the machine hits all alike. The file system
// cache is warm after the first round: this is the cost of loading and
// evaluating the modules, not of reading a cold disk.
import { spawnSync } from 'node:child_process';
import { median, round } from './stats.mjs';

const BARE = '(bare node -e "")';

/** The program a fresh process runs: nothing, `import()` or `require()` of `specifier`, timed inside. */
function program(specifier, loader) {
  if (specifier === undefined) return '';
  const name = JSON.stringify(specifier);
  return loader === 'require'
    ? `const t=performance.now();require(${name});process.stdout.write(String(performance.now()-t))`
    : `const t=performance.now();import(${name}).then(()=>process.stdout.write(String(performance.now()-t)))`;
}

function once(cwd, specifier, loader) {
  const code = program(specifier, loader);
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ['-e', code], { cwd, encoding: 'utf8' });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) {
    throw new Error(
      `importing ${specifier} from ${cwd} failed (exit ${result.status}): ${result.stderr.slice(-2000)}`,
    );
  }
  return { wallMs, importMs: specifier === undefined ? 0 : Number(result.stdout) };
}

/**
 * `targets`: [{ label, cwd, specifier, loader? }], `loader` 'import' (the
 * default) or 'require', as an ES module or a CommonJS program loads it. Returns, per target, the median wall
 * time of the whole process, its ratio to the bare process's median, the time
 * it adds to the bare process, and the median time of the import itself as
 * measured inside the process.
 */
export function measureColdImports(targets, runs = 15, log = () => {}) {
  const all = [
    { label: BARE, cwd: targets[0]?.cwd ?? process.cwd(), specifier: undefined },
    ...targets,
  ];
  const samples = new Map(all.map((t) => [t.label, []]));
  for (const t of all) once(t.cwd, t.specifier, t.loader); // fills the file system cache
  for (let r = 0; r < runs; r++) {
    log(`cold import: round ${r + 1}/${runs}`);
    for (const t of all) samples.get(t.label).push(once(t.cwd, t.specifier, t.loader));
  }
  const bareWall = median(samples.get(BARE).map((s) => s.wallMs));
  const results = all.map((t) => {
    const list = samples.get(t.label);
    const wallMs = median(list.map((s) => s.wallMs));
    return {
      label: t.label,
      specifier: t.specifier,
      runs,
      processWallMs: round(wallMs, 1),
      ratioToBareNode: round(wallMs / bareWall, 3),
      addedWallMs: round(wallMs - bareWall, 1),
      importMs: round(median(list.map((s) => s.importMs)), 1),
    };
  });
  return { bareNodeMs: round(bareWall, 1), runs, results };
}
