import { WebhookVerificationError } from '../errors.js';
import type { CryptoEngine, MacFn } from '../internal/crypto-engine.js';
import { timingSafeEqualString } from '../internal/encoding.js';
import { readHeader } from '../internal/headers.js';
import { decodeSecret, KeyRing } from '../internal/key-ring.js';
import { matchSignature } from '../internal/match-signature.js';
import { andThen, type MaybePromise } from '../internal/maybe-async.js';
import { bodyText } from '../internal/payload.js';
import type { Scheme, SchemeResult } from '../internal/scheme.js';
import type { WebhookRequest, WebhookSecretSource } from '../types.js';
import { publicUrl, type TwilioUrlOptions, toggledPort } from './twilio-url.js';

const HEADER = 'x-twilio-signature';
const BASE64_SHA1 = /^[A-Za-z0-9+/]{27}=$/;
/** Results carry nothing per delivery, so one frozen object of each kind serves them all. */
const FORM_RESULT: SchemeResult = Object.freeze({ payloadKind: 'form' });
const JSON_RESULT: SchemeResult = Object.freeze({ payloadKind: 'json' });

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
      const spans = [0, signature.length];
      const keyList = keys.keys(request);
      // Every secret under the URL as given, then under its port variant.
      const asGiven = matchSignature(keyList, [url.href + params], 'base64', signature, spans);
      const match =
        typeof asGiven === 'number' && asGiven >= 0
          ? asGiven
          : andThen(asGiven, (found) => {
              if (found >= 0) return found;
              const toggled = toggledPort(url);
              return toggled === undefined
                ? -1
                : matchSignature(keyList, [toggled + params], 'base64', signature, spans);
            });
      if (typeof match === 'number' && match >= 0) return checkBody(bodyHash, body);
      return andThen(match, (found) => {
        if (found < 0) {
          throw new WebhookVerificationError(
            'bad-signature',
            `The ${HEADER} header does not match. Check the auth token, and that the URL checked is the public URL Twilio called (behind a proxy, set publicUrl or trustProxy).`,
            { scheme: name, header: HEADER },
          );
        }
        return checkBody(bodyHash, body);
      });
    },
  };

  /** With a signed URL: a JSON delivery's body must hash to the URL's bodySHA256. */
  function checkBody(
    bodyHash: string | null,
    body: string | Uint8Array,
  ): MaybePromise<SchemeResult> {
    // No delivery id and no signed timestamp: the replay guard has no key,
    // so it is skipped unless a `replay.key` is given.
    if (bodyHash === null) return FORM_RESULT;
    const actual = engine.sha256Hex(body);
    return typeof actual === 'string'
      ? bodyMatches(actual, bodyHash)
      : actual.then((hex) => bodyMatches(hex, bodyHash));
  }

  function bodyMatches(actual: string, bodyHash: string): SchemeResult {
    // The digest is lower-case hex, so a match also proves bodySHA256 is.
    if (timingSafeEqualString(actual, bodyHash)) return JSON_RESULT;
    throw new WebhookVerificationError(
      'bad-signature',
      'The URL is signed but its bodySHA256 does not match the SHA-256 of the body: the body was changed, or it reached verify() re-serialized.',
      { scheme: name },
    );
  }
}
