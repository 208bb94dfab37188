import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ConfigurationError } from '../../src/errors/index.js';
import {
  type CustomWebhookScheme,
  createWebhookVerifier,
  isWebhookVerificationError,
  validateCustomScheme,
} from '../../src/webhooks/index.js';

const NOW = 1_700_000_000;
const base: CustomWebhookScheme = { header: 'X-Signature', algorithm: 'sha256', encoding: 'hex' };

describe('validateCustomScheme', () => {
  const cases: [string, unknown, string][] = [
    ['not an object', 'github', '(scheme)'],
    ['an unknown field', { ...base, secretHeader: 'x' }, 'secretHeader'],
    ['no header', { algorithm: 'sha256', encoding: 'hex' }, 'header'],
    ['a header with a space', { ...base, header: 'X Signature' }, 'header'],
    ['an unsupported algorithm', { ...base, algorithm: 'md5' }, 'algorithm'],
    ['an unsupported encoding', { ...base, encoding: 'base32' }, 'encoding'],
    ['a long prefix', { ...base, prefix: 'x'.repeat(65) }, 'prefix'],
    ['an empty separator', { ...base, separator: '' }, 'separator'],
    ['an unknown placeholder', { ...base, signedContent: '{tenant}.{body}' }, 'signedContent'],
    [
      'no {body}',
      { ...base, signedContent: '{timestamp}', timestampHeader: 'X-Ts' },
      'signedContent',
    ],
    ['{body} twice', { ...base, signedContent: '{body}{body}' }, 'signedContent'],
    ['an unmatched brace', { ...base, signedContent: '{body}.{' }, 'signedContent'],
    [
      '{timestamp} without its header',
      { ...base, signedContent: '{timestamp}.{body}' },
      'timestampHeader',
    ],
    ['an unsigned timestamp header', { ...base, timestampHeader: 'X-Ts' }, 'timestampHeader'],
    ['{id} without its header', { ...base, signedContent: '{id}.{body}' }, 'idHeader'],
    ['a timestamp format alone', { ...base, timestampFormat: 'unix' }, 'timestampFormat'],
    ['a bad secret encoding', { ...base, secretEncoding: 'latin1' }, 'secretEncoding'],
  ];
  for (const [what, declaration, field] of cases) {
    it(`names \`${field}\` for ${what}`, () => {
      const result = validateCustomScheme(declaration);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error).toBeInstanceOf(ConfigurationError);
      expect(result.error.details.field).toBe(field);
      expect(result.error.message).toContain(`\`${field}\``);
    });
  }

  it('accepts a full declaration and createWebhookVerifier throws the same error', () => {
    expect(validateCustomScheme(base)).toEqual({ ok: true, scheme: base });
    expect(() =>
      createWebhookVerifier({ ...base, algorithm: 'md5' } as never, { secret: 's' }),
    ).toThrow(/`algorithm`/);
  });
});

describe('a scheme declared in pack.yaml', () => {
  const pack = parse(`
id: acme
webhooks:
  scheme:
    name: acme
    header: X-Acme-Signature
    algorithm: sha512
    encoding: base64
    prefix: "s="
    signedContent: "{id}:{timestamp}:{body}"
    timestampHeader: X-Acme-Timestamp
    timestampFormat: unix-ms
    idHeader: X-Acme-Delivery
    separator: ","
    secretEncoding: hex
`) as { webhooks: { scheme: CustomWebhookScheme } };
  const secret = '00ff10ee20dd';
  const sign = (content: string) =>
    createHmac('sha512', Buffer.from(secret, 'hex')).update(content).digest('base64');

  it('verifies what the declaration describes', async () => {
    expect(validateCustomScheme(pack.webhooks.scheme).ok).toBe(true);
    const verifier = createWebhookVerifier(pack.webhooks.scheme, { secret, now: () => NOW * 1000 });
    const body = '{"event":"paid"}';
    const ms = String(NOW * 1000 - 1500);
    const headers = {
      'x-acme-signature': `s=${sign('old')}, s=${sign(`d-1:${ms}:${body}`)}`,
      'x-acme-timestamp': ms,
      'x-acme-delivery': 'd-1',
    };
    const event = await verifier.verify({ headers, body });
    expect(event.scheme).toBe('acme');
    expect(event.id).toBe('d-1');
    expect(event.timestamp?.getTime()).toBe(NOW * 1000 - 1500);
    const replayed = await verifier.verify({ headers, body }).catch((e: unknown) => e);
    expect(isWebhookVerificationError(replayed, 'replayed')).toBe(true);
    const otherId = { ...headers, 'x-acme-delivery': 'd-2' };
    expect(
      isWebhookVerificationError(
        await verifier.verify({ headers: otherId, body }).catch((e: unknown) => e),
        'bad-signature',
      ),
    ).toBe(true);
  });

  it('covers Jira admin webhooks: X-Hub-Signature with sha256=', async () => {
    const jira = createWebhookVerifier(
      {
        name: 'jira',
        header: 'X-Hub-Signature',
        algorithm: 'sha256',
        encoding: 'hex',
        prefix: 'sha256=',
      },
      { secret: 'jira-secret' },
    );
    const body = '{"webhookEvent":"jira:issue_created"}';
    const signature = `sha256=${createHmac('sha256', 'jira-secret').update(body).digest('hex')}`;
    await expect(
      jira.verify({ headers: { 'x-hub-signature': signature }, body }),
    ).resolves.toBeDefined();
  });

  it('signs the URL when the template says {url}', async () => {
    const scheme: CustomWebhookScheme = { ...base, signedContent: '{url}{body}' };
    const verifier = createWebhookVerifier(scheme, { secret: 'k' });
    const url = 'https://hooks.example/in?x=1';
    const headers = { 'x-signature': createHmac('sha256', 'k').update(`${url}{}`).digest('hex') };
    await expect(verifier.verify({ headers, body: '{}', url })).resolves.toBeDefined();
    await expect(verifier.verify({ headers, body: '{}' })).rejects.toThrow(/pass `url`/);
  });
});

describe('several signatures in one header', () => {
  const scheme: CustomWebhookScheme = {
    ...base,
    prefix: 'v1=',
    separator: ' | ',
    signedContent: '{timestamp}.{body}',
    timestampHeader: 'X-Timestamp',
  };
  const secret = 'current';
  const body = '{}';
  const sign = (key: string) =>
    `v1=${createHmac('sha256', key).update(`${NOW}.${body}`).digest('hex')}`;
  const good = sign(secret);
  const other = sign('previous');
  const now = () => NOW * 1000;
  const unguarded = createWebhookVerifier(scheme, { secret, now, replay: false });
  async function verdict(signature: string, verifier = unguarded): Promise<string> {
    try {
      await verifier.verify({
        headers: { 'x-signature': signature, 'x-timestamp': String(NOW) },
        body,
      });
      return 'accepted';
    } catch (error) {
      if (!isWebhookVerificationError(error)) throw error;
      return error.reason;
    }
  }

  it('reads each entry between separators, trimmed, of the right prefix and length', async () => {
    expect(await verdict(`${other} | ${good}`)).toBe('accepted');
    expect(await verdict(`\t${good}\u00a0 | ${other}`)).toBe('accepted');
    expect(await verdict(` | ${good} | `)).toBe('accepted');
    expect(await verdict(`${good}0 | ${other}`)).toBe('bad-signature');
    expect(await verdict(`${good.slice(0, -1)} | v2=${good.slice(3)}`)).toBe('malformed-header');
    expect(await verdict(`${other}|${good}`)).toBe('malformed-header');
    expect(await verdict(`${'z'.repeat(good.length)} | ${good.toUpperCase()}`)).toBe(
      'malformed-header',
    );
  });

  it('reads up to 16 entries and refuses a header with more', async () => {
    const fifteen = Array.from({ length: 15 }, () => other);
    expect(await verdict([...fifteen, good].join(' | '))).toBe('accepted');
    expect(await verdict([...fifteen, other, good].join(' | '))).toBe('malformed-header');
  });

  it('keys the replay guard with the signature that matched, not the whole header', async () => {
    const guarded = createWebhookVerifier(scheme, { secret, now });
    expect(await verdict(`${other} | ${good}`, guarded)).toBe('accepted');
    expect(await verdict(good, guarded)).toBe('replayed');
  });
});
