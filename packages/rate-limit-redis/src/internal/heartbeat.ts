import type { Leases } from './leases.js';
import type { RedisContext } from './redis-context.js';
import { Script } from './script-runner.js';
import { HEARTBEAT } from './scripts.js';

const heartbeatScript = new Script(HEARTBEAT);

/**
 * Every `leaseMs / 3`: renews the concurrency leases this process holds (and
 * re-adds any Redis lost), refreshes its presence, and learns how many
 * processes are present. The timer is unref'd: it never keeps a process alive.
 */
export class Heartbeat {
  #processes = 1;
  #timer: ReturnType<typeof setInterval> | undefined;
  readonly #context: RedisContext;
  readonly #leases: Leases;
  readonly #canSend: () => boolean;

  constructor(context: RedisContext, leases: Leases, canSend: () => boolean) {
    this.#context = context;
    this.#leases = leases;
    this.#canSend = canSend;
    this.#timer = setInterval(() => void this.beat(), context.options.leaseMs / 3);
    this.#timer.unref?.();
  }

  /** Processes present in Redis at the last beat (this one included). */
  get processes(): number {
    return this.#processes;
  }

  async beat(): Promise<void> {
    if (!this.#canSend()) return;
    const { options } = this.#context;
    const keys = [this.#context.presence];
    const args: (string | number)[] = [this.#context.id, options.leaseMs, options.leaseMs];
    for (const [key, tokens] of this.#leases.redisTokens()) {
      keys.push(this.#context.leases(key));
      args.push(tokens.length, ...tokens);
    }
    try {
      const seen = await this.#context.run(heartbeatScript, keys, args);
      this.#processes = Math.max(1, Number(seen) || 1);
    } catch {
      // The next acquire finds out whether Redis is gone; renewal just tries again.
    }
  }

  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
