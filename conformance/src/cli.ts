import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { discoverPacks, loadPackUnderTest } from './pack/load.js';
import { formatDuration, RESULT_MARK, tally, totalDuration } from './report/format.js';
import type { PackReport, ScenarioReport } from './report/types.js';
import { writeReports } from './report/write.js';
import { certifyPack } from './run/certify.js';
import { ALL_SCENARIOS } from './scenarios/all.js';
import type { Profile } from './scenarios/types.js';

export const USAGE = `Usage: conformance [options]

Certifies every pack (specs/<id>/pack.yaml) offline against simulators built
from its spec, prints each scenario as it finishes and a certification table,
and writes reports. Exits 1 when a required scenario of any pack fails.

Options:
  --pack <id>            certify only this pack (repeatable; default: every pack)
  --profile ci|full      ci (default): sampled wire and pagination coverage on big specs;
                         full: every operation and every list (what a release needs)
  --report-dir <dir>     where reports go (default: .reports/conformance)
  --only <ids>           run only these scenarios, comma-separated (others: skipped)
  --update-snapshots     accept the current public API surface as the snapshot
  --snapshot-dir <dir>   API surface snapshots (default: conformance/snapshots)
  --root <dir>           the workspace root (default: nearest pnpm-workspace.yaml)
  -h, --help             this text

Scenarios: ${ALL_SCENARIOS.map((s) => s.id).join(', ')}
`;

export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** Whether `out` is a terminal (live progress line, colors). */
  readonly tty: boolean;
}

const defaultIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  tty: process.stdout.isTTY === true && !process.env.NO_COLOR,
};

/** Runs the CLI; resolves with the exit code. */
export async function main(argv: readonly string[], io: CliIo = defaultIo): Promise<number> {
  let values: ReturnType<typeof parse>;
  try {
    values = parse(argv);
  } catch (error) {
    io.err(`conformance: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  const profile = (values.profile ?? 'ci') as Profile;
  if (profile !== 'ci' && profile !== 'full') {
    io.err(`conformance: --profile must be ci or full, got ${profile}\n`);
    return 2;
  }
  const root = resolve(values.root ?? findRoot(process.cwd()));
  const only = values.only
    ?.flatMap((list) => list.split(','))
    .map((id) => id.trim())
    .filter(Boolean);
  const unknown = only?.filter((id) => !ALL_SCENARIOS.some((s) => s.id === id)) ?? [];
  if (unknown.length > 0) {
    io.err(
      `conformance: unknown scenario ${unknown.join(', ')}; scenarios are ${ALL_SCENARIOS.map((s) => s.id).join(', ')}\n`,
    );
    return 2;
  }
  let packDirs = discoverPacks(root);
  if (values.pack?.length) {
    const wanted = new Set(values.pack);
    const missing = [...wanted].filter((id) => !packDirs.some((dir) => dir.endsWith(`/${id}`)));
    if (missing.length > 0) {
      io.err(`conformance: no pack ${missing.join(', ')} under ${join(root, 'specs')}\n`);
      return 2;
    }
    packDirs = packDirs.filter((dir) => wanted.has(dir.split('/').at(-1) as string));
  }
  if (packDirs.length === 0) {
    io.err(`conformance: no packs (specs/<id>/pack.yaml) under ${root}\n`);
    return 2;
  }
  const reportDir = resolve(root, values['report-dir'] ?? join('.reports', 'conformance'));
  const snapshots = {
    dir: resolve(root, values['snapshot-dir'] ?? join('conformance', 'snapshots')),
    update: values['update-snapshots'] === true,
  };
  const paint = painter(io.tty);
  io.out(
    `Conformance: ${packDirs.length} pack${packDirs.length === 1 ? '' : 's'}, ${profile} profile, ${ALL_SCENARIOS.length} scenarios each\n`,
  );

  const reports: PackReport[] = [];
  const unloadable: string[] = [];
  for (const dir of packDirs) {
    const started = performance.now();
    const pack = await loadPackUnderTest(root, dir).catch((error: unknown) => {
      // A pack that cannot load (not generated, not built, spec changed) gets no report: the release holds it.
      io.err(`\n${relative(root, dir)}: cannot certify: ${(error as Error).message}\n`);
      unloadable.push(relative(root, dir));
      return undefined;
    });
    if (!pack) continue;
    io.out(
      `\n${paint.bold(pack.id)} ${pack.npm}@${pack.version} (spec ${pack.specSha256.slice(0, 12)})\n`,
    );
    const report = await certifyPack(pack, {
      root,
      profile,
      snapshots,
      ...(only ? { only } : {}),
      onScenarioStart: (_pack, scenario) => {
        if (io.tty) io.out(paint.dim(`  … ${scenario.id}`));
      },
      onScenarioEnd: (_pack, entry) => io.out(`${io.tty ? '\r\x1b[K' : ''}${line(entry, paint)}\n`),
    }).catch((error: unknown) => {
      io.err(`${relative(root, dir)}: cannot certify: ${(error as Error).message}\n`);
      unloadable.push(relative(root, dir));
      return undefined;
    });
    if (!report) continue;
    reports.push(report);
    io.out(
      `  ${report.passed ? paint.green('certified') : paint.red('NOT certified')} in ${formatDuration(performance.now() - started)}\n`,
    );
  }

  const written = writeReports(reportDir, reports);
  io.out(`\n${table(reports, paint)}\n`);
  io.out(
    `Reports: ${relative(process.cwd(), written.html) || written.html}, ${relative(process.cwd(), written.markdown)}, ${written.json.map((f) => relative(process.cwd(), f)).join(', ')}\n`,
  );
  if (unloadable.length > 0) io.err(`Not certified (could not load): ${unloadable.join(', ')}\n`);
  return unloadable.length === 0 && reports.every((r) => r.passed) ? 0 : 1;
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      pack: { type: 'string', multiple: true },
      profile: { type: 'string' },
      'report-dir': { type: 'string' },
      only: { type: 'string', multiple: true },
      'update-snapshots': { type: 'boolean' },
      'snapshot-dir': { type: 'string' },
      root: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  }).values;
}

/** `  ✓ retry        2.1 s  429 + Retry-After: 1 (seconds): 2 attempt(s)…` */
function line(entry: ScenarioReport, paint: Painter): string {
  const mark = RESULT_MARK[entry.result];
  const colored =
    entry.result === 'pass'
      ? paint.green(mark)
      : entry.result === 'fail'
        ? paint.red(mark)
        : paint.yellow(mark);
  const first =
    (entry.waived ? `waived: ${entry.waived.reason}` : (entry.details ?? '').split('\n')[0]) ?? '';
  const shown = first.length > 100 ? `${first.slice(0, 97)}…` : first;
  return `  ${colored} ${entry.id.padEnd(12)} ${formatDuration(entry.durationMs).padStart(7)}  ${paint.dim(shown)}`;
}

/** The certification table: one row per pack, one column per scenario. */
function table(reports: readonly PackReport[], paint: Painter): string {
  const ids = ALL_SCENARIOS.map((s) => s.id);
  const header = ['pack', 'version', ...ids, 'verdict', 'time'];
  const rows = reports.map((r) => [
    r.pack,
    r.version,
    ...ids.map((id) => RESULT_MARK[r.scenarios.find((s) => s.id === id)?.result ?? 'skipped']),
    r.passed ? 'certified' : 'NOT certified',
    formatDuration(totalDuration(r)),
  ]);
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map((row) => (row[i] as string).length)),
  );
  const render = (cells: readonly string[]) =>
    cells.map((c, i) => c.padEnd(widths[i] as number)).join('  ');
  const verdicts = reports.map((r) => tally(r));
  return [
    paint.bold(render(header)),
    ...rows.map((row, i) => `${render(row)}  ${paint.dim(verdicts[i] as string)}`),
    paint.dim('✓ pass  ✗ fail  ~ waived  - skipped (not applicable)'),
  ].join('\n');
}

type Painter = Record<'bold' | 'dim' | 'green' | 'red' | 'yellow', (text: string) => string>;

function painter(enabled: boolean): Painter {
  const wrap = (open: number, close: number) => (text: string) =>
    enabled ? `\x1b[${open}m${text}\x1b[${close}m` : text;
  return {
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    green: wrap(32, 39),
    red: wrap(31, 39),
    yellow: wrap(33, 39),
  };
}

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
    if (dirname(dir) === dir) return from;
  }
}
