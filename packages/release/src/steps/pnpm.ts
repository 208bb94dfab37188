import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ReleaseError } from '../errors.js';
import { type ExecOptions, type ExecResult, exec } from '../exec.js';

/**
 * How to start pnpm: the one running us when we run as a pnpm script
 * (`npm_execpath`), else the version the root package.json pins in
 * `packageManager`, through npx, as the README's commands do.
 */
export function pnpmCommand(
  root: string,
  env: NodeJS.ProcessEnv = process.env,
): [string, string[]] {
  const execPath = env.npm_execpath;
  if (execPath && /^pnpm(\.c?js)?$/.test(basename(execPath))) {
    return /\.c?js$/.test(execPath) ? [process.execPath, [execPath]] : [execPath, []];
  }
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    packageManager?: string;
  };
  const pinned = manifest.packageManager?.split('+')[0];
  if (!pinned?.startsWith('pnpm@'))
    throw new ReleaseError(
      'the root package.json must pin pnpm in "packageManager" (e.g. "pnpm@10.34.9")',
    );
  return ['npx', ['-y', pinned]];
}

export function pnpm(
  root: string,
  args: readonly string[],
  options: ExecOptions,
): Promise<ExecResult> {
  const [file, prefix] = pnpmCommand(root, options.env);
  return exec(file, [...prefix, ...args], options);
}

/** Whether the root package.json defines `script` (e.g. `conformance`). */
export function hasRootScript(root: string, script: string): boolean {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    scripts?: Record<string, string>;
  };
  return typeof manifest.scripts?.[script] === 'string';
}
