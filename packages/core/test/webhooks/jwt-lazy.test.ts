import { createHmac } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';

// Counts imports of jose: the webhooks subpath must load it only when a JWT is checked.
const loads = vi.hoisted(() => ({ count: 0 }));
vi.mock('jose', async (importOriginal) => {
  loads.count++;
  return importOriginal();
});

const { createWebhookVerifier } = await import('../../src/webhooks/index.js');

const b64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

describe('jose is loaded lazily', () => {
  it('is not imported by other schemes nor by making a jwt verifier, only by its first verify', async () => {
    const github = createWebhookVerifier('github', { secret: 's' });
    const body = '{}';
    await github.verify({
      headers: {
        'x-hub-signature-256': `sha256=${createHmac('sha256', 's').update(body).digest('hex')}`,
      },
      body,
    });
    const jwt = createWebhookVerifier('jwt', { secret: 'k'.repeat(32), algorithms: ['HS256'] });
    expect(loads.count).toBe(0);
    const signingInput = `${b64url('{"alg":"HS256"}')}.${b64url(JSON.stringify({ exp: Math.floor(Date.now() / 1000) + 60 }))}`;
    const token = `${signingInput}.${createHmac('sha256', 'k'.repeat(32)).update(signingInput).digest('base64url')}`;
    await jwt.verify({ headers: { authorization: `Bearer ${token}` }, body });
    await jwt
      .verify({ headers: { authorization: `Bearer ${token}` }, body: '{"x":1}' })
      .catch(() => {});
    expect(loads.count).toBe(1);
  });
});
