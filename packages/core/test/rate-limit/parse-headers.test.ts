import { describe, expect, it } from 'vitest';
import { parseRateLimitHeaders, type RateLimitHints } from '../../src/rate-limit/index.js';
import { parseSfDictionary, parseSfList } from '../../src/rate-limit/structured-fields.js';

const NOW = Date.parse('2026-11-21T10:00:00.000Z');
const NOW_S = NOW / 1000;

type Row = [
  name: string,
  status: number,
  headers: Record<string, string>,
  expected: RateLimitHints | undefined,
];

const rows: Row[] = [
  ['no rate-limit fields', 200, { 'content-type': 'application/json' }, undefined],

  // IETF, draft-08 and later: lists of named items.
  [
    'RateLimit + RateLimit-Policy (draft-08+)',
    200,
    { ratelimit: '"default";r=0;t=30', 'ratelimit-policy': '"default";q=100;w=60' },
    {
      format: 'ietf',
      header: 'ratelimit',
      limit: 100,
      remaining: 0,
      resetAt: NOW + 30_000,
      quota: { limit: 100, windowMs: 60_000, name: 'default' },
    },
  ],
  [
    'several policies: the one with least left binds; its own quota is reported',
    200,
    {
      ratelimit: '"burst";r=40;t=5, "daily";r=3;t=40000',
      'ratelimit-policy': '"burst";q=100;w=10, "daily";q=1000;w=86400',
    },
    {
      format: 'ietf',
      header: 'ratelimit',
      limit: 1000,
      remaining: 3,
      resetAt: NOW + 40_000_000,
      quota: { limit: 1000, windowMs: 86_400_000, name: 'daily' },
    },
  ],
  [
    'RateLimit without t or policy',
    200,
    { ratelimit: '"default";r=999;pk=:dHJpYWwxMjEzMjM=:' },
    {
      format: 'ietf',
      header: 'ratelimit',
      limit: undefined,
      remaining: 999,
      resetAt: undefined,
      quota: undefined,
    },
  ],
  [
    'RateLimit-Policy alone (spaces after ";" and a partition key)',
    200,
    { 'ratelimit-policy': '"100-in-1min"; q=100; w=60; pk=:MGMzNGM3YmU2MTlj:' },
    {
      format: 'ietf',
      header: 'ratelimit-policy',
      quota: { limit: 100, windowMs: 60_000, name: '100-in-1min' },
    },
  ],
  [
    'a content-bytes policy is not a request rate',
    200,
    { 'ratelimit-policy': '"bytes";q=65535;qu="content-bytes";w=10' },
    undefined,
  ],

  // IETF draft-07: a dictionary plus integer policies.
  [
    'RateLimit dictionary (draft-07)',
    200,
    { ratelimit: 'limit=100, remaining=50, reset=5', 'ratelimit-policy': '10;w=1, 100;w=3600' },
    {
      format: 'ietf-draft-07',
      header: 'ratelimit',
      limit: 100,
      remaining: 50,
      resetAt: NOW + 5_000,
      quota: { limit: 100, windowMs: 3_600_000 },
    },
  ],

  // IETF drafts up to 06: the trio.
  [
    'RateLimit-Limit/-Remaining/-Reset (delta seconds)',
    200,
    { 'ratelimit-limit': '100', 'ratelimit-remaining': '0', 'ratelimit-reset': '30' },
    {
      format: 'ietf-legacy',
      header: 'ratelimit-limit',
      limit: 100,
      remaining: 0,
      resetAt: NOW + 30_000,
      quota: undefined,
    },
  ],
  [
    'RateLimit-Limit with draft-03 policies',
    200,
    {
      'ratelimit-limit': '10, 10;w=1, 50;w=60',
      'ratelimit-remaining': '9',
      'ratelimit-reset': '1',
    },
    {
      format: 'ietf-legacy',
      header: 'ratelimit-limit',
      limit: 10,
      remaining: 9,
      resetAt: NOW + 1_000,
      quota: { limit: 10, windowMs: 1_000 },
    },
  ],
  [
    'RateLimit-Reset as epoch seconds (GitLab)',
    200,
    { 'ratelimit-limit': '600', 'ratelimit-remaining': '0', 'ratelimit-reset': String(NOW_S + 42) },
    {
      format: 'ietf-legacy',
      header: 'ratelimit-limit',
      limit: 600,
      remaining: 0,
      resetAt: NOW + 42_000,
      quota: undefined,
    },
  ],

  // X-RateLimit-*: reset in every unit vendors use.
  [
    'X-RateLimit-Reset epoch seconds (GitHub)',
    200,
    {
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': '4999',
      'x-ratelimit-reset': String(NOW_S + 3600),
    },
    {
      format: 'x-ratelimit',
      header: 'x-ratelimit-remaining',
      limit: 5000,
      remaining: 4999,
      resetAt: NOW + 3_600_000,
    },
  ],
  [
    'X-RateLimit-Reset epoch ms',
    200,
    { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW + 1_500) },
    {
      format: 'x-ratelimit',
      header: 'x-ratelimit-remaining',
      limit: undefined,
      remaining: 0,
      resetAt: NOW + 1_500,
    },
  ],
  [
    'X-RateLimit-Reset ISO 8601',
    200,
    { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '2026-11-21T10:01:00Z' },
    {
      format: 'x-ratelimit',
      header: 'x-ratelimit-remaining',
      limit: undefined,
      remaining: 0,
      resetAt: NOW + 60_000,
    },
  ],
  [
    'X-RateLimit-Reset delta seconds',
    200,
    { 'x-ratelimit-remaining': '2', 'x-ratelimit-reset': '20' },
    {
      format: 'x-ratelimit',
      header: 'x-ratelimit-remaining',
      limit: undefined,
      remaining: 2,
      resetAt: NOW + 20_000,
    },
  ],
  [
    'X-RateLimit-Reset-After beats the epoch (Discord)',
    200,
    {
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': String(NOW_S + 64),
      'x-ratelimit-reset-after': '63.25',
    },
    {
      format: 'x-ratelimit',
      header: 'x-ratelimit-remaining',
      limit: undefined,
      remaining: 0,
      resetAt: NOW + 63_250,
    },
  ],
  [
    'x-rate-limit-* (Twitter)',
    200,
    {
      'x-rate-limit-limit': '15',
      'x-rate-limit-remaining': '14',
      'x-rate-limit-reset': String(NOW_S + 900),
    },
    {
      format: 'x-ratelimit',
      header: 'x-rate-limit-remaining',
      limit: 15,
      remaining: 14,
      resetAt: NOW + 900_000,
    },
  ],
  [
    'x-ratelimit-*-requests with a Go duration (OpenAI)',
    200,
    {
      'x-ratelimit-limit-requests': '60',
      'x-ratelimit-remaining-requests': '0',
      'x-ratelimit-reset-requests': '6m0s',
    },
    {
      format: 'x-ratelimit',
      header: 'x-ratelimit-remaining-requests',
      limit: 60,
      remaining: 0,
      resetAt: NOW + 360_000,
    },
  ],
  [
    'an epoch reset is measured against the Date field (client clock 5 s ahead)',
    200,
    {
      date: new Date(NOW - 5_000).toUTCString(),
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': String(NOW_S + 10),
    },
    {
      format: 'x-ratelimit',
      header: 'x-ratelimit-remaining',
      limit: undefined,
      remaining: 0,
      resetAt: NOW + 15_000,
    },
  ],

  // Retry hints: 429, 503, 403 only.
  ['429 + Retry-After seconds', 429, { 'retry-after': '7' }, { retryAfterMs: 7_000 }],
  [
    '429 + Retry-After HTTP-date, measured against Date',
    429,
    { date: 'Sat, 21 Nov 2026 09:59:50 GMT', 'retry-after': 'Sat, 21 Nov 2026 10:00:00 GMT' },
    { retryAfterMs: 10_000 },
  ],
  [
    '429 + retry-after-ms beats Retry-After',
    429,
    { 'retry-after-ms': '1250', 'retry-after': '9' },
    { retryAfterMs: 1_250 },
  ],
  ['503 + Retry-After', 503, { 'retry-after': '120' }, { retryAfterMs: 120_000 }],
  [
    '403 + Retry-After with X-RateLimit (GitHub secondary limit)',
    403,
    { 'retry-after': '60', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW_S + 600) },
    {
      format: 'x-ratelimit',
      header: 'x-ratelimit-remaining',
      limit: undefined,
      remaining: 0,
      resetAt: NOW + 600_000,
      retryAfterMs: 60_000,
    },
  ],
  ['Retry-After on a 200 is not a rate-limit hint', 200, { 'retry-after': '5' }, undefined],

  // Ignored: malformed and cached.
  [
    'malformed RateLimit is ignored, not half-read',
    200,
    { ratelimit: '"default";r=5;t=' },
    undefined,
  ],
  ['negative remaining is ignored', 200, { 'x-ratelimit-remaining': '-1' }, undefined],
  [
    'a cached response (Age > 0) reports no figures',
    200,
    { age: '30', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '10' },
    undefined,
  ],
];

describe('parseRateLimitHeaders', () => {
  it.each(rows)('%s', (_name, status, headers, expected) => {
    const hints = parseRateLimitHeaders(new Headers(headers), status, NOW);
    if (expected === undefined) expect(hints).toBeUndefined();
    else expect(stripUndefined(hints)).toEqual(stripUndefined(expected));
  });

  it('prefers the IETF fields over X-RateLimit when both are sent', () => {
    const hints = parseRateLimitHeaders(
      new Headers({ ratelimit: '"default";r=3;t=10', 'x-ratelimit-remaining': '99' }),
      200,
      NOW,
    );
    expect(hints?.format).toBe('ietf');
    expect(hints?.remaining).toBe(3);
  });

  it('works with any object that has get()', () => {
    const map = new Map([['x-ratelimit-remaining', '1']]);
    const hints = parseRateLimitHeaders({ get: (name) => map.get(name) ?? null }, 200, NOW);
    expect(hints?.remaining).toBe(1);
  });
});

describe('structured fields (RFC 9651 subset)', () => {
  it('parses lists of items with parameters', () => {
    const list = parseSfList('"a";q=1;w=60, tok;flag, 2.5;x="s\\"q", :aGk=:, ?0');
    expect(list?.map((i) => [i.value, Object.fromEntries(i.params)])).toEqual([
      ['a', { q: 1, w: 60 }],
      ['tok', { flag: true }],
      [2.5, { x: 's"q' }],
      ['aGk=', {}],
      [false, {}],
    ]);
  });

  it('parses dictionaries', () => {
    const dict = parseSfDictionary('limit=100, remaining=50, reset=5, flag');
    expect(dict && Object.fromEntries([...dict].map(([k, v]) => [k, v.value]))).toEqual({
      limit: 100,
      remaining: 50,
      reset: 5,
      flag: true,
    });
  });

  it.each([
    '"a";r=1,',
    '"unterminated',
    'a b',
    '"a";R=1',
    '(inner list)',
    '1234567890123456',
    '?2',
    ':not base64!:',
  ])('rejects %j', (value) => {
    expect(parseSfList(value)).toBeUndefined();
  });
});

function stripUndefined(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}
