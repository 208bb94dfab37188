import { cpSync, existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { isReleaseError, ReleaseError } from './errors.js';
import type { ReleaseOptions } from './options.js';
import { hasRootScript } from './steps/pnpm.js';
import { runPublishStep } from './steps/publish.js';
import { createSandbox } from './steps/sandbox.js';
import { runSpecGate, runVersionStep } from './steps/version.js';
import { listPacks } from './workspace/packs.js';

const USAGE = `Usage:
  release [--dry-run] [options]          version, then publish (below)
  release version [--dry-run]            spec diff gate, changeset version, pnpm codegen
  release publish [--dry-run] [options]  build, test, conformance, publish what passed, tag
  release diff                           spec diff gate only (exit 1 when a bump is too low)

Options:
  --dry-run            every step in a throwaway copy of the workspace, publish with
                       --dry-run, no tags; the working tree is never written
  --skip-codegen       do not run pnpm codegen after changeset version
  --skip-build         packages are built already
  --skip-tests         library packages' tests passed in an earlier step
  --skip-conformance   read reports an earlier step wrote instead of running conformance
  --reports <dir>      conformance reports folder (default .reports/conformance)
  --only <name>        release only this package (repeatable)
  --no-git-tag         do not tag published packages <name>@<version>
  --root <dir>         workspace root (default: the one holding this tool)`;

export interface CliIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

const defaultIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** Runs the CLI and resolves to the exit code. Never throws. */
export async function main(argv: readonly string[], io: CliIo = defaultIo): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    if (isReleaseError(error)) {
      io.err(`release: ${error.message}`);
      return 1;
    }
    io.err(`release: internal error: ${(error as Error)?.stack ?? String(error)}`);
    return 2;
  }
}

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new ReleaseError(`${(error as Error).message}\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  const command = positionals[0] ?? 'all';
  if (!['all', 'version', 'publish', 'diff'].includes(command) || positionals.length > 1)
    throw new ReleaseError(`unknown command "${positionals.join(' ')}"\n${USAGE}`);
  const root = path.resolve(values.root ?? path.join(import.meta.dirname, '..', '..', '..'));
  if (!existsSync(path.join(root, 'pnpm-workspace.yaml')))
    throw new ReleaseError(
      `${root} is not a pnpm workspace root (no pnpm-workspace.yaml); pass --root`,
    );
  const base = {
    dryRun: values['dry-run'] ?? false,
    skipCodegen: values['skip-codegen'] ?? false,
    skipBuild: values['skip-build'] ?? false,
    skipTests: values['skip-tests'] ?? false,
    skipConformance: values['skip-conformance'] ?? false,
    only: values.only ?? [],
    gitTag: !(values['no-git-tag'] ?? false),
    env: process.env,
    out: io.out,
    err: io.err,
  };
  const optionsIn = (where: string): ReleaseOptions => ({
    ...base,
    root: where,
    gitRoot: root,
    // --reports is read from where the user points; the default follows the run.
    reportsDir: values.reports
      ? path.resolve(values.reports)
      : path.join(where, '.reports', 'conformance'),
  });

  const options = optionsIn(root);
  if (command === 'diff') return (await runSpecGate(options)) ? 0 : 1;
  if (command !== 'version') await preflight(options);
  if (!options.dryRun && command === 'publish') return runPublishStep(options);
  if (!options.dryRun) {
    const code = await runVersionStep(options);
    return code !== 0 || command === 'version' ? code : runPublishStep(options);
  }

  // A dry run versions, generates, builds and certifies in a throwaway copy:
  // the working tree is never written, even if the run is killed.
  const sandbox = createSandbox(root);
  const cleanUp = () => sandbox.remove();
  const onSignal = (signal: NodeJS.Signals) => {
    cleanUp();
    process.kill(process.pid, signal);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  io.out(`release: dry run in a copy of the workspace (${sandbox.root})`);
  try {
    const dry = optionsIn(sandbox.root);
    if (command === 'publish') return await runPublishStep(dry);
    const code = await runVersionStep(dry);
    return code !== 0 || command === 'version' ? code : await runPublishStep(dry);
  } finally {
    const reports = path.join(sandbox.root, '.reports');
    if (existsSync(reports)) {
      cpSync(reports, path.join(root, '.reports', 'dry-run'), { recursive: true });
      io.out('release: dry run reports copied to .reports/dry-run');
    }
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    cleanUp();
  }
}

/** Problems that would stop the release half-way, found before anything changes. */
async function preflight(options: ReleaseOptions): Promise<void> {
  if (options.skipConformance || hasRootScript(options.root, 'conformance')) return;
  if ((await listPacks(options.root)).length === 0) return;
  throw new ReleaseError(
    'the root package.json has no "conformance" script, so no pack can be certified; add it (pnpm conformance runs @org/conformance), or pass --skip-conformance with reports from an earlier run',
  );
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      'dry-run': { type: 'boolean' },
      'skip-codegen': { type: 'boolean' },
      'skip-build': { type: 'boolean' },
      'skip-tests': { type: 'boolean' },
      'skip-conformance': { type: 'boolean' },
      reports: { type: 'string' },
      only: { type: 'string', multiple: true },
      'no-git-tag': { type: 'boolean' },
      root: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
