import type { WebhookRequest } from '../types.js';
import type { CryptoEngine } from './crypto-engine.js';
import type { MaybePromise } from './maybe-async.js';
import type { PayloadKind } from './payload.js';

/** What a scheme learned from a delivery whose signature it accepted. */
export interface SchemeResult {
  /** The vendor's delivery id. */
  readonly id?: string | undefined;
  /** The signed timestamp, epoch seconds. */
  readonly timestamp?: number | undefined;
  /** Whether the verifier's tolerance applies to `timestamp` (JWTs carry their own `exp`). Default true. */
  readonly enforceTolerance?: boolean;
  /** The signature that matched: the replay key of a timestamped delivery with no id. */
  readonly signature?: string | undefined;
  readonly payloadKind: PayloadKind;
  /** Verified JWT claims. */
  readonly claims?: Readonly<Record<string, unknown>>;
  /** The payload when the scheme already has it (a JWT carried in the body). */
  readonly payload?: unknown;
}

/** One signature scheme: checks the signature, nothing else (the verifier owns time, replay and schema). */
export interface Scheme {
  readonly name: string;
  /** Whether deliveries carry a signed timestamp; sets the default replay TTL. */
  readonly signsTimestamp: boolean;
  verify(request: WebhookRequest, body: string | Uint8Array): MaybePromise<SchemeResult>;
}

export type SchemeFactory<Options> = (options: Options, engine: CryptoEngine) => Scheme;
