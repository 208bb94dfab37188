import { ConfigurationError, CoreError } from '../errors/index.js';
import type { StandardSchemaV1 } from '../internal/standard-schema.js';
import type { EventSink } from '../transport/types.js';
import { isWebhookVerificationError, WebhookVerificationError } from './errors.js';
import { andThen, type MaybePromise } from './internal/maybe-async.js';
import { toRawBody } from './internal/raw-body.js';
import type { Scheme, SchemeResult } from './internal/scheme.js';
import { checkTolerance } from './internal/timestamp.js';
import { Verified } from './internal/verified-webhook.js';
import { checkReplayTtlOption, checkSchemaOption } from './option-checks.js';
import { createMemoryReplayStore, type ReplayStore } from './replay-store.js';
import type {
  CommonVerifierOptions,
  VerifiedWebhook,
  WebhookRequest,
  WebhookVerifier,
} from './types.js';

const UNTIMED_REPLAY_TTL_SECONDS = 86_400;
/**
 * Some ids (GitHub's, Shopify's) ride in unsigned headers: a replayed
 * delivery with a huge id must not make the replay store hold it.
 */
const MAX_ID_LENGTH = 256;

function emit(events: EventSink | undefined, type: string, data: Record<string, unknown>): void {
  if (events === undefined || !events.active) return;
  try {
    events.emit(type, data);
  } catch {
    // Telemetry observes; it never changes the verdict.
  }
}

/** One scheme plus the checks every scheme shares: body, time, schema, replay, events. */
export class Verifier<Payload> implements WebhookVerifier<Payload> {
  readonly scheme: string;
  readonly #impl: Scheme;
  readonly #now: () => number;
  readonly #toleranceSeconds: number;
  readonly #store: ReplayStore | undefined;
  readonly #ttlMs: number;
  readonly #replayKey: ((event: VerifiedWebhook) => string | undefined) | undefined;
  readonly #schema: StandardSchemaV1 | undefined;
  readonly #events: EventSink | undefined;
  readonly #vendor: string;

  constructor(
    impl: Scheme,
    options: CommonVerifierOptions<StandardSchemaV1 | undefined>,
    toleranceSeconds: number,
    now: () => number,
  ) {
    this.scheme = impl.name;
    this.#impl = impl;
    this.#now = now;
    this.#toleranceSeconds = toleranceSeconds;
    const replay = options.replay ?? {};
    this.#store = replay === false ? undefined : (replay.store ?? createMemoryReplayStore({ now }));
    const ttlSeconds =
      (replay === false ? undefined : replay.ttlSeconds) ??
      (impl.signsTimestamp ? 2 * toleranceSeconds : UNTIMED_REPLAY_TTL_SECONDS);
    checkReplayTtlOption(ttlSeconds);
    this.#ttlMs = ttlSeconds * 1000;
    this.#replayKey = replay === false ? undefined : replay.key;
    checkSchemaOption(options.schema);
    this.#schema = options.schema;
    this.#events = options.events;
    this.#vendor = options.vendor ?? impl.name;
  }

  verify(request: WebhookRequest): Promise<VerifiedWebhook<Payload>> {
    try {
      if (
        typeof request?.headers !== 'object' ||
        request.headers === null ||
        (request.url !== undefined && typeof request.url !== 'string') ||
        (request.method !== undefined && typeof request.method !== 'string')
      ) {
        throw new ConfigurationError(
          'verify() takes { headers, body, url?: string, method?: string }.',
        );
      }
      const body = toRawBody(request.body, this.scheme);
      // No andThen here: its closure would be allocated on every delivery,
      // and with node:crypto the scheme answers synchronously.
      const result = this.#impl.verify(request, body);
      const accepted =
        result instanceof Promise
          ? result.then((value) => this.#accept(request, body, value))
          : this.#accept(request, body, result);
      return accepted instanceof Promise
        ? accepted.catch((error: unknown) => this.#reject(error))
        : Promise.resolve(accepted);
    } catch (error) {
      return this.#reject(error);
    }
  }

  /** Time, schema and replay checks on a delivery whose signature is good. */
  #accept(
    request: WebhookRequest,
    body: string | Uint8Array,
    result: SchemeResult,
  ): MaybePromise<Verified<Payload>> {
    if (result.id !== undefined && result.id.length > MAX_ID_LENGTH) {
      throw new WebhookVerificationError(
        'malformed-header',
        `The delivery id is longer than ${MAX_ID_LENGTH} characters; no vendor sends such ids.`,
        { scheme: this.scheme },
      );
    }
    if (result.timestamp !== undefined && result.enforceTolerance !== false) {
      checkTolerance(result.timestamp, this.#now(), this.#toleranceSeconds, this.scheme);
    }
    const event = new Verified<Payload>(this.scheme, result, body, request.headers);
    // Nothing left to check or tell: skip the chain below and its closures.
    if (this.#schema === undefined && this.#store === undefined && this.#events?.active !== true) {
      return event;
    }
    const validated =
      this.#schema === undefined
        ? undefined
        : andThen(this.#validate(event.payload), (payload) => Verified.setPayload(event, payload));
    const claimed = andThen(validated, () =>
      this.#store === undefined ? undefined : this.#claim(event, result),
    );
    return andThen(claimed, () => {
      if (this.#events?.active === true) {
        emit(this.#events, 'WebhookVerified', {
          vendor: this.#vendor,
          scheme: this.scheme,
          deliveryId: event.id,
          ...(result.timestamp === undefined ? {} : { signedAt: event.timestamp!.toISOString() }),
        });
      }
      return event;
    });
  }

  #reject(error: unknown): Promise<never> {
    if (isWebhookVerificationError(error)) {
      emit(this.#events, 'WebhookRejected', {
        vendor: this.#vendor,
        scheme: this.scheme,
        reason: error.reason,
        ...(typeof error.details.header === 'string' ? { header: error.details.header } : {}),
      });
    }
    return Promise.reject(error);
  }

  async verifyRequest(request: Request): Promise<VerifiedWebhook<Payload>> {
    const body = new Uint8Array(await request.arrayBuffer());
    return this.verify({
      headers: request.headers,
      body,
      url: request.url,
      method: request.method,
    });
  }

  async release(event: VerifiedWebhook<Payload>): Promise<void> {
    const key = Verified.replayKey(event);
    if (key !== undefined) await this.#store?.release?.(key);
  }

  #validate(payload: unknown): MaybePromise<unknown> {
    return andThen(this.#schema!['~standard'].validate(payload), (result) => {
      if (result.issues === undefined) return result.value;
      const issues = result.issues.slice(0, 10).map((issue) => ({
        path: (issue.path ?? [])
          .map((part) => String(typeof part === 'object' ? part.key : part))
          .join('.'),
        message: issue.message,
      }));
      throw new WebhookVerificationError(
        'schema-mismatch',
        `The delivery is authentic but its payload does not match the schema (${result.issues.length} issue${result.issues.length === 1 ? '' : 's'}, first at '${issues[0]?.path ?? ''}'). The vendor may have changed the event shape.`,
        { scheme: this.scheme, details: { issues } },
      );
    });
  }

  #claim(event: Verified<Payload>, result: SchemeResult): MaybePromise<void> {
    // An untimed signature repeats on every legitimate resend (Meta, Twilio),
    // so it only keys the guard when a signed timestamp makes it unique.
    const key =
      this.#replayKey !== undefined
        ? this.#replayKey(event)
        : (result.id ?? (this.#impl.signsTimestamp ? result.signature : undefined));
    if (key === undefined) return;
    const replayKey = `${this.scheme}:${key}`;
    const unavailable = (cause: unknown) =>
      new CoreError(
        'store-unavailable',
        'The replay store failed, so the delivery could not be checked for replay. Answer 5xx so the vendor retries.',
        { retryable: true, cause },
      );
    let claimed: MaybePromise<boolean>;
    try {
      claimed = this.#store!.claim(replayKey, this.#ttlMs);
    } catch (cause) {
      throw unavailable(cause);
    }
    if (claimed instanceof Promise) {
      claimed = claimed.catch((cause: unknown) => {
        throw unavailable(cause);
      });
    }
    return andThen(claimed, (fresh) => {
      if (!fresh) {
        throw new WebhookVerificationError(
          'replayed',
          'This delivery was already accepted (same delivery id within the replay window). Answer 2xx without processing it again.',
          { scheme: this.scheme, details: event.id === undefined ? {} : { deliveryId: event.id } },
        );
      }
      Verified.setReplayKey(event, replayKey);
    });
  }
}
