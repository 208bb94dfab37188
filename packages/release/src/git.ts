import { execFile } from 'node:child_process';
import { ReleaseError } from './errors.js';

/** Runs git in `cwd` and resolves to its stdout as bytes; rejects with git's own message. */
export function git(cwd: string, args: readonly string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      args,
      { cwd, encoding: 'buffer', maxBuffer: 256 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) {
          const said = stderr.toString('utf8').trim() || error.message;
          reject(new ReleaseError(`git ${args.join(' ')} failed: ${said}`, { cause: error }));
        } else resolve(stdout);
      },
    );
  });
}

export async function gitText(cwd: string, args: readonly string[]): Promise<string> {
  return (await git(cwd, args)).toString('utf8');
}
