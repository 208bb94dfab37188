import { createHash } from 'node:crypto';
import type { RedisConnection } from '../connection.js';

/** A Lua script with its SHA-1, run by EVALSHA with an EVAL fallback. */
export class Script {
  readonly source: string;
  readonly sha: string;

  constructor(source: string) {
    this.source = source;
    this.sha = createHash('sha1').update(source).digest('hex');
  }
}

/** Thrown when Redis does not answer within `commandTimeoutMs`. */
export class CommandTimeout extends Error {
  constructor(ms: number) {
    super(`Redis did not answer within ${ms} ms`);
    this.name = 'CommandTimeout';
  }
}

/**
 * Runs `script` by its SHA, loading it with EVAL when Redis answers NOSCRIPT
 * (a restarted Redis has an empty script cache), and gives up after
 * `timeoutMs` so a hung connection cannot hold a request.
 */
export function runScript(
  client: RedisConnection,
  script: Script,
  keys: readonly string[],
  args: readonly (string | number)[],
  timeoutMs: number,
): Promise<unknown> {
  const call = client.evalsha(script.sha, keys.length, ...keys, ...args).catch((error: unknown) => {
    if (!isNoScript(error)) throw error;
    return client.eval(script.source, keys.length, ...keys, ...args);
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CommandTimeout(timeoutMs)), timeoutMs);
  });
  return Promise.race([call, timeout]).finally(() => clearTimeout(timer));
}

function isNoScript(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('NOSCRIPT');
}
