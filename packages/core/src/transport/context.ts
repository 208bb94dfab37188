import type { CallContext, EventSink, OperationInfo } from './types.js';

export const SILENT_EVENTS: EventSink = Object.freeze({ active: false, emit() {} });

/**
 * One logical call's context. The combined signal (caller abort + deadline)
 * is built on first use only: the fast path (no wait, no retry) never pays
 * for an extra AbortController and timer.
 */
export class Call implements CallContext {
  attempt = 1;
  readonly state = new Map<symbol, unknown>();
  #signal: AbortSignal | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #unlink: (() => void) | undefined;

  constructor(
    readonly vendor: string,
    readonly operation: OperationInfo | undefined,
    readonly tenant: string | undefined,
    readonly callerSignal: AbortSignal | undefined,
    readonly deadline: number,
    readonly events: EventSink,
  ) {}

  get signal(): AbortSignal {
    if (this.#signal) return this.#signal;
    const controller = new AbortController();
    const caller = this.callerSignal;
    if (caller?.aborted) controller.abort(caller.reason);
    else if (caller) {
      const onAbort = () => controller.abort(caller.reason);
      caller.addEventListener('abort', onAbort, { once: true });
      this.#unlink = () => caller.removeEventListener('abort', onAbort);
    }
    const left = this.deadline - Date.now();
    if (left <= 0) controller.abort();
    else if (Number.isFinite(left)) {
      this.#timer = setTimeout(() => controller.abort(), left);
    }
    this.#signal = controller.signal;
    return this.#signal;
  }

  /** Frees the deadline timer and the caller-signal listener once the call ends. */
  dispose(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#unlink?.();
  }
}
