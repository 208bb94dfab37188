import { isCoreError } from '@org/core/errors';
import { describe, expect, it } from 'vitest';
import { parseProviderMessageId, parseSendSmsInput } from '../src/sms/validate.js';

const valid = { to: '+972501234567', from: '+14155550199', body: 'שלום' };

async function rejectionOf(input: unknown) {
  return parseSendSmsInput(input).then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

describe('parseSendSmsInput', () => {
  it('accepts a valid input and returns only the known fields', async () => {
    await expect(parseSendSmsInput(valid)).resolves.toEqual(valid);
    await expect(
      parseSendSmsInput({
        to: '+6831234',
        senderId: 'Brand 1',
        body: 'x'.repeat(1600),
        statusCallback: 'https://app.example/sms/status?tenant=a',
        clientReference: 'order-42:a_b.c',
      }),
    ).resolves.toMatchObject({ senderId: 'Brand 1', clientReference: 'order-42:a_b.c' });
    await expect(parseSendSmsInput({ ...valid, from: '12345' })).resolves.toMatchObject({
      from: '12345',
    });
  });

  it.each([
    [
      'a local number',
      { ...valid, to: '0501234567' },
      'to',
      'Invalid send input: `to` must be an E.164 number: a plus sign and 7 to 15 digits, such as +14155550100.',
    ],
    ['16 digits', { ...valid, to: '+1234567890123456' }, 'to', undefined],
    [
      'a number, not a string',
      { ...valid, to: 14155550100 },
      'to',
      'Invalid send input: `to` must be a string: an E.164 number such as +14155550100.',
    ],
    ['no to', { from: valid.from, body: 'x' }, 'to', 'Invalid send input: `to` is required.'],
    ['a name in from', { ...valid, from: 'Brand' }, 'from', undefined],
    [
      'no sender',
      { to: valid.to, body: 'x' },
      'from',
      'Invalid send input: `from` is required: give `from` (a number) or `senderId` (alphanumeric).',
    ],
    [
      'from and senderId',
      { ...valid, senderId: 'Brand' },
      'from',
      'Invalid send input: `from` and `senderId` are exclusive: give one of them.',
    ],
    ['a numeric senderId', { to: valid.to, senderId: '123456', body: 'x' }, 'senderId', undefined],
    [
      'a 12-letter senderId',
      { to: valid.to, senderId: 'TwelveLetter', body: 'x' },
      'senderId',
      undefined,
    ],
    [
      'an empty body',
      { ...valid, body: '' },
      'body',
      'Invalid send input: `body` must not be empty.',
    ],
    [
      '1601 characters',
      { ...valid, body: 'x'.repeat(1601) },
      'body',
      'Invalid send input: `body` must be at most 1600 characters.',
    ],
    [
      'a javascript: callback',
      { ...valid, statusCallback: 'javascript:alert(1)' },
      'statusCallback',
      undefined,
    ],
    [
      'a 65-character reference',
      { ...valid, clientReference: 'x'.repeat(65) },
      'clientReference',
      undefined,
    ],
    [
      'an unknown field',
      { ...valid, To: '+14155550100' },
      'To',
      'Invalid send input: `To` is not a field of the send input; the fields are to, from, senderId, body, statusCallback, clientReference.',
    ],
    ['undefined', undefined, 'input', 'Invalid send input: the send input must be an object.'],
    ['a string', '+14155550100', 'input', undefined],
  ])('%s is refused naming %s', async (_label, input, field, message) => {
    const error = await rejectionOf(input);
    expect(isCoreError(error, 'invalid-request')).toBe(true);
    expect((error as { details: { field: string } }).details.field).toBe(field);
    if (message) expect((error as Error).message).toBe(message);
  });

  it('never puts the number or the body in the message', async () => {
    const error = (await rejectionOf({
      to: '0501234567',
      from: valid.from,
      body: 'secret code 998877',
    })) as Error;
    expect(error.message).not.toContain('0501234567');
    const long = (await rejectionOf({
      ...valid,
      body: `secret code 998877${'x'.repeat(1600)}`,
    })) as Error;
    expect(long.message).not.toContain('998877');
    expect(JSON.stringify(long)).not.toContain('998877');
  });

  it('lists every bad field in details.fields', async () => {
    const error = (await rejectionOf({ to: 'x', body: '' })) as { details: { fields: string[] } };
    expect(error.details.fields).toEqual(['to', 'body', 'from']);
  });
});

describe('parseProviderMessageId', () => {
  it('accepts an id and refuses empty, long and non-string ids naming providerMessageId', async () => {
    await expect(parseProviderMessageId('SM0123')).resolves.toBe('SM0123');
    for (const id of ['', 'x'.repeat(257), 42, undefined]) {
      const error = await parseProviderMessageId(id).catch((thrown: unknown) => thrown);
      expect(isCoreError(error, 'invalid-request')).toBe(true);
      expect((error as { details: { field: string } }).details.field).toBe('providerMessageId');
    }
  });
});
