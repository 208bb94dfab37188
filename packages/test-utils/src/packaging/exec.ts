import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';

export interface RunResult {
  command: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  durationMs: number;
  timedOut: boolean;
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /**
   * Send stdout to this file instead of a pipe. Node writes to files
   * synchronously but to pipes asynchronously, so a CLI that calls
   * `process.exit()` right after printing a large report (are-the-types-wrong
   * does) loses the tail of it on a pipe.
   */
  stdoutPath?: string;
  /** Stream both outputs to ours (long steps a person watches) instead of capturing them. */
  inherit?: boolean;
}

/** Runs a command without a shell and captures everything it prints; never rejects on exit code. */
export function run(
  file: string,
  args: readonly string[],
  options: RunOptions = {},
): Promise<RunResult> {
  const command = [file, ...args].map(quote).join(' ');
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const stdoutFd =
      options.stdoutPath === undefined ? undefined : openSync(options.stdoutPath, 'w');
    const child = spawn(file, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: options.inherit
        ? ['ignore', 'inherit', 'inherit']
        : ['ignore', stdoutFd ?? 'pipe', 'pipe'],
    });
    if (stdoutFd !== undefined) closeSync(stdoutFd);
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let timedOut = false;
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            child.kill('SIGKILL');
          }, options.timeoutMs);
    child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`could not start ${command}: ${error.message}`, { cause: error }));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        command,
        code,
        signal,
        stdout:
          options.stdoutPath === undefined
            ? Buffer.concat(stdout).toString('utf8')
            : readFileSync(options.stdoutPath, 'utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        durationMs: performance.now() - started,
        timedOut,
      });
    });
  });
}

/** A failure report with the command, its exit status and the tail of both streams. */
export function describeRun(result: RunResult, maxChars = 4000): string {
  const status = result.timedOut
    ? 'timed out'
    : result.signal
      ? `killed by ${result.signal}`
      : `exit code ${result.code}`;
  const lines = [`$ ${result.command}`, `-> ${status} after ${Math.round(result.durationMs)} ms`];
  if (result.stdout.trim()) lines.push(`stdout:\n${tail(result.stdout, maxChars)}`);
  if (result.stderr.trim()) lines.push(`stderr:\n${tail(result.stderr, maxChars)}`);
  return lines.join('\n');
}

/** Runs a command and throws a readable error unless it exits with 0. */
export async function runOrThrow(
  file: string,
  args: readonly string[],
  options: RunOptions = {},
): Promise<RunResult> {
  const result = await run(file, args, options);
  if (result.code !== 0) throw new Error(describeRun(result));
  return result;
}

function tail(text: string, maxChars: number): string {
  const trimmed = text.trimEnd();
  return trimmed.length <= maxChars ? trimmed : `...${trimmed.slice(-maxChars)}`;
}

function quote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`;
}
