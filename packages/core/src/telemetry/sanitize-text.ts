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
// Cheap preconditions, each a necessary condition for the pattern it guards
// (a literal every match of that pattern contains, with the same flags), so a
// skipped replace is one that could not have matched: the output is the same
// as running all five. Most strings in events (ids, templates, header values,
// dates) fail the first two tests and cost two short scans instead of five
// replaces. `test/telemetry/sanitize-text.test.ts` pins the equivalence.
//
// Every pattern needs ':' or '=' (URL, header, pair), whitespace (scheme) or `eyJ` (JWT).
const MAY_HOLD_SECRET = /[:=\s]|eyJ/;
// ... and one of these words: the URL `://`, a header name, a scheme, a secret
// name (SECRET_NAME's alternatives), the JWT prefix in any case.
const MAY_NAME_SECRET =
  /:\/\/|authorization|cookie|api[_-]?key|apikey|x-auth-token|ocp-apim|bearer|basic|digest|token|bot|sig|hmac-sha256|eyj|passw|secret|credential|session/i;
// The literal part of HEADER_PATTERN and of SCHEME_PATTERN, alone.
const HEADER_NAME = /authorization|cookie|api-key|x-auth-token|ocp-apim-subscription-key/i;
const SCHEME_NAME = /bearer|basic|digest|token|bot|sharedaccesssignature|hmac-sha256/i;

/**
 * Scrubs a free-text message: URLs redacted as in `redactUrl`, credentials
 * after an auth scheme or an auth header name, JWTs, secret-named pairs, and
 * every value in `secrets`. Used for error messages that end up in events and
 * span status.
 */
export function sanitizeText(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    // Short values would shred ordinary words; real secrets are long.
    if (secret.length >= 4) out = out.split(secret).join(REDACTED);
  }
  if (!MAY_HOLD_SECRET.test(out) || !MAY_NAME_SECRET.test(out)) return out;
  // Each step tests the text as the previous steps left it.
  if (out.includes('://')) out = out.replace(URL_PATTERN, (url) => redactUrl(url));
  if (HEADER_NAME.test(out)) {
    out = out.replace(
      HEADER_PATTERN,
      (_match, name: string, sep: string) => `${name}${sep}${REDACTED}`,
    );
  }
  if (SCHEME_NAME.test(out)) {
    out = out.replace(SCHEME_PATTERN, (_match, scheme: string) => `${scheme} ${REDACTED}`);
  }
  if (out.includes('eyJ')) out = out.replace(JWT_PATTERN, REDACTED);
  // A pair is redacted only when its name matches SECRET_NAME, so no match in
  // the whole text means no pair to redact.
  if (SECRET_NAME.test(out)) {
    out = out.replace(PAIR_PATTERN, (match, name: string, sep: string, value: string) =>
      value === REDACTED || !SECRET_NAME.test(name) ? match : `${name}${sep}${REDACTED}`,
    );
  }
  return out;
}
