import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface LocalRegistry {
  /** `http://127.0.0.1:<port>/` */
  readonly url: string;
  /** An npmrc pointing npm and pnpm at the registry, with a token npm accepts for publishing. */
  readonly npmrc: string;
  /** An empty npm cache for this registry, so nothing leaks between runs. */
  readonly cache: string;
  /** Environment for npm/pnpm children: the registry, npmrc and cache above, nothing inherited. */
  env(base?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
  /** What verdaccio printed, for failure messages. */
  log(): string;
  stop(): Promise<void>;
}

export interface RegistryOptions {
  /** The Node >= 22 binary verdaccio runs on. */
  readonly node: string;
  /** Registry verdaccio proxies everything but `@org/*` to; none keeps it offline. */
  readonly uplink?: string;
  readonly startTimeoutMs?: number;
}

const SERVER = fileURLToPath(new URL('./verdaccio-server.mjs', import.meta.url));

/**
 * Starts verdaccio with its storage in a temporary folder. `@org/*` is
 * served only from that storage and anyone may publish it (nothing of ours
 * can come from the uplink); other packages come through the uplink, as a
 * user's install gets them.
 */
export async function startRegistry(options: RegistryOptions): Promise<LocalRegistry> {
  const dir = mkdtempSync(join(tmpdir(), 'release-registry-'));
  const storage = join(dir, 'storage');
  const cache = join(dir, 'npm-cache');
  mkdirSync(storage);
  mkdirSync(cache);
  const config = join(dir, 'config.yaml');
  writeFileSync(
    config,
    [
      `storage: ${JSON.stringify(storage)}`,
      'auth:',
      '  htpasswd:',
      `    file: ${JSON.stringify(join(dir, 'htpasswd'))}`,
      '    max_users: -1',
      ...(options.uplink
        ? [
            'uplinks:',
            '  upstream:',
            `    url: ${JSON.stringify(options.uplink)}`,
            '    timeout: 60s',
          ]
        : []),
      'packages:',
      "  '@org/*':",
      '    access: $all',
      '    publish: $all',
      '    unpublish: $all',
      "  '**':",
      '    access: $all',
      ...(options.uplink ? ['    proxy: upstream'] : []),
      'log: { type: stdout, format: pretty, level: warn }',
      '',
    ].join('\n'),
  );
  const child = spawn(options.node, [SERVER, config], { stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(
        new Error(
          `verdaccio did not listen within ${options.startTimeoutMs ?? 30_000} ms:\n${output}`,
        ),
      );
    }, options.startTimeoutMs ?? 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const line = /\{"port":(\d+)\}/.exec(output);
      if (line) {
        clearTimeout(timer);
        resolve(Number(line[1]));
      }
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`verdaccio exited (${signal ?? code}) before listening:\n${output}`));
    });
  }).catch(async (error) => {
    await kill(child);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  });
  const url = `http://127.0.0.1:${port}/`;
  const npmrc = join(dir, 'npmrc');
  // npm refuses to publish without a token; verdaccio lets anyone publish @org/*.
  writeFileSync(npmrc, `registry=${url}\n//127.0.0.1:${port}/:_authToken=local-test\n`);
  return {
    url,
    npmrc,
    cache,
    env(base = process.env) {
      const env: NodeJS.ProcessEnv = {};
      for (const [key, value] of Object.entries(base)) {
        if (!/^npm_config_/i.test(key)) env[key] = value;
      }
      return {
        ...env,
        npm_config_registry: url,
        npm_config_userconfig: npmrc,
        npm_config_cache: cache,
        npm_config_update_notifier: 'false',
        npm_config_audit: 'false',
        npm_config_fund: 'false',
      };
    },
    log: () => output,
    async stop() {
      await kill(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** SIGTERM, then SIGKILL after 5 s; resolves once the process is gone. */
function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.stdin?.end();
    child.kill('SIGTERM');
  });
}
