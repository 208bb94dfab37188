import { ConfigurationError, CoreError } from '../errors/index.js';
import type { EventSink } from '../transport/types.js';
import type { CustomWebhookScheme } from './custom-scheme.js';
import { compileCustomScheme } from './custom-scheme.js';
import { isWebhookVerificationError, WebhookVerificationError } from './errors.js';
import { selectCryptoEngine } from './internal/crypto-engine.js';
import { readHeader } from './internal/headers.js';
import { andThen, type MaybePromise } from './internal/maybe-async.js';
import { parsePayload } from './internal/payload.js';
import { toRawBody } from './internal/raw-body.js';
import type { Scheme, SchemeResult } from './internal/scheme.js';
import { checkTolerance } from './internal/timestamp.js';
import { createMemoryReplayStore, type ReplayStore } from './replay-store.js';
import { hmacHeaderScheme } from './schemes/hmac-header.js';
import { type JwtSchemeOptions, jwtScheme } from './schemes/jwt.js';
import { GITHUB, META, SHOPIFY, SLACK, ZENDESK } from './schemes/presets.js';
import { type StandardWebhooksKeys, standardWebhooksScheme } from './schemes/standard-webhooks.js';
import { stripeScheme } from './schemes/stripe.js';
import { twilioScheme } from './schemes/twilio.js';
import type { TwilioUrlOptions } from './schemes/twilio-url.js';
import type { InferPayload, StandardSchemaV1 } from './standard-schema.js';
import type {
  CommonVerifierOptions,
  HeadersInput,
  VerifiedWebhook,
  WebhookRequest,
  WebhookSecretSource,
  WebhookVerifier,
} from './types.js';

export interface SecretOptions {
  /** The signing secret(s): one, several during rotation, or a function choosing per delivery. */
  readonly secret: WebhookSecretSource;
}

/** The options of each named scheme, on top of CommonVerifierOptions. */
export interface WebhookSchemeOptions {
  github: SecretOptions;
  meta: SecretOptions;
  shopify: SecretOptions;
  zendesk: SecretOptions;
  slack: SecretOptions;
  stripe: SecretOptions;
  twilio: SecretOptions & TwilioUrlOptions;
  'standard-webhooks': StandardWebhooksKeys;
  jwt: JwtSchemeOptions;
}

export type WebhookSchemeName = keyof WebhookSchemeOptions;

const DEFAULT_TOLERANCE_SECONDS = 300;
const UNTIMED_REPLAY_TTL_SECONDS = 86_400;
const UNPARSED: unique symbol = Symbol('unparsed');

class Verified<Payload> implements VerifiedWebhook<Payload> {
  readonly scheme: string;
  readonly id: string | undefined;
  readonly body: string | Uint8Array;
  readonly claims: Readonly<Record<string, unknown>> | undefined;
  #payload: unknown;
  #replayKey: string | undefined;
  readonly #result: SchemeResult;
  readonly #headers: HeadersInput;

  constructor(
    scheme: string,
    result: SchemeResult,
    body: string | Uint8Array,
    headers: HeadersInput,
  ) {
    this.scheme = scheme;
    this.id = result.id;
    this.body = body;
    this.claims = result.claims;
    this.#result = result;
    this.#headers = headers;
    this.#payload = 'payload' in result ? result.payload : UNPARSED;
  }

  get timestamp(): Date | undefined {
    const seconds = this.#result.timestamp;
    return seconds === undefined ? undefined : new Date(seconds * 1000);
  }

  /** Parsed on first read: verifying never pays for a parse the caller does not use. */
  get payload(): Payload {
    if (this.#payload === UNPARSED) {
      const contentType = readHeader(this.#headers, 'content-type');
      this.#payload = parsePayload(this.body, this.#result.payloadKind, contentType, this.scheme);
    }
    return this.#payload as Payload;
  }

  /** Module-internal: the class is not exported, so these stay out of the public shape. */
  static setPayload(event: Verified<unknown>, value: unknown): void {
    event.#payload = value;
  }

  static setReplayKey(event: Verified<unknown>, key: string): void {
    event.#replayKey = key;
  }

  static replayKey(event: object): string | undefined {
    return event instanceof Verified ? event.#replayKey : undefined;
  }
}

function emit(events: EventSink | undefined, type: string, data: Record<string, unknown>): void {
  if (events === undefined || !events.active) return;
  try {
    events.emit(type, data);
  } catch {
    // Telemetry observes; it never changes the verdict.
  }
}

class Verifier<Payload> implements WebhookVerifier<Payload> {
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
    if (!(ttlSeconds > 0))
      throw new ConfigurationError('replay.ttlSeconds must be a positive number.');
    this.#ttlMs = ttlSeconds * 1000;
    this.#replayKey = replay === false ? undefined : replay.key;
    if (
      options.schema !== undefined &&
      typeof options.schema['~standard']?.validate !== 'function'
    ) {
      throw new ConfigurationError(
        'schema must implement Standard Schema (a `~standard.validate` function), e.g. a zod 4 schema.',
      );
    }
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
      const accepted = andThen(this.#impl.verify(request, body), (result) =>
        this.#accept(request, body, result),
      );
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
    if (result.timestamp !== undefined && result.enforceTolerance !== false) {
      checkTolerance(result.timestamp, this.#now(), this.#toleranceSeconds, this.scheme);
    }
    const event = new Verified<Payload>(this.scheme, result, body, request.headers);
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

/**
 * Makes a verifier once (keys are imported here, not per delivery) for a
 * named scheme or a declared custom one.
 */
export function createWebhookVerifier<
  Name extends WebhookSchemeName,
  Schema extends StandardSchemaV1 | undefined = undefined,
>(
  scheme: Name,
  options: WebhookSchemeOptions[Name] & CommonVerifierOptions<Schema>,
): WebhookVerifier<InferPayload<Schema>>;
export function createWebhookVerifier<Schema extends StandardSchemaV1 | undefined = undefined>(
  scheme: CustomWebhookScheme,
  options: SecretOptions & CommonVerifierOptions<Schema>,
): WebhookVerifier<InferPayload<Schema>>;
export function createWebhookVerifier(
  scheme: WebhookSchemeName | CustomWebhookScheme,
  options: CommonVerifierOptions<StandardSchemaV1 | undefined> & { readonly secret?: unknown },
): WebhookVerifier<unknown> {
  if (typeof options !== 'object' || options === null) {
    throw new ConfigurationError(
      'createWebhookVerifier(scheme, options): options are required (at least the secret).',
    );
  }
  const toleranceSeconds = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (!(toleranceSeconds >= 0) || !Number.isFinite(toleranceSeconds)) {
    throw new ConfigurationError('toleranceSeconds must be a finite number of seconds, 0 or more.');
  }
  const now = options.now ?? Date.now;
  const engine = selectCryptoEngine(options.crypto);
  const secret = options.secret as WebhookSecretSource | undefined;
  let impl: Scheme;
  if (typeof scheme === 'object' && scheme !== null) {
    impl = hmacHeaderScheme(compileCustomScheme(scheme), secret, engine);
  } else {
    switch (scheme) {
      case 'github':
        impl = hmacHeaderScheme(GITHUB, secret, engine);
        break;
      case 'meta':
        impl = hmacHeaderScheme(META, secret, engine);
        break;
      case 'shopify':
        impl = hmacHeaderScheme(SHOPIFY, secret, engine);
        break;
      case 'zendesk':
        impl = hmacHeaderScheme(ZENDESK, secret, engine);
        break;
      case 'slack':
        impl = hmacHeaderScheme(SLACK, secret, engine);
        break;
      case 'stripe':
        impl = stripeScheme(secret, engine);
        break;
      case 'twilio':
        impl = twilioScheme(options as unknown as SecretOptions & TwilioUrlOptions, engine);
        break;
      case 'standard-webhooks':
        impl = standardWebhooksScheme(options as unknown as StandardWebhooksKeys, engine);
        break;
      case 'jwt':
        impl = jwtScheme(options as unknown as JwtSchemeOptions, engine, { now, toleranceSeconds });
        break;
      default:
        throw new ConfigurationError(
          `Unknown webhook scheme '${String(scheme)}'. Use one of github, meta, shopify, zendesk, slack, stripe, twilio, standard-webhooks, jwt, or a custom scheme declaration.`,
        );
    }
  }
  return new Verifier(impl, options, toleranceSeconds, now);
}
