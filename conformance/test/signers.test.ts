import { createWebhookVerifier, isWebhookVerificationError } from '@org/core/webhooks';
import { describe, expect, it } from 'vitest';
import { SIGNERS, secretFor } from '../src/webhooks/signers.js';

// The suite signs deliveries from each vendor's documentation; core verifies
// them from its own reading. Agreement on valid deliveries and on a flipped
// byte checks both sides, for schemes no pack uses yet as well.
describe.each(Object.entries(SIGNERS))('%s', (scheme, signer) => {
  const secret = secretFor(scheme);
  const now = Math.floor(Date.now() / 1000);
  const verifier = createWebhookVerifier(scheme as never, { secret, replay: false } as never);
  const delivery = signer.sign({
    secret,
    url: 'https://hooks.example.com/in?x=1',
    payload: { json: { id: 'evt_1', type: 'thing.happened' } },
    timestamp: now,
    id: 'msg_1',
  });

  it('signs a delivery core accepts', async () => {
    await expect(verifier.verify(delivery)).resolves.toMatchObject({ scheme });
  });

  it('does not cover a changed body', async () => {
    const tampered = { ...delivery, body: delivery.body.replace('happened', 'happenee') };
    await expect(verifier.verify(tampered)).rejects.toSatisfy(isWebhookVerificationError);
  });

  it.runIf(signer.timed)('signs the timestamp: an old delivery is refused', async () => {
    const old = signer.sign({
      secret,
      url: delivery.url,
      payload: { json: {} },
      timestamp: now - 3600,
      id: 'msg_2',
    });
    await expect(verifier.verify(old)).rejects.toSatisfy((error: unknown) =>
      isWebhookVerificationError(error, 'timestamp-too-old'),
    );
  });
});
