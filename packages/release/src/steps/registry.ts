import { ReleaseError } from '../errors.js';
import { exec } from '../exec.js';

/**
 * Whether `name@version` is already on the registry npm is configured for
 * (npmrc or `npm_config_registry`). Publishing it again would fail, so the
 * release skips it: a release that stopped half-way can simply run again.
 */
export async function isPublished(
  root: string,
  name: string,
  version: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<boolean> {
  const result = await exec('npm', ['view', `${name}@${version}`, 'version', '--json'], {
    cwd: root,
    env: { ...env, npm_config_update_notifier: 'false' },
    timeoutMs: 60_000,
  });
  if (result.code === 0) return result.stdout.trim() !== '';
  // The package does not exist at all: npm answers E404.
  if (/E404|404 Not Found/.test(result.stdout + result.stderr)) return false;
  const said = (result.stderr || result.stdout).trim().split('\n').slice(-3).join(' ');
  throw new ReleaseError(
    `cannot ask the registry whether ${name}@${version} exists (${result.timedOut ? 'timed out after 60 s' : said}); check the registry in .npmrc or npm_config_registry and the network`,
  );
}
