import { ConfigurationError } from '../errors/index.js';
import { compileTemplate, type HmacHeaderSpec } from './schemes/hmac-header.js';

/**
 * A vendor's HMAC scheme as data, the shape a `pack.yaml` `webhooks:` entry
 * takes. Example (Jira admin webhooks):
 * `{ header: X-Hub-Signature, algorithm: sha256, encoding: hex, prefix: 'sha256=' }`.
 */
export interface CustomWebhookScheme {
  /** Name used in errors and events. Default 'custom'. */
  readonly name?: string;
  /** The header holding the signature. */
  readonly header: string;
  readonly algorithm: 'sha1' | 'sha256' | 'sha512';
  readonly encoding: 'hex' | 'base64';
  /** Text before the digest, e.g. `sha256=`. Default ''. */
  readonly prefix?: string;
  /**
   * What is signed, with `{body}` (required, once), `{timestamp}`, `{id}`
   * and `{url}` placeholders, e.g. `v0:{timestamp}:{body}`. Default '{body}'.
   */
  readonly signedContent?: string;
  /** The header with the signed timestamp; required when `signedContent` has `{timestamp}`. */
  readonly timestampHeader?: string;
  /** Default 'unix' (seconds). */
  readonly timestampFormat?: 'unix' | 'unix-ms' | 'iso8601';
  /** The header with the delivery id; required when `signedContent` has `{id}`. */
  readonly idHeader?: string;
  /** Splits several signatures (secret rotation) out of the header, e.g. ' ' or ','. Default: one signature. */
  readonly separator?: string;
  /** How the secret text becomes key bytes. Default 'utf8' (as-is). */
  readonly secretEncoding?: 'utf8' | 'base64' | 'hex';
}

export type CustomSchemeValidation =
  | { readonly ok: true; readonly scheme: CustomWebhookScheme }
  | { readonly ok: false; readonly error: ConfigurationError };

const FIELDS = new Set([
  'name',
  'header',
  'algorithm',
  'encoding',
  'prefix',
  'signedContent',
  'timestampHeader',
  'timestampFormat',
  'idHeader',
  'separator',
  'secretEncoding',
]);
// RFC 9110 §5.6.2 token: what a header name may be.
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}$/;
const PLACEHOLDER = /\{([^{}]*)\}/g;
const PLACEHOLDERS = new Set(['body', 'timestamp', 'id', 'url']);

function fail(field: string, problem: string): CustomSchemeValidation {
  return {
    ok: false,
    error: new ConfigurationError(`Custom webhook scheme: \`${field}\` ${problem}.`, {
      details: { field },
    }),
  };
}

function oneOf(value: unknown, allowed: readonly string[]): boolean {
  return typeof value === 'string' && allowed.includes(value);
}

/**
 * Checks a declaration (typically parsed from pack.yaml). Answers the scheme,
 * or a ConfigurationError whose message and `details.field` name the bad field.
 */
export function validateCustomScheme(value: unknown): CustomSchemeValidation {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail('(scheme)', 'must be an object');
  }
  const decl = value as Record<string, unknown>;
  for (const key of Object.keys(decl)) {
    if (!FIELDS.has(key)) return fail(key, `is not a field (known: ${[...FIELDS].join(', ')})`);
  }
  if (decl.name !== undefined && (typeof decl.name !== 'string' || !TOKEN.test(decl.name))) {
    return fail('name', 'must be a short name of letters, digits and -');
  }
  for (const field of ['header', 'timestampHeader', 'idHeader'] as const) {
    const header = decl[field];
    if (
      (field === 'header' || header !== undefined) &&
      (typeof header !== 'string' || !TOKEN.test(header))
    ) {
      return fail(field, 'must be an HTTP header name');
    }
  }
  if (!oneOf(decl.algorithm, ['sha1', 'sha256', 'sha512'])) {
    return fail('algorithm', "must be 'sha1', 'sha256' or 'sha512'");
  }
  if (!oneOf(decl.encoding, ['hex', 'base64']))
    return fail('encoding', "must be 'hex' or 'base64'");
  if (decl.prefix !== undefined && (typeof decl.prefix !== 'string' || decl.prefix.length > 64)) {
    return fail('prefix', 'must be text of at most 64 characters');
  }
  if (
    decl.separator !== undefined &&
    (typeof decl.separator !== 'string' || decl.separator === '' || decl.separator.length > 4)
  ) {
    return fail('separator', 'must be 1 to 4 characters');
  }
  if (decl.timestampFormat !== undefined) {
    if (!oneOf(decl.timestampFormat, ['unix', 'unix-ms', 'iso8601'])) {
      return fail('timestampFormat', "must be 'unix', 'unix-ms' or 'iso8601'");
    }
    if (decl.timestampHeader === undefined) return fail('timestampFormat', 'needs timestampHeader');
  }
  if (decl.secretEncoding !== undefined && !oneOf(decl.secretEncoding, ['utf8', 'base64', 'hex'])) {
    return fail('secretEncoding', "must be 'utf8', 'base64' or 'hex'");
  }
  const template = decl.signedContent ?? '{body}';
  if (typeof template !== 'string' || template.length > 256) {
    return fail('signedContent', 'must be text of at most 256 characters');
  }
  const used = new Map<string, number>();
  for (const match of template.matchAll(PLACEHOLDER)) {
    const placeholder = match[1]!;
    if (!PLACEHOLDERS.has(placeholder)) {
      return fail(
        'signedContent',
        `has an unknown placeholder {${placeholder}} (use {body}, {timestamp}, {id}, {url})`,
      );
    }
    used.set(placeholder, (used.get(placeholder) ?? 0) + 1);
  }
  if (/[{}]/.test(template.replace(PLACEHOLDER, ''))) {
    return fail('signedContent', 'has an unmatched { or }');
  }
  if (used.get('body') !== 1) {
    return fail(
      'signedContent',
      'must contain {body} exactly once: a signature that does not cover the body proves nothing about it',
    );
  }
  if (used.has('timestamp') !== (decl.timestampHeader !== undefined)) {
    return used.has('timestamp')
      ? fail('timestampHeader', 'is required: signedContent uses {timestamp}')
      : fail(
          'timestampHeader',
          'is set but signedContent has no {timestamp}; an unsigned timestamp cannot stop replays',
        );
  }
  if (used.has('id') && decl.idHeader === undefined) {
    return fail('idHeader', 'is required: signedContent uses {id}');
  }
  return { ok: true, scheme: decl as unknown as CustomWebhookScheme };
}

/** The internal spec of a valid declaration; throws its ConfigurationError otherwise. */
export function compileCustomScheme(value: unknown): HmacHeaderSpec {
  const result = validateCustomScheme(value);
  if (!result.ok) throw result.error;
  const decl = result.scheme;
  return {
    name: decl.name ?? 'custom',
    header: decl.header.toLowerCase(),
    hash: decl.algorithm,
    encoding: decl.encoding,
    prefix: decl.prefix ?? '',
    template: compileTemplate(decl.signedContent ?? '{body}'),
    timestampHeader: decl.timestampHeader?.toLowerCase(),
    timestampFormat: decl.timestampFormat ?? 'unix',
    idHeaders: decl.idHeader === undefined ? [] : [decl.idHeader.toLowerCase()],
    separator: decl.separator,
    secretEncoding: decl.secretEncoding ?? 'utf8',
    payload: 'auto',
  };
}
