import { isCoreError } from '@org/core/errors';
import { isCapabilityError } from '../../errors/capability-error.js';
import type { CapabilityErrorReason } from '../../errors/reasons.js';
import type { SendSmsInput } from '../../sms/types.js';
import type { SmsContractCase, SmsContractSubject, StagedSendFailure } from '../types.js';
import { check, describeThrown, rejection } from '../violation.js';

const PASSED = { outcome: 'passed' } as const;

/** The input with exactly one sender field: the one `validInput` uses. */
function withoutSender(input: SendSmsInput): Omit<SendSmsInput, 'from' | 'senderId'> {
  const { from: _from, senderId: _senderId, ...rest } = input;
  return rest;
}

/** Inputs every adapter must refuse, and the field the error must name. */
export function invalidInputs(
  valid: SendSmsInput,
): ReadonlyArray<{ input: unknown; field: string; why: string }> {
  const bare = withoutSender(valid);
  return [
    { input: { ...valid, to: '0501234567' }, field: 'to', why: 'a local number, not E.164' },
    { input: { ...valid, to: '+0123456789' }, field: 'to', why: 'a country code starting with 0' },
    { input: { ...valid, to: undefined }, field: 'to', why: 'no destination' },
    { input: { ...valid, body: '' }, field: 'body', why: 'an empty body' },
    { input: { ...valid, body: 'x'.repeat(1601) }, field: 'body', why: 'a 1601-character body' },
    { input: bare, field: 'from', why: 'neither from nor senderId' },
    {
      input: { ...bare, from: '+14155550100', senderId: 'Brand' },
      field: 'from',
      why: 'both from and senderId',
    },
    {
      input: { ...valid, statusCallback: 'ftp://example.com/cb' },
      field: 'statusCallback',
      why: 'a non-http callback',
    },
    {
      input: { ...valid, clientReference: 'has spaces' },
      field: 'clientReference',
      why: 'a reference with spaces',
    },
    { input: { ...valid, To: valid.to }, field: 'To', why: 'an unknown field' },
    { input: null, field: 'input', why: 'null' },
  ];
}

async function expectFailure(
  subject: SmsContractSubject,
  failure: StagedSendFailure,
  reason: CapabilityErrorReason,
  retryable: boolean,
): Promise<void> {
  const { sender, simulator, validInput } = subject;
  simulator.failNextSend(failure);
  const error = await rejection(
    sender.send(validInput),
    `send() after the vendor failed with ${failure}`,
  );
  check(
    isCapabilityError(error, reason),
    `send() must reject with a CapabilityError of reason ${reason} when the vendor fails with ${failure}; got ${describeThrown(error)}.`,
  );
  check(
    error.provider === sender.provider,
    `the error's provider must be "${sender.provider}", got "${error.provider}".`,
  );
  check(error.retryable === retryable, `a ${reason} error must have retryable ${retryable}.`);
  check(
    error.providerCode === undefined || typeof error.providerCode === 'string',
    'providerCode must be a string when present.',
  );
}

export const SEND_CASES: readonly SmsContractCase[] = [
  {
    name: 'sends a message and returns the provider message id and a normalized status',
    async run({ sender, simulator, validInput }) {
      const before = simulator.requestCount();
      const result = await sender.send(validInput);
      check(
        typeof result.providerMessageId === 'string' && result.providerMessageId.length > 0,
        'providerMessageId must be a non-empty string.',
      );
      check(
        result.provider === sender.provider,
        `result.provider must be "${sender.provider}", got "${result.provider}".`,
      );
      check(
        ['queued', 'sent', 'delivered'].includes(result.status),
        `an accepted send must be queued, sent or delivered, got "${result.status}".`,
      );
      check(
        simulator.requestCount() > before,
        'the simulator saw no request: the send did not reach the vendor.',
      );
      const second = await sender.send(validInput);
      check(
        second.providerMessageId !== result.providerMessageId,
        'two sends must get two provider message ids.',
      );
      return PASSED;
    },
  },
  {
    name: 'rejects invalid input with invalid-request naming the field, before any network call',
    async run({ sender, simulator, validInput }) {
      const before = simulator.requestCount();
      for (const { input, field, why } of invalidInputs(validInput)) {
        const error = await rejection(sender.send(input as SendSmsInput), `send() with ${why}`);
        check(
          isCoreError(error, 'invalid-request'),
          `send() with ${why} must reject with code invalid-request; got ${describeThrown(error)}.`,
        );
        check(
          error.details.field === field,
          `send() with ${why} must name the field "${field}" in details.field; got "${String(error.details.field)}".`,
        );
        check(error.message.includes(field), `the message for ${why} must name "${field}".`);
      }
      const after = simulator.requestCount();
      check(
        after === before,
        `invalid input reached the vendor: the simulator saw ${after - before} request(s), expected 0.`,
      );
      return PASSED;
    },
  },
  {
    name: 'maps a rejected destination to invalid-number (not retryable)',
    async run(subject) {
      await expectFailure(subject, 'invalid-number', 'invalid-number', false);
      return PASSED;
    },
  },
  {
    name: 'maps throttling to rate-limited (retryable)',
    async run(subject) {
      await expectFailure(subject, 'rate-limited', 'rate-limited', true);
      return PASSED;
    },
  },
  {
    name: 'maps an outage to provider-unavailable (retryable)',
    async run(subject) {
      await expectFailure(subject, 'provider-unavailable', 'provider-unavailable', true);
      return PASSED;
    },
  },
];
