import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CliIo, main } from '../src/cli.js';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const fixtureRoot = fileURLToPath(new URL('./fixtures/packs', import.meta.url));
export const brokenDir = fileURLToPath(new URL('./fixtures/broken', import.meta.url));

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in-process with captured output. */
export async function runCli(args: readonly string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (line) => out.push(line), err: (line) => err.push(line) };
  const code = await main(args, io);
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

export function tempDir(prefix: string): Promise<string> {
  return mkdtemp(path.join(tmpdir(), `codegen-${prefix}-`));
}

/** A stack trace line as V8 prints it. */
export const STACK_LINE = /^\s+at .+[(:]\d+/m;
