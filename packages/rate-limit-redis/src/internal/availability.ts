import type { EventSink } from '@org/core/transport';
import type { RedisConnection } from '../connection.js';
import type { ResolvedStoreOptions } from '../options.js';
import { CommandTimeout } from './script-runner.js';

/** Where the store's state lives right now. */
export type RedisStoreMode = 'connecting' | 'redis' | 'local';

/** Why the store fell back to its local limiter (the `reason` of `RateLimitStoreUnavailable`). */
export type UnavailableReason =
  /** The client was not ready within `connectTimeoutMs` of the store's creation. */
  | 'connect-timeout'
  /** The client lost its connection (it reconnects on its own; the store follows). */
  | 'disconnected'
  /** A command did not answer within `commandTimeoutMs`. */
  | 'command-timeout'
  /** A command failed. */
  | 'command-failed';

export interface AvailabilityHooks {
  /** The store switched to its local limiter. */
  onLocal(now: number): void;
  /** A request is about to try Redis again after the fallback. */
  onRecovering(now: number): void;
  /** Redis answered after being unknown or unavailable. */
  onRedis(): void;
  split(): number;
}

/**
 * Tracks whether Redis can be used and tells the events sink when that
 * changes. Commands are sent only while the client is `ready`: a command
 * queued while it reconnects would run late, taking a slot nobody uses.
 */
export class Availability {
  #mode: RedisStoreMode = 'connecting';
  #downSince = 0;
  #settled: Promise<void> | undefined;
  #onReady: (() => void) | undefined;
  readonly #createdAt = Date.now();
  readonly #client: RedisConnection;
  readonly #options: ResolvedStoreOptions;
  readonly #events: EventSink | undefined;
  readonly #hooks: AvailabilityHooks;

  constructor(
    client: RedisConnection,
    options: ResolvedStoreOptions,
    events: EventSink | undefined,
    hooks: AvailabilityHooks,
  ) {
    this.#client = client;
    this.#options = options;
    this.#events = events;
    this.#hooks = hooks;
  }

  get mode(): RedisStoreMode {
    return this.#mode;
  }

  /** `redis`: send the command; `local`: answer from the fallback; `wait`: the client is still connecting. */
  route(): 'redis' | 'local' | 'wait' {
    if (this.#client.status === 'ready') return 'redis';
    if (this.#mode === 'connecting') {
      if (Date.now() - this.#createdAt < this.#options.connectTimeoutMs) return 'wait';
      this.#fallBack('connect-timeout', undefined);
    } else {
      this.#fallBack('disconnected', undefined);
    }
    return 'local';
  }

  /** Resolves when the client is ready or the connect timeout has passed. */
  whenSettled(): Promise<void> {
    this.#settled ??= new Promise<void>((resolve) => {
      const left = this.#options.connectTimeoutMs - (Date.now() - this.#createdAt);
      const done = () => {
        clearTimeout(timer);
        if (this.#onReady !== undefined) this.#client.removeListener('ready', this.#onReady);
        this.#onReady = undefined;
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, left));
      this.#onReady = done;
      this.#client.once('ready', done);
    });
    return this.#settled;
  }

  recovering(now: number): void {
    if (this.#mode === 'local') this.#hooks.onRecovering(now);
  }

  answered(): void {
    if (this.#mode === 'redis') return;
    const previous = this.#mode;
    this.#mode = 'redis';
    if (previous === 'local') {
      this.#emit('RateLimitStoreRecovered', {
        store: 'redis',
        unavailableMs: Date.now() - this.#downSince,
      });
    }
    this.#hooks.onRedis();
  }

  failed(error: unknown): void {
    this.#fallBack(error instanceof CommandTimeout ? 'command-timeout' : 'command-failed', error);
  }

  close(): void {
    if (this.#onReady !== undefined) this.#client.removeListener('ready', this.#onReady);
    this.#onReady = undefined;
  }

  #fallBack(reason: UnavailableReason, error: unknown): void {
    if (this.#mode === 'local') return;
    this.#mode = 'local';
    this.#downSince = Date.now();
    this.#hooks.onLocal(this.#downSince);
    this.#emit('RateLimitStoreUnavailable', {
      store: 'redis',
      reason,
      errorType: errorType(error),
      processes: this.#hooks.split(),
      expectedProcesses: this.#options.expectedProcesses,
    });
  }

  #emit(type: string, data: Record<string, unknown>): void {
    const events = this.#events;
    if (events === undefined || !events.active) return;
    try {
      events.emit(type, data);
    } catch {
      // Telemetry observes; it never breaks a request.
    }
  }
}

/** A short, secret-free name for what failed: a socket error code or the error's class. */
function errorType(error: unknown): string | undefined {
  if (error === undefined) return undefined;
  if (error instanceof CommandTimeout) return 'timeout';
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^[A-Z_]{2,40}$/.test(code)) return code;
  return error instanceof Error ? error.name : typeof error;
}
