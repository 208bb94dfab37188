import { describe, expect, it } from 'vitest';
import { REDACTED, redactUrl } from '../../src/telemetry/index.js';
import { sanitizeText } from '../../src/telemetry/sanitize-text.js';
import { prng } from '../helpers/prng.js';

// The reference: every redaction rule applied unconditionally, in order, as
// sanitizeText applied them before it skipped the rules a string cannot
// match. The patterns are copied on purpose: the fast path must give exactly
// what these give, on any input.
const URL_PATTERN = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`]*[^\s"'<>`.,;:!?)\]}]/gi;
const HEADER_PATTERN =
  /\b(authorization|proxy-authorization|cookie|set-cookie|x-api-key|api-key|x-auth-token|ocp-apim-subscription-key)(["']?\s*[:=]\s*)[^\r\n]+/gi;
const SCHEME_PATTERN =
  /\b(Bearer|Basic|Digest|Token|Bot|SharedAccessSignature|AWS4-HMAC-SHA256|HMAC-SHA256)\s+[^\s,;"']{8,}/gi;
const JWT_PATTERN = /\beyJ[\w-]+\.[\w-]+\.[\w-]*/g;
const PAIR_PATTERN = /\b([\w.-]+)(["']?\s*[=:]\s*["']?)([^\s&"',;}]+)/g;
const SECRET_NAME =
  /password|passwd|secret|token|api[_-]?key|apikey|signature|sig|credential|session/i;

function reference(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
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

const FRAGMENTS = [
  // What events carry most: ids, templates, header values, dates.
  'twilio',
  '1.4.0',
  'createMessage',
  'AC0123456789abcdef0123456789abcdef',
  '/2010-04-01/Accounts/{AccountSid}/Messages.json',
  'application/json; charset=utf-8',
  'Sat, 21 Nov 2026 10:59:35 GMT',
  'keep-alive',
  'timeout=5',
  '@org/twilio-client/1.4.0 node/24.0.0',
  'Mozilla/5.0 (compatible; Googlebot/2.1)',
  'Accept, Authorization, Content-Type',
  'max-age=31536000',
  REDACTED,
  'GET',
  '404',
  'connect ECONNREFUSED 127.0.0.1:9',
  'design',
  'tokenizer',
  'basically',
  'robotics',
  // URLs, user info, signed queries, odd schemes and hosts.
  'https://api.example.com/v1/x?api_key=K-123&page=3',
  'http://u:p@h/x?sig=1#frag',
  'HTTPS://Host.Example/Path?Token=abc&limit=5',
  'wss://s.example/socket?session=xyz',
  'ftp://files.example/a.txt',
  'https://%73ig.example/x=abc',
  'https://bücher.example/ä?ß=1',
  'https://h/(x).',
  'foo://bar',
  '://nohost',
  'mailto:someone@example.com',
  'https://h/x?X-Amz-Signature=abc&X-Amz-Credential=AKIA%2F2020',
  // Header dumps.
  'Authorization: Bearer abcdefghijkl',
  'proxy-authorization=Basic QWxhZGRpbjpvcGVu',
  'Cookie: a=b; c=d',
  'set-cookie: s=1',
  'X-API-KEY: k-9',
  '"api-key": "v-1"',
  'x-auth-token=t0k',
  'Ocp-Apim-Subscription-Key: z',
  'authorization :\tvalue',
  'Authorization',
  // Schemes with every kind of whitespace after them.
  'Bearer abcdefgh12345',
  'bearer\tabcdefgh12345',
  'Basic\nQWxhZGRpbjpvcGVu',
  'Bearer\u00a0abcdefghijk',
  'Bearer\u2028abcdefghijk',
  'Digest username="x", response="abcdef0123"',
  'Token 1234567890abc',
  'Bot abc',
  'Bot 12345678',
  'SharedAccessSignature sr=abc&sig=xyz&se=1',
  'AWS4-HMAC-SHA256 Credential=AKIA/2020/us-east-1',
  'HMAC-SHA256 SignedHeaders=x;host&Signature=y',
  'Bearer short',
  // JWTs and near misses.
  'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl',
  'eyJabc.def.',
  'EYJabc.def.ghi',
  'xeyJa.b.c',
  'eyJ',
  // Pairs, secret-named or not, in every quoting.
  'password=hunter2',
  'Password: "p@ss word"',
  "client_secret='s3'",
  'apiKey=abc',
  'API_KEY=V',
  'sig=abc',
  'signature: x',
  'session_id=1',
  'credentials=c',
  'token: REDACTED',
  'user=bob',
  'count: 3',
  'a.b-c=d',
  'passwd=x',
  'secretName = value',
  'session=',
  '{"token":"t","id":1}',
  // Unicode that case-insensitive matching must not fold into ASCII.
  'ſig=1',
  'ſecret=2',
  'tOKEN=3',
  'İ',
  'K',
  'café',
  '😀',
  'Ω=ω',
  '\ufeff',
];
const SEPARATORS = [
  ' ',
  '',
  ', ',
  '; ',
  '\n',
  '\r\n',
  '\t',
  '&',
  '?',
  '=',
  ':',
  ': ',
  '"',
  "'",
  '(',
  ')',
  '.',
  '}',
  '\u00a0',
  '://',
];
const CHARS = 'abeyJsigtokenpaswrdcuB:= \t\n"\'&;,./?-_{}0123456789ſKİ😀'.split('');

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)] as T;
}

function mutateCase(random: () => number, text: string): string {
  const roll = random();
  if (roll < 0.6) return text;
  if (roll < 0.75) return text.toUpperCase();
  if (roll < 0.85) return text.toLowerCase();
  return [...text].map((c) => (random() < 0.5 ? c.toUpperCase() : c.toLowerCase())).join('');
}

/** Strings made of realistic fragments and separators, and raw noise over a keyword-heavy alphabet. */
function corpus(size: number, seed: number): string[] {
  const random = prng(seed);
  const out: string[] = [...FRAGMENTS];
  while (out.length < size) {
    if (random() < 0.8) {
      const parts: string[] = [];
      const count = 1 + Math.floor(random() * 6);
      for (let i = 0; i < count; i++) {
        if (i > 0) parts.push(pick(random, SEPARATORS));
        parts.push(mutateCase(random, pick(random, FRAGMENTS)));
      }
      out.push(parts.join(''));
    } else {
      const length = Math.floor(random() * 40);
      let text = '';
      for (let i = 0; i < length; i++) text += pick(random, CHARS);
      out.push(text);
    }
  }
  return out;
}

describe('sanitizeText fast path', () => {
  const inputs = corpus(30_000, 20_260_101);

  it('gives exactly what every rule applied in order gives, over a generated corpus', () => {
    const mismatches: { input: string; expected: string; actual: string }[] = [];
    let redacted = 0;
    for (const input of inputs) {
      const expected = reference(input);
      const actual = sanitizeText(input);
      if (actual !== expected) mismatches.push({ input, expected, actual });
      if (expected !== input) redacted++;
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
    // The corpus exercises both sides: plenty of strings to redact and plenty to leave alone.
    expect(redacted).toBeGreaterThan(inputs.length / 5);
    expect(inputs.length - redacted).toBeGreaterThan(inputs.length / 5);
  });

  it('gives the same as the reference with known secrets, including ones inside other matches', () => {
    const random = prng(7);
    const mismatches: { input: string; secrets: string[]; expected: string; actual: string }[] = [];
    for (const input of inputs.slice(0, 8_000)) {
      const start = Math.floor(random() * input.length);
      const secrets = [
        input.slice(start, start + 3 + Math.floor(random() * 10)),
        pick(random, ['hunter2', 'abcdefgh12345', 'DACT', 'k-9', 'QWxhZGRpbjpvcGVu']),
      ];
      const expected = reference(input, secrets);
      const actual = sanitizeText(input, secrets);
      if (actual !== expected) mismatches.push({ input, secrets, expected, actual });
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
  });

  it('returns header values, dates, ids and templates untouched', () => {
    for (const value of [
      'application/json; charset=utf-8',
      'Sat, 21 Nov 2026 10:59:35 GMT',
      '@org/twilio-client/1.4.0 node/24.0.0',
      '/2010-04-01/Accounts/{AccountSid}/Messages.json',
      'max-age=31536000',
    ]) {
      expect(sanitizeText(value)).toBe(value);
    }
  });

  it('redacts a credential after a scheme whatever whitespace separates them', () => {
    // Tabs, line breaks and no-break spaces are `\s` to SCHEME_PATTERN.
    expect(sanitizeText('Bearer\tabcdefgh12345')).toBe(`Bearer ${REDACTED}`);
    expect(sanitizeText('Basic\nQWxhZGRpbjpvcGVu')).toBe(`Basic ${REDACTED}`);
    expect(sanitizeText('Bearer\u00a0abcdefghijk')).toBe(`Bearer ${REDACTED}`);
  });
});
