import { ConfigurationError } from '../../errors/index.js';
import { WebhookVerificationError } from '../errors.js';
import type { CryptoEngine, Ed25519Fn, MacFn, Part } from '../internal/crypto-engine.js';
import { base64ToBytes } from '../internal/encoding.js';
import { readHeader } from '../internal/headers.js';
import { decodeSecret, KeyRing } from '../internal/key-ring.js';
import { matchSignature } from '../internal/match-signature.js';
import { andThen, firstMatch, type MaybePromise } from '../internal/maybe-async.js';
import type { Scheme, SchemeResult } from '../internal/scheme.js';
import { parseUnixDigits } from '../internal/timestamp.js';
import type { WebhookRequest, WebhookSecret, WebhookSecretSource } from '../types.js';

export interface StandardWebhooksKeys {
  /** `whsec_<base64>` secret(s) for `v1` (HMAC-SHA256) signatures. */
  readonly secret?: WebhookSecretSource;
  /** `whpk_<base64>` Ed25519 public key(s) (32 raw bytes) for `v1a` signatures. */
  readonly publicKey?: WebhookSecretSource;
}

interface HeaderNames {
  readonly signature: string;
  readonly id: string;
  readonly timestamp: string;
}

const WEBHOOK: HeaderNames = {
  signature: 'webhook-signature',
  id: 'webhook-id',
  timestamp: 'webhook-timestamp',
};
const SVIX: HeaderNames = {
  signature: 'svix-signature',
  id: 'svix-id',
  timestamp: 'svix-timestamp',
};
const V1_LENGTH = 44; // base64 of a 32-byte HMAC-SHA256
/** The spec lists one signature per active key; more than this is not rotation. */
const MAX_SIGNATURES = 16;

/**
 * Standard Webhooks 1.0: headers `webhook-id`, `webhook-timestamp` (unix
 * seconds), `webhook-signature` (space-separated `v1,<base64>` and
 * `v1a,<base64>` entries); signed content `{id}.{timestamp}.{body}`. `v1` is
 * HMAC-SHA256 keyed with the base64-decoded `whsec_` secret, `v1a` is Ed25519
 * under a `whpk_` public key. Svix sends the same scheme as `svix-*` headers,
 * read when `webhook-*` are absent (as the svix library does).
 * https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md
 */
export function standardWebhooksScheme(
  options: StandardWebhooksKeys,
  engine: CryptoEngine,
  name = 'standard-webhooks',
): Scheme {
  if (options.secret === undefined && options.publicKey === undefined) {
    throw new ConfigurationError(
      `The ${name} webhook verifier needs \`secret\` (whsec_…, for v1) or \`publicKey\` (whpk_…, for v1a), or both.`,
    );
  }
  const hmacKeys =
    options.secret === undefined
      ? undefined
      : new KeyRing<MacFn>(name, options.secret, (value) =>
          engine.hmacKey('sha256', decodeSecret(value, 'whsec')),
        );
  const edKeys =
    options.publicKey === undefined
      ? undefined
      : new KeyRing<Ed25519Fn>(
          name,
          options.publicKey,
          (value) => engine.ed25519Key(publicKeyBytes(value)),
          'publicKey',
        );

  return {
    name,
    signsTimestamp: true,
    verify(request: WebhookRequest, body: string | Uint8Array): MaybePromise<SchemeResult> {
      const headers = request.headers;
      let value = readHeader(headers, WEBHOOK.signature);
      let names = WEBHOOK;
      if (value === undefined) {
        value = readHeader(headers, SVIX.signature);
        if (value !== undefined) names = SVIX;
      }
      const id = readHeader(headers, names.id);
      const timestampText = readHeader(headers, names.timestamp);
      const signatureHeader = names.signature;
      if (value === undefined || id === undefined || timestampText === undefined) {
        const header =
          value === undefined ? signatureHeader : id === undefined ? names.id : names.timestamp;
        throw new WebhookVerificationError(
          'missing-header',
          `The ${header} header is missing: the delivery is unsigned, or a proxy dropped it.`,
          { scheme: name, header },
        );
      }
      const timestamp = parseUnixDigits(timestampText);
      if (Number.isNaN(timestamp)) {
        throw new WebhookVerificationError(
          'malformed-header',
          `The ${names.timestamp} header is not unix seconds.`,
          { scheme: name, header: names.timestamp },
        );
      }
      const v1: number[] = []; // spans in `value` (see matchSignature)
      const v1a: Uint8Array[] = [];
      // Space-separated entries, scanned in place: split() would allocate an
      // array of them on every delivery.
      for (let start = 0, count = 1; start <= value.length; count++) {
        if (count > MAX_SIGNATURES) {
          throw new WebhookVerificationError(
            'malformed-header',
            `The ${signatureHeader} header holds more than ${MAX_SIGNATURES} signatures.`,
            { scheme: name, header: signatureHeader },
          );
        }
        let end = value.indexOf(' ', start);
        if (end < 0) end = value.length;
        if (value.startsWith('v1,', start)) {
          if (end - start - 3 === V1_LENGTH) v1.push(start + 3, end);
        } else if (value.startsWith('v1a,', start)) {
          const signature = base64ToBytes(value.slice(start + 4, end));
          if (signature?.length === 64) v1a.push(signature);
        }
        start = end + 1;
      }
      if (v1.length === 0 && v1a.length === 0) {
        throw new WebhookVerificationError(
          'malformed-header',
          `The ${signatureHeader} header has no v1 or v1a signature; other versions are not accepted.`,
          { scheme: name, header: signatureHeader },
        );
      }
      const head = `${id}.${timestampText}.`;
      // The body stays a part of its own: joined to the head it would be copied again.
      const parts: Part[] = [head, body];
      const result: SchemeResult = { id, timestamp, payloadKind: 'json' };
      const hmac =
        hmacKeys === undefined || v1.length === 0
          ? undefined
          : matchSignature(hmacKeys.keys(request), parts, 'base64', value, v1);
      // The common case, a v1 match with node:crypto, returns without a closure.
      if (typeof hmac === 'number' && hmac >= 0) return result;
      const verified = andThen(hmac, (found) =>
        (found !== undefined && found >= 0) || edKeys === undefined || v1a.length === 0
          ? found !== undefined && found >= 0
          : firstMatch(edKeys.keys(request), (verify: Ed25519Fn) =>
              anySignature(verify, parts, v1a),
            ),
      );
      return andThen(verified, (matched) => {
        if (matched === true) return result;
        throw new WebhookVerificationError(
          'bad-signature',
          `No signature in the ${signatureHeader} header matches under the configured ${hmacKeys === undefined ? 'public key' : edKeys === undefined ? 'secret' : 'secret or public key'}. Check the key, and that the body reaches verify() unparsed.`,
          { scheme: name, header: signatureHeader },
        );
      });
    },
  };
}

/** True when any of the signatures verifies under one key. */
function anySignature(
  verify: Ed25519Fn,
  parts: readonly Part[],
  signatures: readonly Uint8Array[],
): MaybePromise<true | undefined> {
  return firstMatch(signatures, (signature) =>
    andThen(verify(parts, signature), (ok) => (ok ? true : undefined)),
  );
}

function publicKeyBytes(value: WebhookSecret): Uint8Array {
  const bytes =
    typeof value === 'string'
      ? base64ToBytes(value.startsWith('whpk_') ? value.slice(5) : value)
      : value;
  if (bytes?.length !== 32) {
    throw new ConfigurationError(
      "A Standard Webhooks public key must be 'whpk_' followed by the base64 of 32 raw Ed25519 bytes.",
    );
  }
  return bytes;
}
