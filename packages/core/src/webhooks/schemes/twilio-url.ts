import { WebhookVerificationError } from '../errors.js';
import { readHeader } from '../internal/headers.js';
import type { WebhookRequest } from '../types.js';

export interface TwilioUrlOptions {
  /**
   * The URL Twilio calls: a string used as-is (the URL set in the console),
   * or a function building it per delivery. Default: rebuilt from
   * `request.url` and the Host header.
   */
  readonly publicUrl?: string | ((request: WebhookRequest) => string);
  /**
   * Trust `X-Forwarded-Proto` and `X-Forwarded-Host` (first value each) when
   * rebuilding the URL. Only turn on behind a proxy that sets them, or a
   * client can choose the URL that is checked. Default false.
   */
  readonly trustProxy?: boolean;
  /** Protocol assumed when `request.url` is a path and no trusted proxy says. Default 'https'. */
  readonly protocol?: 'https' | 'http';
}

const SCHEME = 'twilio';

function first(value: string | undefined): string | undefined {
  const item = value?.split(',', 1)[0]?.trim();
  return item === '' ? undefined : item;
}

/** The public URL Twilio signed, before port variants. */
export function publicUrl(request: WebhookRequest, options: TwilioUrlOptions): URL {
  const configured = options.publicUrl;
  let text: string;
  if (typeof configured === 'function') text = configured(request);
  else if (configured !== undefined) text = configured;
  else {
    const rebuilt = rebuild(request, options);
    if (typeof rebuilt !== 'string') return rebuilt;
    text = rebuilt;
  }
  try {
    return new URL(text);
  } catch {
    throw new WebhookVerificationError(
      'malformed-header',
      'The public URL of this delivery is not a valid absolute URL; set `publicUrl` to the URL configured at Twilio.',
      { scheme: SCHEME },
    );
  }
}

/** The URL rebuilt as text, or the request's own parsed URL when that is what the text would parse to. */
function rebuild(request: WebhookRequest, options: TwilioUrlOptions): string | URL {
  const url = request.url;
  if (url === undefined) {
    throw new WebhookVerificationError(
      'missing-header',
      'Twilio signs the full URL it called: pass `url` to verify(), or set `publicUrl`.',
      { scheme: SCHEME },
    );
  }
  const absolute = /^[a-z][a-z0-9+.-]*:\/\//i.test(url);
  let pathAndQuery = url;
  let protocol = options.protocol ?? 'https';
  let host: string | undefined;
  let parsed: URL | undefined;
  if (absolute) {
    parsed = safeUrl(url);
    pathAndQuery = `${parsed.pathname}${parsed.search}`;
    protocol = parsed.protocol.slice(0, -1) as 'https' | 'http';
    host = parsed.host;
  } else {
    host = readHeader(request.headers, 'host');
  }
  if (options.trustProxy === true) {
    const forwardedProto = first(readHeader(request.headers, 'x-forwarded-proto'))?.toLowerCase();
    if (forwardedProto === 'https' || forwardedProto === 'http') protocol = forwardedProto;
    host = first(readHeader(request.headers, 'x-forwarded-host')) ?? host;
  }
  if (host === undefined) {
    throw new WebhookVerificationError(
      'missing-header',
      'Cannot rebuild the public URL: the request has no Host header. Set `publicUrl`.',
      { scheme: SCHEME, header: 'host' },
    );
  }
  const text = `${protocol}://${host}${pathAndQuery.startsWith('/') ? '' : '/'}${pathAndQuery}`;
  // Parsing the text again would cost a fifth of a JSON delivery's
  // verification. When it equals the parsed URL's own serialization (no
  // credentials, fragment or bare '?' dropped, no forwarded host or proto
  // applied), that URL is what parsing would give: WHATWG serialization of an
  // http(s) URL parses back to the same URL.
  // https://url.spec.whatwg.org/#url-serializing
  return parsed !== undefined &&
    (parsed.protocol === 'https:' || parsed.protocol === 'http:') &&
    text === parsed.href
    ? parsed
    : text;
}

function safeUrl(text: string): URL {
  try {
    return new URL(text);
  } catch {
    throw new WebhookVerificationError('malformed-header', 'The request URL is not valid.', {
      scheme: SCHEME,
    });
  }
}

/**
 * The URL with its port toggled, or undefined when that is the URL itself:
 * Twilio's own helper checks both the URL with the scheme's default port
 * added and with any port removed, because Twilio's signing is not
 * consistent about it (twilio-node src/webhooks/webhooks.ts,
 * validateRequest). Only built when the URL as given does not verify.
 */
export function toggledPort(url: URL): string | undefined {
  const asGiven = url.href;
  let toggled: string;
  if (url.port === '') {
    // WHATWG URL drops a default port, so it is spliced in by hand.
    const port = url.protocol === 'https:' ? ':443' : ':80';
    const authority = `${url.protocol}//${url.username}${url.password ? `:${url.password}` : ''}${url.username || url.password ? '@' : ''}${url.host}`;
    toggled = `${authority}${port}${asGiven.slice(authority.length)}`;
  } else {
    const copy = new URL(asGiven);
    copy.port = '';
    toggled = copy.href;
  }
  return toggled === asGiven ? undefined : toggled;
}
