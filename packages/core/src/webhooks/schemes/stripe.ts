import { WebhookVerificationError } from '../errors.js';
import type { CryptoEngine, MacFn } from '../internal/crypto-engine.js';
import { readHeader } from '../internal/headers.js';
import { decodeSecret, KeyRing } from '../internal/key-ring.js';
import { matchSignature } from '../internal/match-signature.js';
import type { MaybePromise } from '../internal/maybe-async.js';
import type { Scheme, SchemeResult } from '../internal/scheme.js';
import type { WebhookRequest, WebhookSecretSource } from '../types.js';

const HEADER = 'stripe-signature';
const TIMESTAMP = /^\d{1,16}$/;
const HEX_SHA256 = /^[0-9a-f]{64}$/;
/** Stripe sends one `v1` per active secret (two while one rolls); far more is not a real header. */
const MAX_ELEMENTS = 32;

/**
 * Stripe-style `t=<unix>,v1=<hex>[,v1=<hex>…]`: HMAC-SHA256 over `t + "." + body`,
 * keyed with the whole `whsec_…` text as UTF-8 (not base64-decoded, unlike
 * Standard Webhooks). Several `v1` entries appear while a secret rolls; `v0`
 * (test-mode legacy) and unknown keys are ignored, as stripe-node does.
 * https://docs.stripe.com/webhooks#verify-manually
 */
export function stripeScheme(
  secret: WebhookSecretSource | undefined,
  engine: CryptoEngine,
  name = 'stripe',
): Scheme {
  const keys = new KeyRing<MacFn>(name, secret, (value) =>
    engine.hmacKey('sha256', decodeSecret(value, 'utf8')),
  );
  return {
    name,
    signsTimestamp: true,
    verify(request: WebhookRequest, body: string | Uint8Array): MaybePromise<SchemeResult> {
      const value = readHeader(request.headers, HEADER);
      if (value === undefined) {
        throw new WebhookVerificationError(
          'missing-header',
          `The ${HEADER} header is missing: the delivery is unsigned, or a proxy dropped it.`,
          { scheme: name, header: HEADER },
        );
      }
      const elements = value.split(',', MAX_ELEMENTS + 1);
      let timestampText: string | undefined;
      const signatures: string[] = [];
      for (const element of elements) {
        const equals = element.indexOf('=');
        if (equals < 0) continue;
        const key = element.slice(0, equals);
        const item = element.slice(equals + 1);
        if (key === 't') timestampText = timestampText === undefined ? item : '';
        else if (key === 'v1' && HEX_SHA256.test(item)) signatures.push(item);
      }
      if (
        elements.length > MAX_ELEMENTS ||
        timestampText === undefined ||
        !TIMESTAMP.test(timestampText) ||
        signatures.length === 0
      ) {
        throw new WebhookVerificationError(
          'malformed-header',
          `The ${HEADER} header is not 't=<unix seconds>,v1=<hex>': it needs exactly one t and at least one v1 (v0 is not accepted).`,
          { scheme: name, header: HEADER },
        );
      }
      const parts =
        typeof body === 'string' ? [`${timestampText}.${body}`] : [`${timestampText}.`, body];
      const timestamp = Number(timestampText);
      const match = matchSignature(keys.keys(request), parts, 'hex', signatures);
      return match instanceof Promise
        ? match.then((signature) => result(signature, timestamp))
        : result(match, timestamp);
    },
  };

  function result(signature: string | undefined, timestamp: number): SchemeResult {
    if (signature !== undefined) return { timestamp, signature, payloadKind: 'json' };
    throw new WebhookVerificationError(
      'bad-signature',
      `No v1 signature in the ${HEADER} header matches the body. Check the endpoint's signing secret (whsec_…), and that the body reaches verify() unparsed.`,
      { scheme: name, header: HEADER },
    );
  }
}
