import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import {
  createWebhookVerifier,
  isWebhookVerificationError,
  type VerifiedWebhook,
} from '../../src/webhooks/index.js';
import { hmacHex } from './sign.js';

const SECRET = 's3cret';
const signed = (body: string, extra: Record<string, string> = {}) => ({
  'x-hub-signature-256': `sha256=${hmacHex(SECRET, body)}`,
  ...extra,
});

describe('payload', () => {
  const github = createWebhookVerifier('github', { secret: SECRET, replay: false });

  it('parses JSON, or form fields by Content-Type, on first read', async () => {
    const json = await github.verify({ headers: signed('{"a":[1,2]}'), body: '{"a":[1,2]}' });
    expect(json.payload).toEqual({ a: [1, 2] });
    expect(json.payload).toBe(json.payload);
    const formBody = 'command=%2Fdeploy&text=a+b&tag=x&tag=y';
    const form = await github.verify({
      headers: signed(formBody, { 'content-type': 'application/x-www-form-urlencoded' }),
      body: formBody,
    });
    expect(form.payload).toEqual({ command: '/deploy', text: 'a b', tag: ['x', 'y'] });
    const empty = await github.verify({ headers: signed(''), body: '' });
    expect(empty.payload).toBeUndefined();
  });

  it('keeps the raw body as given and the verdict separate from parsing', async () => {
    const body = Buffer.from('not json');
    const event = await github.verify({
      headers: signed('not json', { 'content-type': 'application/json' }),
      body,
    });
    expect(event.body).toBe(body);
    let error: unknown;
    try {
      void event.payload;
    } catch (caught) {
      error = caught;
    }
    expect(isWebhookVerificationError(error, 'schema-mismatch')).toBe(true);
    expect(String((error as Error).message)).not.toContain('not json');
    expect((error as Error).cause).toBeUndefined();
  });
});

describe('schema', () => {
  const Push = z.object({ ref: z.string(), commits: z.array(z.object({ id: z.string() })) });

  it('validates with any Standard Schema and types the payload', async () => {
    const github = createWebhookVerifier('github', { secret: SECRET, schema: Push, replay: false });
    const body = '{"ref":"refs/heads/main","commits":[{"id":"abc"}],"extra":1}';
    const event = await github.verify({ headers: signed(body), body });
    expectTypeOf(event).toEqualTypeOf<
      VerifiedWebhook<{ ref: string; commits: { id: string }[] }>
    >();
    expect(event.payload).toEqual({ ref: 'refs/heads/main', commits: [{ id: 'abc' }] });
  });

  it('without a schema the payload is unknown', async () => {
    const github = createWebhookVerifier('github', { secret: SECRET });
    expectTypeOf(github.verify).returns.resolves.toEqualTypeOf<VerifiedWebhook<unknown>>();
  });

  it('rejects an authentic delivery whose payload does not match, with paths', async () => {
    const github = createWebhookVerifier('github', { secret: SECRET, schema: Push, replay: false });
    const body = '{"ref":7,"commits":[{"id":1}]}';
    const error = await github.verify({ headers: signed(body), body }).catch((e: unknown) => e);
    expect(isWebhookVerificationError(error, 'schema-mismatch')).toBe(true);
    const issues = (error as { details: { issues: { path: string }[] } }).details.issues;
    expect(issues.map((issue) => issue.path)).toEqual(['ref', 'commits.0.id']);
    const invalidJson = '{"ref":';
    const parse = await github
      .verify({ headers: signed(invalidJson), body: invalidJson })
      .catch((e: unknown) => e);
    expect(isWebhookVerificationError(parse, 'schema-mismatch')).toBe(true);
  });

  it('takes an async validator', async () => {
    const slow = {
      '~standard': {
        version: 1 as const,
        vendor: 'test',
        validate: async (value: unknown) =>
          typeof value === 'object'
            ? { value: { wrapped: value } }
            : { issues: [{ message: 'not an object' }] },
      },
    };
    const github = createWebhookVerifier('github', { secret: SECRET, schema: slow, replay: false });
    const event = await github.verify({ headers: signed('{"a":1}'), body: '{"a":1}' });
    expect(event.payload).toEqual({ wrapped: { a: 1 } });
  });

  it('refuses something that is not a Standard Schema', () => {
    expect(() =>
      createWebhookVerifier('github', { secret: SECRET, schema: { parse() {} } as never }),
    ).toThrow(/Standard Schema/);
  });
});

describe('module boundaries', () => {
  const root = new URL('../../src/webhooks/', import.meta.url).pathname;
  const files = readdirSync(root, { recursive: true })
    .map(String)
    .filter((file) => file.endsWith('.ts'))
    .map((file) => readFileSync(join(root, file), 'utf8'));

  it('never imports zod, and jose only as types plus one dynamic import', () => {
    const source = files.join('\n');
    expect(source).not.toMatch(/from 'zod'/);
    expect(source.match(/^import (?!type ).*from 'jose'/m)).toBeNull();
    expect(source.match(/import\('jose'\)/g)).toHaveLength(1);
    // node:crypto is reached through process.getBuiltinModule, so bundlers for other runtimes never see it.
    expect(source.match(/^import (?!type ).*from 'node:/m)).toBeNull();
  });
});

describe('types', () => {
  it('ties options to their scheme', () => {
    // @ts-expect-error twilio takes a secret (the auth token), not a public key
    expect(() => createWebhookVerifier('twilio', { publicKey: 'whpk_x' })).toThrow();
    // @ts-expect-error jwt needs an algorithm allow-list
    expect(() => createWebhookVerifier('jwt', { secret: 's' })).toThrow(/algorithms/);
  });
});
