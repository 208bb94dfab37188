import { isCoreError } from '../errors/core-error.js';
import {
  DeadlineExceededError,
  type NetworkError,
  RateLimitedError,
  RetriesExhaustedError,
} from '../errors/kinds.js';
import { spareRequest } from '../internal/body-source.js';
import { sleep } from '../internal/sleep.js';
import type { CallContext, Handler, Policy } from '../transport/types.js';
import { parseShouldRetry, retryHintFromHeaders } from './hints.js';
import { carriesIdempotencyKey, isIdempotentMethod, isRetrySafe } from './idempotency.js';
import { type RetryOptions, resolveRetryOptions } from './options.js';
import { retryDelay } from './timing.js';

export interface RetryPolicyHooks {
  /** Source of jitter in [0, 1); Math.random by default. */
  random?: () => number;
}

type Outcome = { response: Response; error?: undefined } | { response?: undefined; error: unknown };

/**
 * The retry loop. It wraps the rate limiter, so every attempt takes its own
 * slot of the vendor's quota, and it is wrapped by nothing that waits, so one
 * deadline (the call context's) bounds attempts, waits and queues together.
 */
export function retryPolicy(
  partial: Partial<RetryOptions> = {},
  hooks: RetryPolicyHooks = {},
): Policy {
  const options = resolveRetryOptions(partial);
  const header = options.idempotencyHeader;
  return {
    name: 'retry',
    wrap(next: Handler): Handler {
      if (options.maxAttempts === 1) return next;
      return async (request, ctx) => {
        if (
          header !== undefined &&
          options.generateIdempotencyKey &&
          !isIdempotentMethod(request.method)
        ) {
          // One key for the whole call, made before the first attempt: every
          // attempt below re-sends this request (or an unsent clone), key included.
          if (!request.headers.has(header))
            request.headers.set(header, globalThis.crypto.randomUUID());
        }
        const safe =
          isRetrySafe(request.method, ctx.operation, request.headers, header) ||
          (ctx.operation?.idempotencyKey !== undefined &&
            (await carriesIdempotencyKey(request, ctx.operation)));
        let current = request;
        for (let attempt = 1; ; attempt++) {
          ctx.attempt = attempt;
          // Bodies are single-use: keep an unsent copy for the next attempt.
          const spare = attempt < options.maxAttempts ? spareRequest(current) : current;
          const outcome = await settle(next, current, ctx);
          const verdict = outcome.response
            ? judgeResponse(outcome.response, safe, options)
            : judgeError(outcome.error, safe, options);
          if (!verdict.retry) {
            if (outcome.response) return outcome.response;
            throw outcome.error;
          }
          const decision = retryDelay({
            attempt,
            options,
            hintMs: outcome.response
              ? retryHintFromHeaders(outcome.response.headers, outcome.response.status, Date.now())
              : undefined,
            remainingMs: ctx.deadline - Date.now(),
            random: hooks.random,
          });
          if (!decision.retry) {
            if (decision.reason === 'attempts-exhausted') {
              if (outcome.response) return outcome.response;
              throw new RetriesExhaustedError(
                `Gave up after ${attempt} attempts: ${describe(outcome.error)}. The last failure is the cause.`,
                { attempts: attempt, cause: outcome.error, details: { attempts: attempt } },
              );
            }
            await discard(outcome.response);
            const status = outcome.response?.status;
            if (decision.reason === 'server-wait-too-long') {
              throw new RateLimitedError(
                `The server asked to wait ${decision.delayMs} ms, more than retry.maxServerDelayMs (${options.maxServerDelayMs} ms). Try again later, or raise retry.maxServerDelayMs.`,
                { retryAfterMs: decision.delayMs, details: { status, attempts: attempt } },
              );
            }
            throw new DeadlineExceededError(
              `The next attempt would start ${decision.delayMs} ms from now, past the call's deadline. Raise deadlineMs, or try again later.`,
              {
                requestedWaitMs: decision.delayMs,
                cause: outcome.error,
                details: { status, attempts: attempt },
              },
            );
          }
          await discard(outcome.response);
          if (ctx.events.active) {
            ctx.events.emit('RetryScheduled', {
              vendor: ctx.vendor,
              operationId: ctx.operation?.id,
              tenant: ctx.tenant,
              attempt,
              delayMs: decision.delayMs,
              reason: outcome.response
                ? String(outcome.response.status)
                : (errorCode(outcome.error) ?? 'error'),
              fromServer: decision.fromServer,
              status: outcome.response?.status,
            });
          }
          await sleep(decision.delayMs, ctx);
          current = spare;
        }
      };
    },
  };
}

async function settle(next: Handler, request: Request, ctx: CallContext): Promise<Outcome> {
  try {
    return { response: await next(request, ctx) };
  } catch (error) {
    return { error };
  }
}

function judgeResponse(
  response: Response,
  safe: boolean,
  options: RetryOptions,
): { retry: boolean } {
  // Stainless-generated APIs say outright whether a retry helps; the server
  // vouching for a retry makes it safe even for a POST.
  const said = parseShouldRetry(response.headers.get('x-should-retry'));
  if (said !== undefined) return { retry: said };
  if (!options.retryStatuses.includes(response.status)) return { retry: false };
  // A 429 is a refusal before processing (RFC 6585 §4), so it is safe to
  // re-send whatever the method; other statuses may follow a side effect.
  return { retry: safe || response.status === 429 };
}

function judgeError(error: unknown, safe: boolean, options: RetryOptions): { retry: boolean } {
  if (!isCoreError(error) || !error.retryable || !options.retryNetworkErrors)
    return { retry: false };
  // A failure before any byte left (refused, DNS) cannot have had an effect.
  const beforeSend = (error as Partial<NetworkError>).beforeSend === true;
  return { retry: safe || beforeSend };
}

async function discard(response: Response | undefined): Promise<void> {
  if (response?.body && !response.bodyUsed) {
    try {
      await response.body.cancel();
    } catch {
      // Already errored or closed: nothing left to free.
    }
  }
}

function errorCode(error: unknown): string | undefined {
  return isCoreError(error) ? error.code : undefined;
}

function describe(error: unknown): string {
  return isCoreError(error) ? `${error.code}: ${error.message}` : 'an unexpected error';
}
