import { describe, expect, it } from 'vitest';
import { NetworkError, RetriesExhaustedError } from '../../src/errors/index.js';
import {
  DEFAULT_ALLOWED_HEADERS,
  findSensitivePaths,
  REDACTED,
  redactFields,
  redactHeaders,
  redactUrl,
  sanitizeError,
} from '../../src/telemetry/index.js';

describe('redactUrl', () => {
  it('keeps allow-listed query values and redacts the rest, in order', () => {
    expect(
      redactUrl('https://api.example.com/v1/items?page=2&api_key=k-1&Signature=abc&limit=10'),
    ).toBe('https://api.example.com/v1/items?page=2&api_key=REDACTED&Signature=REDACTED&limit=10');
  });

  it('redacts presigned URL parameters (AWS SigV4)', () => {
    const signed =
      'https://bucket.s3.amazonaws.com/k.pdf?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA%2F20250101&X-Amz-Signature=deadbeef';
    expect(redactUrl(signed)).toBe(
      'https://bucket.s3.amazonaws.com/k.pdf?X-Amz-Algorithm=REDACTED&X-Amz-Credential=REDACTED&X-Amz-Signature=REDACTED',
    );
  });

  it('replaces user info with the semantic-convention marker and drops the fragment', () => {
    expect(redactUrl(new URL('https://ACxx:tok3n@api.twilio.com:8443/a#access_token=x'))).toBe(
      'https://REDACTED:REDACTED@api.twilio.com:8443/a',
    );
  });

  it('honours a custom allow-list, case-insensitively', () => {
    expect(redactUrl('https://h/p?PageSize=50&Cursor=c1', { allowedQueryParams: ['cursor'] })).toBe(
      'https://h/p?PageSize=REDACTED&Cursor=c1',
    );
  });

  it('redacts relative URLs and never echoes input it cannot parse', () => {
    expect(redactUrl('/v1/items?token=t&page=1')).toBe('/v1/items?token=REDACTED&page=1');
    expect(redactUrl('http://[not a url')).toBe(REDACTED);
  });
});

describe('redactHeaders', () => {
  it('keeps names, lower-cases them, and redacts every value off the allow-list', () => {
    const headers = new Headers({
      Authorization: 'Bearer s3cr3t',
      'Content-Type': 'application/json',
      'X-Api-Key': 'k',
      'Retry-After': '3',
      Cookie: 'sid=1',
    });
    expect(redactHeaders(headers)).toEqual({
      authorization: REDACTED,
      'content-type': 'application/json',
      cookie: REDACTED,
      'retry-after': '3',
      'x-api-key': REDACTED,
    });
  });

  it('accepts records and entry lists, and a custom allow-list', () => {
    expect(
      redactHeaders(
        { 'X-Shop': 'a', 'set-cookie': ['a=1', 'b=2'], skipped: undefined },
        {
          allowedHeaders: [...DEFAULT_ALLOWED_HEADERS, 'x-shop'],
        },
      ),
    ).toEqual({ 'x-shop': 'a', 'set-cookie': REDACTED });
    expect(redactHeaders([['ETag', '"v1"']])).toEqual({ etag: '"v1"' });
  });
});

describe('redactFields', () => {
  it('redacts nested paths, array items and wildcards without touching the input', () => {
    const input = {
      password: 'p',
      auth: { clientSecret: 's', clientId: 'c' },
      recipients: [{ token: 't1', to: '+1' }, { token: 't2' }, 'plain'],
      metadata: { a: 1, b: { c: 2 } },
      untouched: { deep: true },
    };
    const snapshot = structuredClone(input);
    const out = redactFields(input, [
      'password',
      'auth.clientSecret',
      'recipients[].token',
      'metadata.*',
      'missing.path',
      'auth.absent',
    ]);
    expect(out).toEqual({
      password: REDACTED,
      auth: { clientSecret: REDACTED, clientId: 'c' },
      recipients: [{ token: REDACTED, to: '+1' }, { token: REDACTED }, 'plain'],
      metadata: { a: REDACTED, b: REDACTED },
      untouched: { deep: true },
    });
    expect(input).toEqual(snapshot);
    expect(out.untouched).toBe(input.untouched);
    expect(Object.hasOwn(out.auth, 'absent')).toBe(false);
  });

  it('handles a root array and nested arrays', () => {
    expect(redactFields([{ pin: 1 }, { pin: 2 }], ['[].pin'])).toEqual([
      { pin: REDACTED },
      { pin: REDACTED },
    ]);
    expect(redactFields({ grid: [[{ k: 1 }]] }, ['grid[][].k'])).toEqual({
      grid: [[{ k: REDACTED }]],
    });
  });
});

describe('findSensitivePaths', () => {
  it('collects format: password, writeOnly and x-sensitive fields through items and compositions', () => {
    const schema = {
      type: 'object' as const,
      properties: {
        username: { type: 'string' as const },
        password: { type: 'string' as const, format: 'password' },
        apiToken: { type: 'string' as const, writeOnly: true },
        devices: {
          type: 'array' as const,
          items: {
            type: 'object' as const,
            properties: { pushKey: { type: 'string' as const, 'x-sensitive': true } },
          },
        },
        billing: {
          allOf: [
            {
              type: 'object' as const,
              properties: { card: { type: 'string' as const, 'x-sensitive': true } },
            },
          ],
        },
      },
    };
    expect(findSensitivePaths(schema, 'body').sort()).toEqual([
      'body.apiToken',
      'body.billing.card',
      'body.devices[].pushKey',
      'body.password',
    ]);
    expect(findSensitivePaths(schema)).toContain('password');
  });

  it('terminates on self-referencing schemas', () => {
    const node: { type: 'object'; properties: Record<string, unknown> } = {
      type: 'object',
      properties: {},
    };
    node.properties.child = node;
    node.properties.secret = { 'x-sensitive': true };
    expect(findSensitivePaths(node as never)).toEqual(['secret']);
  });
});

describe('sanitizeError', () => {
  it('redacts URLs, auth schemes, auth headers, JWTs and secret pairs from the message', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
    const error = new Error(
      `GET https://api.example.com/v1/x?api_key=K-123&page=3 failed (Authorization: Bearer abcd1234efgh) token=${jwt}; password: hunter22 id=${jwt}`,
    );
    const safe = sanitizeError(error);
    expect(safe.name).toBe('Error');
    expect(safe.message).toBe(
      'GET https://api.example.com/v1/x?api_key=REDACTED&page=3 failed (Authorization: REDACTED',
    );
    const second = sanitizeError(
      new Error(`refresh failed: Bearer abcd1234efgh, jwt ${jwt}, client_secret="s-9"`),
    );
    expect(second.message).toBe(
      'refresh failed: Bearer REDACTED, jwt REDACTED, client_secret="REDACTED"',
    );
  });

  it('keeps the CoreError code, retryable flag, numeric details and a sanitized cause chain', () => {
    const root = Object.assign(
      new Error('connect ECONNREFUSED 127.0.0.1:9 https://u:p@h/x?sig=1'),
      {
        code: 'ECONNREFUSED',
      },
    );
    const error = new RetriesExhaustedError('Gave up after 3 attempts.', {
      attempts: 3,
      cause: new NetworkError('The connection failed.', { cause: root }),
      details: { attempts: 3, lastStatus: 503, url: 'https://h/x?sig=1' },
    });
    expect(sanitizeError(error)).toEqual({
      name: 'RetriesExhaustedError',
      code: 'retries-exhausted',
      message: 'Gave up after 3 attempts.',
      retryable: false,
      details: { attempts: 3, lastStatus: 503 },
      cause: {
        name: 'NetworkError',
        code: 'network',
        message: 'The connection failed.',
        retryable: true,
        cause: {
          name: 'Error',
          code: 'ECONNREFUSED',
          message: 'connect ECONNREFUSED 127.0.0.1:9 https://REDACTED:REDACTED@h/x?sig=REDACTED',
        },
      },
    });
  });

  it('scrubs known secret values and describes non-Error throws by type only', () => {
    expect(
      sanitizeError(new Error('rejected key AC-secret-value'), { secrets: ['AC-secret-value'] })
        .message,
    ).toBe(`rejected key ${REDACTED}`);
    expect(sanitizeError('raw secret string')).toEqual({
      name: 'NonError',
      message: 'A non-Error value (string) was thrown.',
    });
    expect(sanitizeError(null).message).toBe('A non-Error value (null) was thrown.');
  });

  it('cuts the cause chain at three levels and long messages at 500 characters', () => {
    let error: Error = new Error('x'.repeat(2000));
    for (let i = 0; i < 10; i++) error = new Error(`level ${i}`, { cause: error });
    const safe = sanitizeError(error);
    expect(safe.cause?.cause?.cause?.message).toBe('level 6');
    expect(safe.cause?.cause?.cause?.cause).toBeUndefined();
    expect(sanitizeError(new Error('y'.repeat(2000))).message).toHaveLength(501);
  });
});
