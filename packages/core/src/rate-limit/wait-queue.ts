import type { RateLimitBucket, RateLimitDenied } from './store.js';

/** What a wait needs from the call: its signal and deadline. A CallContext fits as is. */
export interface WaitContext {
  /**
   * Aborts the wait. Read only once a request has to wait, so a lazily built
   * signal (the transport's CallContext) costs nothing on the fast path.
   */
  readonly signal?: AbortSignal;
  /** The caller's own signal, to tell an abort (AbortedError) from a deadline (DeadlineExceededError). */
  readonly callerSignal?: AbortSignal | undefined;
  /** Epoch ms by which the call must end; Infinity or absent for none. */
  readonly deadline?: number;
}

/** One request waiting for its slot. */
export class Waiter {
  done = false;
  giveUpTimer: ReturnType<typeof setTimeout> | undefined;
  onAbort: (() => void) | undefined;
  resolve!: () => void;
  reject!: (error: unknown) => void;
  readonly promise: Promise<void>;

  constructor(
    readonly buckets: readonly RateLimitBucket[],
    readonly cost: number,
    readonly ctx: WaitContext,
    readonly giveUpAt: number,
  ) {
    this.promise = new Promise<void>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  /** Settles once; frees the give-up timer and the abort listener. */
  settle(error?: unknown): void {
    if (this.done) return;
    this.done = true;
    if (this.giveUpTimer !== undefined) clearTimeout(this.giveUpTimer);
    if (this.onAbort !== undefined) this.ctx.signal?.removeEventListener('abort', this.onAbort);
    if (error === undefined) this.resolve();
    else this.reject(error);
  }
}

/**
 * FIFO of the waiters of one queue key. Removal from the middle (abort,
 * give-up) only marks the waiter done; `peek` skips done waiters, so every
 * operation is O(1) amortized.
 */
export class WaitQueue {
  readonly #items: Waiter[] = [];
  #head = 0;
  /** Live (not done) waiters. */
  size = 0;
  timer: ReturnType<typeof setTimeout> | undefined;
  draining = false;
  drainAgain = false;
  /** The head's last refusal: what the queue waits for. */
  denied: RateLimitDenied | undefined;
  /** Epoch ms the head expects to start; Infinity while it waits for a release. */
  wakeAt = 0;

  constructor(
    readonly key: string,
    /** Keys of the buckets the head waits on; a release of any of them wakes this queue. */
    readonly bucketKeys: readonly string[],
  ) {}

  push(waiter: Waiter): void {
    this.#items.push(waiter);
    this.size++;
  }

  /** The first live waiter, or undefined. */
  peek(): Waiter | undefined {
    while (this.#head < this.#items.length) {
      const waiter = this.#items[this.#head] as Waiter;
      if (!waiter.done) return waiter;
      this.#head++;
    }
    this.#compact();
    return undefined;
  }

  /** Drops the head (just granted or failed). */
  shift(): void {
    this.#head++;
    if (this.#head > 1024 && this.#head * 2 > this.#items.length) this.#compact();
  }

  #compact(): void {
    this.#items.splice(0, this.#head);
    this.#head = 0;
  }
}
