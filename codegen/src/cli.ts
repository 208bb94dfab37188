import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CodegenError, isCodegenError } from './errors.js';
import { type GeneratedPack, generatePack } from './generate/pack.js';
import { findStale, writePacks } from './generate/write.js';

const USAGE = `Usage:
  codegen [ids...]                     regenerate every pack in specs/ (or the given ones)
  codegen --check [ids...]             exit 1 when any generated file is stale
  codegen new <vendor> --spec <file>   scaffold specs/<vendor>/ and its package, then generate

Options:
  --root <dir>   repository root (default: the one holding this CLI)
  --out <dir>    write generated files under <dir> instead of the root
  --quiet        no progress lines`;

export interface CliIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

const defaultIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** Runs the CLI; resolves to the exit code. Never throws. */
export async function main(argv: readonly string[], io: CliIo = defaultIo): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    if (isCodegenError(error)) {
      io.err(`codegen: ${error.message}`);
      return 1;
    }
    // Not the user's input: still no stack unless asked for, the message says what broke.
    io.err(`codegen: internal error: ${(error as Error)?.message ?? String(error)}`);
    if (process.env.CODEGEN_DEBUG) io.err(String((error as Error)?.stack));
    else io.err('codegen: set CODEGEN_DEBUG=1 to print the stack trace');
    return 2;
  }
}

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new CodegenError(`${(error as Error).message}\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  const root = path.resolve(values.root ?? defaultRoot());
  const outRoot = path.resolve(values.out ?? root);
  const progress = values.quiet ? () => {} : (line: string) => io.err(`codegen: ${line}`);

  if (positionals[0] === 'new') {
    const vendor = positionals[1];
    if (!vendor || !values.spec)
      throw new CodegenError(`"new" needs a vendor id and --spec <file>\n${USAGE}`);
    const { scaffoldPack } = await import('./scaffold/new.js');
    const created = await scaffoldPack({
      root,
      vendor,
      specFile: path.resolve(values.spec),
      progress,
    });
    for (const file of created) io.out(`created ${file}`);
    const pack = await generatePack(root, vendor, progress);
    for (const file of await writePacks(outRoot, [pack])) io.out(`wrote ${file.path}`);
    return 0;
  }

  const ids = positionals[0] === 'generate' ? positionals.slice(1) : positionals;
  const packs: GeneratedPack[] = [];
  for (const id of ids.length ? ids : await listPacks(root))
    packs.push(await generatePack(root, id, progress));

  if (values.check) {
    const stale = await findStale(outRoot, packs);
    if (stale.length === 0) {
      io.out(`codegen: ${packs.length} pack(s) up to date`);
      return 0;
    }
    io.err(`codegen: ${stale.length} generated file(s) are stale; run \`pnpm codegen\`:`);
    for (const file of stale) io.err(`  ${file.path} (${file.reason})`);
    return 1;
  }
  const changed = await writePacks(outRoot, packs);
  for (const file of changed)
    io.out(`${file.reason === 'orphaned' ? 'removed' : 'wrote'} ${file.path}`);
  io.out(`codegen: ${packs.length} pack(s), ${changed.length} file(s) changed`);
  return 0;
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      check: { type: 'boolean' },
      root: { type: 'string' },
      out: { type: 'string' },
      spec: { type: 'string' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

/** Every folder of specs/ holding a pack.yaml, sorted for a stable order. */
export async function listPacks(root: string): Promise<string[]> {
  const entries = await readdir(path.join(root, 'specs'), { withFileTypes: true }).catch(() => []);
  const ids: string[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    const files = await readdir(path.join(root, 'specs', entry.name));
    if (files.includes('pack.yaml')) ids.push(entry.name);
  }
  return ids.sort();
}

function defaultRoot(): string {
  return fileURLToPath(new URL('../..', import.meta.url));
}
