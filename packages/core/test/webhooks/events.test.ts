import { describe, expect, it, vi } from 'vitest';
import type { EventSink } from '../../src/transport/types.js';
import { createWebhookVerifier, isWebhookVerificationError } from '../../src/webhooks/index.js';
import { hmacHex, standardHeaders, WHSEC } from './sign.js';

const NOW = 1_700_000_000;
const SECRET = 'events-secret-7d1f';
const BODY = '{"customer":"canary-body-4411"}';

function recordingSink(active = true) {
  const events: { type: string; data: Record<string, unknown> }[] = [];
  const sink: EventSink = { active, emit: (type, data) => events.push({ type, data }) };
  return { sink, events };
}

describe('verification events', () => {
  it('emits WebhookVerified and WebhookRejected with facts, never secrets, signatures or bodies', async () => {
    const { sink, events } = recordingSink();
    const verifier = createWebhookVerifier('standard-webhooks', {
      secret: WHSEC,
      events: sink,
      vendor: 'openai',
      now: () => NOW * 1000,
    });
    const headers = standardHeaders(BODY, NOW, 'msg_42');
    await verifier.verify({ headers, body: BODY });
    await verifier.verify({ headers, body: BODY }).catch(() => {});
    await verifier
      .verify({ headers: { ...headers, 'webhook-id': 'msg_43' }, body: BODY })
      .catch(() => {});
    await verifier.verify({ headers: {}, body: BODY }).catch(() => {});
    expect(events).toEqual([
      {
        type: 'WebhookVerified',
        data: {
          vendor: 'openai',
          scheme: 'standard-webhooks',
          deliveryId: 'msg_42',
          signedAt: new Date(NOW * 1000).toISOString(),
        },
      },
      {
        type: 'WebhookRejected',
        data: { vendor: 'openai', scheme: 'standard-webhooks', reason: 'replayed' },
      },
      {
        type: 'WebhookRejected',
        data: {
          vendor: 'openai',
          scheme: 'standard-webhooks',
          reason: 'bad-signature',
          header: 'webhook-signature',
        },
      },
      {
        type: 'WebhookRejected',
        data: {
          vendor: 'openai',
          scheme: 'standard-webhooks',
          reason: 'missing-header',
          header: 'webhook-signature',
        },
      },
    ]);
    const text = JSON.stringify(events);
    expect(text).not.toContain(WHSEC.slice(6));
    expect(text).not.toContain(headers['webhook-signature'].slice(3));
    expect(text).not.toContain('canary-body-4411');
  });

  it('builds nothing for an inactive sink', async () => {
    const emit = vi.fn();
    const verifier = createWebhookVerifier('github', {
      secret: SECRET,
      events: { active: false, emit },
    });
    const headers = { 'x-hub-signature-256': `sha256=${hmacHex(SECRET, BODY)}` };
    await verifier.verify({ headers, body: BODY });
    await verifier.verify({ headers: {}, body: BODY }).catch(() => {});
    expect(emit).not.toHaveBeenCalled();
  });

  it('a throwing sink changes no verdict', async () => {
    const sink: EventSink = {
      active: true,
      emit: () => {
        throw new Error('subscriber failed');
      },
    };
    const verifier = createWebhookVerifier('github', { secret: SECRET, events: sink });
    const headers = { 'x-hub-signature-256': `sha256=${hmacHex(SECRET, BODY)}` };
    await expect(verifier.verify({ headers, body: BODY })).resolves.toBeDefined();
    const error = await verifier.verify({ headers: {}, body: BODY }).catch((e: unknown) => e);
    expect(isWebhookVerificationError(error, 'missing-header')).toBe(true);
  });
});
