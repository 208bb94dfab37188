import { ConfigurationError } from '../../errors/index.js';
import { WebhookVerificationError } from '../errors.js';
import type {
  CryptoEngine,
  DigestEncoding,
  HashName,
  MacFn,
  Part,
} from '../internal/crypto-engine.js';
import { readHeader } from '../internal/headers.js';
import { decodeSecret, KeyRing, type SecretEncoding } from '../internal/key-ring.js';
import { matchSignature } from '../internal/match-signature.js';
import type { MaybePromise } from '../internal/maybe-async.js';
import type { PayloadKind } from '../internal/payload.js';
import type { Scheme, SchemeResult } from '../internal/scheme.js';
import { parseTimestamp, type TimestampFormat } from '../internal/timestamp.js';
import type { WebhookRequest, WebhookSecretSource } from '../types.js';

/** A placeholder of a signed-content template. */
export type TemplateField = 'body' | 'timestamp' | 'id' | 'url';
export type TemplatePart = { readonly literal: string } | { readonly field: TemplateField };

/** Everything a "signature in one header, HMAC over a template" scheme varies in. */
export interface HmacHeaderSpec {
  readonly name: string;
  /** Lowercase header names. */
  readonly header: string;
  readonly hash: HashName;
  readonly encoding: DigestEncoding;
  readonly prefix: string;
  readonly template: readonly TemplatePart[];
  readonly timestampHeader?: string | undefined;
  readonly timestampFormat: TimestampFormat;
  /** The first present one is the delivery id. */
  readonly idHeaders: readonly string[];
  /** Splits several signatures (rotation) out of one header value. */
  readonly separator?: string | undefined;
  readonly secretEncoding: SecretEncoding;
  readonly payload: PayloadKind;
}

const HEX_LOWER = /^[0-9a-f]+$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
/** More signatures than this in one header is not rotation; refuse before doing work per entry. */
const MAX_SIGNATURES = 16;
const DIGEST_BYTES: Record<HashName, number> = { sha1: 20, sha256: 32, sha512: 64 };

export function encodedLength(hash: HashName, encoding: DigestEncoding): number {
  const bytes = DIGEST_BYTES[hash];
  return encoding === 'hex' ? bytes * 2 : Math.ceil(bytes / 3) * 4;
}

/** Turns `v0:{timestamp}:{body}` into parts; unknown placeholders are the validator's job. */
export function compileTemplate(template: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  const pattern = /\{(body|timestamp|id|url)\}/g;
  let last = 0;
  for (let match = pattern.exec(template); match !== null; match = pattern.exec(template)) {
    if (match.index > last) parts.push({ literal: template.slice(last, match.index) });
    parts.push({ field: match[1] as TemplateField });
    last = match.index + match[0].length;
  }
  if (last < template.length) parts.push({ literal: template.slice(last) });
  return parts;
}

export function hmacHeaderScheme(
  spec: HmacHeaderSpec,
  secret: WebhookSecretSource | undefined,
  engine: CryptoEngine,
): Scheme {
  const keys = new KeyRing<MacFn>(spec.name, secret, (value) =>
    engine.hmacKey(spec.hash, decodeSecret(value, spec.secretEncoding)),
  );
  const length = encodedLength(spec.hash, spec.encoding);
  const alphabet = spec.encoding === 'hex' ? HEX_LOWER : BASE64;
  const usesUrl = spec.template.some((part) => 'field' in part && part.field === 'url');
  const usesId = spec.template.some((part) => 'field' in part && part.field === 'id');
  const { name, header, prefix, separator, timestampHeader } = spec;

  function malformed(): WebhookVerificationError {
    return new WebhookVerificationError(
      'malformed-header',
      `The ${header} header is not ${prefix === '' ? '' : `'${prefix}' followed by `}a ${spec.hash} ${spec.encoding} digest. Check the scheme matches the vendor.`,
      { scheme: name, header },
    );
  }

  /**
   * Where the signatures of the right prefix and length sit in the header
   * value (see matchSignature); their alphabet is checked only if none matches.
   */
  function candidates(value: string): number[] {
    if (separator === undefined) {
      if (value.length !== prefix.length + length || !value.startsWith(prefix)) throw malformed();
      return [prefix.length, value.length];
    }
    // The entries split(separator) would give, each trimmed, found in place.
    const spans: number[] = [];
    for (let start = 0, count = 1; start <= value.length; count++) {
      if (count > MAX_SIGNATURES) {
        throw new WebhookVerificationError(
          'malformed-header',
          `The ${header} header holds more than ${MAX_SIGNATURES} signatures.`,
          { scheme: name, header },
        );
      }
      let end = value.indexOf(separator, start);
      if (end < 0) end = value.length;
      const raw = value.slice(start, end);
      const from = start + raw.length - raw.trimStart().length;
      const to = end - (raw.length - raw.trimEnd().length);
      if (to - from === prefix.length + length && value.startsWith(prefix, from)) {
        spans.push(from + prefix.length, to);
      }
      start = end + separator.length;
    }
    if (spans.length === 0) throw malformed();
    return spans;
  }

  function read(request: WebhookRequest, field: string): string {
    const value = readHeader(request.headers, field);
    if (value === undefined) {
      throw new WebhookVerificationError(
        'missing-header',
        field === header
          ? `The ${header} header is missing: the delivery is unsigned, or a proxy dropped it. Check the webhook has a secret set at the vendor.`
          : `The ${field} header is missing; it is part of what is signed.`,
        { scheme: name, header: field },
      );
    }
    return value;
  }

  return {
    name,
    signsTimestamp: timestampHeader !== undefined,
    verify(request: WebhookRequest, body: string | Uint8Array): MaybePromise<SchemeResult> {
      const value = read(request, header);
      const spans = candidates(value);
      let timestampText: string | undefined;
      let timestamp: number | undefined;
      if (timestampHeader !== undefined) {
        timestampText = read(request, timestampHeader);
        timestamp = parseTimestamp(timestampText, spec.timestampFormat, name, timestampHeader);
      }
      let id: string | undefined;
      for (const idHeader of spec.idHeaders) {
        id = readHeader(request.headers, idHeader);
        if (id !== undefined) break;
      }
      if (usesId && id === undefined) read(request, spec.idHeaders[0]!);
      if (usesUrl && request.url === undefined) {
        throw new ConfigurationError(
          `The ${name} scheme signs the URL: pass \`url\` (the public URL the vendor called) to verify().`,
        );
      }
      const parts = signedParts(spec.template, body, timestampText, id, request.url);
      const match = matchSignature(keys.keys(request), parts, spec.encoding, value, spans);
      return typeof match === 'number'
        ? result(match, value, spans, id, timestamp)
        : match.then((found) => result(found, value, spans, id, timestamp));
    },
  };

  function result(
    found: number,
    value: string,
    spans: readonly number[],
    id: string | undefined,
    timestamp: number | undefined,
  ): SchemeResult {
    if (found >= 0) {
      const signature = value.slice(spans[found], spans[found + 1]);
      return { id, timestamp, signature, payloadKind: spec.payload };
    }
    let wellFormed = false;
    for (let i = 0; i < spans.length && !wellFormed; i += 2) {
      wellFormed = alphabet.test(value.slice(spans[i], spans[i + 1]));
    }
    if (!wellFormed) throw malformed();
    throw new WebhookVerificationError(
      'bad-signature',
      `No signature in the ${header} header matches the body under the configured secret(s). Check the secret, and that the body reaches verify() unparsed.`,
      { scheme: name, header },
    );
  }
}

/**
 * The signed content as parts: the text around the body merged, so
 * node:crypto sees as few `update` calls as possible (each one crosses into
 * C++), and the body always a part of its own, even as a string: joined to
 * the text it would be copied once more (a 64 KB string body: 43.9 µs
 * against 39.7 µs per MAC on Node 24).
 */
function signedParts(
  template: readonly TemplatePart[],
  body: string | Uint8Array,
  timestamp: string | undefined,
  id: string | undefined,
  url: string | undefined,
): Part[] {
  const parts: Part[] = [];
  let text = '';
  for (const part of template) {
    if ('literal' in part) text += part.literal;
    else if (part.field === 'timestamp') text += timestamp ?? '';
    else if (part.field === 'id') text += id ?? '';
    else if (part.field === 'url') text += url ?? '';
    else {
      if (text !== '') parts.push(text);
      text = '';
      parts.push(body);
    }
  }
  if (text !== '') parts.push(text);
  return parts;
}
