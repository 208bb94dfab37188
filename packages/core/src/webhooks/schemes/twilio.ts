import { WebhookVerificationError } from '../errors.js';
import type { CryptoEngine, MacFn } from '../internal/crypto-engine.js';
import { timingSafeEqualString } from '../internal/encoding.js';
import { readHeader } from '../internal/headers.js';
import { decodeSecret, KeyRing } from '../internal/key-ring.js';
import { andThen, firstMatch, type MaybePromise } from '../internal/maybe-async.js';
import { bodyText } from '../internal/payload.js';
import type { Scheme, SchemeResult } from '../internal/scheme.js';
import type { WebhookRequest, WebhookSecretSource } from '../types.js';
import { publicUrl, type TwilioUrlOptions, urlVariants } from './twilio-url.js';

const HEADER = 'x-twilio-signature';
const BASE64_SHA1 = /^[A-Za-z0-9+/]{27}=$/;
const HEX_SHA256 = /^[0-9a-f]{64}$/;

/**
 * The signed data of a form-encoded delivery: the URL, then every POST
 * parameter as name + value, names sorted; a repeated name contributes each
 * distinct value, sorted (twilio-node getExpectedTwilioSignature).
 * https://www.twilio.com/docs/usage/security#validating-requests
 */
export function twilioSignedParams(form: string): string {
  const values = new Map<string, string[]>();
  for (const [name, value] of new URLSearchParams(form)) {
    const list = values.get(name);
    if (list === undefined) values.set(name, [value]);
    else if (!list.includes(value)) list.push(value);
  }
  let data = '';
  for (const name of [...values.keys()].sort()) {
    for (const value of values.get(name)!.sort()) data += name + value;
  }
  return data;
}

/**
 * Twilio `X-Twilio-Signature`: base64 HMAC-SHA1 keyed with the auth token.
 * Form deliveries sign URL + sorted params. JSON deliveries carry
 * `bodySHA256=<hex SHA-256 of the body>` in the query and sign the URL alone;
 * then both the signature and the body hash must match. The URL is the public
 * one Twilio called: behind a proxy, set `publicUrl` or `trustProxy`.
 */
export function twilioScheme(
  options: TwilioUrlOptions & { readonly secret?: WebhookSecretSource },
  engine: CryptoEngine,
): Scheme {
  const name = 'twilio';
  const keys = new KeyRing<MacFn>(name, options.secret, (value) =>
    engine.hmacKey('sha1', decodeSecret(value, 'utf8')),
  );
  return {
    name,
    signsTimestamp: false,
    verify(request: WebhookRequest, body: string | Uint8Array): MaybePromise<SchemeResult> {
      const signature = readHeader(request.headers, HEADER);
      if (signature === undefined) {
        throw new WebhookVerificationError(
          'missing-header',
          `The ${HEADER} header is missing: the request did not come from Twilio, or a proxy dropped it.`,
          { scheme: name, header: HEADER },
        );
      }
      if (!BASE64_SHA1.test(signature)) {
        throw new WebhookVerificationError(
          'malformed-header',
          `The ${HEADER} header is not a base64 HMAC-SHA1.`,
          { scheme: name, header: HEADER },
        );
      }
      const url = publicUrl(request, options);
      const bodyHash = url.searchParams.get('bodySHA256');
      const params = bodyHash === null ? twilioSignedParams(bodyText(body)) : '';
      const variants = urlVariants(url);
      // Any secret under any URL variant; a variant list of one or two, so all pairs are tried.
      const match = firstMatch(keys.keys(request), (mac: MacFn) =>
        firstMatch(variants, (variant) =>
          andThen(mac([variant + params], 'base64'), (expected) =>
            timingSafeEqualString(expected, signature) ? true : undefined,
          ),
        ),
      );
      const signed = andThen(match, (matched) => {
        if (matched !== true) {
          throw new WebhookVerificationError(
            'bad-signature',
            `The ${HEADER} header does not match. Check the auth token, and that the URL checked is the public URL Twilio called (behind a proxy, set publicUrl or trustProxy).`,
            { scheme: name, header: HEADER },
          );
        }
        return bodyHash === null ? undefined : engine.sha256Hex(body);
      });
      return andThen(signed, (actual) => {
        if (
          bodyHash !== null &&
          !(HEX_SHA256.test(bodyHash) && timingSafeEqualString(actual!, bodyHash))
        ) {
          throw new WebhookVerificationError(
            'bad-signature',
            'The URL is signed but its bodySHA256 does not match the SHA-256 of the body: the body was changed, or it reached verify() re-serialized.',
            { scheme: name },
          );
        }
        // No delivery id and no signed timestamp: the replay guard has no key,
        // so it is skipped unless a `replay.key` is given.
        return { payloadKind: bodyHash === null ? 'form' : 'json' };
      });
    },
  };
}
