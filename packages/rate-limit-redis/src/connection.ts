/**
 * The part of a Redis client the store uses. An ioredis 5 or 6 `Redis`
 * instance fits as is; the store never imports a client itself, so it adds no
 * dependency and never opens a connection of its own.
 */
export interface RedisConnection {
  /** ioredis connection state; the store sends commands only while it is `ready`. */
  readonly status: string;
  evalsha(sha: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
  eval(script: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
  once(event: 'ready', listener: () => void): unknown;
  removeListener(event: 'ready', listener: () => void): unknown;
}
