import { describe, expect, it } from 'vitest';
import { carriesIdempotencyKey } from '../../src/retry/index.js';
import type { OperationInfo } from '../../src/transport/index.js';

const op = (name: string, where: 'body' | 'query' = 'body'): OperationInfo => ({
  id: 'op',
  method: 'POST',
  path: '/x',
  idempotencyKey: { in: where, name },
});
const json = (body: unknown) =>
  new Request('https://api.test/x', {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  });

describe('carriesIdempotencyKey', () => {
  it.each([
    ['top-level JSON field', 'IdempotencyKey', { IdempotencyKey: 'k' }, true],
    ['missing JSON field', 'IdempotencyKey', { Other: 'k' }, false],
    ['nested field', 'meta.requestId', { meta: { requestId: 'r' } }, true],
    [
      'every array element',
      'smsRecipients[].repeatabilityRequestId',
      { smsRecipients: [{ repeatabilityRequestId: 'a' }, { repeatabilityRequestId: 'b' }] },
      true,
    ],
    [
      'one element without it',
      'smsRecipients[].repeatabilityRequestId',
      { smsRecipients: [{ repeatabilityRequestId: 'a' }, { to: '+1' }] },
      false,
    ],
    ['empty array', 'smsRecipients[].repeatabilityRequestId', { smsRecipients: [] }, false],
    ['empty value', 'IdempotencyKey', { IdempotencyKey: '' }, false],
  ])('%s', async (_name, path, body, expected) => {
    expect(await carriesIdempotencyKey(json(body), op(path))).toBe(expected);
  });

  it('reads form bodies and query strings', async () => {
    const form = new Request('https://api.test/x', {
      method: 'POST',
      body: 'Amount=1&IdempotencyKey=k',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(await carriesIdempotencyKey(form, op('IdempotencyKey'))).toBe(true);
    expect(
      await carriesIdempotencyKey(
        new Request('https://api.test/x?key=1', { method: 'POST' }),
        op('key', 'query'),
      ),
    ).toBe(true);
  });

  it('leaves the request body unread', async () => {
    const request = json({ IdempotencyKey: 'k' });
    await carriesIdempotencyKey(request, op('IdempotencyKey'));
    expect(await request.json()).toEqual({ IdempotencyKey: 'k' });
  });
});
