import { REDACTED } from './allow-lists.js';
import { redactUrl } from './redact-url.js';

// Absolute URLs anywhere in a message; the query goes through redactUrl. Trailing
// punctuation is left out so "failed (https://x/y)." keeps its ")." outside.
const URL_PATTERN = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`]*[^\s"'<>`.,;:!?)\]}]/gi;
// Header dumps: "authorization: Bearer x", "Cookie=...": the rest of the line goes.
const HEADER_PATTERN =
  /\b(authorization|proxy-authorization|cookie|set-cookie|x-api-key|api-key|x-auth-token|ocp-apim-subscription-key)(["']?\s*[:=]\s*)[^\r\n]+/gi;
// Credentials by scheme (RFC 9110 §11.4 credentials = auth-scheme token68).
const SCHEME_PATTERN =
  /\b(Bearer|Basic|Digest|Token|Bot|SharedAccessSignature|AWS4-HMAC-SHA256|HMAC-SHA256)\s+[^\s,;"']{8,}/gi;
// JSON Web Tokens (three base64url parts, the first an encoded `{"`).
const JWT_PATTERN = /\beyJ[\w-]+\.[\w-]+\.[\w-]*/g;
// key=value, "key": "value" and key: value pairs; the callback redacts those whose name says secret.
const PAIR_PATTERN = /\b([\w.-]+)(["']?\s*[=:]\s*["']?)([^\s&"',;}]+)/g;
const SECRET_NAME =
  /password|passwd|secret|token|api[_-]?key|apikey|signature|sig|credential|session/i;
// Every pattern above needs one of these; most event strings (ids, templates) have none.
const MAY_HOLD_SECRET = /[:= ]|eyJ/;

/**
 * Scrubs a free-text message: URLs redacted as in `redactUrl`, credentials
 * after an auth scheme or an auth header name, JWTs, secret-named pairs, and
 * every value in `secrets`. Used for error messages that end up in events and
 * span status.
 */
export function sanitizeText(text: string, secrets: readonly string[] = []): string {
  let out = text;
  if (secrets.length === 0 && !MAY_HOLD_SECRET.test(out)) return out;
  for (const secret of secrets) {
    // Short values would shred ordinary words; real secrets are long.
    if (secret.length >= 4) out = out.split(secret).join(REDACTED);
  }
  out = out.replace(URL_PATTERN, (url) => redactUrl(url));
  out = out.replace(
    HEADER_PATTERN,
    (_match, name: string, sep: string) => `${name}${sep}${REDACTED}`,
  );
  out = out.replace(SCHEME_PATTERN, (_match, scheme: string) => `${scheme} ${REDACTED}`);
  out = out.replace(JWT_PATTERN, REDACTED);
  out = out.replace(PAIR_PATTERN, (match, name: string, sep: string, value: string) =>
    value === REDACTED || !SECRET_NAME.test(name) ? match : `${name}${sep}${REDACTED}`,
  );
  return out;
}
