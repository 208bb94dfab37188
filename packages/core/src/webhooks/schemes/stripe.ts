import { WebhookVerificationError } from '../errors.js';
import type { CryptoEngine, MacFn } from '../internal/crypto-engine.js';
import { readHeader } from '../internal/headers.js';
import { decodeSecret, KeyRing } from '../internal/key-ring.js';
import { matchSignature } from '../internal/match-signature.js';
import type { MaybePromise } from '../internal/maybe-async.js';
import type { Scheme, SchemeResult } from '../internal/scheme.js';
import { parseUnixDigits } from '../internal/timestamp.js';
import type { WebhookRequest, WebhookSecretSource } from '../types.js';

const HEADER = 'stripe-signature';
const HEX_SHA256 = /^[0-9a-f]{64}$/;
const HEX_SHA256_LENGTH = 64;
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
      // Comma-separated `key=value` elements, read in place (see matchSignature).
      let timestampText: string | undefined;
      const spans: number[] = [];
      for (let start = 0, count = 1; start <= value.length; count++) {
        if (count > MAX_ELEMENTS) throw malformed();
        let end = value.indexOf(',', start);
        if (end < 0) end = value.length;
        if (start + 2 <= end && value.startsWith('t=', start)) {
          timestampText = timestampText === undefined ? value.slice(start + 2, end) : '';
        } else if (end - start - 3 === HEX_SHA256_LENGTH && value.startsWith('v1=', start)) {
          // Hex is checked only if none matches: the digest is hex, so a match is.
          spans.push(start + 3, end);
        }
        start = end + 1;
      }
      const timestamp = timestampText === undefined ? Number.NaN : parseUnixDigits(timestampText);
      if (Number.isNaN(timestamp) || spans.length === 0) throw malformed();
      // The body stays a part of its own: joined to the head it would be copied again.
      const parts = [`${timestampText}.`, body];
      const match = matchSignature(keys.keys(request), parts, 'hex', value, spans);
      return typeof match === 'number'
        ? result(match, value, spans, timestamp)
        : match.then((found) => result(found, value, spans, timestamp));
    },
  };

  function malformed(): WebhookVerificationError {
    return new WebhookVerificationError(
      'malformed-header',
      `The ${HEADER} header is not 't=<unix seconds>,v1=<hex>': it needs exactly one t and at least one v1 (v0 is not accepted).`,
      { scheme: name, header: HEADER },
    );
  }

  function result(
    found: number,
    value: string,
    spans: readonly number[],
    timestamp: number,
  ): SchemeResult {
    if (found >= 0) {
      const signature = value.slice(spans[found], spans[found + 1]);
      return { timestamp, signature, payloadKind: 'json' };
    }
    let hex = false;
    for (let i = 0; i < spans.length && !hex; i += 2) {
      hex = HEX_SHA256.test(value.slice(spans[i], spans[i + 1]));
    }
    if (!hex) throw malformed();
    throw new WebhookVerificationError(
      'bad-signature',
      `No v1 signature in the ${HEADER} header matches the body. Check the endpoint's signing secret (whsec_…), and that the body reaches verify() unparsed.`,
      { scheme: name, header: HEADER },
    );
  }
}
