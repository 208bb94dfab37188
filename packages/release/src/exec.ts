import { run } from '@org/test-utils/packaging';

export interface ExecOptions {
  readonly cwd: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Stream the command's output to ours (long steps a person watches) instead of capturing it. */
  readonly inherit?: boolean;
  readonly timeoutMs?: number;
}

export interface ExecResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
}

/**
 * Runs a command without a shell; never rejects on a non-zero exit, only when
 * it cannot start. The workspace's one child-process runner, shaped for the
 * release steps.
 */
export async function exec(
  file: string,
  args: readonly string[],
  options: ExecOptions,
): Promise<ExecResult> {
  const result = await run(file, args, {
    cwd: options.cwd,
    env: options.env,
    timeoutMs: options.timeoutMs,
    inherit: options.inherit,
  });
  return {
    code: result.code,
    stdout: result.stdout,
    stderr: result.stderr,
    timedOut: result.timedOut,
  };
}
