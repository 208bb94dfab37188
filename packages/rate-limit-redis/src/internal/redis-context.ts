import { randomUUID } from 'node:crypto';
import type { RedisConnection } from '../connection.js';
import type { ResolvedStoreOptions } from '../options.js';
import { runScript, type Script } from './script-runner.js';
import { KEY_SUFFIXES } from './scripts.js';

/** Bucket keys whose Redis key names are cached; past this the cache starts over. */
const MAX_CACHED_KEYS = 10_000;

/** What every part of the store that talks to Redis shares: the connection, options, key names, tokens. */
export class RedisContext {
  readonly client: RedisConnection;
  readonly options: ResolvedStoreOptions;
  /** This process's id: the prefix of its tokens and its entry in the presence set. */
  readonly id = randomUUID().slice(0, 13);
  readonly #names = new Map<string, readonly string[]>();
  #sequence = 0;

  constructor(client: RedisConnection, options: ResolvedStoreOptions) {
    this.client = client;
    this.options = options;
  }

  /** Runs a script with the store's command timeout. */
  run(
    script: Script,
    keys: readonly string[],
    args: readonly (string | number)[],
  ): Promise<unknown> {
    return runScript(this.client, script, keys, args, this.options.commandTimeoutMs);
  }

  /** A token no other acquire (of any process) uses. */
  token(): string {
    return `${this.id}.${++this.#sequence}`;
  }

  /** The Redis keys of a bucket, in the order of KEY_SUFFIXES (w, c, s, p, q, g). */
  keysOf(key: string): readonly string[] {
    let names = this.#names.get(key);
    if (names === undefined) {
      if (this.#names.size >= MAX_CACHED_KEYS) this.#names.clear();
      const base = `${this.options.prefix}${key}`;
      names = KEY_SUFFIXES.map((suffix) => base + suffix);
      this.#names.set(key, names);
    }
    return names;
  }

  window(key: string): string {
    return this.keysOf(key)[0] as string;
  }

  leases(key: string): string {
    return this.keysOf(key)[1] as string;
  }

  spacing(key: string): string {
    return this.keysOf(key)[2] as string;
  }

  pause(key: string): string {
    return this.keysOf(key)[3] as string;
  }

  budget(key: string): string {
    return this.keysOf(key)[4] as string;
  }

  get presence(): string {
    return `${this.options.prefix}processes`;
  }
}
