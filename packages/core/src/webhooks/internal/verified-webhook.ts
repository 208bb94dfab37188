import type { HeadersInput, VerifiedWebhook } from '../types.js';
import { readHeader } from './headers.js';
import { parsePayload } from './payload.js';
import type { SchemeResult } from './scheme.js';

const UNPARSED: unique symbol = Symbol('unparsed');

/** The verified event; the class stays internal so its setters are not public API. */
export class Verified<Payload> implements VerifiedWebhook<Payload> {
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

  #timestamp: Date | undefined;

  get timestamp(): Date | undefined {
    const seconds = this.#result.timestamp;
    if (seconds !== undefined) this.#timestamp ??= new Date(seconds * 1000);
    return this.#timestamp;
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
